"""The registry of languages: each edition of the handbook, the field its texts are written in,
what it is derived from when it is not written, and how search indexes it.

Adding a language is one entry here (plus its `languages:` entry in mkdocs.yml, which decides
whether it is built): the text model, the messages, translation coverage, the search pipeline
and the Traditional conversion all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # the locale of its edition and the key of its texts in data/ (zh, en, zh-Hant)
    name: str  # in messages to editors
    search: tuple[str, ...]  # the lunr languages of its search index
    derived_from: str | None = None  # not written in data/: converted from this language
    # (a field may still give its own text, which wins over the conversion)

    @property
    def field(self) -> str:
        """The attribute of `Text` holding it (a Python name: zh-Hant → zh_hant)."""
        return self.code.lower().replace("-", "_")

    @property
    def written(self) -> bool:
        """Every text must be given in this language."""
        return self.derived_from is None


HANT = "zh-Hant"
REGISTRY = (
    Language("zh", "Chinese (zh)", ("zh",)),
    Language("en", "English (en)", ("en",)),
    Language(HANT, "Traditional Chinese (zh-Hant)", ("zh",), derived_from="zh"),
)
BY_CODE = {language.code: language for language in REGISTRY}
DEFAULT = REGISTRY[0].code  # the root edition
WRITTEN = tuple(language.code for language in REGISTRY if language.written)  # ("zh", "en")
NAMES = {language.code: language.name for language in REGISTRY}
SEARCH = {language.code: list(language.search) for language in REGISTRY}
