"""Build the further editions in processes forked from the loaded parent.

A child started as a new `mkdocs build` imports everything, reads the configuration, loads and
validates the handbook and jieba's dictionary again before it renders a page: at seed size that
costs more than its edition, and at 2,000 roles each child holds its own copy. A child forked
once all that is done starts at its first page and shares the parent's memory until it writes
to it. Where a process cannot fork safely (not Linux, or other threads are running, as in
`mkdocs serve`'s rebuilds), editions.py starts fresh processes instead.

The child continues the parent's build from the point of the fork as a build of one edition,
writes its `EditionReport` (editions.py) and ends with `os._exit` at the end of its build, so
it never runs the parent's remaining work (publishing, serving). Plain process work with no
MkDocs import; `plugin.py` wires it to the build.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import upstream, workers
from .editions import (
    ChildEdition,
    EditionBuilds,
    EditionOrder,
    EditionReport,
    EditionResult,
    die_with_parent,
    end_child,
    ended_or_reported,
    worker_of,
)
from .plan import BuildPlan
from .segmenter import load_segmenter


def can_fork() -> bool:
    """Fork only where it is safe: Linux, and no other thread that could hold a lock."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


@dataclass(frozen=True)
class Child:
    locale: str
    pid: int
    folder: Path
    report_file: Path
    log_file: Path


class ForkedEditions(EditionBuilds):
    """The forked children of one parent build; awaited (`merge_into`) or stopped like
    EditionBuilds' fresh processes."""

    def __init__(self, site_dir: str, children: list[Child], scratch: Path):
        self.site_dir = site_dir.rstrip(os.sep)
        self.children = children
        self._scratch = scratch
        self._done: dict[str, EditionResult] = {}
        self._ended: set[str] = set()  # the children that have ended and been waited for
        self.workers: list[workers.Worker] = []

    def results(self) -> list[EditionResult]:
        try:
            return [self._wait(child) for child in self.children]
        finally:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _wait(self, child: Child) -> EditionResult:
        if child.locale not in self._done:
            code = ended_or_reported(lambda: self._exit_code(child), child.report_file)
            log = child.log_file.read_text(encoding="utf-8", errors="replace")
            report = EditionReport.read(child.report_file)
            result = EditionResult(child.locale, child.folder, code or 0, log, report)
            if code is None:  # built and reported, and stays: its edition's preview worker
                result.worker = worker_of(result, workers.reap_pid(child.pid))
            self._done[child.locale] = result
        return self._done[child.locale]

    def _exit_code(self, child: Child) -> int | None:
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid == 0:
            return None
        self._ended.add(child.locale)
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        for child in self.children:
            if child.locale not in self._ended:  # still building, or staying as a worker
                try:
                    os.kill(child.pid, signal.SIGTERM)
                    os.waitpid(child.pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
            shutil.rmtree(child.folder, ignore_errors=True)
        shutil.rmtree(self._scratch, ignore_errors=True)


def fork_editions(
    site_dir: str, site_url: str | None, locales: list[str], linger: bool = False, jobs: int = 0
) -> tuple[ForkedEditions | None, EditionOrder | None]:
    """Fork one child per edition in `locales`. In the parent: (the children, None); in a child:
    (None, the order it carries out: its edition and where it reports; `linger`: it then stays
    as the edition's preview worker). Each child's output goes to a file of its own, shown by
    the parent only if the child fails. With `jobs` fewer than `locales`, that many build at a
    time: the others wait their turn (`Turns`)."""
    # not a TemporaryDirectory: a child dropping its copy of the object would delete the folder
    scratch = Path(tempfile.mkdtemp(prefix="playbook-editions-"))
    children: list[Child] = []
    turns = Turns(scratch, jobs) if 0 < jobs < len(locales) else None
    gc.collect()
    gc.freeze()  # the children share the loaded handbook: a collection in them must not touch it
    for index, locale in enumerate(locales):
        folder = edition_folder(site_dir, locale)
        report, log = scratch / f"{locale}.json", scratch / f"{locale}.log"
        order = EditionOrder(locale, site_url, str(report), linger=linger)  # names this process
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            ForkedEditions(site_dir, children, scratch).stop()
            raise
        if pid == 0:  # the child: from here on, a build of `locale` only
            die_with_parent()
            if os.getppid() != order.parent:  # the parent was gone before that took effect
                os._exit(1)
            _redirect_output(log)
            if turns is not None:
                turns.wait(index)
            return None, order
        children.append(Child(locale, pid, folder, report, log))
    gc.unfreeze()
    return ForkedEditions(site_dir, children, scratch), None


class Turns:
    """Lets `jobs` forked children build at a time, where fewer may than there are editions
    (a machine short of memory: each building edition holds its own pages, a waiting one only
    what it shares with the parent). Child `i` builds once it holds the lock of slot `i % jobs`,
    which the kernel lets go when the child ends however it ends, or when it has built (`done`:
    a preview worker stays after its build)."""

    _held: int | None = None  # in a child: the descriptor that holds its slot

    def __init__(self, scratch: Path, jobs: int):
        self.slots = [scratch / f"turn-{slot}.lock" for slot in range(jobs)]
        for slot in self.slots:
            slot.touch()

    def wait(self, index: int) -> None:
        """In child `index`, before its build: wait for its slot (its own descriptor: a lock
        inherited through fork would be shared with the parent)."""
        import fcntl  # (POSIX, as fork is)

        fd = os.open(self.slots[index % len(self.slots)], os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX)
        Turns._held = fd

    @staticmethod
    def done() -> None:
        """The child has built its edition: the next may start."""
        if Turns._held is not None:
            os.close(Turns._held)  # (closing the only descriptor lets the lock go)
            Turns._held = None


def fork_for(
    plan: BuildPlan, config: Any, renderer: Any
) -> tuple[ForkedEditions | None, BuildPlan, ForkedChild | None]:
    """Fork the further editions of `plan` from this loaded build, after what each would do
    first is done once, for them to share: jieba's dictionary read and the theme's templates
    loaded (compiled on a first build); the caller (processes.split_editions) has chosen the
    segmenter and prepared `renderer` (the build's Renderer: page templates, pinyin) before. In
    the parent: (its children, its plan, None); in a child: (None, the plan of its edition, its
    report to the parent), with `config` writing to its own folder."""
    load_segmenter(plan.languages)
    upstream.compile_theme(config)
    if plan.mode == "build":  # (serve reads the data again on each rebuild, and keeps them)
        renderer.hb.let_go_of_files()
    children, order = fork_editions(
        config.site_dir, config.site_url, list(plan.further), plan.previewing, plan.jobs
    )
    if order is None:
        return children, plan, None
    config.site_dir = str(edition_folder(config.site_dir, order.locale))
    return None, plan.for_edition(order.locale), ForkedChild(order)


class ForkedChild(ChildEdition):
    """A forked child's report to its parent; the child ends with its build."""

    def end(self, completed: bool, strict: bool = False, render: workers.Render | None = None) -> None:
        """End it as MkDocs would end its build, which it leaves before the strict-mode check:
        report to the parent (and stay as its preview worker, if asked), then exit without
        running the parent's remaining work."""
        ok = completed and not (strict and self.report.warnings)
        Turns.done()
        self.finish(ok, render)
        end_child(0 if ok else 1)


def edition_folder(site_dir: str, locale: str) -> Path:
    """Where a child builds its edition, beside the parent's site folder."""
    return Path(f"{site_dir.rstrip(os.sep)}.{locale}")


def _redirect_output(log: Path) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
