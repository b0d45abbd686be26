"""The `playbook` command: a thin dispatcher over subcommands whose logic lives in other modules.

Each subcommand is one function decorated with `@command`: it declares its arguments on the
parser it is given and returns the function that runs it. Adding a subcommand is adding one such
function. Its module is imported only when it runs, so `playbook check` never loads MkDocs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..model.errors import CommandError, DataError
from ..model.languages import BY_CODE, DEFAULT

Runner = Callable[[argparse.Namespace], int]
Setup = Callable[[argparse.ArgumentParser], Runner]
COMMANDS: dict[str, tuple[str, Setup]] = {}


def command(name: str, summary: str) -> Callable[[Setup], Setup]:
    """Register a subcommand: `summary` is its one-line help."""

    def register(setup: Setup) -> Setup:
        COMMANDS[name] = (summary, setup)
        return setup

    return register


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=Path("data"), metavar="DIR", help="the data folder (default: data)"
    )


@command("check", "validate all data without building the site")
def _check(parser: argparse.ArgumentParser) -> Runner:
    _data_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text for people, github for GitHub Actions annotations",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings and untranslated texts too")

    def run(args: argparse.Namespace) -> int:
        from .check import run_check

        return run_check(args.data, args.format, args.strict, sys.stdout)

    return run


@command("schema", "write the JSON Schema of each kind of data file (for editors)")
def _schema(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("schema"),
        metavar="DIR",
        help="where to write them (default: schema)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if a file is missing or out of date"
    )

    def run(args: argparse.Namespace) -> int:
        from .schema import run_schema

        return run_schema(args.out, args.check, sys.stdout)

    return run


@command("diff", "summarise the data changes between two git refs as Markdown")
def _diff(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument("base", metavar="BASE", help="the ref before, e.g. origin/main")
    parser.add_argument("head", metavar="HEAD", help="the ref after, e.g. HEAD")
    _data_option(parser)

    def run(args: argparse.Namespace) -> int:
        from .diff import run_diff

        return run_diff(args.base, args.head, args.data, sys.stdout)

    return run


@command("new", "create a new handbook repository from one org template")
def _new(parser: argparse.ArgumentParser) -> Runner:
    from .engine_files import engine_root, template_ids

    templates = template_ids(engine_root())
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create")
    parser.add_argument(
        "--template",
        required=True,
        metavar="{" + ",".join(templates) + "}",
        help="the org template the new handbook starts from",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        metavar="DIR",
        help="the handbook project to copy from (default: playbook's own)",
    )
    parser.add_argument(
        "--engine",
        default=None,
        metavar="SPEC",
        help="how the new handbook installs the engine: a requirement (playbook @ URL) or a git "
        "remote or path (default: the git remote of the project copied from)",
    )

    def run(args: argparse.Namespace) -> int:
        from .new import run_new

        return run_new(args.dir, args.template, args.source, sys.stdout, engine=args.engine)

    return run


@command("job", "print a role's job posting as Markdown or plain text (for a job board)")
def _job(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument("role", metavar="ROLE", help="the role's id, e.g. store-manager")
    parser.add_argument(
        "--lang", choices=tuple(BY_CODE), default=DEFAULT, help=f"the edition's language (default: {DEFAULT})"
    )
    parser.add_argument(
        "--format", choices=("md", "text"), default="md", help="Markdown or plain text (default: md)"
    )
    _data_option(parser)

    def run(args: argparse.Namespace) -> int:
        from .job import run_job

        return run_job(args.data, args.role, args.lang, args.format, sys.stdout)

    return run


@command("bundle", "write the offline handbook as a zip that works opened from disk")
def _bundle(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=Path("handbook.zip"),
        metavar="ZIP",
        help="the zip to write (default: handbook.zip)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder holding mkdocs.yml (default: the current one)",
    )

    def run(args: argparse.Namespace) -> int:
        from .bundle import BundleError, bundle

        project, output = args.project.resolve(), args.output.resolve()
        if not (project / "mkdocs.yml").is_file():
            raise CommandError(f"{args.project}: no mkdocs.yml there (--project names the handbook's folder)")
        if output.is_dir() or output.suffix.lower() != ".zip":
            raise CommandError(f"{args.output}: expected the path of a .zip file to write (-o handbook.zip)")
        try:
            print(bundle(project, output))
        except BundleError as exc:
            raise CommandError(f"the offline build failed:\n{exc}") from None
        return 0

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook", description="Check, compare and start bilingual team handbooks."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (summary, setup) in COMMANDS.items():
        child = sub.add_parser(name, help=summary, description=summary)
        child.set_defaults(run=setup(child))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status (0 success, 1 failure,
    2 bad usage)."""
    args = build_parser().parse_args(argv)
    try:
        stray_environment()
        return args.run(args)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
    except CommandError as exc:
        print(f"playbook {args.command}: {exc}", file=sys.stderr)
    except OSError as exc:  # a path that cannot be read or written: one line, no traceback
        print(f"playbook {args.command}: {describe_os_error(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 1


def stray_environment() -> None:
    """PLAYBOOK_EDITION is what a build sets for its own child builds; set anywhere else (by
    hand, or left in a shell) it would make every build this command starts obey it."""
    raw = os.environ.get("PLAYBOOK_EDITION")
    if raw:
        shown = raw if len(raw) < 60 else raw[:57] + "..."
        raise CommandError(
            f"PLAYBOOK_EDITION={shown!r} is set: unset it (only a build sets it, for its own child builds)"
        )


def describe_os_error(exc: OSError) -> str:
    """`path: reason` for a file-system error, in words rather than an errno."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    target = f" → {exc.filename2}" if exc.filename2 is not None else ""
    return f"{exc.filename}{target}: {reason}"


if __name__ == "__main__":
    sys.exit(main())
