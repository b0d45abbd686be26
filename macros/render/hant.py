"""The derived Chinese editions (zh-Hant, and any other the registry of languages derives from
zh), made from the Simplified text at build time with OpenCC: Traditional characters (Hant).

Each derived language's registry entry names its OpenCC configuration (model/languages.py:
zh-Hant converts with `s2tw`); a site may choose another in mkdocs.yml (`conversions:` of the
playbook plugin, e.g. `{zh-Hant: s2twp}`). The variants:

- `s2tw` (default): Traditional characters as Taiwan writes them, words left as the source
  articles write them (項目, 數據, 用戶) — which is how the two Traditional-character articles
  read;
- `s2t`: OpenCC's standard Traditional characters;
- `s2twp`: Taiwan characters *and* Taiwan phrasing (軟件 → 軟體, 信息 → 資訊);
- `s2hk`: Hong Kong characters.

OpenCC gets some of the handbook's phrases wrong (s2twp: 类型 → 型別, 在线下 → 線上下; every
variant: 并为 → 併為). `hant-phrases.yaml` beside the page templates fixes them: a Simplified
phrase and the Traditional form to write instead, for every variant or for one. A field's own
text in the derived language (`zh-Hant: …`) still wins over both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from ..model.errors import DataError, Problem
from ..model.languages import BY_CODE
from ..model.yaml_reader import read

__all__ = [
    "DEFAULT_VARIANT",
    "VARIANTS",
    "converter",
    "edition_converter",
    "edition_converters",
    "load_phrases",
]
VARIANTS = ("s2tw", "s2t", "s2twp", "s2hk")
DEFAULT_VARIANT = "s2tw"
PHRASES_FILE = "hant-phrases.yaml"


def converter(
    variant: str = DEFAULT_VARIANT, phrases: Mapping[str, str] | None = None
) -> Callable[[str], str]:
    """A Simplified → Traditional function (one OpenCC instance, kept by its caller). Each
    phrase of `phrases` found in the text is written as given; OpenCC converts the rest."""
    import opencc

    convert = opencc.OpenCC(variant).convert
    if not phrases:
        return convert
    pattern = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))

    def to_hant(text: str) -> str:
        out, last = [], 0
        for match in pattern.finditer(text):
            out += [convert(text[last : match.start()]), phrases[match.group(0)]]
            last = match.end()
        out.append(convert(text[last:]))
        return "".join(out)

    return to_hant


def load_phrases(path: Path, variant: str, root: Path | None = None) -> dict[str, str]:
    """The phrase fixes for `variant` from a phrases file (`all:` then the variant's own table,
    which wins); none when there is no file."""
    if not path.is_file():
        return {}
    document = read(path, root or path.parent)
    data = document.data or {}
    problems, table = [], {}
    if not isinstance(data, dict):
        raise DataError([Problem(document.path, 1, 1, "", "expected tables of phrases by variant")])
    for section in ("all", variant):
        phrases = data.get(section) or {}
        for key, value in phrases.items() if isinstance(phrases, dict) else []:
            if isinstance(key, str) and isinstance(value, str) and key and value:
                table[key] = value
            else:
                line, col = document.where((section, key))
                problems.append(
                    Problem(document.path, line, col, f"{section}.{key}", "expected phrase: text")
                )
    for section in data:
        if section != "all" and section not in VARIANTS:
            line, col = document.where((section,))
            problems.append(
                Problem(
                    document.path,
                    line,
                    col,
                    str(section),
                    f"unknown variant (known: all, {', '.join(VARIANTS)})",
                )
            )
    if problems:
        raise DataError(problems)
    return table


def edition_converter(templates_dir: Path, variant: str = DEFAULT_VARIANT) -> Callable[[str], str]:
    """A derived edition's conversion: the variant, with the project's phrase fixes."""
    root = templates_dir.parent.parent
    return converter(variant, load_phrases(templates_dir / PHRASES_FILE, variant, root))


def variant_of(lang: str, chosen: Mapping[str, str] | None = None) -> str | None:
    """The OpenCC configuration `lang` is converted with: the site's choice, else its registry
    entry's (None: a language that is written, or derived without conversion)."""
    language = BY_CODE[lang]
    if language.written:
        return None
    return (chosen or {}).get(lang) or language.opencc


def edition_converters(
    templates_dir: Path, languages: tuple[str, ...], chosen: Mapping[str, str] | None = None
) -> dict[str, Callable[[str], str]]:
    """The conversion of each derived language among `languages` that has one, by language;
    `chosen`: the site's variant for a language, where it is not the registry's."""
    variants = {lang: variant_of(lang, chosen) for lang in languages}
    return {lang: edition_converter(templates_dir, v) for lang, v in variants.items() if v is not None}


def characters_only(variant: str) -> str:
    """The variant's characters without its regional phrasing (s2twp → s2tw): how readers of the
    edition also type words into search."""
    return variant.removesuffix("p")
