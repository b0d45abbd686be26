"""Build a site's further language editions in parallel processes, one per edition.

mkdocs-static-i18n builds each further language inside the previous one's `on_post_build`: one
after another, on one core. Instead, a build that makes several editions starts one
`mkdocs build` per further edition as soon as its data is loaded, while it builds the default
edition itself. Each child learns from PLAYBOOK_EDITION which edition it builds and what its
parent was told on the command line, and writes into a folder of its own; the parent then moves
each edition into its site (`site_output.merge_editions`).

Plain process work with no MkDocs import; `plugin.py` wires it to the build.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .output import merge_editions

EDITION_ENV = "PLAYBOOK_EDITION"  # set by a parent build for each child
log = logging.getLogger("mkdocs.plugins.playbook")
JOBS_ENV = "PLAYBOOK_JOBS"  # how many editions build at once beside the parent; 0: in-process


class EditionsError(Exception):
    """An edition could not be built; the message says which and why."""


def job_count() -> int:
    """PLAYBOOK_JOBS, else one child per core this process may run on."""
    raw = os.environ.get(JOBS_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            raise EditionsError(
                f"{JOBS_ENV}={raw!r}: expected a whole number (0 builds the "
                "editions one after another in one process)"
            ) from None
        if value < 0:
            raise EditionsError(f"{JOBS_ENV}={raw!r}: expected 0 or more")
        return value
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def requested() -> dict[str, Any] | None:
    """In a child build: the order its parent gave (locale and settings), else None."""
    raw = os.environ.get(EDITION_ENV)
    return json.loads(raw) if raw else None


@dataclass
class EditionResult:
    locale: str
    site_dir: Path
    returncode: int
    log: str

    def warnings(self) -> list[str]:
        """The child's WARNING and ERROR records, as MkDocs printed them."""
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]

    def report(self) -> str:
        """What the child printed, without its progress lines: why it failed."""
        quiet = ("INFO", "DEBUG", *_JIEBA_CHATTER)
        return "\n".join(
            line for line in self.log.splitlines() if line.strip() and not line.startswith(quiet)
        )


# What jieba prints to stderr when it loads its dictionary.
_JIEBA_CHATTER = ("Building prefix dict", "Loading model", "Prefix dict has been built")


def start(config: Any, locales: list[str], jobs: int) -> EditionBuilds:
    """Start building `locales` for the site MkDocs `config` describes, `jobs` at a time."""
    settings = {
        "site_url": config.site_url,
        "strict": bool(config.strict),
        "use_directory_urls": bool(config.use_directory_urls),
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
        self._running: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._stopped = False
        self.futures: dict[str, Future[EditionResult]] = {
            locale: self._pool.submit(self._build, locale) for locale in locales
        }

    def folder(self, locale: str) -> Path:
        return Path(f"{self.site_dir}.{locale}")

    def _build(self, locale: str) -> EditionResult:
        folder = self.folder(locale)
        # strict and directory URLs go on the command line; the site address has no option
        order = {"locale": locale, "site_url": self.settings.get("site_url")}
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
        env = {**os.environ, EDITION_ENV: json.dumps(order)}
        with tempfile.TemporaryFile() as log:
            with self._lock:
                if self._stopped:
                    return EditionResult(locale, folder, -1, "stopped")
                child = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=Path(self.config_file).parent
                )
                self._running[locale] = child
            returncode = child.wait()
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
        return EditionResult(locale, folder, returncode, text)

    def results(self) -> list[EditionResult]:
        """Wait for every edition, in the order they were asked for."""
        try:
            return [future.result() for future in self.futures.values()]
        finally:
            self._pool.shutdown()

    def merge_into(self, site: Path) -> list[dict[str, Any]]:
        """Wait for every edition and move it into `site` (`merge_editions`), passing on its
        warnings; returns their search entries. Raises EditionsError if one failed."""
        results = self.collect()
        for result in results:
            for line in result.warnings():
                log.warning("'%s' edition: %s", result.locale, line.partition(" -  ")[2] or line)
        return merge_editions(site, {result.locale: result.site_dir for result in results})

    def collect(self) -> list[EditionResult]:
        """Wait for every edition; if one failed, remove them all and raise EditionsError saying
        why each failed one did."""
        results = self.results()
        failed = [result for result in results if result.returncode != 0]
        if failed:
            for result in results:
                shutil.rmtree(result.site_dir, ignore_errors=True)
            raise EditionsError(
                "\n".join(f"The '{r.locale}' edition failed to build:\n{r.report()}" for r in failed)
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
