"""Characters no data text may hold: control characters and invisible formatting characters.

A NUL (`"\\0"` in YAML) reaches the HTML and cuts the Traditional edition's text short; a
right-to-left override (U+202E) makes a text display differently from how it reads, which
hides what a pull request really changes. Each is refused where it is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .errors import Problem
from .handbook import field_label
from .yaml_reader import Document, Key

# C0 and C1 controls except tab, newline and carriage return (whitespace in a text); surrogates.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
# Bidirectional embeddings, overrides, isolates and marks.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# The other invisible formatting characters (Unicode category Cf), except the zero width joiner
# that joins emoji sequences.
_INVISIBLE = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200c\u2060-\u2064\u206a-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
FORBIDDEN = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}]")
_BIDI_RE = re.compile(f"[{_BIDI}]")
_CONTROL_RE = re.compile(f"[{_CONTROL}]")


def describe(char: str) -> str:
    """What is wrong with one forbidden character, for a message."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} ({name.lower()})" if name else code
    if _CONTROL_RE.match(char):
        return f"control character {named} is not allowed in a text: remove it"
    if _BIDI_RE.match(char):
        return (
            f"bidirectional control character {named} is not allowed: it makes a text display "
            "differently from how it reads; remove it"
        )
    return f"invisible formatting character {named} is not allowed: remove it"


def text_problems(document: Document) -> list[Problem]:
    """A problem for each text of `document` holding a forbidden character (the first one)."""
    problems = []
    for loc, text in _strings(document.data, ()):
        found = FORBIDDEN.search(text)
        if found is not None:
            line, column = document.where(loc)
            problems.append(
                Problem(
                    document.path,
                    line,
                    column,
                    field_label(document.data, loc),
                    describe(found.group(0)),
                    code="character",
                )
            )
    return problems


def _strings(value: Any, loc: Key) -> Iterator[tuple[Key, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and FORBIDDEN.search(key):
                yield (*loc, key), key
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))
