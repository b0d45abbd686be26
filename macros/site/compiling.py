"""Start, before the handbook loads, what a build would otherwise do on one core while the other
waits: the glossary's pinyin process, and a first build's compiling of the theme's templates.

On a first build (a new user's, or after an upgrade), Jinja's cache of compiled templates is
empty: the theme's templates take longer to compile than the handbook takes to load, and a
build that forks its editions compiled them before the fork. Forked as soon as the
configuration is read, a process compiles them into that cache while this one loads and checks
the data and compiles its own page templates; this one waits for it before it forks (`wait`),
and then loads what it compiled. The cache is Jinja's own, keyed by each template's source, so
what this process loads is what it would have compiled itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from ..model.languages import CHINESE
from ..render.glossary import start_pinyin
from ..render.pages import compiled_templates
from . import upstream
from .editions import end_child
from .plan import BuildPlan

_COMPILING: list[int] = []  # the process compiling, until waited for


def start(plan: BuildPlan, config: Any) -> None:
    """Start the pypinyin process if an edition built here (or forked from here) sorts by
    pinyin, and, where the editions will be forked, the theme's compiling."""
    if any(lang in CHINESE for lang in (plan.languages if plan.fork else plan.built_here)):
        start_pinyin()
    if plan.fork:
        compile_beside(config)


def compile_beside(config: Any) -> bool:
    """Fork a process that compiles the theme's templates if they are not compiled yet (False:
    they are). Only where this process may fork (forked.can_fork). It ends on its own, even if
    this build fails first."""
    if _COMPILING or upstream.theme_compiled(config, compiled_templates()):
        return False
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        _COMPILING.append(pid)
        return True
    try:  # pragma: no cover - the child
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        upstream.compile_theme(config)
    except BaseException:  # noqa: BLE001 - what it could not compile, the build compiles
        end_child(1)
    end_child(0)
    return False  # pragma: no cover


def wait() -> None:
    """Wait until the compiling process, if any, is done (what it did not compile, the build
    compiles where it is used)."""
    while _COMPILING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_COMPILING.pop(), 0)
