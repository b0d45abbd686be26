"""`mkdocs build` as a user runs it, forked from a process that has imported MkDocs, the theme,
the plugins and this project already.

Each `mkdocs build` of the suite would otherwise spend about 0.7 s of CPU importing the same
modules before it reads its mkdocs.yml. A small server (this file run as a script, one per test
process, with no threads) imports them once and forks each build from itself: the build then
runs MkDocs' own command line (`mkdocs.__main__.cli`) in the test's project folder, with the
test's environment, its output in files, exactly as `python -m mkdocs build` would from there
on, and ends as the interpreter would (exit handlers run, SystemExit's status). Only the imports
are shared: no module of this project or of MkDocs keeps state from being imported.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

# What `python -m mkdocs build` imports before it reads mkdocs.yml, and the plugins it loads then.
PRELOAD = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "material.plugins.search.plugin",
    "mkdocs_static_i18n.plugin",
    "mkdocs_macros.plugin",
    "macros.site.plugin",
)

_SERVER: subprocess.Popen[str] | None = None
_LOCK = threading.Lock()


def run(
    project: Path, args: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """`mkdocs <args>` in `project` with environment `env`; its exit status and output, as
    subprocess.run(…, capture_output=True, text=True) gives them (TimeoutExpired after
    `timeout` seconds, the build killed)."""
    with _LOCK, tempfile.TemporaryDirectory(prefix="mkdocs-run-") as scratch:
        out, err = Path(scratch) / "stdout", Path(scratch) / "stderr"
        server = _server()
        request = {"project": str(project), "args": args, "env": env, "out": str(out), "err": str(err)}
        server.stdin.write(json.dumps(request) + "\n")  # type: ignore[union-attr]
        server.stdin.flush()  # type: ignore[union-attr]
        pid = json.loads(server.stdout.readline())["pid"]  # type: ignore[union-attr]
        timed_out = threading.Event()
        timer = threading.Timer(timeout, lambda: (timed_out.set(), _kill(pid)))
        timer.start()
        try:
            reply = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        finally:
            timer.cancel()
        if timed_out.is_set():
            raise subprocess.TimeoutExpired(["mkdocs", *args], timeout)
        read = lambda path: path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""  # noqa: E731
        return subprocess.CompletedProcess(["mkdocs", *args], reply["code"], read(out), read(err))


def _server() -> subprocess.Popen[str]:
    global _SERVER
    if _SERVER is None or _SERVER.poll() is not None:
        _SERVER = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        atexit.register(_stop, _SERVER)
    return _SERVER


def _stop(server: subprocess.Popen[str]) -> None:
    """At the test process's exit: the server ends at the end of its input (waited for, so its
    builds' CPU time counts in the test run's)."""
    with contextlib.suppress(OSError):
        server.stdin.close()  # type: ignore[union-attr]
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def serve() -> None:
    """The server: import once, then fork a build for each request line on stdin; answer with
    the build's pid, then its exit status."""
    for module in PRELOAD:
        importlib.import_module(module)
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            os._exit(_build(**request))
        print(json.dumps({"pid": pid}), file=replies, flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), file=replies, flush=True)


def _build(project: str, args: list[str], env: dict[str, str], out: str, err: str) -> int:
    """In the forked build: become `python -m mkdocs <args>` run in `project`; its exit status."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    for fd, path in ((1, out), (2, err)):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, fd)
        os.close(handle)
    os.chdir(project)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["mkdocs", *args]
    code = 0
    try:
        from mkdocs.__main__ import cli

        cli.main(args=args, prog_name="mkdocs")
    except SystemExit as exit_:
        if isinstance(exit_.code, int) or exit_.code is None:
            code = exit_.code or 0
        else:
            print(exit_.code, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 - reported as the interpreter would, then status 1
        traceback.print_exc()
        code = 1
    finally:
        atexit._run_exitfuncs()  # as the interpreter does at exit (a forked process skips them)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    return code


if __name__ == "__main__":
    serve()
