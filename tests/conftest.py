"""Shared fixtures: copies of the real project in temporary folders, built with the real CLI."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from macros.cli.engine_files import copy_parts

from . import preloaded

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "playbook", "data", "overrides")


# The files that take longest (serve sessions, several builds of their own) run first: the workers
# (pyproject.toml's addopts) take one file at a time in this order, so the run does not end with
# one worker alone on a long file.
LONG_FILES = (
    "test_live.py",
    "test_live_dirty.py",
    "test_editions.py",
    "test_serve_broken.py",
    "test_new.py",
    "test_site.py",
    "test_search.py",
    "test_browser.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONG_FILES.index(name) if name in LONG_FILES else len(LONG_FILES)

    items.sort(key=rank)  # stable: the rest keep their order


def copy_project(dest: Path) -> Path:
    """A fresh copy of the handbook sources (never the repo's own site/)."""
    dest.mkdir(parents=True, exist_ok=True)
    copy_parts(ROOT, dest, PROJECT_PARTS)
    return dest


def mkdocs_build(
    project: Path, *args: str, python: str = sys.executable, **env_vars: str
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` exactly as a user would, in `project` (with extra environment), with
    this interpreter (forked from a process that has imported MkDocs and the plugins already:
    tests/preloaded.py) or `python` (another venv's, a process of its own)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    if python == sys.executable:
        return preloaded.run(project, ["build", *args], env, timeout=300)
    return subprocess.run(
        [python, "-m", "mkdocs", "build", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name`, made by `make` once per test run and shared by every pytest-xdist worker:
    the first worker to ask makes it, the others wait and reuse it (read-only)."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the run's own folder
    folder, done = root / name, root / f"{name}.done"
    try:
        os.close(os.open(root / f"{name}.lock", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another worker makes it
        deadline = time.monotonic() + 900
        while not done.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for another worker to make {name}")
            time.sleep(0.1)
        if failure := done.read_text(encoding="utf-8"):
            pytest.fail(f"making {name} failed in another worker:\n{failure}")
        return folder
    failure = "interrupted"
    try:
        make(folder)
        failure = ""
    except BaseException as exc:
        failure = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        written = root / f"{name}.done.tmp"
        written.write_text(failure, encoding="utf-8")
        written.replace(done)  # whole, at once
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once per test run; returns the project folder."""

    def build(project: Path) -> None:
        copy_project(project)
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        (project / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")

    return made_once(tmp_path_factory, "handbook", build)


@pytest.fixture(scope="session")
def site(built: Path) -> Path:
    return built / "site"


@pytest.fixture(scope="session")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle of the real handbook, made once per test run and unzipped."""
    from macros.cli.bundle import bundle

    def make(work: Path) -> None:
        project = copy_project(work / "project")
        report = bundle(project, work / "handbook.zip")
        assert report.files > 100 and report.zip_bytes < report.site_bytes
        assert str(report).startswith(f"Wrote {work / 'handbook.zip'}: {report.files} files")
        with zipfile.ZipFile(report.path) as zf:
            zf.extractall(work / "out")

    return made_once(tmp_path_factory, "bundle", make) / "out" / "handbook"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """`folder` served over loopback (a port of its own) while the block runs; the address of
    its root."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The built site over loopback; the address of its root."""
    with static_server(site) as root:
        yield root


CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> str:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).is_file():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"CI must install Chromium ({CHROMIUM}): apt-get install -y chromium")
    pytest.skip(f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Material moves its search box, drawer and sidebars between layouts with CSS transitions: right
# after a resize the page is mid-way (the search box sticks out for 250 ms). Finished at once,
# the page is laid out as a fresh load at the new size lays it out.
_FINISH_TRANSITIONS = """() => document.getAnimations().forEach(a => {
  if (a.effect.getComputedTiming().endTime !== Infinity) a.finish(); })"""


def finish_transitions(page_or_frame) -> None:
    """Finish the transitions a new layout of `page_or_frame` has started."""
    page_or_frame.evaluate(_FINISH_TRANSITIONS)


def resize(page, width: int, height: int) -> None:
    """Set `page`'s viewport and finish the transitions the new layout starts."""
    page.set_viewport_size({"width": width, "height": height})
    finish_transitions(page)


def type_search(page, query: str) -> list[str]:
    """Put `query` into Material's search box as a reader would; return the result links.

    Material reads the query on keyup. The query is entered at once, as an IME's final commit
    or a paste would (typed key by key, each key would run a query of its own, and the first
    results to show could be a half-typed query's); a reader's next key press — here End — is
    what runs the query."""
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item > a", "a => a.map(e => e.href.split('?')[0])")
