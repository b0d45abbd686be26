"""A hint of the right form for a problem, shown under it by `playbook check`.

The messages say what was expected and what was found; a hint shows what to type instead. Hints
are keyed on the problem's code, never on its wording, so a message can be reworded freely; the
values a hint needs (the text found, the allowed fields) come in the problem's `detail`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import get_close_matches

from ..model.errors import Problem
from ..model.kinds import BOXES
from ..model.languages import BY_CODE, WRITTEN


def _mapping(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"{code}: {value}" for code, value in values.items()) + "}"


# How a text is written, from the registry of languages: {zh: 店长, en: Store Manager}.
EXAMPLE = _mapping({code: BY_CODE[code].example for code in WRITTEN})
BILINGUAL = f"write it as {_mapping({code: BY_CODE[code].native for code in WRITTEN})}, e.g. name: {EXAMPLE}"


def _slug(problem: Problem) -> str | None:
    if not problem.detail:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", problem.detail[0].lower()).strip("-")
    if slug:
        return f"ids use a-z, 0-9 and single dashes: try '{slug}'"
    return "ids use a-z, 0-9 and single dashes, in English, e.g. 'store-manager'"


def _field(problem: Problem) -> str | None:
    if not problem.detail:
        return None
    field, *allowed = problem.detail
    close = get_close_matches(field, allowed, n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _quoted_number(problem: Problem) -> str | None:
    return f'put it in quotes: "{problem.detail[0]}"' if problem.detail else None


def _duplicate_id(problem: Problem) -> str:
    other = problem.detail[0] if problem.detail else ""
    if other in BOXES:
        return "roles and departments share one set of ids (a chart box names either): rename one"
    return f"each {other} needs its own id: rename one"


def _untranslated(problem: Problem) -> str | None:
    language = BY_CODE.get(problem.detail[0]) if problem.detail else None  # the missing language
    return f"write the {language.name} in {language.code}: {EXAMPLE}" if language else None


def _always(text: str) -> Callable[[Problem], str]:
    return lambda problem: text


# Problem code → its hint (a code not listed has none: its message says it all).
HINTS: dict[str, Callable[[Problem], str | None]] = {
    "missing-text": _always(BILINGUAL),
    "not-bilingual": _always(BILINGUAL),
    "bad-id": _slug,
    "not-text-number": _quoted_number,
    "not-text-bool": _always('put it in quotes: "yes" / "no"'),
    "not-a-list": _always("a list has one item per line, each starting with '- ' (or write [] for none)"),
    "unknown-field": _field,
    "yaml-tab": _always("indent with spaces: two per level"),
    "duplicate-key": _always("keep one of the two: YAML itself would silently drop the first"),
    "duplicate-id": _duplicate_id,
    "duplicate-step-id": _always("each step of a process needs its own id: rename one"),
    "reserved-id": _always("choose another id, e.g. add a word: 'index' → 'sales-index'"),
    "id-too-long": _always("shorten it: the id is part of the page's address"),
    "file-name": _always("rename the file (git mv OLD NEW)"),
    "symlink": _always("replace the link by the file itself (or remove it)"),
    "yaml-anchor": _always("write the value out in full where it is needed"),
    "not-utf8": _always("save the file with the UTF-8 encoding"),
    "file-too-large": _always(
        "split it: roles, org templates and processes may each be spread over several files"
    ),
    "yaml-too-deep": _always("look for a [ or { that is never closed"),
    "yaml-syntax": _always(
        "check the indentation, and that every [, { and quote is closed on this line or the one before"
    ),
    "box-subject": _always("a chart box is either `- role: store-manager` or `- department: operations`"),
    "cycle": _always(
        "one box of the loop must report to a box outside it, or to no one (the top of the chart)"
    ),
    "no-data-dir": _always("run from the repository root, or pass --data path/to/data"),
    "untranslated": _untranslated,
}


def hint(problem: Problem) -> str | None:
    """The form to use instead, when the message alone does not show it."""
    make = HINTS.get(problem.code)
    return make(problem) if make is not None else None
