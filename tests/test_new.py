"""`playbook new`: a new handbook repository from one org template, built for real."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from macros.cli import main
from macros.cli.engine_files import template_ids
from macros.cli.engine_spec import pip_url, requirement_from
from macros.cli.new import run_new
from macros.model.errors import CommandError
from macros.model.loader import load_handbook
from macros.quality.lint import lint
from macros.quality.subset import select

from .conftest import ROOT, mkdocs_build
from .helpers import page

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
    # The heads its departments name come along and belong there (lint: role-not-in-template).
    assert [f.ident for f in lint(hb) if f.code == "role-not-in-template"] == []
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


def test_new_handbook_builds_strict_at_once(tmp_path: Path) -> None:
    project = tmp_path / "my-handbook"
    assert main(["new", str(project), "--template", "project-team"]) == 0
    assert_builds_strict(project, "project-team", sys.executable)


def assert_builds_strict(project: Path, template: str, python: str) -> None:
    """The new handbook holds the project files and builds with --strict with `python`'s engine."""
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

    result = mkdocs_build(project, "--strict", python=python)
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


# --- the engine requirement, from every kind of clone --------------------------------------------


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("https://github.com/acme/playbook.git", "git+https://github.com/acme/playbook.git"),
        ("https://x-access-token:s3cret@github.com/acme/playbook", "git+https://github.com/acme/playbook"),
        ("git@github.com:acme/playbook.git", "git+ssh://git@github.com/acme/playbook.git"),
        ("git.example.org:/srv/git/playbook.git", "git+ssh://git.example.org/srv/git/playbook.git"),
        (
            "ssh://git:pw@git.example.org:2222/acme/playbook.git",
            "git+ssh://git@git.example.org:2222/acme/playbook.git",
        ),
        ("git://git.example.org/playbook.git", "git+git://git.example.org/playbook.git"),
        ("file:///srv/git/playbook.git", "git+file://localhost/srv/git/playbook.git"),
        ("/srv/git/playbook.git", "git+file://localhost/srv/git/playbook.git"),
        ("../upstream/playbook", "git+file://localhost/home/me/upstream/playbook"),
        ("git+https://github.com/acme/playbook.git@v1", "git+https://github.com/acme/playbook.git@v1"),
    ],
)
def test_each_remote_kind_becomes_a_url_pip_accepts(remote: str, url: str) -> None:
    assert pip_url(remote, Path("/home/me/clone")) == url
    assert Requirement(f"playbook @ {url}").url == url


def test_engine_option_takes_a_requirement_or_a_location(tmp_path: Path) -> None:
    assert requirement_from("playbook==1.2", tmp_path) == "playbook==1.2"
    assert (
        requirement_from("playbook @ git+https://h/p.git@v2", tmp_path) == "playbook @ git+https://h/p.git@v2"
    )
    assert requirement_from("git@h:o/p.git", tmp_path) == "playbook @ git+ssh://git@h/o/p.git"
    (tmp_path / "unpacked").mkdir()  # a folder that is not a repository installs as it is
    assert requirement_from("unpacked", tmp_path) == f"playbook @ {(tmp_path / 'unpacked').as_uri()}"
    with pytest.raises(CommandError, match="cannot install the engine from 'svn://h/p'"):
        requirement_from("svn://h/p", tmp_path)


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def path_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository made from its path, as `git clone /path/to/playbook` makes."""
    clone = tmp_path_factory.mktemp("clones") / "playbook"
    git("clone", "-q", str(ROOT), str(clone))
    assert git("remote", "get-url", "origin", cwd=clone) == str(ROOT)
    return clone


def local_url(path: Path) -> str:
    return path.as_uri().replace("file:///", "file://localhost/", 1)


def written_requirement(project: Path) -> str:
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    [requirement] = re.findall(r'^dependencies = \["([^"]+)"\]$', text, re.MULTILINE)
    return requirement


def test_new_from_clones_with_each_kind_of_remote(path_clone: Path, tmp_path: Path) -> None:
    cases = {
        "git@github.com:acme/playbook.git": "playbook @ git+ssh://git@github.com/acme/playbook.git",
        "https://github.com/acme/playbook.git": "playbook @ git+https://github.com/acme/playbook.git",
        "../elsewhere/playbook": f"playbook @ git+{local_url(tmp_path / 'elsewhere/playbook')}",
    }
    clone = tmp_path / "clone"
    git("clone", "-q", str(path_clone), str(clone))
    for n, (remote, expected) in enumerate(cases.items()):
        git("remote", "set-url", "origin", remote, cwd=clone)
        out = io.StringIO()
        assert run_new(tmp_path / f"hb{n}", "taobao-store", clone, out) == 0
        assert written_requirement(tmp_path / f"hb{n}") == expected
        assert f"The engine installs from: {expected} (to change it, see README.md).\n" in out.getvalue()
        assert f"\n    {expected}\n" in (tmp_path / f"hb{n}" / "README.md").read_text(encoding="utf-8")
        Requirement(expected)
    assert (
        main(["new", str(tmp_path / "explicit"), "--template", "taobao-store", "--engine", "playbook==1.2"])
        == 0
    )
    assert written_requirement(tmp_path / "explicit") == "playbook==1.2"


@pytest.mark.install
def test_new_from_a_path_clone_installs_offline_and_builds_strict(path_clone: Path, tmp_path: Path) -> None:
    """The README's `pip install .` of a new handbook, in a fresh venv, with no index: the engine
    comes from the path clone's origin by git; MkDocs and the rest (pip and setuptools too) are
    this venv's (a .pth). The new venv's own interpreter runs pip, as in the README (`--python`
    would start a second pip, in this interpreter, only to hand the work over to it)."""
    project = tmp_path / "shop-handbook"
    out = io.StringIO()
    assert run_new(project, "taobao-store", path_clone, out) == 0
    assert written_requirement(project) == f"playbook @ git+{local_url(ROOT)}"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--no-index",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            ".",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    where = subprocess.run(
        [python, "-c", "import macros; print(macros.__file__)"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site), where  # the engine pip installed, not this checkout

    assert_builds_strict(project, "taobao-store", str(python))
