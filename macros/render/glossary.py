"""Mark every glossary term in a rendered page as a link to its entry with its definition as
the tooltip (`<a class="pb-term" href="…/glossary/#id"><abbr title="definition">`), and order the
glossary as readers look things up: Chinese by pinyin, English A–Z, under letter headings.

Python-Markdown's abbr extension matches on `\\b` word boundaries, which never occur inside
Chinese text (客单价 in 提升客单价 would never match), and it needs the terms appended to each page's
source. This works on the HTML instead: text outside links, code, headings and existing
abbreviations is scanned once for the longest term at each position.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from copy import copy
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from ..model.languages import CHINESE, DEFAULT, WRITTEN
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


def term_table(terms: Iterable[Term], text: Callable[[Text], str]) -> dict[str, tuple[str, str]]:
    """Surface form → (definition, term id), for the words a reader will meet: the term, its
    abbreviation and its other names; `text` picks a Text's wording in the page's language
    (converting for the Traditional edition)."""
    table: dict[str, tuple[str, str]] = {}
    for term in terms:
        definition = text(term.definition)
        for form in (text(term.term), term.abbr, *(text(alias) for alias in term.aliases)):
            if form and 1 < len(form) <= MAX_FORM:
                table.setdefault(form, (definition, term.id))
    return table


# The written Chinese a Chinese edition's glossary is ordered by (a derived edition's reading is
# its source's).
PINYIN_OF = next((code for code in WRITTEN if code in CHINESE), DEFAULT)
# pypinyin reads about 50 MiB of dictionaries when imported, for a few dozen readings per build:
# a short-lived process reads them and answers for every text asked at once. A build starts that
# process before it loads the handbook (`start_pinyin`), so the import runs on another core while
# this one loads; it asks as soon as the handbook is loaded (Renderer.read_ahead) and collects the
# answers before its editions fork; the answers are kept here. The texts travel in a file whose
# name is one line on the process's input, the answer in a file too: neither waits on the other.
# A process that has imported pypinyin already (one that forks builds from itself) reads them
# itself, as the process would (`_read_here`).
_PINYIN_PROCESS = (
    "import json, sys\n"
    "from pypinyin import lazy_pinyin\n"
    "given = sys.stdin.readline().strip()\n"
    "if given:\n"
    "    with open(given, encoding='utf-8') as f:\n"
    "        texts = json.load(f)\n"
    "    json.dump([' '.join(lazy_pinyin(text)).lower() for text in texts], sys.stdout)\n"
)
_PINYIN: dict[str, str] = {}


@dataclass
class _Asked:
    """A pypinyin process: the texts it was given (None: started, not asked yet), its input
    (the texts' file), answer and error files."""

    texts: list[str] | None
    process: subprocess.Popen[bytes]
    answer: Any
    errors: Any
    given: str = ""


_ASKED: list[_Asked] = []  # at most one
_STARTED: list[bool] = []  # start_pinyin has started a process in this one


def start_pinyin() -> None:
    """Start a pypinyin process now, to be asked later (`ask_pinyin`): its dictionaries are read
    meanwhile. Once per process (a later build of `mkdocs serve` knows the readings); one not
    asked is ended by `pinyin_order`."""
    if not _STARTED and not _ASKED and not _imported():
        _STARTED.append(True)
        _start()


def _imported() -> bool:
    """pypinyin is imported in this process already: reading here costs no import."""
    return "pypinyin" in sys.modules


def _read_here(texts: list[str]) -> list[str]:
    """The readings _PINYIN_PROCESS gives, read in this process."""
    from pypinyin import lazy_pinyin

    return [" ".join(lazy_pinyin(text)).lower() for text in texts]


def _start() -> None:
    answer = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _collect
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _collect
    process = subprocess.Popen(
        [sys.executable, "-c", _PINYIN_PROCESS], stdin=subprocess.PIPE, stdout=answer, stderr=errors
    )
    _ASKED.append(_Asked(None, process, answer, errors))


def ask_pinyin(texts: Iterable[str]) -> None:
    """Ask for the pinyin of the texts not known yet, of the process started for it or of a new
    one; `pinyin_keys` collects it."""
    if _ASKED and _ASKED[-1].texts is not None:
        _collect()
    wanted = list(dict.fromkeys(text for text in texts if text not in _PINYIN))
    if not wanted:
        return
    if not _ASKED and _imported():
        _PINYIN.update(zip(wanted, _read_here(wanted), strict=True))
        return
    if not _ASKED:
        _start()
    _give(_ASKED[-1], wanted)


def _give(asked: _Asked, texts: list[str]) -> None:
    """Give the process its texts (none: it ends without an answer)."""
    if texts:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as given:
            json.dump(texts, given, ensure_ascii=False)
        asked.given = given.name
    asked.texts = texts
    assert asked.process.stdin is not None
    asked.process.stdin.write(f"{asked.given}\n".encode())
    asked.process.stdin.close()


def _collect() -> None:
    """Wait for the pypinyin process asked, if any, and keep its answers."""
    if not _ASKED or _ASKED[-1].texts is None:
        return
    asked = _ASKED.pop()
    with asked.answer, asked.errors:
        code = asked.process.wait()
        if asked.given:
            os.unlink(asked.given)
        asked.answer.seek(0)
        asked.errors.seek(0)
        if code != 0:
            message = asked.errors.read().decode("utf-8", "replace").strip()
            raise RuntimeError(f"pypinyin could not read the glossary's terms:\n{message}")
        if asked.texts:
            _PINYIN.update(zip(asked.texts, json.loads(asked.answer.read().decode("utf-8")), strict=True))


def pinyin_keys(texts: Iterable[str]) -> dict[str, str]:
    """Each text's sort key by its pinyin reading (its syllables, lower case, space-separated:
    Chinese in pinyin order, Latin letters as they are), by text; readings not known yet are
    asked of one pypinyin process."""
    ask_pinyin(texts)
    _collect()
    return _PINYIN


def _read(terms: Iterable[Term]) -> Iterator[str]:
    """The texts whose pinyin orders the terms: those of the terms without their own `pinyin`."""
    return (term.term.get(PINYIN_OF) for term in terms if not term.pinyin)


def pinyin_order(terms: Iterable[Term], languages: Iterable[str], *, wait: bool = True) -> None:
    """Read the pinyin of every term if an edition of `languages` sorts by it (`sections` then
    finds it remembered): now, or (`wait=False`) started in the background. A process started
    for it that is not needed ends."""
    if any(lang in CHINESE for lang in languages):
        ask_pinyin(_read(terms))
    if _ASKED and _ASKED[-1].texts is None:
        _give(_ASKED[-1], [])
    if wait:
        _collect()


def sections(terms: Iterable[Term], text: Callable[[Text], str], lang: str) -> list[tuple[str, list[Term]]]:
    """The glossary as a reader scans it: letter headings, each with its terms in order —
    by pinyin for Chinese (a term's `pinyin` where the computed reading would be wrong), A–Z for
    English."""

    terms = list(terms)
    chinese = lang in CHINESE
    readings = pinyin_keys(_read(terms)) if chinese else {}

    def key(term: Term) -> str:
        if not chinese:
            return text(term.term).casefold()
        return (term.pinyin or readings[term.term.get(PINYIN_OF)]).lower()

    groups: dict[str, list[Term]] = {}
    for term in sorted(terms, key=lambda t: (key(t), t.id)):
        first = key(term)[:1].upper()
        groups.setdefault(first if first.isalpha() and first.isascii() else "#", []).append(term)
    return list(groups.items())


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

    def __init__(self, table: dict[str, Any]):
        # lower-cased form → (value, the exact spelling an abbreviation must keep)
        self.table = {
            form.lower(): (value, form if form.isupper() else None) for form, value in table.items()
        }
        self.pattern = matcher(table)
        self.url = ""  # the glossary page, relative to the page marked (see `at`)

    def at(self, glossary_url: str) -> Glossary:
        """The same terms, linking to the glossary page at `glossary_url` (relative to the page
        being marked)."""
        page = copy(self)
        page.url = glossary_url
        return page

    def annotate(self, html: str) -> str:
        return html if self.pattern is None else annotate_html(html, self.table, self.pattern, self.url)

    def found(self, texts: Iterable[str]) -> list[str]:
        """The values of the terms that occur in `texts`, each once, in order of first use."""
        if self.pattern is None:
            return []
        seen = {value: None for text in texts for _, _, _, value in _matches(text, self.pattern, self.table)}
        return list(seen)


Entries = dict[str, tuple[Any, str | None]]


def annotate_html(html: str, table: Entries, pattern: re.Pattern[str], glossary_url: str = "") -> str:
    """Make each term found in the text of `html` a link to its glossary entry, its definition
    the title of an <abbr> inside (Material shows it as a tooltip); `table` from `term_table`."""
    out: list[str] = []
    stack: list[str] = []
    last = 0
    for tag in _TAG.finditer(html):
        text = html[last : tag.start()]
        out.append(_mark(text, pattern, table, glossary_url) if not stack else text)
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
    out.append(_mark(html[last:], pattern, table, glossary_url) if not stack else html[last:])
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


def _mark(text: str, pattern: re.Pattern[str], table: Entries, glossary_url: str) -> str:
    if not text.strip():
        return text
    plain = unescape(text)
    pieces, last = [], 0
    for start, end, word, (definition, ident) in _matches(plain, pattern, table):
        pieces.append(escape(plain[last:start], quote=False))
        # The theme shows the title through innerHTML: `tooltip` keeps it text after that decoding.
        href, title, shown = escape(f"{glossary_url}#{ident}"), tooltip(definition), escape(word, quote=False)
        pieces.append(f'<a class="pb-term" href="{href}"><abbr title="{title}">{shown}</abbr></a>')
        last = end
    if not pieces:
        return text
    pieces.append(escape(plain[last:], quote=False))
    return "".join(pieces)
