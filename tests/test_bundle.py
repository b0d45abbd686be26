"""The offline bundle: one zip that works from file:// with no network, in both languages."""

from __future__ import annotations

import re
import zipfile
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import copy_project, type_search


def test_bundle_zip_is_sorted_under_one_folder(unzipped: Path) -> None:
    zips = list(unzipped.parent.parent.glob("*.zip"))
    with zipfile.ZipFile(zips[0]) as zf:
        names = zf.namelist()
    assert names == sorted(names) and all(n.startswith("handbook/") for n in names)
    assert len(names) > 100


def test_bundle_has_both_languages_and_their_own_search(unzipped: Path) -> None:
    for folder in (unzipped, unzipped / "en"):
        assert (folder / "index.html").is_file()
        assert (folder / "roles/store-manager.html").is_file()
        assert (folder / "search/search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    assert not (unzipped / "sitemap.xml").exists()
    assert len(list(unzipped.rglob("bundle.*.min.js"))) == 1, "assets must not be duplicated"


def test_bundle_pages_load_nothing_from_outside(unzipped: Path) -> None:
    resource = re.compile(
        r'<(?:script|img|iframe|source)[^>]*\bsrc="([^"]+)"|'
        r'<link[^>]*rel="(?:stylesheet|preload|modulepreload|icon)"[^>]*href="([^"]+)"'
    )
    for page in unzipped.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in resource.finditer(html):
            url = match.group(1) or match.group(2)
            assert not re.match(r"(https?:)?//", url), f"{page}: loads {url}"
            assert not url.startswith("/"), f"{page}: root-absolute {url} breaks under file://"
        switcher = re.findall(r'<a href="([^"]+)" hreflang="[^"]+" class="md-select__link"', html)
        assert all(not h.startswith("/") and h.endswith(".html") for h in switcher), page
    assert "unpkg" not in "".join(p.read_text(encoding="utf-8") for p in unzipped.rglob("*.html"))


@pytest.mark.browser
def test_bundle_works_from_disk_with_no_request_leaving(browser, unzipped: Path) -> None:
    root = unzipped.as_uri() + "/"
    page = browser.new_page()
    outside: list[str] = []
    # blob: URLs are made in memory by the page (the search worker's code): not a request out.
    page.on("request", lambda r: r.url.startswith(("file://", "blob:")) or outside.append(r.url))
    on_disk: list[str] = []  # and nothing asked for that the bundle does not have (sitemaps)
    page.on("request", lambda r: r.url.startswith("file://") and on_disk.append(r.url))
    try:
        for start, query, expected in (
            ("index.html", "天猫", "roles/ecommerce-operations-specialist.html"),
            ("en/index.html", "delist", "en/roles/ecommerce-operations-specialist.html"),
        ):
            page.goto(root + start)
            prebuilt = find_spec("py_mini_racer") is not None  # the [test] extra has it
            if prebuilt:  # the worker is set up before the search box is touched, …
                page.wait_for_function("() => window.__playbookSearchWarm === 'ready'", timeout=20_000)
            links = type_search(page, query)
            assert root + expected in links, links
            # The index is built by a real worker (started from a Blob URL, see
            # playbook/assets/file-worker.js), not on the page's own thread.
            assert page.evaluate("() => window.__playbookSearchWorker") == "blob"
            if prebuilt:
                # … from the index the build prebuilt (macros/site/prebuilt.py; test_prebuilt.py),
                # and Material's own set-up, when the box opened, was not run again.
                assert page.evaluate("() => window.__playbookSearchIndex") == "prebuilt"
                assert page.evaluate("() => window.__playbookSearchWarm") == "used"
        # Language switcher, both ways, on a generated page.
        page.goto(root + "en/roles/store-manager.html")
        page.hover(".md-header__option .md-select")
        page.click('a.md-select__link[hreflang="zh"]')
        page.wait_for_url(root + "roles/store-manager.html")
        # The org chart and a glossary tooltip are there offline.
        page.goto(root + "org-templates/taobao-store.html")
        assert page.locator(".pb-chart a.pb-box").count() == 7
        page.goto(root + "en/roles/ecommerce-operations-specialist.html")
        term = page.locator("article abbr", has_text="average order value").first
        term.scroll_into_view_if_needed()
        term.hover()
        page.locator(".md-tooltip2--active").wait_for(timeout=5_000)
    finally:
        page.close()
    assert outside == [], f"requests left the bundle: {outside}"
    missing = {url for url in on_disk if not Path(unquote(urlsplit(url).path)).exists()}
    assert missing == set(), f"asked for files not in the bundle: {sorted(missing)}"


def test_bundle_command_reports_the_size(tmp_path: Path) -> None:
    from macros.cli import main

    project = copy_project(tmp_path / "project")
    (project / "data/glossary.yaml").write_text("terms: [oops\n", encoding="utf-8")
    assert main(["bundle", "--project", str(project), "-o", str(tmp_path / "x.zip")]) == 1
    assert not (tmp_path / "x.zip").exists()
