"""`playbook new`: a new handbook repository from one org template, built for real."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from macros.cli import main
from macros.cli.engine_files import template_ids
from macros.cli.new import run_new
from macros.model.errors import CommandError
from macros.model.loader import load_handbook
from macros.quality.subset import select

from .conftest import ROOT, mkdocs_build
from .test_site import page

HB = load_handbook(ROOT / "data")
TEMPLATES = ["project-team", "taobao-store", "departmental-company", "brand-team-from-zero"]


def test_the_four_templates_are_offered() -> None:
    assert template_ids(ROOT) == sorted(TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES)
def test_new_data_holds_the_template_and_everything_it_needs(tmp_path: Path, template: str) -> None:
    out = io.StringIO()
    assert run_new(tmp_path / "hb", template, None, out) == 0
    hb = load_handbook(tmp_path / "hb" / "data")  # loads: every reference resolves
    chosen = select(HB, template)
    assert list(hb.templates) == [template]
    assert set(hb.roles) == chosen.roles and set(hb.departments) == chosen.departments
    assert set(hb.processes) == chosen.processes and set(hb.terms) == chosen.terms
    members = {m.id for m in HB.templates[template].members}
    assert members <= set(hb.roles) | set(hb.departments)
    for ident, role in hb.roles.items():  # copied as written, not re-serialised
        assert role == HB.roles[ident]
    assert out.getvalue().startswith(f"Created {tmp_path / 'hb'} from the org template '{template}': ")


def test_taobao_store_selection() -> None:
    chosen = select(HB, "taobao-store")
    # Chart boxes, the roles of the departments on the chart, and the heads of those departments.
    assert sorted(chosen.roles) == ["store-manager"]
    assert sorted(chosen.departments) == [
        "data-analysis",
        "hr-finance",
        "marketing-planning",
        "product-planning",
        "store-customer-service",
        "visual-design",
    ]
    assert chosen.processes == frozenset()
    # Terms its texts use (直通车 and CRM in the duties of its departments), and
    # none of those only the other templates use.
    assert {"zhitongche", "crm", "pre-sale-service", "after-sale-service"} <= chosen.terms
    assert not {"gmv", "microservices", "load-balancing", "customs-clearance"} & chosen.terms


def test_cut_files_keep_their_schema_line_and_layout(tmp_path: Path) -> None:
    run_new(tmp_path / "hb", "project-team", None, io.StringIO())
    data = tmp_path / "hb" / "data"
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*.yaml")) == [
        "departments.yaml",
        "glossary.yaml",
        "processes/project-lifecycle.yaml",
        "roles/data.yaml",
        "roles/leadership.yaml",
        "roles/operations.yaml",
        "roles/technology.yaml",
        "templates/project-team.yaml",
    ]
    departments = (data / "departments.yaml").read_text(encoding="utf-8")
    assert departments.startswith(
        "# yaml-language-server: $schema=../schema/departments.schema.json\n"
        "departments:\n  - id: operations\n"
    )
    original = (ROOT / "data/processes/project-lifecycle.yaml").read_text(encoding="utf-8")
    assert (data / "processes/project-lifecycle.yaml").read_text(encoding="utf-8") == original
    for name in ("departments", "roles", "templates", "processes", "glossary"):
        assert (tmp_path / "hb" / "schema" / f"{name}.schema.json").is_file()
    pyproject = (tmp_path / "hb" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "hb"' in pyproject and 'dependencies = ["playbook @ ' in pyproject


@pytest.mark.parametrize("template", ["taobao-store", "project-team"])
def test_new_handbook_builds_strict_at_once(tmp_path: Path, template: str) -> None:
    project = tmp_path / "my-handbook"
    assert main(["new", str(project), "--template", template]) == 0
    for part in (
        "mkdocs.yml",
        "pyproject.toml",
        "README.md",
        "playbook/index.zh.md",
        "overrides",
        ".pre-commit-config.yaml",
        ".github/workflows/handbook.yml",
    ):
        assert (project / part).exists(), part

    result = mkdocs_build(project, "--strict")

    assert result.returncode == 0, result.stderr
    site = project / "site"
    tpl = HB.templates[template]
    assert page(site, f"org-templates/{template}/").h1.get_text(strip=True) == tpl.name.zh
    assert page(site, f"en/org-templates/{template}/").h1.get_text(strip=True) == tpl.name.en
    first_role = next(m.role for m in tpl.members if m.role)
    assert page(site, f"en/roles/{first_role}/").h1.get_text(strip=True) == HB.roles[first_role].name.en
    others = [t for t in TEMPLATES if t != template]
    assert not [t for t in others if (site / "org-templates" / t).exists()]


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "hb").mkdir()
    (tmp_path / "hb" / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(CommandError, match="already exists and is not empty"):
        run_new(tmp_path / "hb", "taobao-store", None, io.StringIO())
    assert sorted(p.name for p in (tmp_path / "hb").iterdir()) == ["notes.txt"]


def test_unknown_template_and_missing_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "a"), "--template", "amazon-store"]) == 1
    assert capsys.readouterr().err == (
        "playbook new: unknown org template 'amazon-store' (known: brand-team-from-zero, "
        "departmental-company, project-team, taobao-store)\n"
    )
    assert main(["new", str(tmp_path / "b"), "--template", "taobao-store", "--source", str(tmp_path)]) == 1
    assert "is not a handbook project (missing: mkdocs.yml, playbook, overrides, data/templates)" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
