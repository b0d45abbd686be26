"""The further language editions built in parallel child processes (forked from the loaded build,
macros/site/forked.py, or started anew, macros/site/editions.py) make the same site as building
them in turn in one process, and a child's failure fails the build and keeps the old site."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import preloaded
from .conftest import copy_project, mkdocs_build
from .helpers import tree_digest
from .minimal import write_project


@dataclass(frozen=True)
class KilledThenRebuilt:
    project: Path
    children: list[int]  # the editions' processes running when their parent was killed
    orphans: list[int]  # ... still running after it
    leftovers: list[str]  # what the killed build left beside the site
    rebuilt: subprocess.CompletedProcess[str]  # the next build: every edition in turn, no children


@pytest.fixture(scope="module")
def killed_then_rebuilt(tmp_path_factory: pytest.TempPathFactory) -> KilledThenRebuilt:
    """The small handbook (tests/minimal.py: all three editions, in a fraction of the full
    handbook's time): a build (editions in two forked children) killed once both children are
    writing their editions, then the next build, in one process (PLAYBOOK_JOBS=0)."""
    project = write_project(tmp_path_factory.mktemp("killed") / "project")
    children: list[int] = []
    orphans: list[int] = []
    if sys.platform.startswith("linux"):  # the children are found in /proc
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_JOBS": "2"}
        parent = preloaded.start(project, ["build"], env, Path(os.devnull))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (len(children) == 2 and _writing(project, 2)):
            children = children if len(children) == 2 else _children_of(parent.pid)
            time.sleep(0.01)
        for pid in children:  # held still: an edition must not escape by finishing its build first
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _running(children):
            time.sleep(0.05)
        orphans = _running(children)
        for pid in orphans:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    leftovers = sorted(p.name for p in project.glob("site.partial-*"))
    rebuilt = mkdocs_build(project, PLAYBOOK_JOBS="0")
    return KilledThenRebuilt(project, children, orphans, leftovers, rebuilt)


def _writing(project: Path, editions: int) -> bool:
    """Whether `editions` further editions have written files into their folders."""
    folders = [p for p in project.glob("site.partial-*.*") if p.is_dir()]
    return len(folders) >= editions and all(any(folder.iterdir()) for folder in folders)


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_build_takes_its_editions_with_it_and_the_next_cleans_up(
    killed_then_rebuilt: KilledThenRebuilt,
) -> None:
    run = killed_then_rebuilt
    assert len(run.children) == 2, "the editions never started"
    assert not run.orphans, "orphaned editions"
    assert run.leftovers, "the killed build left nothing to clean (test too slow?)"
    assert run.rebuilt.returncode == 0, run.rebuilt.stderr
    assert sorted(p.name for p in run.project.iterdir() if p.name.startswith("site")) == ["site"]


def test_parallel_editions_make_the_same_site_as_one_process(
    killed_then_rebuilt: KilledThenRebuilt, tmp_path: Path
) -> None:
    result = killed_then_rebuilt.rebuilt
    assert result.returncode == 0, result.stderr
    project = killed_then_rebuilt.project
    in_turn = project / "site"
    # Two jobs: each further edition in a child forked from the loaded build, both at once; one
    # job: forked too, the second waiting for the first to finish (forked.Turns); where this
    # process cannot fork (not Linux), each a new `mkdocs build`.
    for jobs, folder in (("2", "forked"), ("1", "in-turns")):
        result = mkdocs_build(project, "--site-dir", str(tmp_path / folder), PLAYBOOK_JOBS=jobs)
        assert result.returncode == 0, result.stderr
    no_fork = "import sys, macros.site.forked as f; f.can_fork = lambda: False; sys.argv[0] = 'mkdocs'; "
    spawned = subprocess.run(
        [sys.executable, "-c", no_fork + "from mkdocs.__main__ import cli; cli()", "build", "-q"]
        + ["--site-dir", str(tmp_path / "spawned")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_JOBS": "2"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert spawned.returncode == 0, spawned.stderr
    for folder in ("forked", "in-turns", "spawned"):
        # Byte-identical: the same data makes the same site, in another folder and build mode.
        assert tree_digest(tmp_path / folder) == tree_digest(in_turn), folder
    assert {p.name for p in in_turn.iterdir()} >= {"en", "zh-Hant", "index.html"}
    # One 404 page, the default edition's (in turn, the last language built used to win).
    assert '<html lang="zh"' in (in_turn / "404.html").read_text(encoding="utf-8")
    # Nothing left beside the site by the children.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forked", "in-turns", "spawned"]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_each_edition_keeps_its_own_search_and_sitemap_entries(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    for lang in ("en", "zh-Hant"):
        assert any(f"/{lang}/roles/store-manager/" in loc for loc in locs), lang
        index = (site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
        assert '"location":"roles/store-manager/"' in index
    assert len(locs) == len(set(locs))


@dataclass(frozen=True)
class FailedOverOldSite:
    project: Path
    before: str  # the digest of the last good site, there before the build
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def failed_over_old_site(tmp_path_factory: pytest.TempPathFactory, site: Path) -> FailedOverOldSite:
    """One failing build that two tests look at: the small handbook with two faults in its
    English edition (built in a child), built over the last good site (the session's build
    stands for it). about.en.md links to no page (a warning, fatal under strict), then
    glossary.en.md calls an unknown macro, an error that stops the edition's build (its pages
    are built in that order)."""
    project = write_project(tmp_path_factory.mktemp("failed") / "project")
    shutil.copytree(site, project / "site")
    before = tree_digest(project / "site")
    for name, fault in (
        ("about.en.md", "[broken](no-such-page.md)"),
        ("glossary.en.md", "{{ no_such_macro() }}"),
    ):
        page = project / "playbook" / name
        page.write_text(page.read_text(encoding="utf-8") + f"\n{fault}\n", encoding="utf-8")
    return FailedOverOldSite(project, before, mkdocs_build(project))


def test_a_failing_edition_fails_the_build_with_its_reason(failed_over_old_site: FailedOverOldSite) -> None:
    result = failed_over_old_site.result
    assert result.returncode == 1
    assert "The 'en' edition failed to build" in result.stderr
    assert "no-such-page.md" in result.stderr  # the warning
    assert "no_such_macro" in result.stderr  # and the error that stopped it


def test_a_failure_mid_build_keeps_the_old_site(failed_over_old_site: FailedOverOldSite) -> None:
    """The default edition was written to the staged site when its English edition failed:
    nothing of it is published, and nothing is left beside the old site."""
    project = failed_over_old_site.project
    assert tree_digest(project / "site") == failed_over_old_site.before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_bad_job_count_is_a_clear_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")

    result = mkdocs_build(project, PLAYBOOK_JOBS="many")

    assert result.returncode == 1
    assert "PLAYBOOK_JOBS='many': expected a whole number" in result.stderr
    assert "Traceback" not in result.stderr
