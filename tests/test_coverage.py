"""Translation coverage: the rule, the records, and the page of the site that shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.model.loader import load_handbook
from macros.model.schema import Text
from macros.quality.coverage import coverage, written_in
from macros.quality.lint import lint
from macros.render.pages import Renderer

from .conftest import ROOT
from .helpers import page
from .minimal import FILES, write_handbook


@pytest.mark.parametrize(
    ("zh", "en", "written"),
    [
        ("店长", "Store Manager", ("zh", "en")),
        ("店长", "店长", ("zh",)),  # pasted into both fields
        ("店长", "Store 店长", ("zh",)),  # Chinese left in the English
        ("SKU", "SKU", ("en",)),  # English pasted into the zh field
        ("KPI", "KPIs", ("zh", "en")),  # different words: both written
        ("Store Manager", "店长", ("zh",)),  # swapped: the en field holds Chinese
    ],
)
def test_which_languages_a_text_is_written_in(zh: str, en: str, written: tuple[str, ...]) -> None:
    assert written_in(Text(zh=zh, en=en)) == written


UNTRANSLATED = {
    "roles__ops": FILES["roles/ops.yaml"]
    .replace("en: Lists products}", "en: Lists 商品}")
    .replace("{zh: 运营助理, en: Operations Assistant}", "{zh: 运营助理, en: 运营助理}"),
    "glossary": FILES["glossary.yaml"].replace("en: Stock keeping unit", "en: 库存 unit"),
}


def test_untranslated_texts_are_located_findings(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, **UNTRANSLATED))
    cov = coverage(hb)
    assert (cov.total, cov.written) == (17, {"zh": 17, "en": 14})
    assert round(cov.percent("en"), 1) == 82.4
    assert [(str(g.finding), g.finding.kind, g.finding.ident, g.present) for g in cov.gaps] == [
        (
            "data/glossary.yaml:3:26: terms[sku].term.en: not translated: the English (en) text "
            "contains Chinese characters",
            "term",
            "sku",
            "zh",
        ),
        (
            "data/roles/ops.yaml:9:26: roles[ops-assistant].name.en: not translated: the en text is the "
            "same as the zh text",
            "role",
            "ops-assistant",
            "zh",
        ),
        (
            "data/roles/ops.yaml:13:24: roles[ops-assistant].duties[0].en: not translated: the English "
            "(en) text contains Chinese characters",
            "role",
            "ops-assistant",
            "zh",
        ),
    ]
    assert [f.code for f in lint(hb)] == ["untranslated"] * 3


def test_coverage_page_lists_every_gap_with_its_page_file_and_field(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, **UNTRANSLATED))
    renderer = Renderer(hb, ROOT / "playbook" / "_templates")
    assert (
        renderer.render("coverage.md.j2", "en", "coverage.en.md")
        == """\
| Language | Texts written in it | Coverage |
|---|--:|--:|
| Chinese | 17 / 17 | 100.0% |
| English | 14 / 17 | 82.4% |

## Untranslated texts

These texts are not yet translated into the language in the Missing column: its field still holds \
Chinese, or the same words as the field of another language. Write the translation in the YAML file \
shown.

| Page | File and field | Text as written | Missing |
|---|---|---|---|
| [库存 unit](glossary.md#sku) | data/glossary.yaml:3 terms\\[sku\\].term.en | 库存单位 | English |
| [运营助理](roles/ops-assistant.md) | data/roles/ops.yaml:9 roles\\[ops-assistant\\].name.en \
| 运营助理 | English |
| [运营助理](roles/ops-assistant.md) | data/roles/ops.yaml:13 roles\\[ops-assistant\\].duties\\[0\\].en \
| 上架商品 | English |
"""
    )
    zh = renderer.render("coverage.md.j2", "zh", "coverage.zh.md")
    assert "| 英文 | 14 / 17 | 82.4% |" in zh
    assert "## 尚未翻译的文本" in zh


def test_fully_translated_handbook_says_so(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    out = Renderer(hb, ROOT / "playbook" / "_templates").render("coverage.md.j2", "zh", "coverage.zh.md")
    assert out.splitlines()[-1] == "所有文本都已有中文和英文版本。"


@pytest.mark.parametrize(
    ("url", "heading", "language"),
    [
        ("about/", "关于本手册", "英文"),
        ("en/about/", "About this handbook", "English"),
    ],
)
def test_editors_page_shows_coverage_in_each_language(
    site: Path, url: str, heading: str, language: str
) -> None:
    cov = coverage(load_handbook(ROOT / "data"))
    row = [language, f"{cov.written['en']} / {cov.total}", f"{cov.percent('en'):.1f}%"]
    soup = page(site, url)
    assert soup.h1.get_text(strip=True) == heading
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.article.select("tbody tr")]
    assert row in rows
    # an editors' page: reachable from every page's footer, not a main tab
    nav = [a.get_text(strip=True) for a in soup.select("nav.md-tabs a")]
    assert heading not in nav
    assert soup.select_one(".md-footer a.pb-about").get_text(strip=True) == heading
