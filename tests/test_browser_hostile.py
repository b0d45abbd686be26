"""Stored script injection, proved in a real browser (issue 12): a glossary definition and a role
name made of markup are shown as text by Material's tooltips — no script runs and no request
leaves the page when the reader hovers them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import mkdocs_build, static_server
from .minimal import write_project

pytestmark = pytest.mark.browser

PWN = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">'
FETCH = "<img src=https://example.org/pixel.png>"
# Long enough for the header's title to be cut short, which makes Material put it in a tooltip.
NAME = "客服主管" * 12 + PWN + FETCH


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The small handbook (tests/minimal.py), Simplified edition only: markup in the definition
    of a term an assistant's duty uses, and in the manager's name."""
    project = write_project(tmp_path_factory.mktemp("hostile") / "project")
    for name, plain, changed in (
        (
            "glossary.yaml",
            "definition: {zh: 商品的最小库存编号,",
            f"definition: {{zh: '{PWN}{FETCH} &amp; &lt;b&gt;',",
        ),
        ("roles/ops.yaml", "{zh: 上架商品,", "{zh: 按库存单位上架商品,"),
        ("roles/ops.yaml", "name: {zh: 运营经理,", f"name: {{zh: '{NAME}',"),
    ):
        path = project / "data" / name
        text = path.read_text(encoding="utf-8")
        assert plain in text
        path.write_text(text.replace(plain, changed), encoding="utf-8")
    result = mkdocs_build(project, PLAYBOOK_ALL_LANGUAGES="false")
    assert result.returncode == 0, result.stderr
    yield project / "site"


@pytest.fixture(scope="module")
def server(hostile_site: Path) -> Iterator[str]:
    with static_server(hostile_site) as root:
        yield root


def _open(browser, url: str, height: int = 800):
    page = browser.new_page(viewport={"width": 1280, "height": height})
    outside: list[str] = []
    host = url.split("/")[2]
    page.on("request", lambda r: r.url.split("/")[2] != host and outside.append(r.url))
    page.goto(url)
    page.wait_for_function("document.querySelector('.md-header') !== null")
    return page, outside


def test_hovering_a_term_shows_its_definition_as_text(browser, server: str) -> None:
    url = server + "roles/ops-assistant/"
    page, outside = _open(browser, url)
    try:
        term = page.locator("article abbr", has_text="库存单位").first
        term.scroll_into_view_if_needed()
        term.hover()
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(timeout=10_000)
        page.wait_for_timeout(1500)  # an image's error handler would have run by now
        shown = tip.inner_text()
        assert "<img src=x" in shown and "&amp; &lt;b&gt;" in shown
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".md-tooltip2 img").count() == 0
    finally:
        page.close()
    assert outside == [], f"requests left the page: {outside}"


def test_hovering_a_long_title_shows_it_as_text(browser, server: str) -> None:
    page, outside = _open(browser, server + "roles/ops-manager/", height=360)
    try:
        page.mouse.wheel(0, 700)  # the header then shows the page's name, cut short
        page.wait_for_function(
            "[...document.querySelectorAll('[title]')].some(e => e.title.includes('<img'))"
        )
        box = page.evaluate(
            "(() => { const r = [...document.querySelectorAll('[title]')]"
            ".find(e => e.title.includes('<img')).getBoundingClientRect();"
            " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"
        )
        page.mouse.move(box["x"], box["y"])
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(timeout=10_000)
        page.wait_for_timeout(1500)
        assert "<img src=x onerror" in tip.inner_text()
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".md-tooltip2 img").count() == 0
    finally:
        page.close()
    assert outside == [], f"requests left the page: {outside}"
