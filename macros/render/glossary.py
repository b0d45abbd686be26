"""Mark every glossary term in a rendered page with `<abbr title="definition">`.

Python-Markdown's abbr extension matches on `\\b` word boundaries, which never occur inside
Chinese text (客单价 in 提升客单价 would never match), and it needs the terms appended to each page's
source. This works on the HTML instead: text outside links, code, headings and existing
abbreviations is scanned once for the longest term at each position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from html import escape, unescape

from ..model.schema import Term, Text
from .escape import tooltip

# Elements whose text is left alone: links and headings would nest badly, code is literal.
SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "kbd",
    "script",
    "style",
    "title",
    "textarea",
    "button",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "svg",
    "dt",
    "label",
    "select",
    "option",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>|<!--.*?-->|<![^>]*>", re.S)


# Longer forms are not looked for in pages: the matcher nests one group per character, and no
# reader's term is this long (a term of thousands of characters would cost the build dearly).
MAX_FORM = 40


def term_table(terms: Iterable[Term], text: Callable[[Text], str]) -> dict[str, str]:
    """Surface form → definition, for the words a reader will meet; `text` picks a Text's
    wording in the page's language (converting for the Traditional edition)."""
    table: dict[str, str] = {}
    for term in terms:
        definition = text(term.definition)
        for form in (text(term.term), term.abbr):
            if form and 1 < len(form) <= MAX_FORM:
                table.setdefault(form, definition)
    return table


def term_ids(terms: Iterable[Term], text: Callable[[Text], str]) -> dict[str, str]:
    """Surface form → the term's id: to find which terms a text uses."""
    table: dict[str, str] = {}
    for term in terms:
        for form in (text(term.term), term.abbr):
            if form and len(form) > 1:
                table.setdefault(form, term.id)
    return table


def matcher(table: dict[str, str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every form ("Conversion rate" also finds "conversion
    rate"; "KPI" also "KPIs"), shaped as a trie: forms sharing a beginning share one branch, so
    at each position of a page the engine tests a character or two, not every term in turn.
    Greedy optional tails make the longest form win. Word boundaries of Latin forms are
    checked per match in `_mark`."""
    if not table:
        return None
    trie: dict[str, dict] = {}
    for form in table:
        if len(form) > MAX_FORM:
            continue  # never looked for: see MAX_FORM
        spellings = [form.lower()]
        if form.isupper() and form.isalpha():
            spellings.append(form.lower() + "s")  # SKUs, KPIs
        for spelling in spellings:
            node = trie
            for char in spelling:
                node = node.setdefault(char, {})
            node[""] = {}  # a form ends here
    return re.compile(_branch(trie), re.IGNORECASE)


def _branch(node: dict[str, dict]) -> str:
    """The regex of one trie node: its children as alternatives, optional where a form ends."""
    alternatives = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if "" in node else body


class Glossary:
    """The terms of one language, compiled once per build and applied to every page.

    `table` maps each form to what a match yields: its definition (to annotate pages) or its
    term's id (to list the terms a text uses)."""

    def __init__(self, table: dict[str, str]):
        # lower-cased form → (value, the exact spelling an abbreviation must keep)
        self.table = {
            form.lower(): (value, form if form.isupper() else None) for form, value in table.items()
        }
        self.pattern = matcher(table)

    def annotate(self, html: str) -> str:
        return html if self.pattern is None else annotate_html(html, self.table, self.pattern)

    def found(self, texts: Iterable[str]) -> list[str]:
        """The values of the terms that occur in `texts`, each once, in order of first use."""
        if self.pattern is None:
            return []
        seen = {value: None for text in texts for _, _, _, value in _matches(text, self.pattern, self.table)}
        return list(seen)


Entries = dict[str, tuple[str, str | None]]


def annotate_html(html: str, table: Entries, pattern: re.Pattern[str]) -> str:
    """Wrap the terms found in the text of `html` in <abbr> with their definition as title."""
    out: list[str] = []
    stack: list[str] = []
    last = 0
    for tag in _TAG.finditer(html):
        out.append(_mark(html[last : tag.start()], pattern, table) if not stack else html[last : tag.start()])
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


_LATIN = re.compile(r"[A-Za-z0-9]")


def _standalone(text: str, start: int, end: int) -> bool:
    """A Latin term must not be part of a longer word (ROI in ROIs is fine, in EROIC not)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (_LATIN.match(text[start]) and before and _LATIN.match(before)) and not (
        _LATIN.match(text[end - 1]) and after and _LATIN.match(after)
    )


def _matches(plain: str, pattern: re.Pattern[str], table: Entries) -> Iterator[tuple[int, int, str, str]]:
    """Each term in a plain text: where it starts and ends, the word as written, its value."""
    for match in pattern.finditer(plain):
        start, end = match.span()
        if not _standalone(plain, start, end):
            continue
        word = match.group(0)
        key = word.lower()
        value, exact = table.get(key) or table[key[:-1]]  # or an abbreviation's plural
        if exact is not None and not word.startswith(exact):
            continue  # "VI" is a term, "vi" is not
        yield start, end, word, value


def _mark(text: str, pattern: re.Pattern[str], table: Entries) -> str:
    if not text.strip():
        return text
    plain = unescape(text)
    pieces, last = [], 0
    for start, end, word, definition in _matches(plain, pattern, table):
        pieces.append(escape(plain[last:start], quote=False))
        # The theme shows the title through innerHTML: `tooltip` keeps it text after that decoding.
        pieces.append(f'<abbr title="{tooltip(definition)}">{escape(word, quote=False)}</abbr>')
        last = end
    if not pieces:
        return text
    pieces.append(escape(plain[last:], quote=False))
    return "".join(pieces)
