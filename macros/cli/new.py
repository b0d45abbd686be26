"""`playbook new DIR --template ID`: a new handbook repository that builds at once.

It copies the project files (mkdocs.yml, playbook/, overrides/, CI and hook configuration) and
the part of data/ that one org template needs, cut from the source files line by line so their
comments and layout stay as written; then loads the result, so a broken copy is never left
behind silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from ..model.errors import CommandError, DataError
from ..model.handbook import Handbook
from ..model.kinds import KINDS
from ..model.loader import load_handbook
from ..model.yaml_reader import Document
from ..quality.report import count
from ..quality.subset import Selection, select
from . import schema as editor_schema
from .engine_files import copy_parts, engine_root, missing_parts, template_ids
from .engine_spec import engine_requirement, requirement_from

# Project files copied as they are, when the source has them.
COPIED = (
    "mkdocs.yml",
    "playbook",
    "overrides",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/handbook.yml",
    ".github/zizmor.yml",
    "requirements/lock.txt",  # the workflow installs with it: the versions the engine was tested with
)
# Files holding a list of entities, cut down to the selected ones: the kind of entity, and the
# top-level key of the list (also the Handbook table and the Selection field).
LISTS = tuple((kind.name, kind.table) for kind in KINDS if kind.list_key)

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "0.1.0"
description = "A bilingual (zh + en) team handbook, generated from data/ by playbook"
requires-python = ">=3.10"
# The handbook engine: the `playbook` MkDocs plugin and command. It is not the unrelated
# "playbook" package of PyPI: point this at the engine's repository.
dependencies = ["{engine}"]

[tool.setuptools]
packages = []  # content only: mkdocs.yml, playbook/ and data/ are read from the working tree
"""

README = """\
# {name}

A bilingual (Simplified Chinese + English) team handbook, started from the org template
`{template}` of playbook. Every page is generated from the YAML files in `data/`.

```sh
python3 -m venv .venv && . .venv/bin/activate && pip install -c requirements/lock.txt . && mkdocs serve
```

- `playbook check` validates the data (add `--strict` to fail on warnings);
- `mkdocs build --strict` writes the site to `site/`;
- `playbook diff origin/main HEAD` summarises a branch's data changes as Markdown.

## The engine

The handbook engine (the `playbook` MkDocs plugin and command) is the one entry of
`dependencies` in `pyproject.toml`, here:

    {engine}

To install it from elsewhere, edit that line, for example:

- `playbook @ git+https://github.com/OWNER/playbook.git` (add `@v1.2` or `@<commit>` to pin a
  release or a commit);
- `playbook @ git+ssh://git@github.com/OWNER/playbook.git` (over SSH, with your key);
- `playbook @ git+file://localhost/path/to/playbook` (a clone on this machine).

GitHub's runners (`.github/workflows/handbook.yml`) need an address they can reach without your
key: a public HTTPS repository, or a private one with credentials set up in the workflow.
`requirements/lock.txt` holds the versions of MkDocs and the other packages the engine was
tested with; the workflow installs with it.
"""


def run_new(dest: Path, template: str, source: Path | None, out: TextIO, engine: str | None = None) -> int:
    """Create the repository at `dest` and say what it holds and what to do next.

    The engine requirement is `engine` (a requirement or a location, `--engine`), else the git
    remote of the clone copied from."""
    source = (source or engine_root()).resolve()
    missing = missing_parts(source)
    if missing:
        raise CommandError(
            f"{source} is not a handbook project (missing: {', '.join(missing)}); pass "
            "--source with a clone of playbook, or install playbook from a clone (pip install -e)"
        )
    if template not in template_ids(source):
        known = ", ".join(template_ids(source))
        raise CommandError(f"unknown org template '{template}' (known: {known})")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise CommandError(f"{dest} already exists and is not empty")
    blocking = next((p for p in dest.parents if p.exists() or p.is_symlink()), None)
    if blocking is not None and not blocking.is_dir():
        raise CommandError(f"cannot create {dest}: {blocking} is a file, not a folder")
    requirement = requirement_from(engine, Path.cwd()) if engine else engine_requirement(source)
    hb = load_handbook(source / "data")
    selection = select(hb, template)
    dest.mkdir(parents=True, exist_ok=True)
    copy_project(source, dest)
    write_data(hb, selection, source, dest / "data")
    editor_schema.write(dest / "schema")
    name = _project_name(dest)
    (dest / "pyproject.toml").write_text(PYPROJECT.format(name=name, engine=requirement), encoding="utf-8")
    (dest / "README.md").write_text(
        README.format(name=name, template=template, engine=requirement), encoding="utf-8"
    )
    try:
        load_handbook(dest / "data")
    except DataError as exc:  # a bug in the selection: say so rather than leave a broken copy
        raise CommandError(f"the new data does not load (please report this).\n{exc.report()}") from None
    out.write(
        f"Created {dest} from the org template '{template}': {count(len(selection.roles), 'role')}, "
        f"{count(len(selection.departments), 'department')}, "
        f"{count(len(selection.processes), 'process', 'processes')}, "
        f"{count(len(selection.terms), 'glossary term')}.\n"
        f"The engine installs from: {requirement} (to change it, see README.md).\n"
        f"Next: cd {dest} && git init && pip install . && mkdocs serve\n"
    )
    return 0


def copy_project(source: Path, dest: Path) -> None:
    copy_parts(source, dest, COPIED)


def write_data(hb: Handbook, selection: Selection, source: Path, data: Path) -> None:
    """The selected entities, each file cut from its source text."""
    for kind, key in LISTS:
        chosen = getattr(selection, key)
        files: dict[str, tuple[Document, set[int]]] = {}
        for ident in getattr(hb, key):
            where = hb.source(kind, ident)
            _, keep = files.setdefault(where.path, (where.document, set()))
            if ident in chosen:
                keep.add(where.loc[1])
        for path, (document, keep) in files.items():
            if keep or kind != "role":  # a roles file none of whose roles is needed is left out
                _write(data.parent / path, cut(_text(source, path), document, key, keep))
    for kind, ids in (("template", {selection.template}), ("process", selection.processes)):
        for ident in ids:
            path = hb.source(kind, ident).path
            _write(data.parent / path, _text(source, path))


def cut(text: str, document: Document, key: str, keep: set[int]) -> str:
    """`text` with only the items `keep` (indexes) of its top-level list `key`, line for line.

    An item runs from its first line to the line before the next item, so comments between
    items go with the item above them.
    """
    lines = text.splitlines(keepends=True)
    starts = []
    while (key, len(starts)) in document.positions:
        starts.append(document.positions[(key, len(starts))][0] - 1)
    if not starts:
        return text
    ends = [*starts[1:], len(lines)]
    kept = [
        line
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
        if i in keep
        for line in lines[start:end]
    ]
    head = lines[: starts[0]]
    if not kept:
        head = [re.sub(rf"^{key}:\s*$", f"{key}: []", line) for line in head]
    return "".join(head + kept)


def _text(source: Path, path: str) -> str:
    return (source / path).read_text(encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _project_name(dest: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", dest.resolve().name.lower()).strip("-") or "handbook"
