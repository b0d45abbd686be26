"""Search entries that find what a reader means, made from each language's index after the build.

Material indexes a page as its title and text, section by section, and the browser asks lunr for
the words typed. Readers type other words than the page's own: an abbreviation for a full name,
a department's other name, a glossary term they want explained. So each language's entries get:

- one entry per glossary term (titled with the term, its definition as text, landing on its
  anchor) instead of the whole glossary as one wall of text;
- `names`: a hidden field with the page's own other names (a role's or department's aliases, a
  term's abbreviation and its name in the other language), weighted like the title, so the page
  about the query comes before pages that only mention it;
- `related`: a hidden field with the other names of the glossary terms an entry mentions (a duty
  saying "P&L" is found by "profit and loss"), and the parts of words joined by symbols (UI/UX
  by "UX"), weighted like the text;
- the handbook's own words in the index configuration, so the browser splits a Chinese query
  with the dictionary the text was segmented with (search-query.js, beside this module).

Plain functions over the index entries; no MkDocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..model.handbook import Handbook
from ..model.kinds import FOLDERS
from ..model.languages import BY_CODE, CHINESE, WRITTEN
from ..model.schema import Text
from ..render.glossary import matcher
from ..render.hant import characters_only, converter
from ..render.pages import Renderer
from .segmenter import handbook_words

Docs = list[dict[str, Any]]

# The hidden fields, for lunr (Material's worker indexes every field the configuration lists and
# shows only title and text). Material weighs the title 1000 and the text 1.
FIELDS = {"names": {"boost": 800.0}, "related": {"boost": 1.0}}

# Material ranks a page's own entry 2.5 times a section's with the same match; a term's entry is
# a section of the glossary page, but it is the entry about the term.
TERM_BOOST = 2.0
GLOSSARY_PAGE = "glossary"
_PAGE = re.compile(r"^(?:(?P<folder>[^/#]+)/)?(?P<name>[^/#]+?)(?:/|\.html)?$")
# Abbreviations joined by a symbol: P&L, A/B, UI/UX, B2B/B2C (as Material's text escapes them).
_JOINED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{1,4}(?:(?:&amp;|[&/+])[A-Za-z0-9]{1,4})+(?![A-Za-z0-9])")
_JOINERS = re.compile(r"&amp;|[&/+]")
_LATIN = re.compile(r"[A-Za-z0-9]")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Term:
    """A glossary term as one edition writes it."""

    anchor: str  # its entry on the glossary page
    title: str  # as the glossary shows it: "Average order value (AOV)"
    definition: str
    names: tuple[str, ...]  # what a reader of the edition may type for it, own name first
    elsewhere: tuple[str, ...] = ()  # its names in the other languages


@dataclass(frozen=True)
class Vocabulary:
    """What one edition's search needs to know about the handbook beyond its pages' text."""

    terms: tuple[Term, ...]
    aliases: dict[tuple[str, str], tuple[str, ...]]  # (folder, id) → the page's other names
    words: tuple[str, ...] = ()  # the segmenter's words (Chinese editions)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One pattern finding every term name in a text (see render.glossary.matcher)."""
        return matcher({name: term.anchor for term in self.terms for name in term.names if len(name) > 1})

    @cached_property
    def by_name(self) -> dict[str, tuple[Term, str | None]]:
        """Lower-cased name → its term, and the spelling an abbreviation must keep (VI, not vi)."""
        return {
            name.lower(): (term, name if name.isupper() else None)
            for term in self.terms
            for name in term.names
        }


Write = Callable[[Text], str]


def vocabulary(
    handbook: Handbook,
    text: Write,
    spellings: Iterable[Write] = (),
    languages: Iterable[Write] = (),
    chinese: bool = False,
) -> Vocabulary:
    """The vocabulary of one edition. `text` writes a Text as the edition does; `spellings` as
    its readers may also write it (Traditional characters without Taiwan phrasing: 用戶分群 for
    使用者分群); `languages` as the other languages do (a reader may type a term or a role in
    English on a Chinese page). A `chinese` edition ships its words for splitting queries."""
    spellings, languages = list(spellings), list(languages)

    def names(value: Text, others: list[Write]) -> list[str]:
        own = text(value)
        return [name for name in dict.fromkeys(other(value) for other in others) if name != own]

    terms = []
    for term in handbook.terms.values():
        own = text(term.term)
        title = f"{own} ({term.abbr})" if term.abbr and term.abbr != own else own
        forms = [own, *([term.abbr] if term.abbr else []), *names(term.term, spellings)]
        terms.append(
            Term(
                term.id,
                title,
                text(term.definition),
                tuple(dict.fromkeys(forms)),
                tuple(names(term.term, languages)),
            )
        )
    aliases: dict[tuple[str, str], tuple[str, ...]] = {}
    for kind, folder in FOLDERS.items():  # the pages of entities that have other names
        for ident, entity in handbook.table(kind).items():
            if not hasattr(entity, "aliases"):
                continue
            found = [text(alias) for alias in entity.aliases]
            for value in (entity.name, *entity.aliases):
                found += names(value, [*spellings, *languages])
            if found:
                aliases[(folder, ident)] = tuple(dict.fromkeys(found))
    words = handbook_words(handbook, [text, *spellings]) if chinese else []
    return Vocabulary(tuple(terms), aliases, tuple(dict.fromkeys(words)))


