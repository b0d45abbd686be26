"""Pages in a real browser (Debian's headless Chromium through Playwright), over loopback: org
charts and glossary tooltips. Search in the browser is test_search.py's."""

from __future__ import annotations

import time

import pytest

from macros.model.loader import load_handbook

from .conftest import ROOT, finish_transitions

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


# Frames of one page, each as tall as a browser window and as wide as the width measured: inside
# a frame, the page's media queries and layout follow the frame's size as they follow a window's.
_FRAMES = """(urls) => { document.body.replaceChildren(...urls.map(url => {
  const frame = document.createElement('iframe');
  frame.src = url;
  frame.style.cssText = 'display: block; border: 0; height: 900px';
  return frame; })); }"""
_FRAMES_WIDTH = """(width) => document.querySelectorAll('iframe').forEach(f => {
  f.style.width = width + 'px'; })"""
_FRAMES_LOADED = """() => [...document.querySelectorAll('iframe')].every(f => f.contentDocument
  && f.contentDocument.URL !== 'about:blank' && f.contentDocument.readyState === 'complete')"""


@pytest.fixture(scope="module")
def chart_boxes(browser, server: str) -> dict[int, dict[str, dict]]:
    """What OVERLAPS finds on every org-template and department page of both written languages,
    at each width. The pages are loaded once, side by side as frames of one page as wide and
    tall as a window (a frame lays its page out as a window of its size does: the boxes are the
    same as in a page loaded on its own, for about half the browser's work), then every frame is
    resized to the next width. The charts are HTML and CSS only, so the pages load without
    scripts (Material's bundle and its search worker were most of the time); the boxes are the
    same as with them."""
    hb = load_handbook(ROOT / "data")
    urls = [f"{p}org-templates/{t}/" for t in hb.templates for p in ("", "en/")]
    urls += [f"{p}departments/{d}/" for d in hb.departments for p in ("", "en/")]
    found: dict[int, dict[str, dict]] = {width: {} for width in WIDTHS}
    page = browser.new_page(viewport={"width": 1400, "height": 900}, java_script_enabled=False)
    try:
        page.goto(server + "404.html")  # a page of the site, so that its frames are same-origin
        page.evaluate(_FRAMES, [server + url for url in urls])
        deadline = time.monotonic() + 60
        while not page.evaluate(_FRAMES_LOADED):
            assert time.monotonic() < deadline, "the pages did not load in their frames"
            time.sleep(0.05)
        frames = {frame.url.removeprefix(server): frame for frame in page.main_frame.child_frames}
        assert sorted(frames) == sorted(urls)
        for width in WIDTHS:
            page.evaluate(_FRAMES_WIDTH, width)
            for url in urls:
                finish_transitions(frames[url])
                found[width][url] = frames[url].evaluate(OVERLAPS)
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
