"""Build a site's further language editions in parallel processes, one per edition.

mkdocs-static-i18n builds each further language inside the previous one's `on_post_build`: one
after another, on one core. Instead, a build that makes several editions starts one
`mkdocs build` per further edition as soon as its data is loaded, while it builds the default
edition itself. The protocol between the two is typed: the parent hands each child an
`EditionOrder` (PLAYBOOK_EDITION: which edition, what the command line cannot carry, where to
report); the child records its own warnings and errors and writes them as an `EditionReport`
(JSON) when it ends; the parent reads the report and moves the edition into its site
(`output.merge_editions`).

Plain process work with no MkDocs import; `plugin.py` wires it to the build.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from . import workers, zygote
from .output import merge_editions

EDITION_ENV = "PLAYBOOK_EDITION"  # set by a parent build for each child
JOBS_ENV = "PLAYBOOK_JOBS"  # how many editions build at once beside the parent; 0: in-process
log = logging.getLogger("mkdocs.plugins.playbook")


class EditionsError(Exception):
    """An edition could not be built; the message says which and why."""


def parse_jobs(raw: object, where: str) -> int:
    """A job count as given (`where` names the setting in the message): a whole number ≥ 0."""
    value = raw.strip() if isinstance(raw, str) else raw
    try:
        number = int(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None:
        raise EditionsError(
            f"{where}={raw!r}: expected a whole number (0 builds the editions one after another "
            "in one process)"
        )
    if number < 0:
        raise EditionsError(f"{where}={raw!r}: expected 0 or more")
    return number


def job_count(option: int | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """The plugin's `jobs` option, else PLAYBOOK_JOBS, else one child per core this process may
    run on."""
    if option is not None:
        return option
    raw = environ.get(JOBS_ENV, "").strip()
    if raw:
        return parse_jobs(raw, JOBS_ENV)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class EditionOrder:
    """What a parent asks of a child build. Strictness and directory URLs go on the child's
    command line; the site address has no option there, so it travels here."""

    locale: str
    site_url: str | None
    report_file: str  # where the child writes its EditionReport
    parent: int = field(default_factory=os.getpid)  # the parent build's process
    linger: bool = False  # under mkdocs serve: stay as the edition's preview worker (workers.py)

    def to_env(self) -> dict[str, str]:
        return {EDITION_ENV: json.dumps(asdict(self), ensure_ascii=False)}

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] = os.environ,
        further: tuple[str, ...] | None = None,
        parent: int | None = None,
    ) -> EditionOrder | None:
        """The order this build was given, or None when no parent started it.

        An order names its parent's process (`parent`: ours, by default): PLAYBOOK_EDITION set
        by hand, or inherited by a build its parent did not start, is refused in one line rather
        than obeyed; so is an edition the site does not have (`further`)."""
        raw = environ.get(EDITION_ENV)
        if not raw:
            return None
        try:
            order = cls(**json.loads(raw))
        except (ValueError, TypeError):
            order = None
        valid = (
            order is not None
            and isinstance(order.locale, str)
            and isinstance(order.report_file, str)
            and isinstance(order.site_url, (str, type(None)))
            and isinstance(order.linger, bool)
            and order.parent == (os.getppid() if parent is None else parent)
            and (further is None or order.locale in further)
        )
        if not valid:
            shown = raw if len(raw) < 60 else raw[:57] + "..."
            raise EditionsError(
                f"{EDITION_ENV}={shown!r} is set, but this is not a child build of one edition: "
                f"unset it (only a parent build sets {EDITION_ENV}, for its own children)"
            )
        return order


def die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Linux: the child is killed when its parent dies (even by SIGKILL), never orphaned."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _outlive_starting_thread() -> None:
    """Linux kills a child set to die with its parent when the parent's THREAD that started it
    ends (here a pool thread, done once the edition is built): a child that stays clears it."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, 0)


def _load_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PR_SET_PDEATHSIG = 1
_PRCTL = _load_prctl()  # looked up before any fork: nothing but the call happens in the child


