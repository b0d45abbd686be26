"""JSON Schema of each kind of data file, generated from the pydantic models.

Editors read them through the `# yaml-language-server: $schema=…` line at the top of each data
file and then complete field names and flag mistakes as people type. They are derived, never
written by hand: `playbook schema` rewrites them, and a test fails when they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ..model.errors import CommandError
from ..model.handbook import LAYOUT
from ..model.kinds import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLES = {kind.files: kind.schema_title for kind in KINDS}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_for(kind: str) -> dict[str, Any]:
    """The schema one data file of `kind` must match, with its fields under their YAML names."""
    model = LAYOUT[kind][1]
    generated = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, **generated, "title": TITLES[kind]}


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def stale(out_dir: Path) -> list[Path]:
    """Schema files missing from `out_dir` or different from what the models generate."""
    out = []
    for kind in LAYOUT:
        path = out_dir / file_name(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != render(kind):
            out.append(path)
    return out


def write(out_dir: Path) -> list[Path]:
    """(Re)write every schema file; returns the files that changed."""
    changed = stale(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for kind in LAYOUT:
        path = out_dir / file_name(kind)
        if path in changed:
            path.write_text(render(kind), encoding="utf-8", newline="\n")
    return changed


def run_schema(out_dir: Path, check_only: bool, out: TextIO) -> int:
    """`playbook schema`: write the schema files, or with --check only say which are stale."""
    if out_dir.exists() and not out_dir.is_dir():
        raise CommandError(f"--out {out_dir}: a file, not a folder (the schemas go in a folder)")
    if check_only:
        outdated = stale(out_dir)
        for path in outdated:
            out.write(f"{path.as_posix()}: out of date; run `playbook schema` and commit the result\n")
        if not outdated:
            out.write(f"{out_dir.as_posix()}/: all {len(LAYOUT)} schema files up to date\n")
        return 1 if outdated else 0
    changed = write(out_dir)
    for kind in LAYOUT:
        path = out_dir / file_name(kind)
        out.write(f"{path.as_posix()}: {'written' if path in changed else 'up to date'}\n")
    return 0
