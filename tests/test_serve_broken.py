"""`mkdocs serve` with data broken mid-session (issue 12): the browser gets a page listing the
problems with file and line, not a stale or hanging page, and fixing the data brings it back."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .helpers import http_get, mkdocs_serve, wait_for
from .minimal import write_project


def _page(url: str) -> str:
    try:
        return http_get(url)
    except (urllib.error.URLError, OSError):
        return ""


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["serve", "dirty"])
def test_serve_shows_the_problems_in_the_browser_until_they_are_fixed(
    tmp_path: Path, mode: list[str]
) -> None:
    project = write_project(tmp_path / "project")  # the small handbook: enough to break
    log_file = tmp_path / "serve.log"
    with mkdocs_serve(project, log_file, *mode, PLAYBOOK_ALL_LANGUAGES="false") as (server, port):
        base = f"http://127.0.0.1:{port}/"
        url = base + "roles/ops-manager/"
        wait_for(lambda: "<h1" in _page(url), 180, "the first build", server=server, log=log_file)
        roles = project / "data/roles/ops.yaml"
        good = roles.read_text(encoding="utf-8")
        assert "    department: null\n" not in good
        broken = good.replace("  - id: ops-manager\n", "  - id: ops-manager\n    departmnt: x\n", 1)
        assert broken != good
        roles.write_text(broken, encoding="utf-8")
        wait_for(
            lambda: "data/roles/ops.yaml:" in _page(url),
            180,
            "the problems page",
            server=server,
            log=log_file,
        )
        page = _page(url)
        assert "unknown field &#39;departmnt&#39;" in page or "unknown field 'departmnt'" in page
        assert "data/roles/ops.yaml:" in _page(base)  # the hand-written pages too
        roles.write_text(good, encoding="utf-8")
        wait_for(
            lambda: "data/roles/ops.yaml:" not in _page(url) and "<h1" in _page(url),
            180,
            "the fix",
            server=server,
            log=log_file,
        )
        assert server.poll() is None, log_file.read_text(encoding="utf-8")
