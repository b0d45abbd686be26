"""Under `mkdocs serve`, each rebuild's further editions start from a process that has imported
MkDocs, the theme, the plugins and this project already.

A rebuild under `mkdocs serve` cannot fork from the server (its threads could hold a lock that a
child would then wait on for ever), so each further edition was a new `python -m mkdocs build`
that spent most of a second importing the same modules before it read mkdocs.yml, on every
rebuild. Python's `forkserver` start method gives a zygote that is safe to use from any thread:
a process of its own, started anew and single-threaded, that imports those modules once and
forks a child for each request. The child then becomes the `mkdocs build` that editions.py
would have started: MkDocs' command line, run in the project's folder, with the edition's
environment and order, its output in a file. Its parent is the zygote, which ends when this
process does, however it ends (so do the children: they die with their parent,
editions.die_with_parent).

Plain process work with no MkDocs import here: the zygote imports it.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

# What `python -m mkdocs build` imports before it reads mkdocs.yml, the plugins it loads then, and
# rjieba, whose dictionary every Chinese edition's search reads (upstream.use_rust_segmenter),
# where it is installed (a module that is not is left out).
PRELOAD = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "material.plugins.search.plugin",
    "mkdocs_static_i18n.plugin",
    "mkdocs_macros.plugin",
    "macros.site.plugin",
    "rjieba",
)


def available() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def warm() -> None:
    """Start the zygote now (it imports in the background), so that the first rebuild's
    editions need not wait for it."""
    if available():
        _context()  # the modules it preloads
        from multiprocessing import forkserver

        forkserver.ensure_running()


class Started:
    """A build forked from the zygote, seen as subprocess.Popen shows a started one."""

    def __init__(self, process: Any):
        self.process = process
        self.pid: int = process.pid

    def poll(self) -> int | None:
        return self.process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self.process.join(timeout)
        if self.process.exitcode is None:
            raise subprocess.TimeoutExpired(["mkdocs"], timeout or 0)
        return self.process.exitcode

    def terminate(self) -> None:
        self.process.terminate()

    def kill(self) -> None:
        self.process.kill()


def start(
    args: list[str], env: dict[str, str], cwd: str, log: str, order: Any, setup: Callable[[], None]
) -> Started:
    """`mkdocs <args>` forked from the zygote, in `cwd`, with `env` and the edition's `order`
    (editions.EditionOrder, naming the zygote as its parent), its output in the file `log`;
    `setup` runs first in the child."""
    process = _context().Process(target=_run, args=(args, env, cwd, log, order, setup), daemon=True)
    process.start()
    return Started(process)


def _let_the_zygote_end() -> None:  # pragma: no cover - runs in the child
    """Give back the zygote's life line. The zygote ends when the last process holding the write
    end of its "alive" pipe does, and multiprocessing hands that end to every child it forks (so
    that a child could use the zygote in turn). Held by our children, which stay as preview
    workers, it kept the zygote alive after the server was killed (SIGTERM, SIGHUP, SIGKILL: no
    clean-up runs), and the zygote kept them: about 350 MB left running per session, for ever.
    Our children never use the zygote."""
    from multiprocessing import forkserver

    server = forkserver._forkserver  # (CPython's own; an AttributeError here names the change)
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)
        server._forkserver_alive_fd = None


def _run(
    args: list[str], env: dict[str, str], cwd: str, log: str, order: Any, setup: Callable[[], None]
) -> None:  # pragma: no cover - runs in the child
    """In the child: become `python -m mkdocs <args>` run in `cwd`; SystemExit gives the exit
    status, as the interpreter's would."""
    _let_the_zygote_end()
    setup()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    for fd in (1, 2):
        os.dup2(handle, fd)
    os.close(handle)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    os.environ.update(dataclasses.replace(order, parent=os.getppid()).to_env())
    sys.argv = ["mkdocs", *args]
    try:
        from mkdocs.__main__ import cli

        cli.main(args=args, prog_name="mkdocs")
    finally:
        atexit._run_exitfuncs()  # as the interpreter does at exit (a forked process skips them)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
