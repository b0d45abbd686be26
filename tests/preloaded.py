"""`mkdocs build` and `mkdocs serve` as a user runs them, forked from a process that has imported
MkDocs, the theme, the plugins and this project already.

Each `mkdocs build` or `mkdocs serve` of the suite would otherwise spend about 0.7 s of CPU
importing the same modules before it reads its mkdocs.yml. A small server (this file run as a
script, one per test process, with no threads) imports them once and forks each command from
itself: the command then runs MkDocs' own command line (`mkdocs.__main__.cli`) in the test's
project folder, with the test's environment, its output in files, exactly as `python -m mkdocs`
would from there on, and ends as the interpreter would (exit handlers run, SystemExit's status).
Only the imports are shared: no module of this project or of MkDocs keeps state from being
imported. The server tells the test each command's process when it starts and its exit status
when it ends, so a test can run a build to its end (`run`) or start a server, signal it and
wait for it (`start`).
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import importlib
import json
import os
import queue
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from macros.site.zygote import PRELOAD

_SERVER: subprocess.Popen[str] | None = None
_LOCK = threading.Lock()
_STARTED: queue.Queue[Started | None] = queue.Queue()  # each command's process, as it starts
_RUNNING: dict[int, Started] = {}


class Started:
    """A command forked by the server, as subprocess.Popen shows a started one."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._ended = threading.Event()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired(["mkdocs"], timeout or 0)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _end(self, code: int) -> None:
        self.returncode = code
        self._ended.set()


def start(project: Path, args: list[str], env: dict[str, str], out: Path, err: Path | None = None) -> Started:
    """Start `mkdocs <args>` in `project` with environment `env`, its output in the file `out`
    (its errors too, unless `err` names another)."""
    request = {"project": str(project), "args": args, "env": env, "out": str(out), "err": str(err or out)}
    for path in {request["out"], request["err"]}:  # there (empty) as soon as the command has started
        Path(path).write_bytes(b"")
    with _LOCK:
        server = _server()
        server.stdin.write(json.dumps(request) + "\n")  # type: ignore[union-attr]
        server.stdin.flush()  # type: ignore[union-attr]
        started = _STARTED.get()
    if started is None:
        raise RuntimeError("the preloaded mkdocs server ended")
    return started


def run(
    project: Path, args: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """`mkdocs <args>` in `project` with environment `env`; its exit status and output, as
    subprocess.run(…, capture_output=True, text=True) gives them (TimeoutExpired after
    `timeout` seconds, the build killed)."""
    with tempfile.TemporaryDirectory(prefix="mkdocs-run-") as scratch:
        out, err = Path(scratch) / "stdout", Path(scratch) / "stderr"
        child = start(project, args, env, out, err)
        try:
            code = child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise
        read = lambda path: path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""  # noqa: E731
        return subprocess.CompletedProcess(["mkdocs", *args], code, read(out), read(err))


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
        threading.Thread(target=_read, args=(_SERVER,), daemon=True).start()
        atexit.register(_stop, _SERVER)
    return _SERVER


def _read(server: subprocess.Popen[str]) -> None:
    """In the test process: the server's news, each command started and ended."""
    for line in server.stdout:  # type: ignore[union-attr]
        news = json.loads(line)
        if "started" in news:
            _RUNNING[news["started"]] = started = Started(news["started"])
            _STARTED.put(started)
        else:
            _RUNNING.pop(news["ended"])._end(news["code"])
    for started in list(_RUNNING.values()):  # the server is gone, and so are its commands
        started._end(-signal.SIGKILL)
    _STARTED.put(None)


def _stop(server: subprocess.Popen[str]) -> None:
    """At the test process's exit: the server ends at the end of its input, once its commands
    have ended (waited for, so that their CPU time counts in the test run's)."""
    with contextlib.suppress(OSError):
        server.stdin.close()  # type: ignore[union-attr]
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def serve() -> None:
    """The server: import once, then fork a command for each request line on stdin; tell its
    pid when it starts and its exit status when it ends."""
    # What mkdocs serve's zygote imports (one list of them), and pypinyin: a build forked from
    # here reads its glossary's pinyin itself (render/glossary.py), as any process that has it
    # imported does, instead of starting a process to import it (0.3 s of CPU a build). A
    # user's build starts that process: the suite's builds in a venv of their own do too.
    for module in (*PRELOAD, "pypinyin"):
        with contextlib.suppress(ImportError):  # (rjieba, where it is not installed)
            importlib.import_module(module)
    wake_r, wake_w = os.pipe()  # a byte for each SIGCHLD: a command ended
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    running: set[int] = set()
    pending, reading = b"", True
    while reading or running:
        ready, _, _ = select.select([0, wake_r] if reading else [wake_r], [], [])
        if wake_r in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(wake_r, 4096)
        for pid, code in _ended(running):
            running.discard(pid)
            _tell({"ended": pid, "code": code})
        if 0 in ready:
            chunk = os.read(0, 65536)
            reading = bool(chunk)
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    os.close(wake_r)
                    os.close(wake_w)
                    os._exit(_run(**json.loads(line)))
                running.add(pid)
                _tell({"started": pid})


def _ended(running: set[int]) -> list[tuple[int, int]]:
    ended = []
    for pid in list(running):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            ended.append((pid, os.waitstatus_to_exitcode(status)))
    return ended


def _tell(news: dict[str, int]) -> None:
    print(json.dumps(news), flush=True)


def _run(project: str, args: list[str], env: dict[str, str], out: str, err: str) -> int:
    """In the forked command: become `python -m mkdocs <args>` run in `project`; its exit
    status. As a command started from a shell: Ctrl-C (SIGINT) stops it, even if the test
    process ignores it; SIGUSR1 prints where each of its threads is (helpers.wait_for, when a
    wait times out)."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    opened = {path: os.open(path, os.O_WRONLY | os.O_CREAT, 0o600) for path in {out, err}}
    os.dup2(opened[out], 1)
    os.dup2(opened[err], 2)
    for handle in opened.values():
        os.close(handle)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    faulthandler.register(signal.SIGUSR1, all_threads=True)
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