def refine(docs: Docs, vocab: Vocabulary, segment: Callable[[str], str]) -> Docs:
    """The entries of one language, refined as the module docstring says. `segment` writes
    Chinese text as the index does (Material's jieba segmentation)."""
    out: Docs = []
    present = {doc["location"] for doc in docs}
    for doc in docs:
        path, _, anchor = doc["location"].partition("#")
        page = _page_key(path)
        if page == (None, GLOSSARY_PAGE) and anchor.startswith("letter-"):
            continue  # a letter's section of the glossary: each of its terms has its own entry
        if page == (None, GLOSSARY_PAGE) and not anchor:
            out.append({**doc, "text": _intro(doc["text"])})
            out.extend(
                _term_entry(path, term, segment)
                for term in vocab.terms
                if f"{path}#{term.anchor}" not in present
            )
            continue
        extra: dict[str, str] = {}
        names = vocab.aliases.get(page) if not anchor and page is not None else None
        title_joined = _joined_parts(doc.get("title", ""))
        if names or title_joined:
            extra["names"] = _field([*(names or ()), *title_joined], segment)
        related = [*_related(doc, vocab), *_joined_parts(doc.get("text", ""))]
        if related:
            extra["related"] = _field(related, segment)
        out.append({**doc, **extra} if extra else doc)
    return out


def _page_key(path: str) -> tuple[str | None, str] | None:
    match = _PAGE.match(path)
    return (match["folder"], match["name"]) if match else None


def _intro(text: str) -> str:
    """The glossary page's own words before its list of terms (each term has its own entry)."""
    end = text.find("</p>")
    return text[: end + 4] if text.startswith("<p>") and end > 0 else text


def _term_entry(path: str, term: Term, segment: Callable[[str], str]) -> dict[str, Any]:
    entry = {
        "location": f"{path}#{term.anchor}",
        "title": segment(html.escape(term.title, quote=False)),
        "text": segment(html.escape(term.definition, quote=False)),
        "boost": TERM_BOOST,
    }
    names = [name for name in (*term.names[1:], *term.elsewhere) if name.lower() not in term.title.lower()]
    names += _joined_parts(html.escape(term.title, quote=False))
    if names:
        entry["names"] = _field(names, segment)
    return entry


def _related(doc: dict[str, Any], vocab: Vocabulary) -> list[str]:
    """The other names of the glossary terms an entry mentions, that it does not use itself."""
    pattern = vocab.pattern
    if pattern is None:
        return []
    plain = html.unescape(_TAG.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}")).replace(
        "\u200b", ""
    )
    by_name = vocab.by_name
    found: dict[str, Term] = {}
    for match in pattern.finditer(plain):
        start, end = match.span()
        word = match.group(0)
        key = word.lower()
        entry = by_name.get(key) or by_name.get(key[:-1])  # or an abbreviation's plural (KPIs)
        if entry is None or not _standalone(plain, start, end):
            continue
        term, exact = entry
        if exact is None or word.startswith(exact):
            found.setdefault(term.anchor, term)
    lower = plain.lower()
    return [name for term in found.values() for name in term.names if name.lower() not in lower]


def _standalone(text: str, start: int, end: int) -> bool:
    """A Latin name must not be part of a longer word (ROI in EROIC is not ROI)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (
        (_LATIN.match(text[start]) and _LATIN.match(before or " "))
        or (_LATIN.match(text[end - 1]) and _LATIN.match(after or " "))
    )


def _joined_parts(text: str) -> list[str]:
    """Words joined by a symbol, also as their parts and run together: UI/UX → UI, UX, UIUX."""
    out: list[str] = []
    for match in _JOINED.finditer(text):
        if not any(char.isupper() for char in match.group(0)):
            continue  # a path or a ratio, not an abbreviation
        parts = [part for part in _JOINERS.split(match.group(0)) if part]
        out.extend(part for part in parts if len(part) > 1 and not part.isdigit())
        out.append("".join(parts))
    return out


def _field(names: Iterable[str], segment: Callable[[str], str]) -> str:
    """A hidden field's text, escaped and segmented as Material writes title and text."""
    unique = dict.fromkeys(html.escape(name, quote=False) for name in names)
    return segment(" ".join(unique))


def refine_index(index: dict[str, Any], vocab: Vocabulary, segment: Callable[[str], str]) -> dict[str, Any]:
    """One language's whole index (`{"config", "docs"}`), refined: entries, hidden fields and
    the words the browser splits Chinese queries with."""
    config = {**index["config"], "fields": {**index["config"].get("fields", {}), **FIELDS}}
    if vocab.words:
        config["words"] = list(vocab.words)
    return {**index, "config": config, "docs": refine(index["docs"], vocab, segment)}


def refiner(
    handbook: Handbook, renderer: Renderer, segmenter: Callable[[Iterable[str]], Callable[[str], str]]
) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """`refine(lang, index)` for each language's index; `segmenter(words)` is the index's own
    segmentation of Chinese, having learnt `words`."""

    def refine_language(lang: str, index: dict[str, Any]) -> dict[str, Any]:
        helpers = renderer.helpers
        spellings: list[Write] = []
        language = BY_CODE[lang]
        if language.derived_from and language.opencc:  # readers also type its characters with
            # the source's wording (Traditional characters, mainland words), or the source itself
            to_characters = converter(characters_only(language.opencc))
            spellings = [lambda text: to_characters(text.get(lang)), helpers(language.derived_from).t]
        # Chinese editions also find names typed in the other written languages (lunr's English
        # trimmer drops Chinese characters, so the English edition cannot find Chinese ones).
        chinese = lang in CHINESE
        languages = [helpers(other).t for other in WRITTEN if other not in CHINESE] if chinese else []
        vocab = vocabulary(handbook, helpers(lang).t, spellings, languages, chinese)
        return refine_index(index, vocab, segmenter(vocab.words))

    return refine_language
