"""Problems (errors), findings (warnings) and the exceptions that carry them: every record names
its file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the data, located precisely enough for an editor to jump to it.

    `code` names the rule it breaks, stably: hints, tests and CI annotations key on it, so the
    message can be reworded freely; `detail` holds the values a hint needs (the text found, the
    allowed fields), so no one parses the message."""

    path: str
    line: int
    column: int
    field: str
    message: str
    code: str = field(default="", compare=False)
    detail: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """Raised once with every problem found, so a single run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the handbook data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


@dataclass(frozen=True, order=True)
class Finding(Problem):
    """A warning: the data is valid and builds, but something looks unfinished.

    It prints like a Problem (`path:line:column: field: message`), so editors and CI show both
    the same way; `code` names the rule and `kind`/`ident` the entity, for pages that link to it.
    """

    kind: str = field(default="", compare=False)
    ident: str = field(default="", compare=False)

    @classmethod
    def of(cls, problem: Problem, code: str, kind: str, ident: str) -> Finding:
        return cls(
            problem.path,
            problem.line,
            problem.column,
            problem.field,
            problem.message,
            code=code,
            detail=problem.detail,
            kind=kind,
            ident=ident,
        )


class CommandError(Exception):
    """A failure of a `playbook` command that the user can fix (a bad git ref, a folder that
    already exists): shown as one line, without a traceback."""
