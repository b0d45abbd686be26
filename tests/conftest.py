"""Shared fixtures: copies of the real project in temporary folders, built with the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "playbook", "data", "overrides")


def copy_project(dest: Path) -> Path:
    """A fresh copy of the handbook sources (never the repo's own site/)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` exactly as a user would, in `project`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once per test session; returns the project folder."""
    project = copy_project(tmp_path_factory.mktemp("handbook"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def site(built: Path) -> Path:
    return built / "site"
