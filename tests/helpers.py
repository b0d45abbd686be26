"""Helpers the tests share: the real handbook's model, reading pages of a built site, and
waiting on a `mkdocs serve` the test started."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin

from bs4 import BeautifulSoup

from macros.model.loader import load_handbook

from . import preloaded
from .conftest import ROOT

HB = load_handbook(ROOT / "data")
LANGS = {"zh": "", "en": "en/"}  # the languages the data is written in
EDITIONS = {**LANGS, "zh-Hant": "zh-Hant/"}  # ... and the site's editions


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html"
    assert path.is_file(), f"missing page {url}"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    for anchor in soup.select("a.headerlink"):  # the ¶ permalinks
        anchor.decompose()
    return soup


def resolve(site: Path, url: str, href: str) -> Path:
    """The file a relative link on page `url` opens."""
    target = unquote(urljoin(f"http://site/{url}", href).removeprefix("http://site/"))
    target = target.split("#")[0]
    return site / target / "index.html" if not target.endswith(".html") else site / target


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def free_port() -> int:
    """A loopback port nobody listens on, for a test's `mkdocs serve`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for(
    predicate, timeout: float, what: str, *, server: preloaded.Started | None = None, log: Path | None = None
) -> None:
    """Poll `predicate` until it holds; fail naming `what` after `timeout` seconds, or as soon as
    `server` has ended. The failure quotes the end of `log` (the server's output, its debug
    lines left out): what the server was doing is the first thing to know."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if server is not None and server.poll() is not None:
            raise AssertionError(f"the server ended (status {server.returncode}) before {what}{_tail(log)}")
        time.sleep(0.2)
    if server is not None and server.poll() is None:  # where each of its threads is (mkdocs_serve)
        server.send_signal(signal.SIGUSR1)
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}{_tail(log)}")


def _tail(log: Path | None, lines: int = 120) -> str:
    if log is None or not log.exists():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    kept = [line[:300] for line in text if not line.startswith("DEBUG")][-lines:]
    return "\n--- the server's last lines ---\n" + "\n".join(kept)


def save(path: Path, text: str) -> None:
    """Save `path`, a file of a project `mkdocs serve` watches, in one change: written beside
    the project's mkdocs.yml (a folder the server does not watch), then renamed over it. The
    server never sees it half-written (written in place, a busy machine can pause the writer
    between emptying the file and filling it, long enough for a rebuild to start from the empty
    file) nor sees a new file before the edit lands."""
    project = next(folder for folder in path.parents if (folder / "mkdocs.yml").is_file())
    temporary = project / f".{path.name}.saving"
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


@contextlib.contextmanager
def mkdocs_serve(
    project: Path, log_file: Path, *args: str, **env_vars: str
) -> Iterator[tuple[preloaded.Started, int]]:
    """`mkdocs serve` of `project` (with `args` and extra environment) on a free loopback port,
    its output in `log_file` (forked from tests/preloaded.py's server, as `mkdocs_build`'s
    builds are: it stops on SIGINT as on Ctrl-C, and prints every thread's stack on SIGUSR1);
    yields the server and its port, and stops it on the way out as a user does, with Ctrl-C:
    MkDocs then deletes the site it served from a temporary folder (a server terminated leaves
    it in /tmp: 100 MB and more at seed size)."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    server = preloaded.start(project, ["serve", *args, "-a", f"127.0.0.1:{port}"], env, log_file)
    try:
        yield server, port
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


# A git that knows nothing of the machine's configuration, for tests that make repositories.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity and no user or system configuration; its output."""
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        input="",
        env={**os.environ, **GIT_ENV},
        check=True,
    )
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
