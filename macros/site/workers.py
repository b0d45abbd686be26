"""Preview workers: under `mkdocs serve`, the child that built a further edition stays.

The serving process renders the default edition's changed pages first (preview.py), but the
further editions are built in child processes, and only a child holds its edition's navigation,
theme and plugins. So each child of a `mkdocs serve` build, once its edition is built and
reported, stays as that edition's preview worker: on a data edit the parent asks every worker at
once, each renders its edition's changed pages into the served site, and the parent reloads the
browsers again when they are done. The workers of a build serve until the next complete build
brings its own; the parent then tells the old ones to quit.

The protocol is one JSON line each way over a Unix socket in a folder of the worker's own:
`{"served": folder}` → `{"pages": [...]}`, or `{"quit": true}`. Plain process work with no
MkDocs import; `editions.py` and `forked.py` start the children, `plugin.py` wires the rest.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.playbook")

Render = Callable[[str], list[str]]  # the served folder → the pages rendered into it
IDLE_CHECK_S = 1.0  # how often an idle worker checks that its parent is still there
QUIT_WAIT_S = 5.0


def listen() -> socket.socket:
    """A worker's listening socket: on Linux in the abstract namespace (nothing on disk to
    leave behind if it is killed), elsewhere in a new folder only this user may enter."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if sys.platform.startswith("linux"):
        server.bind(f"\0playbook-preview-{os.getpid()}-{secrets.token_hex(8)}")
    else:
        server.bind(str(Path(tempfile.mkdtemp(prefix="playbook-preview-")) / "worker.sock"))
    server.listen(4)
    server.settimeout(IDLE_CHECK_S)
    return server


def address_of(server: socket.socket) -> str:
    """Where the parent reaches the worker (an abstract address starts with NUL)."""
    name = server.getsockname()
    return name.decode("utf-8") if isinstance(name, bytes) else str(name)


def serve(server: socket.socket, render: Render, parent: int) -> None:
    """Answer the parent's requests until it says quit or is gone; then remove the socket."""
    address = address_of(server)
    if threading.current_thread() is threading.main_thread():  # stopped: still remove the socket
        signal.signal(signal.SIGTERM, _exit)
    try:
        while os.getppid() == parent:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(30)
                request = _read(conn)
                if request is None or request.get("quit"):
                    return
                try:
                    pages = render(str(request["served"]))
                except Exception as exc:  # noqa: BLE001 - the full rebuild reports it; the worker stays
                    log.warning("Preview of this edition failed: %s", exc)
                    pages = []
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps({"pages": pages}).encode("utf-8") + b"\n")
    finally:
        server.close()
        if not address.startswith("\0"):
            shutil.rmtree(Path(address).parent, ignore_errors=True)


def _exit(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _read(conn: socket.socket) -> dict[str, Any] | None:
    data = b""
    with contextlib.suppress(OSError):
        while not data.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@dataclass
class Worker:
    """The parent's handle on one preview worker."""

    locale: str
    address: str  # its socket
    pid: int
    reap: Callable[[float], bool]  # wait up to so many seconds for it to end; True if it did
    _asked: socket.socket | None = field(default=None, repr=False)

    def ask(self, served: Path) -> None:
        """Ask it to render its changed pages into `served`; the answer is read by `answer`."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.settimeout(1.0)
            conn.connect(self.address)
            conn.sendall(json.dumps({"served": str(served)}).encode("utf-8") + b"\n")
        except OSError:
            conn.close()
            return
        self._asked = conn

    def answer(self, deadline: float) -> list[str]:
        """The pages it rendered, waiting until `deadline` (time.monotonic()) at most."""
        conn, self._asked = self._asked, None
        if conn is None:
            return []
        with conn:
            conn.settimeout(max(0.01, deadline - time.monotonic()))
            reply = _read(conn)
        pages = reply.get("pages") if reply else None
        return [str(p) for p in pages] if isinstance(pages, list) else []

    def quit(self) -> None:
        """Tell it to end and wait for it (killed if it does not end in time)."""
        self.tell_quit()
        self.wait_end()

    def tell_quit(self) -> None:
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(1.0)
            conn.connect(self.address)
            conn.sendall(b'{"quit": true}\n')

    def wait_end(self) -> None:
        """Wait for it to end; kill it if it does not in time."""
        if not self.reap(QUIT_WAIT_S):
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.reap(QUIT_WAIT_S)


def ask_all(workers: list[Worker], served: Path, timeout: float) -> Callable[[], list[str]]:
    """Ask every worker at once; returns a function that collects their answers (waiting
    `timeout` seconds at most, counted from now)."""
    deadline = time.monotonic() + timeout
    for worker in workers:
        worker.ask(served)
    return lambda: [page for worker in workers for page in worker.answer(deadline)]


def quit_all(workers: list[Worker]) -> None:
    """Tell every worker to end, then wait for them: they end side by side (a worker started as
    a new `mkdocs build` takes a third of a second to wind down)."""
    for worker in workers:
        worker.tell_quit()
    for worker in workers:
        worker.wait_end()


def reap_pid(pid: int) -> Callable[[float], bool]:
    """`Worker.reap` for a forked child (waited by pid)."""

    def reap(timeout: float) -> bool:
        end = time.monotonic() + timeout
        while True:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return True
            if done:
                return True
            if time.monotonic() > end:
                return False
            time.sleep(0.02)

    return reap


def reap_process(process: Any) -> Callable[[float], bool]:
    """`Worker.reap` for a child started with subprocess.Popen."""

    def reap(timeout: float) -> bool:
        try:
            process.wait(timeout=timeout)
        except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
            return False
        return True

    return reap
