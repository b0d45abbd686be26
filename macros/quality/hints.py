"""A hint of the right form for a problem, shown under it by `playbook check`.

The messages say what was expected and what was found; a hint shows what to type instead.
Hints are keyed on the problem's code (`HINTS`), so a message can be reworded without losing its
hint. Problems that carry no code yet are matched on their wording (`RULES`, tested in
tests/test_load.py) until they get one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import get_close_matches

from ..model.errors import Problem

BILINGUAL = "write it as {zh: 中文, en: English}, e.g. name: {zh: 店长, en: Store Manager}"


def _slug_hint(match: re.Match[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", match.group(1).lower()).strip("-")
    if slug:
        return f"ids use a-z, 0-9 and single dashes: try '{slug}'"
    return "ids use a-z, 0-9 and single dashes, in English, e.g. 'store-manager'"


def _field_hint(match: re.Match[str]) -> str | None:
    allowed = [name.strip() for name in match.group(2).split(",")]
    close = get_close_matches(match.group(1), allowed, n=1)
    return f"did you mean '{close[0]}'?" if close else None


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]
RULES: list[Rule] = [
    (re.compile(r"^missing .* text: every text needs both"), lambda m: BILINGUAL),
    (re.compile(r"^expected a mapping with zh and en texts"), lambda m: BILINGUAL),
    (re.compile(r"^expected an id in lowercase-with-dashes .*found text '(.*)'$"), _slug_hint),
    (re.compile(r"^expected text, found a number (.*)$"), lambda m: f'put it in quotes: "{m.group(1)}"'),
    (re.compile(r"^expected text, found true/false"), lambda m: 'put it in quotes: "yes" / "no"'),
    (
        re.compile(r"^expected a list"),
        lambda m: "a list has one item per line, each starting with '- ' (or write [] for none)",
    ),
    (re.compile(r"^unknown field '(.*)' \(expected one of: (.*)\)$"), _field_hint),
    (re.compile(r"tabs are not allowed"), lambda m: "indent with spaces: two per level"),
    (
        re.compile(r"^duplicate key"),
        lambda m: "keep one of the two: YAML itself would silently drop the first",
    ),
    (
        re.compile(r"^duplicate id .*already used by the (role|department) at"),
        lambda m: "roles and departments share one set of ids (a chart box names either): rename one",
    ),
    (
        re.compile(r"^duplicate id .*already used by the (\w+) at"),
        lambda m: f"each {m.group(1)} needs its own id: rename one",
    ),
    (re.compile(r"^duplicate step id"), lambda m: "each step of a process needs its own id: rename one"),
    (
        re.compile(r"^id '.*' is reserved"),
        lambda m: "choose another id, e.g. add a word: 'index' → 'sales-index'",
    ),
    (re.compile(r"^an id may be at most"), lambda m: "shorten it: the id is part of the page's address"),
    (re.compile(r"^file name must be lowercase"), lambda m: "rename the file (git mv OLD NEW)"),
    (re.compile(r"^symbolic link"), lambda m: "replace the link by the file itself (or remove it)"),
    (re.compile(r"anchors and aliases"), lambda m: "write the value out in full where it is needed"),
    (re.compile(r"not valid UTF-8"), lambda m: "save the file with the UTF-8 encoding"),
    (
        re.compile(r"^file is .* bytes"),
        lambda m: "split it: roles, org templates and processes may each be spread over several files",
    ),
    (re.compile(r"nested more than"), lambda m: "look for a [ or { that is never closed"),
    (
        re.compile(r"^YAML syntax error"),
        lambda m: (
            "check the indentation, and that every [, { and quote is closed on this line or the one before"
        ),
    ),
    (
        re.compile(r"^give exactly one of 'role' or 'department'"),
        lambda m: "a chart box is either `- role: store-manager` or `- department: operations`",
    ),
    (
        re.compile(r"^reporting lines form a cycle"),
        lambda m: "one box of the loop must report to a box outside it, or to no one (the top of the chart)",
    ),
    (
        re.compile(r"^data directory not found"),
        lambda m: "run from the repository root, or pass --data path/to/data",
    ),
]


def _untranslated(problem: Problem) -> str:
    if problem.field.endswith(".en"):
        return "write the English in en: {zh: 店长, en: Store Manager}"
    return "write the Chinese in zh: {zh: 店长, en: Store Manager}"


# Problem code → the hint for a problem with that code (None: the message says it all).
HINTS: dict[str, Callable[[Problem], str | None]] = {
    "untranslated": _untranslated,
}


def hint(problem: Problem) -> str | None:
    """The form to use instead, when the message alone does not show it."""
    if problem.code:
        make_hint = HINTS.get(problem.code)
        return make_hint(problem) if make_hint is not None else None
    for pattern, make in RULES:
        match = pattern.search(problem.message)
        if match:
            return make(match)
    return None
