"""Mark every glossary term in a rendered page with `<abbr title="definition">`.

Python-Markdown's abbr extension matches on `\\b` word boundaries, which never occur inside
Chinese text (客单价 in 提升客单价 would never match), and it needs the terms appended to each page's
source. This works on the HTML instead: text outside links, code, headings and existing
abbreviations is scanned once for the longest term at each position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape, unescape

from .schema import Term, Text

# Elements whose text is left alone: links and headings would nest badly, code is literal.
SKIP = {"a", "abbr", "code", "pre", "kbd", "script", "style", "title", "textarea", "button",
        "h1", "h2", "h3", "h4", "h5", "h6", "svg", "dt", "label", "select", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>|<!--.*?-->|<![^>]*>", re.S)


def term_table(terms: Iterable[Term], text: Callable[[Text], str]) -> dict[str, str]:
    """Surface form → definition, for the words a reader will meet; `text` picks a Text's
    wording in the page's language (converting for the Traditional edition)."""
    table: dict[str, str] = {}
    for term in terms:
        definition = text(term.definition)
        for form in (text(term.term), term.abbr):
            if form and len(form) > 1:
                table.setdefault(form, definition)
    return table


def matcher(table: dict[str, str]) -> re.Pattern[str] | None:
    """One pattern, longest form first; Latin forms must stand as whole words."""
    if not table:
        return None
    parts = []
    for form in sorted(table, key=len, reverse=True):
        piece = re.escape(form)
        if re.match(r"[A-Za-z0-9]", form[0]):
            piece = r"(?<![A-Za-z0-9])" + piece
        if form.isupper() and form.isalpha():
            piece += "s?"  # SKUs, KPIs
        if re.match(r"[A-Za-z0-9]", form[-1]):
            piece += r"(?![A-Za-z0-9])"
        # "Conversion rate" also matches "conversion rate"; an abbreviation keeps its case.
        parts.append(piece if form.isupper() else f"(?i:{piece})")
    return re.compile("|".join(parts))


class Glossary:
    """The terms of one language, compiled once per build and applied to every page."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.pattern = matcher(table)

    def annotate(self, html: str) -> str:
        return html if self.pattern is None else annotate(html, self.table, self.pattern)


def annotate(html: str, table: dict[str, str], pattern: re.Pattern[str]) -> str:
    """Wrap the terms found in the text of `html` in <abbr> with their definition as title."""
    out: list[str] = []
    stack: list[str] = []
    last = 0
    for tag in _TAG.finditer(html):
        out.append(_mark(html[last:tag.start()], pattern, table) if not stack else
                   html[last:tag.start()])
        out.append(tag.group(0))
        last = tag.end()
        closing, name, selfclosing = tag.group(1), (tag.group(2) or "").lower(), tag.group(3)
        if not name or name in VOID or selfclosing:
            continue
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
        elif name in SKIP or stack:
            stack.append(name)
    out.append(_mark(html[last:], pattern, table) if not stack else html[last:])
    return "".join(out)


def _mark(text: str, pattern: re.Pattern[str], table: dict[str, str]) -> str:
    if not text.strip():
        return text
    plain = unescape(text)

    folded = {form.lower(): definition for form, definition in table.items()}

    def wrap(match: re.Match[str]) -> str:
        word = match.group(0)
        definition = table.get(word) or table.get(word[:-1]) or folded[word.lower()]
        return f'<abbr title="{escape(definition)}">{escape(word, quote=False)}</abbr>'

    pieces, last = [], 0
    for match in pattern.finditer(plain):
        pieces.append(escape(plain[last:match.start()], quote=False))
        pieces.append(wrap(match))
        last = match.end()
    if not pieces:
        return text
    pieces.append(escape(plain[last:], quote=False))
    return "".join(pieces)
