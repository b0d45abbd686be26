"""The data folder as it was at a git ref, for `playbook diff`.

Read-only: `git archive` exports the folder at that commit into a temporary directory, so the
working tree, the index and the checked-out branch are never touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ..model.errors import CommandError, DataError, Problem
from ..model.handbook import Handbook
from ..model.loader import load_handbook
from ..model.yaml_reader import SYMLINK


def git(repo: Path, *args: str) -> bytes:
    """Run one git command in `repo`; a failure becomes a CommandError quoting git."""
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise CommandError("git is not installed (playbook diff reads the data from git)") from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CommandError(f"git {' '.join(args)}: {said[-1] if said else 'failed'}")
    return result.stdout


def repo_root(start: Path) -> Path:
    return Path(git(start, "rev-parse", "--show-toplevel").decode().strip())


def commit_of(repo: Path, ref: str) -> str:
    """The commit a ref names, or a CommandError naming the ref."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except CommandError:
        raise CommandError(f"'{ref}' is not a commit of the repository at {repo}") from None


def export(repo: Path, ref: str, folder: str, dest: Path) -> tuple[Path, list[Problem]]:
    """Write `folder` (a path inside the repository) as it is at `ref` under `dest`.

    Only files and folders are written: a symbolic link in the commit is a problem of that
    commit (the loader refuses links too), never extracted or followed."""
    commit = commit_of(repo, ref)
    target = dest / folder
    target.mkdir(parents=True, exist_ok=True)
    if not git(repo, "ls-tree", "--name-only", commit, "--", folder).strip():
        return target, []  # the folder does not exist yet at that commit: an empty handbook
    archive = git(repo, "archive", "--format=tar", commit, "--", folder)
    problems = []
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = []
        for member in tar.getmembers():
            if member.isfile() or member.isdir():
                members.append(member)
            else:
                problems.append(
                    Problem(
                        member.name,
                        1,
                        1,
                        "",
                        SYMLINK if member.issym() else "not a regular file",
                        code="symlink" if member.issym() else "not-a-file",
                    )
                )
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, members=members, filter="data")
        else:  # pragma: no cover - Pythons before the extraction filters
            tar.extractall(dest, members=members)  # noqa: S202 - files and folders only
    return target, problems


def handbook_at(repo: Path, ref: str, folder: str) -> Handbook:
    """The handbook loaded from `folder` as it is at `ref` (held in memory; the export is removed)."""
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        data, problems = export(repo, ref, folder, Path(tmp))
        try:
            handbook = load_handbook(data)
        except DataError as exc:
            problems = [*problems, *exc.problems]
        if problems:
            report = DataError(problems).report()
            raise CommandError(f"the data at '{ref}' does not load.\n{report}") from None
        return handbook
