"""Search in a real browser (Debian's headless Chromium through Playwright), over loopback."""

from __future__ import annotations

import pytest

from .conftest import resize, type_search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(served: str) -> str:
    return served


def search(browser, root: str, path: str, query: str) -> list[str]:
    """On page `path`, type `query` into the search box; return the result links (relative
    to the site root) once they show."""
    url = root + path
    page = browser.new_page()
    outside: list[str] = []
    host = url.split("/")[2]
    page.on("request", lambda r: r.url.split("/")[2] != host and outside.append(r.url))
    try:
        page.goto(url)
        links = type_search(page, query)
    finally:
        page.close()
    assert outside == [], f"requests left the site: {outside}"
    return [link.removeprefix(root) for link in links]


def test_chinese_body_word_finds_its_page_on_chinese_pages(browser, server: str) -> None:
    # 天猫 (Tmall) appears only in the body of the e-commerce operations specialist's duties.
    results = search(browser, server, "", "天猫")
    assert "roles/ecommerce-operations-specialist/" in results
    assert not [r for r in results if r.startswith("en/")], "Chinese pages got English results"


def test_chinese_trade_term_is_one_search_word(browser, server: str) -> None:
    results = search(browser, server, "", "客单价")
    assert "roles/ecommerce-operations-specialist/" in results


def test_english_body_word_finds_its_page_on_english_pages(browser, server: str) -> None:
    # "delist" appears only in the body of the e-commerce operations specialist's duties.
    results = search(browser, server, "en/", "delist")
    assert results and results[0] == "en/roles/ecommerce-operations-specialist/"


def test_english_results_stay_english(browser, server: str) -> None:
    results = search(browser, server, "en/roles/logistics-manager/", "insurance")
    assert "en/roles/logistics-manager/" in results
    assert all(r.startswith("en/") for r in results), results


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('.pb-chart a.pb-box')].map(a => a.getBoundingClientRect());
  const hits = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      hits.push([a.left, a.top, b.left, b.top]);
  }));
  const chart = document.querySelector('.pb-chart');
  return {count: boxes.length, hits, overflow: chart.scrollWidth - chart.clientWidth,
          clipped: [...document.querySelectorAll('.pb-chart a.pb-box')]
                     .filter(a => a.scrollWidth > a.clientWidth + 1).length};
}"""


WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def chart_boxes(browser, server: str) -> dict[int, dict[str, dict]]:
    """What OVERLAPS finds on every org-template and department page of both written languages,
    at each width: each page loaded once and measured at one width, then the next. The charts
    are HTML and CSS only, so the pages load without scripts (Material's bundle and its search
    worker were most of the time); the boxes are the same as with them."""
    from macros.model.loader import load_handbook

    from .conftest import ROOT

    hb = load_handbook(ROOT / "data")
    urls = [f"{p}org-templates/{t}/" for t in hb.templates for p in ("", "en/")]
    urls += [f"{p}departments/{d}/" for d in hb.departments for p in ("", "en/")]
    found: dict[int, dict[str, dict]] = {width: {} for width in WIDTHS}
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 900}, java_script_enabled=False)
    try:
        for url in urls:
            page.goto(server + url)
            for width in WIDTHS:
                resize(page, width, 900)
                found[width][url] = page.evaluate(OVERLAPS)
    finally:
        page.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_have_no_overlapping_or_clipped_boxes(chart_boxes: dict, width: int) -> None:
    for url, found in chart_boxes[width].items():
        assert found["count"] > 0, url
        assert found["hits"] == [], f"{url} at {width}px: boxes overlap"
        assert found["clipped"] == 0, f"{url} at {width}px: a box cuts its label"
        if width == 1280:  # a laptop shows even the 25-box company without scrolling
            assert found["overflow"] <= 0, f"{url} at {width}px scrolls sideways"


def test_glossary_tooltip_shows_on_hover(browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server + "en/roles/ecommerce-operations-specialist/")
        term = page.locator("article abbr", has_text="average order value").first
        term.scroll_into_view_if_needed()
        term.hover()
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(timeout=5_000)
        assert "average amount spent per customer" in tip.inner_text()
    finally:
        page.close()
