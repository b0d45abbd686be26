"""The Jinja filters of the page templates and of the theme overrides, registered in one place.

Templates shape text with these named filters, never with Python's string methods, slicing or
`%` formatting on data: a filter is tested on its own, and another engine's templates (Zensical
reads Jinja too) get the same set by registering `FILTERS` or `THEME_FILTERS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..model.schema import minutes
from .escape import tooltip

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6}) ", re.M)
MINUTES_A_DAY = 24 * 60


def display_width(*parts: object) -> int:
    """Columns a text takes in a terminal (a Chinese character takes two): underlines fit."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for part in parts for char in str(part))


def strip_front_matter(markdown: str) -> str:
    return _FRONT_MATTER.sub("", markdown.lstrip("\n"), count=1).lstrip("\n")


def demote(markdown: str, depth: int) -> str:
    """Push every ATX heading down `depth` levels (generated Markdown has no code blocks)."""
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + depth) + " ", markdown)


def _keeps_markup(function: Callable[..., str]) -> Callable[..., Any]:
    """A filter over Markdown already made safe (another page's body): its result stays safe."""

    def apply(value: object, *args: Any) -> Markup:
        return Markup(function(str(value), *args))

    return apply


def day_percent(minute: float) -> str:
    """Where a minute of the day sits on a 24-hour timeline, as a CSS percentage's number."""
    return f"{minute / (MINUTES_A_DAY / 100):.3f}"


def share_of_span(start: int, end: int, index: int, count: int) -> tuple[str, str]:
    """Where the `index`-th of `count` shifts sits when they share the span from `start` to `end`
    (minutes of the day) evenly: its left edge and width, as `day_percent` writes them."""
    day = MINUTES_A_DAY / 100
    return f"{start / day + (end - start) / day * index / count:.3f}", f"{(end - start) / day / count:.3f}"


def number(value: float) -> str:
    """A number as few digits as it needs: 15.5, 16 (not 16.0)."""
    return f"{value:g}"


# The page templates' filters (playbook/_templates/*.j2), added to Jinja's own.
FILTERS: dict[str, Callable[..., Any]] = {
    "tooltip": lambda value: Markup(tooltip(str(value))),  # a title the theme re-inserts
    "display_width": display_width,
    "minutes": minutes,  # "08:30" → 510, the minute of the day a clock time names
    "day_percent": day_percent,
    "share_of_span": share_of_span,
    "number": number,
    "body": _keeps_markup(strip_front_matter),  # another page's body, without its front matter
    "demote": _keeps_markup(demote),
}

# The theme overrides' filters (overrides/*.html), added by the MkDocs plugin to the theme's own.
THEME_FILTERS: dict[str, Callable[..., Any]] = {
    "no_trailing_slash": lambda url: str(url).rstrip("/"),
}
