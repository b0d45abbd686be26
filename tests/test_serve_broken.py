"""`mkdocs serve` with data broken mid-session (issue 12): the browser gets a page listing the
problems with file and line, not a stale or hanging page, and fixing the data brings it back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _page(url: str) -> str:
    try:
        return _get(url)
    except (urllib.error.URLError, OSError):
        return ""


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["serve", "dirty"])
def test_serve_shows_the_problems_in_the_browser_until_they_are_fixed(
    tmp_path: Path, mode: list[str]
) -> None:
    project = copy_project(tmp_path / "project")
    port = _free_port()
    log_file = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_ALL_LANGUAGES": "false"}
    with open(log_file, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *mode, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        url = base + "roles/store-manager/"
        _wait_for(lambda: "<h1" in _page(url), 180, "the first build")
        roles = project / "data/roles/leadership.yaml"
        good = roles.read_text(encoding="utf-8")
        assert "    department: null\n" not in good
        broken = good.replace("  - id: store-manager\n", "  - id: store-manager\n    departmnt: x\n", 1)
        assert broken != good
        roles.write_text(broken, encoding="utf-8")
        _wait_for(lambda: "data/roles/leadership.yaml:" in _page(url), 180, "the problems page")
        page = _page(url)
        assert "unknown field &#39;departmnt&#39;" in page or "unknown field 'departmnt'" in page
        assert "data/roles/leadership.yaml:" in _page(base)  # the hand-written pages too
        roles.write_text(good, encoding="utf-8")
        _wait_for(
            lambda: "data/roles/leadership.yaml:" not in _page(url) and "<h1" in _page(url), 180, "the fix"
        )
        assert server.poll() is None, log_file.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=20)
