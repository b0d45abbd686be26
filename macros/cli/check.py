"""`playbook check`: every problem and warning of a data folder, without building the site.

Imports only the loader and the checks (no MkDocs, no Jinja), so it answers in well under a
second — fast enough for a pre-commit hook.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from ..model.errors import DataError, Finding, Problem
from ..model.handbook import Handbook
from ..model.loader import load_handbook
from ..quality.coverage import Coverage, coverage
from ..quality.lint import lint
from ..quality.notes import editor_notes
from ..quality.report import annotation, count, coverage_block, github_lines, text_block


@dataclass(frozen=True)
class CheckResult:
    errors: list[Problem]
    warnings: list[Finding]  # without the untranslated texts, which `coverage` lists
    coverage: Coverage | None
    handbook: Handbook | None
    notes: list[Finding] = field(default_factory=list)  # editors' notes: shown, never a failure

    def failed(self, strict: bool) -> bool:
        untranslated = self.coverage.gaps if self.coverage else []
        return bool(self.errors) or (strict and bool(self.warnings or untranslated))


def check_data(data_dir: Path) -> CheckResult:
    """Load and lint `data_dir`; file paths in the result are relative to the working folder."""
    try:
        hb = load_handbook(data_dir)
    except DataError as exc:
        return CheckResult([_shown(p, data_dir) for p in exc.problems], [], None, None)
    cov = coverage(hb)
    cov = replace(cov, gaps=[replace(g, finding=_shown(g.finding, data_dir)) for g in cov.gaps])
    warnings = [_shown(f, data_dir) for f in lint(hb) if f.code != "untranslated"]
    notes = [_shown(f, data_dir) for f in editor_notes(hb)]
    return CheckResult([], warnings, cov, hb, notes)


def _shown(problem: Problem, data_dir: Path) -> Problem:
    """Paths are reported relative to the data folder's parent; show them from here instead,
    so an editor or GitHub can open them whichever --data was given."""
    full = data_dir.parent / problem.path
    if not full.exists():
        return problem
    return replace(problem, path=Path(os.path.relpath(full)).as_posix())


def summary(result: CheckResult, strict: bool) -> str:
    hb = result.handbook
    untranslated = len(result.coverage.gaps) if result.coverage else 0
    counts = (
        f"{count(len(result.errors), 'error')}, {count(len(result.warnings), 'warning')}, "
        f"{count(untranslated, 'untranslated text')}"
    )
    if result.failed(strict):
        return f"FAILED{' (--strict)' if strict and not result.errors else ''}: {counts}"
    if hb is None:
        return f"OK: {counts}"
    return (
        f"OK: {counts} in {count(len(hb.roles), 'role')}, "
        f"{count(len(hb.departments), 'department')}, "
        f"{count(len(hb.templates), 'org template')}, "
        f"{count(len(hb.processes), 'process', 'processes')} and {count(len(hb.terms), 'term')}"
    )


def run_check(data_dir: Path, fmt: str, strict: bool, out: TextIO) -> int:
    """Print every problem, then the warnings and translation coverage; 1 when it fails."""
    result = check_data(data_dir)
    if fmt == "github":
        lines = github_lines(result.errors, list(result.warnings), result.coverage)
        lines += [annotation("notice", note, "editor note") for note in result.notes]
    else:
        lines = []
        if result.errors:
            lines += [*text_block("Errors", result.errors), ""]
        if result.warnings:
            lines += [*text_block("Warnings", result.warnings), ""]
        if result.notes:
            lines += [*text_block("Editor notes", result.notes), ""]
        if result.coverage is not None:
            lines += [*coverage_block(result.coverage), ""]
    lines.append(summary(result, strict))
    out.write("\n".join(lines) + "\n")
    return 1 if result.failed(strict) else 0
