"""Issue 11: the handbook on a phone (390 px wide) and a laptop, in a real browser: tables
scroll inside their own frame, nothing is cut off or pushes the page sideways, and glossary
tooltips are readable and lead to the entry."""

from __future__ import annotations

import pytest

from .conftest import resize

pytestmark = pytest.mark.browser

PAGES = [
    "processes/project-lifecycle/",
    "en/processes/project-lifecycle/",
    "responsibilities/project-team/",
    "en/departments/operations/",
    "zh-Hant/roles/operations-manager/",
    "glossary/",
    "en/org-templates/taobao-store/",
]

# Every element that sticks out past the viewport and is not inside a frame that scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
      const s = getComputedStyle(e); if (/(auto|scroll|hidden)/.test(s.overflowX) && e !== document.body
          && e !== document.documentElement) return e; } return null; };
  const out = [];
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && !scrolls(el)) out.push(el.tagName + '.' + el.className);
  }
  const frames = [...document.querySelectorAll('article table')].map(t => {
    const f = scrolls(t); return f ? f.getBoundingClientRect().right <= width + 1 : false; });
  return {page: document.documentElement.scrollWidth, width, out, frames};
}"""


@pytest.fixture(scope="module")
def server(served: str) -> str:
    return served


WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def overflow(browser, server: str) -> dict[int, dict[str, dict]]:
    """What OVERFLOW finds on each page at each width: each page loaded once, measured at one
    width, then resized to the next (the layout is the one a fresh load at that width gives)."""
    found: dict[int, dict[str, dict]] = {width: {} for width in WIDTHS}
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 800})
    try:
        for url in PAGES:
            page.goto(server + url)
            for width in WIDTHS:
                resize(page, width, 800)
                found[width][url] = page.evaluate(OVERFLOW)
    finally:
        page.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_scroll_in_their_frame_and_nothing_is_cut_off(overflow: dict, width: int) -> None:
    for url, found in overflow[width].items():
        assert found["page"] <= found["width"], f"{url} at {width}px scrolls sideways"
        assert found["out"] == [], f"{url} at {width}px: cut off {found['out'][:5]}"
        assert all(found["frames"]), f"{url} at {width}px: a table has no scrolling frame"


def test_glossary_tooltip_is_readable_and_the_term_leads_to_its_entry(browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server + "roles/operations-manager/")
        term = page.locator("article a.pb-term", has_text="成交额").first
        term.scroll_into_view_if_needed()
        term.hover()
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(timeout=5_000)
        size = tip.evaluate(
            "t => parseFloat(getComputedStyle(t.querySelector('.md-tooltip2__inner')).fontSize)"
        )
        body = page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        )
        assert size >= body * 0.9, (size, body)
        term.click()
        page.wait_for_url("**/glossary/#gmv")
    finally:
        page.close()
