"""Pages in a real browser (Debian's headless Chromium through Playwright), over loopback: org
charts and glossary tooltips. Search in the browser is test_search.py's."""

from __future__ import annotations

import pytest

from .conftest import resize

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(served: str) -> str:
    return served


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
