"""Where the handbook project that `playbook new` copies from lives, and its org templates.

Pages, page templates and the MkDocs configuration are project files, not Python modules: they
are found next to the installed package (an editable install from a clone) or given explicitly.
Kept free of heavy imports, since the parser lists the templates for `--help`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

# What a handbook project must hold to be copied.
REQUIRED = ("mkdocs.yml", "playbook", "overrides", "data/templates")


def engine_root() -> Path:
    """The project folder next to the installed `macros` package (a clone of playbook)."""
    return Path(__file__).resolve().parents[2]


def missing_parts(root: Path) -> list[str]:
    return [part for part in REQUIRED if not (root / part).exists()]


def template_ids(root: Path) -> list[str]:
    """The org templates a new handbook can start from: the files of data/templates/."""
    return sorted(path.stem for path in (root / "data" / "templates").glob("*.yaml"))


def copy_parts(source: Path, dest: Path, parts: Iterable[str]) -> None:
    """Copy the named files and folders of a handbook project (those that exist) to `dest`."""
    for part in parts:
        src, target = source / part, dest / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.is_file():
            shutil.copy2(src, target)
