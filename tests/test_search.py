"""Search finds what a reader means: a table of queries per edition and the result that must
come first, typed into the real search box in headless Chromium — served over loopback and
from the unzipped offline bundle (file://). One build of each, shared with the other tests."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# (edition folder, query, the entry that must come first, entries that must follow in the first
# five results). Locations as served; the bundle's are the same pages as .html files.
QUERIES = {
    "": [
        ("直通车", "glossary/#zhitongche", []),
        ("用户分群", "glossary/#user-segmentation", ["roles/growth-team/"]),
        ("库存助理", "roles/inventory-assistants/", ["roles/inventory-manager/"]),
        ("客单价", "glossary/#average-order-value", []),
        ("AOV", "glossary/#average-order-value", []),
        ("GMV", "glossary/#gmv", []),
        ("P&L", "glossary/#profit-and-loss", ["roles/ecommerce-director/"]),
        ("损益表", "glossary/#profit-and-loss", ["roles/ecommerce-director/"]),
        ("A/B测试", "glossary/#ab-test", []),
        ("电商主管", "roles/ecommerce-director/", []),  # an alias
        ("视觉部", "departments/visual-design/", []),  # a department's alias
        ("Store Manager", "roles/store-manager/", []),  # a role typed in English
    ],
    "en/": [
        ("P&L", "en/glossary/#profit-and-loss", ["en/roles/ecommerce-director/"]),
        ("profit and loss", "en/glossary/#profit-and-loss", ["en/roles/ecommerce-director/"]),
        ("AOV", "en/glossary/#average-order-value", []),
        ("average order value", "en/glossary/#average-order-value", []),
        ("Visual Team", "en/departments/visual-design/", []),  # a department's alias
        ("GMV", "en/glossary/#gmv", []),
        ("Zhitongche", "en/glossary/#zhitongche", []),
        ("A/B", "en/glossary/#ab-test", []),
        ("UX", "en/roles/ux-designer/", ["en/glossary/#ui-ux"]),
        ("inventory assistants", "en/roles/inventory-assistants/", []),
        ("Head of E-commerce", "en/roles/ecommerce-director/", []),  # an alias
        ("customer segmentation", "en/glossary/#user-segmentation", []),
    ],
    "zh-Hant/": [
        ("直通車", "zh-Hant/glossary/#zhitongche", []),
        ("用戶分群", "zh-Hant/glossary/#user-segmentation", ["zh-Hant/roles/growth-team/"]),
        ("庫存助理", "zh-Hant/roles/inventory-assistants/", []),
        ("客單價", "zh-Hant/glossary/#average-order-value", []),
        ("損益表", "zh-Hant/glossary/#profit-and-loss", ["zh-Hant/roles/ecommerce-director/"]),
        ("數據分析部", "zh-Hant/departments/data-analysis/", []),  # Traditional characters, mainland wording
        ("电商主管", "zh-Hant/roles/ecommerce-director/", []),  # typed in Simplified
    ],
}

# Each result group as [(score, link)], best group first; the link without the highlight query.
RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll('a.md-search-result__link')].map(a => {
    const url = new URL(a.href);
    return [parseFloat(a.querySelector('article').dataset.mdScore), url.pathname + url.hash];
  }))"""


def ask(page, query: str) -> list[list[tuple[float, str]]]:
    """Type `query` into the open page's search box (replacing the last one); its results."""
    page.evaluate(
        "() => { const l = document.querySelector('.md-search-result__list'); if (l) l.innerHTML = ''; }"
    )
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)  # at once: no results of a half-typed query to mistake for these
    page.keyboard.press("End")  # Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.evaluate(RESULTS)


def ranked(groups: list[list[tuple[float, str]]]) -> list[str]:
    """The results in the order a reader meets them: each group's best-scoring entry."""
    return [max(group)[1] for group in groups]


def matches(found: str, want: str) -> bool:
    """A result is the expected page, or the very entry where the expectation names one (#)."""
    return found == want if "#" in want else found.partition("#")[0] == want


def run_table(browser, start: str, edition: str, to_link) -> list[str]:
    """Every query of `edition`'s table on its home page at `start`; the failures."""
    page = browser.new_page()
    failures = []
    try:
        page.goto(start)
        for query, first, also in QUERIES[edition]:
            found = ranked(ask(page, query))
            expected = [to_link(first), *(to_link(link) for link in also)]
            first_five = found[:5]
            if (
                not found
                or not matches(found[0], expected[0])
                or not all(any(matches(link, want) for link in first_five) for want in expected[1:])
            ):
                failures.append(f"{query!r}: expected {expected}, got {found[:5]}")
    finally:
        page.close()
    return failures


@pytest.mark.parametrize("edition", list(QUERIES))
def test_queries_find_the_page_they_mean_served(browser, served: str, edition: str) -> None:
    root = "/" + served.split("/", 3)[3]
    failures = run_table(browser, served + edition, edition, lambda link: root + link)
    assert not failures, "\n".join(failures)


def bundle_link(root: Path, link: str) -> str:
    """A served location as the bundle has it: roles/x/ → roles/x.html, en/ → en/index.html."""
    path, _, anchor = link.partition("#")
    path = f"{path}index.html" if path in QUERIES else f"{path.rstrip('/')}.html"
    return (root / path).as_uri().removeprefix("file://") + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("edition", list(QUERIES))
def test_queries_find_the_page_they_mean_offline(browser, unzipped: Path, edition: str) -> None:
    start = (unzipped / edition / "index.html").as_uri()
    failures = run_table(browser, start, edition, lambda link: bundle_link(unzipped, link))
    assert not failures, "\n".join(failures)
