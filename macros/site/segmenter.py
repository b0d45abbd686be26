"""Keep the handbook's own Chinese terms whole in the search index.

Material segments Chinese text with jieba, whose general dictionary splits trade terms
(客单价 → 客 / 单价); the browser does not segment queries, so a reader typing 客单价 would only
match the pieces. Every term, role and department name becomes a jieba word, as each Chinese
edition writes it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from ..model.handbook import Handbook
from ..model.languages import CHINESE
from ..model.schema import Text
from . import upstream

_SEPARATORS = re.compile(r"[\s/()（）、,，]+")
# Longer words are not taught. jieba tries every prefix of a known word at every position of
# the text it cuts, so one taught word of n characters made cutting each page that names it cost
# n² (a name of 5,000 characters took the build from seconds to minutes); real names are short.
MAX_WORD = 16


def handbook_words(handbook: Handbook, editions: Iterable[Callable[[Text], str]]) -> list[str]:
    """The words to teach, in order: each name split at separators, as each edition (`editions`:
    the renderer's text function per Chinese edition) writes it; single characters and words
    over MAX_WORD left out."""
    names = [t.term for t in handbook.terms.values()]
    for entity in [*handbook.roles.values(), *handbook.departments.values()]:
        names.extend([entity.name, *entity.aliases])
    editions = list(editions)
    return [
        word
        for text in names
        for edition in editions
        for word in _SEPARATORS.split(edition(text))
        if 1 < len(word) <= MAX_WORD
    ]


def teach_segmenter(handbook: Handbook, editions: Iterable[Callable[[Text], str]]) -> None:
    jieba = upstream.segmenter()  # jieba, or rjieba in its place (upstream.use_rust_segmenter)
    if jieba is None:  # search then indexes Chinese unsegmented; nothing to teach
        return
    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict… Loading model from cache…"
    for word in handbook_words(handbook, editions):
        jieba.add_word(word)


def load_segmenter(languages: Iterable[str]) -> None:
    """Read jieba's dictionary now, if a Chinese edition will need it: before the editions'
    processes are forked, so that they share one copy."""
    jieba = upstream.segmenter()
    if jieba is None or not any(lang in CHINESE for lang in languages):
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
