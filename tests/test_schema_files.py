"""The committed JSON Schemas are the ones the models generate, and editors find them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from macros.cli import schema as editor_schema
from macros.model.handbook import LAYOUT
from macros.model.loader import discover
from macros.model.yaml_reader import read

from .conftest import ROOT

SCHEMA_DIR = ROOT / "schema"


def test_committed_schemas_are_the_generated_ones() -> None:
    stale = editor_schema.stale(SCHEMA_DIR)
    assert stale == [], f"run `playbook schema` and commit: {[p.name for p in stale]}"
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(f"{kind}.schema.json" for kind in LAYOUT)


def test_schema_command_writes_then_reports_up_to_date(tmp_path: Path) -> None:
    out = io.StringIO()
    assert editor_schema.run_schema(tmp_path / "schema", False, out) == 0
    for kind in LAYOUT:
        assert (tmp_path / "schema" / f"{kind}.schema.json").read_bytes() == (
            SCHEMA_DIR / f"{kind}.schema.json"
        ).read_bytes()
    assert out.getvalue().splitlines()[0].endswith("schema/departments.schema.json: written")
    check = io.StringIO()
    assert editor_schema.run_schema(tmp_path / "schema", True, check) == 0
    assert (
        check.getvalue()
        == f"{(tmp_path / 'schema').as_posix()}/: all {len(LAYOUT)} schema files up to date\n"
    )
    check = io.StringIO()
    (tmp_path / "schema" / "roles.schema.json").write_text("{}\n", encoding="utf-8")
    assert editor_schema.run_schema(tmp_path / "schema", True, check) == 1
    assert check.getvalue().endswith(
        "schema/roles.schema.json: out of date; run `playbook schema` and commit the result\n"
    )


@pytest.mark.parametrize(("kind", "file"), list(discover(ROOT / "data")), ids=lambda v: str(v))
def test_every_data_file_names_its_schema_and_matches_it(kind: str, file: Path) -> None:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (file.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / f"{kind}.schema.json").resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(read(file, ROOT).data)


@pytest.mark.parametrize(
    ("kind", "data", "complaint"),
    [
        (
            "roles",
            {
                "roles": [
                    {
                        "id": "x",
                        "name": {"zh": "甲"},
                        "summary": {"zh": "甲", "en": "A"},
                        "duties": [{"zh": "甲", "en": "A"}],
                    }
                ]
            },
            "'en' is a required property",
        ),
        (
            "roles",
            {
                "roles": [
                    {
                        "id": "Bad Id",
                        "name": {"zh": "甲", "en": "A"},
                        "summary": {"zh": "甲", "en": "A"},
                        "duties": [{"zh": "甲", "en": "A"}],
                    }
                ]
            },
            "does not match",
        ),
        (
            "departments",
            {
                "departments": [
                    {
                        "id": "x",
                        "name": {"zh": "甲", "en": "A"},
                        "summary": {"zh": "甲", "en": "A"},
                        "boss": "y",
                    }
                ]
            },
            "Additional properties are not allowed ('boss' was unexpected)",
        ),
        (
            "templates",
            {
                "id": "t",
                "name": {"zh": "甲", "en": "A"},
                "summary": {"zh": "甲", "en": "A"},
                "members": [{"role": "a", "department": "b"}],
            },
            "is valid under each of",
        ),
    ],
)
def test_schemas_reject_what_the_loader_rejects(kind: str, data: object, complaint: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert any(complaint in error.message for error in errors), [e.message for e in errors]
