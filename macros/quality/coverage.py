"""Translation coverage: which texts are not written in every language yet, and each language's
share.

Every text is required in each written language of the registry (model/languages.py: zh and en;
a derived language such as zh-Hant is converted, not judged), so an untranslated text hides as a
field that still holds Chinese where another language belongs, or as the same words pasted into
two languages' fields. Used by `playbook check` and by the coverage page of the site (through
the `translation_coverage` template global).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..model.errors import Finding
from ..model.languages import BY_CODE, NAMES, WRITTEN
from ..model.schema import Text

if TYPE_CHECKING:
    from ..model.handbook import Handbook

# Han ideographs (CJK unified, extension A, compatibility, extensions B–F).
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# The languages every text is written in (the derived editions are converted from these).
LANGUAGES = WRITTEN


def has_han(value: str) -> bool:
    return _HAN.search(value) is not None


def written_in(text: Text) -> tuple[str, ...]:
    """The languages a text is really written in (every one, for a translated text)."""
    return tuple(lang for lang in LANGUAGES if _why(text, lang) is None)


def _owner(text: Text, value: str) -> str:
    """Of the languages whose field holds `value`, the one those words belong to: the first whose
    script fits them (Chinese characters in a Chinese language, other words elsewhere)."""
    same = [lang for lang in LANGUAGES if text.get(lang) == value]
    fits = [lang for lang in same if BY_CODE[lang].chinese == has_han(value)]
    return (fits or same)[0]


def _why(text: Text, lang: str) -> str | None:
    """Why `text` is not written in `lang` (None: it is)."""
    value = text.get(lang)
    owner = _owner(text, value)
    if owner != lang:
        return f"not translated: the {lang} text is the same as the {owner} text"
    if not BY_CODE[lang].chinese and has_han(value):
        return f"not translated: the {NAMES[lang]} text contains Chinese characters"
    return None


@dataclass(frozen=True)
class Gap:
    """A text not written in one language, located like a problem."""

    finding: Finding
    text: Text
    present: str  # a language it is written in (the one whose words the missing field repeats)
    missing: str  # the language it is not written in


@dataclass(frozen=True)
class Coverage:
    total: int
    written: dict[str, int]
    gaps: list[Gap]

    def percent(self, lang: str) -> float:
        return 100.0 if not self.total else 100.0 * self.written[lang] / self.total

    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES


def texts(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Text]]:
    """Every Text inside a model, with its path as written in the YAML (aliases, list indexes)."""
    for name, info in type(model).model_fields.items():
        key, value = info.alias or name, getattr(model, name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*loc, key) if index is None else (*loc, key, index)
            if isinstance(item, Text):
                yield here, item
            elif isinstance(item, BaseModel):
                yield from texts(item, here)


def coverage(hb: Handbook) -> Coverage:
    """Count every text of the handbook in each language and list each language a text misses."""
    total, written, gaps = 0, dict.fromkeys(LANGUAGES, 0), []
    for kind, table in hb.tables.items():
        for ident, entity in table.items():
            source = hb.source(kind, ident)
            for loc, text in texts(entity):
                total += 1
                langs = written_in(text)
                for lang in langs:
                    written[lang] += 1
                for missing in (lang for lang in LANGUAGES if lang not in langs):
                    why = _why(text, missing) or ""
                    owner = _owner(text, text.get(missing))
                    present = owner if owner != missing else langs[0]
                    problem = source.problem((*loc, missing), why, detail=(missing,))
                    gaps.append(Gap(Finding.of(problem, "untranslated", kind, ident), text, present, missing))
    gaps.sort(key=lambda gap: gap.finding)
    return Coverage(total, written, gaps)
