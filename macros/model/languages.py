"""The registry of languages: each edition of the handbook, the field its texts are written in,
what it is derived from when it is not written, how it is converted, and how search indexes it.

Adding a language is one entry here (plus its `languages:` entry in mkdocs.yml, which decides
whether it is built): the text model, the messages and hints, translation coverage, the labels
of its pages, the conversion of a derived edition and the search pipeline all read this table
(tests/test_registries.py adds a written and a derived language to show it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # the locale of its edition and the key of its texts in data/ (zh, en, zh-Hant)
    name: str  # in English, in messages to editors (with its code: "English (en)")
    search: tuple[str, ...]  # the lunr languages of its search index
    native: str = ""  # what it calls itself: hints show {zh: 中文, en: English}; pages name it so
    # when labels.yaml has no `coverage_lang_<code>` for it
    example: str = ""  # "Store Manager" in it: hints show how a text is written
    chinese: bool = False  # written in Chinese characters: coverage does not take them for a
    # missing translation, its glossary is ordered by pinyin, jieba cuts its search index (a
    # language derived from a Chinese one is Chinese too)
    derived_from: str | None = None  # not written in data/: converted from this language
    # (a field may still give its own text, which wins over the conversion)
    opencc: str | None = None  # a derived language: the OpenCC configuration that converts its
    # source's text (render/hant.py; mkdocs.yml's `conversions` may choose another)

    @property
    def field(self) -> str:
        """The attribute of `Text` holding it (a Python name: zh-Hant → zh_hant)."""
        return self.code.lower().replace("-", "_")

    @property
    def written(self) -> bool:
        """Every text must be given in this language."""
        return self.derived_from is None

    @property
    def label(self) -> str:
        """How messages name it: "English (en)"."""
        return f"{self.name} ({self.code})"


REGISTRY = (
    Language("zh", "Chinese", ("zh",), native="中文", example="店长", chinese=True),
    Language("en", "English", ("en",), native="English", example="Store Manager"),
    Language(
        "zh-Hant",
        "Traditional Chinese",
        ("zh",),
        native="繁體中文",
        chinese=True,
        derived_from="zh",
        opencc="s2tw",
    ),
)
BY_CODE = {language.code: language for language in REGISTRY}
DEFAULT = REGISTRY[0].code  # the root edition
WRITTEN = tuple(language.code for language in REGISTRY if language.written)  # ("zh", "en")
DERIVED = tuple(language.code for language in REGISTRY if not language.written)  # ("zh-Hant",)
CHINESE = tuple(  # ("zh", "zh-Hant")
    language.code
    for language in REGISTRY
    if language.chinese or (language.derived_from and BY_CODE[language.derived_from].chinese)
)
NAMES = {language.code: language.label for language in REGISTRY}
SEARCH = {language.code: list(language.search) for language in REGISTRY}