@dataclass
class EditionReport:
    """What a child build tells its parent when it ends."""

    locale: str
    completed: bool = False  # built and post-processed to the end
    warnings: list[str] = field(default_factory=list)  # messages of its WARNING records
    errors: list[str] = field(default_factory=list)  # … and of its ERROR records
    worker: str | None = None  # the socket of the preview worker it stays as (workers.py)
    pid: int | None = None  # … and its process

    def write(self, path: Path) -> None:
        """Written whole or not at all: a parent may read it while the child still runs."""
        part = path.with_name(path.name + ".part")
        part.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")
        part.replace(path)

    @classmethod
    def read(cls, path: Path) -> EditionReport | None:
        """The report at `path`, or None if the child never wrote one (it was killed)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


class ChildEdition(logging.Handler):
    """The child's side: records the build's warnings and errors (MkDocs' and every plugin's,
    all under the `mkdocs` logger) and writes the report for its parent."""

    def __init__(self, order: EditionOrder):
        super().__init__(logging.WARNING)
        self.order = order
        self.report = EditionReport(order.locale)
        logging.getLogger("mkdocs").addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        target = self.report.errors if record.levelno >= logging.ERROR else self.report.warnings
        target.append(record.getMessage())

    def finish(self, completed: bool, render: workers.Render | None = None) -> None:
        """Report to the parent; then, if it asked and the edition was built, stay as the
        edition's preview worker (`render`) until the parent says quit, and end at once: its
        build was reported and moved in long ago (winding the interpreter down took a third of
        a second or more, which the parent's next rebuild waited for)."""
        logging.getLogger("mkdocs").removeHandler(self)
        self.report.completed = completed
        server = None
        if completed and self.order.linger and render is not None:
            server = workers.listen()
            self.report.worker, self.report.pid = workers.address_of(server), os.getpid()
            _outlive_starting_thread()  # the worker checks its parent itself (workers.serve)
        self.report.write(Path(self.order.report_file))
        if server is not None:
            workers.serve(server, render, self.order.parent)  # type: ignore[arg-type]
            end_child(0)


def end_child(code: int) -> None:
    """End a child edition's process now: its output flushed, no exit handlers, none of the
    parent's remaining work (a forked child), no interpreter wind-down (a preview worker)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


@dataclass
class EditionResult:
    """One child build, as its parent saw it: its report, and its console output for when it
    wrote none."""

    locale: str
    site_dir: Path
    returncode: int
    log: str
    report: EditionReport | None = None
    worker: workers.Worker | None = None  # the child stays as its edition's preview worker

    def warnings(self) -> list[str]:
        return self.report.warnings if self.report is not None else []

    def failure(self) -> str:
        """Why it failed: its errors and warnings, else what it printed without progress lines."""
        if self.report is not None and (self.report.errors or self.report.warnings):
            return "\n".join(
                [*(f"ERROR    -  {m}" for m in self.report.errors)]
                + [f"WARNING  -  {m}" for m in self.report.warnings]
            )
        quiet = ("INFO", "DEBUG", *_JIEBA_CHATTER)
        return "\n".join(
            line for line in self.log.splitlines() if line.strip() and not line.startswith(quiet)
        )


# What jieba prints to stderr when it loads its dictionary.
_JIEBA_CHATTER = ("Building prefix dict", "Loading model", "Prefix dict has been built")


def start(config: Any, locales: list[str], jobs: int, linger: bool = False) -> EditionBuilds:
    """Start building `locales` for the site MkDocs `config` describes, `jobs` at a time
    (`linger`: each child then stays as its edition's preview worker)."""
    settings = {
        "site_url": config.site_url,
        "strict": bool(config.strict),
        "use_directory_urls": bool(config.use_directory_urls),
        "linger": linger,
    }
    return EditionBuilds(config.config_file_path, config.site_dir, locales, settings, jobs)


class EditionBuilds:
    """The child builds of one parent build: started at once, awaited, or stopped."""

    def __init__(
        self, config_file: str, site_dir: str, locales: list[str], settings: dict[str, Any], jobs: int
    ):
        self.config_file = config_file
        self.site_dir = site_dir.rstrip(os.sep)
        self.settings = settings  # what the parent's command line changed: applied by each child
        self._pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="edition")
        self._running: dict[str, Any] = {}  # subprocess.Popen or zygote.Started
        self._lock = threading.Lock()
        self._stopped = False
        self._reports = tempfile.TemporaryDirectory(prefix="playbook-editions-")
        self.workers: list[workers.Worker] = []  # the children that stayed (merge_into)
        self.futures: dict[str, Future[EditionResult]] = {
            locale: self._pool.submit(self._build, locale) for locale in locales
        }

    def folder(self, locale: str) -> Path:
        return Path(f"{self.site_dir}.{locale}")

    def _build(self, locale: str) -> EditionResult:
        folder = self.folder(locale)
        report_file = Path(self._reports.name) / f"{locale}.json"
        order = EditionOrder(
            locale, self.settings.get("site_url"), str(report_file), linger=bool(self.settings.get("linger"))
        )
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--config-file",
            self.config_file,
            "--site-dir",
            str(folder),
            "--strict" if self.settings.get("strict") else "--no-strict",
            "--use-directory-urls"
            if self.settings.get("use_directory_urls", True)
            else "--no-directory-urls",
        ]
        cwd, log = Path(self.config_file).parent, Path(self._reports.name) / f"{locale}.log"
        with self._lock:
            if self._stopped:
                return EditionResult(locale, folder, -1, "stopped")
            if self.settings.get("linger") and zygote.available():  # mkdocs serve: from its zygote
                child: Any = zygote.start(
                    command[3:], dict(os.environ), str(cwd), str(log), order, die_with_parent
                )
            else:
                with open(log, "wb") as output:
                    child = subprocess.Popen(
                        command,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        env={**os.environ, **order.to_env()},
                        cwd=cwd,
                        preexec_fn=die_with_parent if _PRCTL is not None else None,  # noqa: PLW1509
                    )
            self._running[locale] = child
        returncode = ended_or_reported(child.poll, report_file)
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        result = EditionResult(locale, folder, returncode or 0, text, EditionReport.read(report_file))
        if returncode is None:  # built and reported, and stays: its edition's preview worker
            result.worker = worker_of(result, workers.reap_process(child))
        return result

    def results(self) -> list[EditionResult]:
        """Wait for every edition, in the order they were asked for."""
        try:
            return [future.result() for future in self.futures.values()]
        finally:
            self._pool.shutdown()
            self._reports.cleanup()

    def merge_into(self, site: Path) -> list[dict[str, Any]]:
        """Wait for every edition and move it into `site` (`merge_editions`), passing on its
        warnings; returns their search entries. Raises EditionsError if one failed."""
        results = self.collect()
        self.workers = [result.worker for result in results if result.worker is not None]
        for result in results:
            for message in result.warnings():
                log.warning("'%s' edition: %s", result.locale, message)
        return merge_editions(site, {result.locale: result.site_dir for result in results})

    def collect(self) -> list[EditionResult]:
        """Wait for every edition; if one failed, remove them all and raise EditionsError saying
        why each failed one did."""
        results = self.results()
        failed = [result for result in results if result.returncode != 0]
        if failed:
            workers.quit_all([result.worker for result in results if result.worker is not None])
            for result in results:
                shutil.rmtree(result.site_dir, ignore_errors=True)
            raise EditionsError(
                "\n".join(f"The '{r.locale}' edition failed to build:\n{r.failure()}" for r in failed)
            )
        return results

    def stop(self) -> None:
        """The parent failed: stop the children and forget their folders."""
        with self._lock:
            self._stopped = True
            for child in self._running.values():
                if child.poll() is None:
                    child.terminate()
        self._pool.shutdown(cancel_futures=True)
        for child in self._running.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        for locale in self.futures:
            shutil.rmtree(self.folder(locale), ignore_errors=True)
        self._reports.cleanup()


def ended_or_reported(poll: Any, report_file: Path, interval: float = 0.02) -> int | None:
    """Wait for a child to end (its exit code) or to stay as a preview worker once it has
    reported (None)."""
    while True:
        code = poll()
        if code is not None:
            return code
        if report_file.exists():
            report = EditionReport.read(report_file)
            if report is not None and report.worker is not None:
                return None
        time.sleep(interval)


def worker_of(result: EditionResult, reap: Any) -> workers.Worker | None:
    report = result.report
    if report is None or report.worker is None or report.pid is None:
        return None
    return workers.Worker(result.locale, report.worker, report.pid, reap)
