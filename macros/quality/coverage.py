"""Translation coverage: which texts are written in one language only, and each language's share.

Every text is required in both zh and en, so an untranslated text hides as an en field that still
holds Chinese, or as the same words pasted into both fields. Used by `playbook check` and by the
coverage page of the site (through the `translation_coverage` template global).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..model.errors import Finding
from ..model.languages import NAMES, WRITTEN
from ..model.schema import Text

if TYPE_CHECKING:
    from ..model.handbook import Handbook

# Han ideographs (CJK unified, extension A, compatibility, extensions B–F).
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# The languages every text is written in (other editions, such as zh-Hant, derive from these).
LANGUAGES = WRITTEN


def has_han(value: str) -> bool:
    return _HAN.search(value) is not None


def written_in(text: Text) -> tuple[str, ...]:
    """The languages a text is really written in (both, for a translated text)."""
    same = text.zh == text.en
    zh = has_han(text.zh) or not same
    en = not has_han(text.en) and not (same and has_han(text.zh))
    return ("zh",) * zh + ("en",) * en


@dataclass(frozen=True)
class Gap:
    """A text written in one language only, located like a problem."""

    finding: Finding
    text: Text
    present: str  # the language it is written in

    @property
    def missing(self) -> str:
        return "en" if self.present == "zh" else "zh"


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
    """Count every text of the handbook and list those written in one language only."""
    total, written, gaps = 0, dict.fromkeys(LANGUAGES, 0), []
    for kind, table in hb.tables.items():
        for ident, entity in table.items():
            source = hb.source(kind, ident)
            for loc, text in texts(entity):
                total += 1
                langs = written_in(text)
                for lang in langs:
                    written[lang] += 1
                if len(langs) == 1:
                    missing = "en" if langs[0] == "zh" else "zh"
                    problem = source.problem((*loc, missing), _why(text, missing))
                    gaps.append(Gap(Finding.of(problem, "untranslated", kind, ident), text, langs[0]))
    gaps.sort(key=lambda gap: gap.finding)
    return Coverage(total, written, gaps)


def _why(text: Text, missing: str) -> str:
    if text.zh == text.en:
        other = "zh" if missing == "en" else "en"
        return f"not translated: the {missing} text is the same as the {other} text"
    return f"not translated: the {NAMES[missing]} text contains Chinese characters"
