"""`playbook diff BASE HEAD`: what a pull request changes in the handbook, as Markdown."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from ..model.errors import CommandError
from ..quality.changelog import changelog
from .git_snapshot import handbook_at, repo_root


def run_diff(base: str, head: str, data: Path, out: TextIO) -> int:
    """Load `data` at both refs of the repository in the working folder and print the changes."""
    root = repo_root(Path.cwd())
    folder = Path(os.path.relpath(data.resolve(), root.resolve())).as_posix()
    if folder.startswith("../") or folder == "..":
        raise CommandError(f"the data folder '{data}' is outside the repository at {root}")
    before = handbook_at(root, base, folder)
    after = handbook_at(root, head, folder)
    out.write(changelog(before, after, base, head))
    return 0
