"""What readers search: the refined index entries (macros/site/search.py) without a build, and
the real build's indexes and worker."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.model.loader import load_handbook
from macros.render.hant import edition_converters
from macros.render.pages import Renderer
from macros.site import search, upstream

from .conftest import ROOT

HB = load_handbook(ROOT / "data")
RENDERER = Renderer(
    HB, ROOT / "playbook/_templates", edition_converters(ROOT / "playbook/_templates", ("zh-Hant",))
)


def plain(text: str) -> str:
    return text  # no segmentation: the English entries, or a test that needs none


def refined(lang: str, docs: list[dict]) -> list[dict]:
    index = {"config": {"lang": [lang], "fields": {"title": {"boost": 1000.0}}}, "docs": docs}
    return search.refiner(HB, RENDERER, lambda words: plain)(lang, index)["docs"]


def test_the_glossary_page_becomes_one_entry_per_term() -> None:
    page = {"location": "glossary/", "title": "Glossary", "text": "<p>The terms.</p> GMV The total …"}
    docs = refined("en", [page])
    assert docs[0] == {**page, "text": "<p>The terms.</p>"}
    terms = {doc["location"]: doc for doc in docs[1:]}
    assert len(terms) == len(HB.terms)
    gmv = terms["glossary/#gmv"]
    assert gmv["title"] == "Gross merchandise value (GMV)"
    assert gmv["text"] == HB.terms["gmv"].definition.en
    pl = terms["glossary/#profit-and-loss"]
    assert pl["title"] == "Profit and loss statement (P&amp;L)"  # escaped, as Material writes titles
    assert "PL" in pl["names"].split()


def test_a_chinese_term_is_also_found_by_its_english_name_and_traditional_spellings() -> None:
    zh = {d["location"]: d for d in refined("zh", [{"location": "glossary/", "title": "术语表", "text": ""}])}
    assert "Average order value" in zh["glossary/#average-order-value"]["names"]
    hant = refined("zh-Hant", [{"location": "glossary/", "title": "術語表", "text": ""}])
    entry = next(d for d in hant if d["location"] == "glossary/#user-segmentation")
    assert entry["title"] == "用戶分群"  # as the page shows it (the default variant keeps the words)
    assert "用户分群" in entry["names"]  # as readers may type it


def test_pages_carry_their_aliases_and_the_other_names_of_the_terms_they_mention() -> None:
    director = next(r for r in HB.roles.values() if r.aliases)
    docs = refined(
        "en",
        [
            {"location": f"roles/{director.id}/", "title": director.name.en, "text": "<p>Leads.</p>"},
            {
                "location": f"roles/{director.id}/#duties",
                "title": "Duties",
                "text": "<li>Produce the P&amp;L</li>",
            },
            {"location": "roles/x/#kpis", "title": "KPIs", "text": "<li>Average order value and UI/UX</li>"},
        ],
    )
    assert docs[0]["names"].startswith(director.aliases[0].en)
    assert "Profit and loss statement" in docs[1]["related"]
    assert "P&amp;L" not in docs[1]["related"]  # it says so itself
    words = docs[2]["related"].split()
    assert "AOV" in words and "experience" in words  # the terms' other names
    assert words[-3:] == ["UI", "UX", "UIUX"]  # a joined abbreviation's parts


def test_an_abbreviation_is_matched_as_a_word_in_its_own_case() -> None:
    docs = refined("en", [{"location": "a/", "title": "A", "text": "<p>vi ROIs EROIC</p>"}])
    assert "Visual identity" not in docs[0].get("related", "")  # "vi" is not VI
    assert "Return on investment" in docs[0]["related"]  # ROIs is ROI


def test_the_search_worker_refuses_a_worker_it_does_not_know() -> None:
    with pytest.raises(upstream.UpstreamError, match="search worker"):
        upstream.patch_search_worker("addEventListener('message', f)", "/* ours */")


def test_the_built_indexes_and_worker(site: Path) -> None:
    html = (site / "glossary/index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([^"]+)"', html))
    for folder in ("", "en/", "zh-Hant/"):
        index = json.loads((site / folder / "search/search_index.json").read_text(encoding="utf-8"))
        assert set(search.FIELDS) <= set(index["config"]["fields"])
        terms = [
            d["location"].partition("#")[2] for d in index["docs"] if d["location"].startswith("glossary/#")
        ]
        assert sorted(terms) == sorted(HB.terms), folder
        assert set(terms) <= anchors, "each term's entry lands on its anchor on the glossary page"
        assert bool(index["config"].get("words")) == (folder != "en/")  # Chinese editions ship words
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    assert f"self.{upstream.QUERY_FUNCTION} = function" in worker  # ours, first
    assert f"=self.{upstream.QUERY_FUNCTION}(" in worker  # called where Material cut queries


# Blocks the templates mark `data-search-exclude`: their words are other pages' names (an org
# chart's boxes, a matrix's rows) or a picture of facts listed beside it (the rota's timeline).
EXCLUDED = ".pb-chart, .pb-matrix, .pb-rota"
FIELDS_SEARCHED = ("title", "text", "names", "related")


def _searchable(value: str) -> str:
    """A field as a reader's words: no markup, entities decoded, jieba's word breaks dropped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", value)).replace("\u200b", "")


@pytest.mark.parametrize("folder", ["", "en/", "zh-Hant/"])
def test_charts_matrices_and_rotas_stay_out_of_search(site: Path, folder: str) -> None:
    index = json.loads((site / folder / "search/search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, str] = {}
    for doc in index["docs"]:
        page_url = doc["location"].partition("#")[0]
        fields = " ".join(_searchable(doc.get(name, "")) for name in FIELDS_SEARCHED)
        by_page[page_url] = by_page.get(page_url, "") + " " + fields
    checked = 0
    for page_file in sorted((site / folder).glob("*/*/index.html")):
        url = page_file.parent.relative_to(site / folder).as_posix() + "/"
        if url.split("/")[0] not in {"departments", "org-templates", "responsibilities", "processes"}:
            continue
        soup = BeautifulSoup(page_file.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        blocks = article.select(EXCLUDED)
        labels = {
            label.get_text(" ", strip=True)
            for block in blocks
            for label in block.select("a, .pb-rota__on, .pb-rota__scale span")
        }
        for block in blocks:
            block.decompose()
        elsewhere = article.get_text(" ")
        only_there = {label for label in labels if label and label not in elsewhere}
        found = {label for label in only_there if label in by_page.get(url, "")}
        assert not found, f"{folder}{url}: box labels in the search index: {sorted(found)}"
        checked += len(only_there)
    assert checked > 50, "the seed handbook's charts and matrices name many boxes found nowhere else"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_role_pages_are_still_found_by_their_names(site: Path, lang: str) -> None:
    folder = "" if lang == "zh" else f"{lang}/"
    index = json.loads((site / folder / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: _searchable(doc["title"]) for doc in index["docs"]}
    for role in HB.roles.values():
        assert titles.get(f"roles/{role.id}/") == role.name.get(lang), role.id
