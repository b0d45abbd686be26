"""How `playbook check` shows problems: plain text for people, workflow commands for GitHub.

Pure functions from records to lines, so tests read exactly what a user sees.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.errors import Problem
from .coverage import Coverage
from .hints import hint


def count(number: int, word: str, plural: str = "") -> str:
    """`1 role`, `2 roles`, `2 processes`."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def text_block(title: str, problems: Iterable[Problem]) -> list[str]:
    """`Title (n):` then each problem in its `path:line:column: field: message` form and hint."""
    problems = list(problems)
    lines = [f"{title} ({len(problems)}):"]
    for problem in problems:
        lines.append(f"  {problem}")
        extra = hint(problem)
        if extra:
            lines.append(f"      hint: {extra}")
    return lines


def coverage_block(cov: Coverage) -> list[str]:
    shares = ", ".join(
        f"{lang} {cov.percent(lang):.1f}% ({cov.written[lang]}/{cov.total})" for lang in cov.languages
    )
    lines = [f"Translation coverage: {shares}"]
    if cov.gaps:
        lines += ["", *text_block("Untranslated texts", (g.finding for g in cov.gaps))]
    return lines


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, problem: Problem, title: str = "playbook check") -> str:
    """A GitHub Actions workflow command: the problem shows on the file's line in the PR."""
    props = ",".join(
        [
            f"file={_escape_property(problem.path)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property(title)}",
        ]
    )
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    extra = hint(problem)
    if extra:
        message += f"\nhint: {extra}"
    return f"::{level} {props}::{_escape_data(message)}"


def github_lines(errors: list[Problem], warnings: list[Problem], cov: Coverage | None) -> list[str]:
    lines = [annotation("error", p) for p in errors]
    lines += [annotation("warning", p) for p in warnings]
    if cov is not None:
        lines += [annotation("warning", g.finding, "playbook check: translation") for g in cov.gaps]
        shares = ", ".join(f"{lang} {cov.percent(lang):.1f}%" for lang in cov.languages)
        lines.append(f"::notice title=Translation coverage::{shares} of {cov.total} texts")
    return lines
