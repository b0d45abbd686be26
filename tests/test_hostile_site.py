"""Hostile and careless input beyond the data (issue 12): addresses from the environment, long
fields, stray environment variables, bad paths given to commands, and builds that are killed,
interrupted or publish into a link. Unit-level where possible; the builds here stop at their start
(a killed build: tests/test_editions.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.cli import main
from macros.model import schema
from macros.model.loader import load_handbook
from macros.render.glossary import Glossary, term_table
from macros.site import editions
from macros.site.addresses import address_problem, edit_path
from macros.site.output import PublishError, publish, remove_leftovers
from macros.site.plan import plan_build
from macros.site.segmenter import MAX_WORD, handbook_words

from .conftest import ROOT, copy_project, mkdocs_build
from .helpers import commit_all, git
from .minimal import write_handbook


# -- addresses and the links built from them ------------------------------------------------------
@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("site_url", 'https://example.org/"><script>alert(1)</script>'),
        ("site_url", "https://example.org/ x"),
        ("repo_url", "https://github.com/acme/handbook'onmouseover='alert(1)"),
        ("repo_url", "javascript:alert(1)"),
        ("edit_uri", 'edit/main/"><img src=x>'),
    ],
)
def test_unsafe_addresses_are_refused(setting: str, value: str) -> None:
    problem = address_problem(setting, value)
    assert problem is not None and "\n" not in problem
    assert problem.startswith(
        {"site_url": "SITE_URL=", "repo_url": "REPO_URL=", "edit_uri": "EDIT_URI="}[setting]
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("site_url", "https://handbook.example.org/"),
        ("repo_url", "https://github.com/acme/handbook"),
        ("edit_uri", "edit/main/playbook/"),
        ("site_url", None),
    ],
)
def test_ordinary_addresses_pass(setting: str, value: str | None) -> None:
    assert address_problem(setting, value) is None


def test_edit_paths_are_percent_encoded() -> None:
    assert edit_path('../data/roles/x"><img src=x>.yaml') == "../data/roles/x%22%3E%3Cimg%20src%3Dx%3E.yaml"


def test_a_quote_in_site_url_fails_the_build_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, SITE_URL='https://example.org/"><script>alert(1)</script>')
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "ERROR   -  SITE_URL='https://example.org/\"><script>" in result.stderr
    assert "an address may not hold '\"'" in result.stderr
    assert not (project / "site").exists()


# -- costs bounded by input size ------------------------------------------------------------------
def test_long_names_are_not_taught_to_the_segmenter(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    long = "运营" * 2500
    hb.roles["ops-manager"] = hb.roles["ops-manager"].model_copy(
        update={"name": schema.Text(zh=long, en="x")}
    )
    words = handbook_words(hb, [lambda text: text.zh])
    assert words and all(len(word) <= MAX_WORD for word in words)
    assert "运营经理" not in words and "运营助理" in words


def test_a_very_long_term_neither_recurses_nor_slows_the_tooltips() -> None:
    term = schema.Term(
        id="long", term=schema.Text(zh="库" * 5000, en="x" * 5000), definition=schema.Text(zh="d", en="d")
    )
    short = schema.Term(
        id="sku", term=schema.Text(zh="库存单位", en="SKU unit"), definition=schema.Text(zh="d", en="d")
    )
    glossary = Glossary(term_table([term, short], lambda text: text.zh))
    html = "<p>" + "库" * 20000 + "库存单位</p>"
    assert glossary.annotate(html).count("<abbr") == 1


# -- stray environment, bad paths -------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [
        "en",
        "{",
        '{"locale": "en", "site_url": null}',
        json.dumps({"locale": "en", "site_url": None, "report_file": "/tmp/r.json", "parent": 1}),
        json.dumps({"locale": "fr", "site_url": None, "report_file": "/tmp/r.json", "parent": os.getppid()}),
    ],
)
def test_a_stray_edition_variable_is_refused(raw: str) -> None:
    with pytest.raises(editions.EditionsError, match="is set, but this is not a child build"):
        editions.EditionOrder.from_env({editions.EDITION_ENV: raw}, further=("en", "zh-Hant"))


def test_a_parents_order_is_obeyed() -> None:
    order = editions.EditionOrder("en", None, "/tmp/r.json", parent=os.getppid())
    assert editions.EditionOrder.from_env(order.to_env(), further=("en", "zh-Hant")) == order


def test_a_stray_edition_variable_fails_the_build_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, PLAYBOOK_EDITION="en")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "PLAYBOOK_EDITION='en' is set, but this is not a child build" in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["new", "FILE/sub", "--template", "taobao-store"],
        ["bundle", "-o", "folder"],
        ["bundle", "--project", "missing"],
        ["schema", "--out", "FILE"],
        ["check", "--data", "FILE"],
    ],
)
def test_bad_paths_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "FILE").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    if argv[0] != "check":
        assert len(captured.err.strip().splitlines()) == 1, captured.err


def test_a_file_system_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from macros.cli import schema as schema_cli

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "schema/roles.schema.json")

    monkeypatch.setattr(schema_cli, "write", refuse)
    assert main(["schema", "--out", str(ROOT / "schema")]) == 1
    assert capsys.readouterr().err == "playbook schema: schema/roles.schema.json: Permission denied\n"


# -- publishing -----------------------------------------------------------------------------------
def test_leftovers_of_dead_builds_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    site = tmp_path / "site"
    mine = tmp_path / f"site.partial-{os.getpid()}"
    left = [
        tmp_path / f"site.partial-{dead.pid}",
        tmp_path / f"site.partial-{dead.pid}.en",
        tmp_path / f"site.old-{dead.pid}",
    ]
    for folder in [site, mine, *left]:
        folder.mkdir()
        (folder / "index.html").write_text("x", encoding="utf-8")
    assert sorted(remove_leftovers(site)) == sorted(left)
    assert site.is_dir() and mine.is_dir()


def test_a_site_link_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    served = tmp_path / "www" / "handbook"
    served.mkdir(parents=True)
    (served / "old.html").write_text("old", encoding="utf-8")
    link = tmp_path / "site"
    link.symlink_to(served, target_is_directory=True)
    plan = plan_build(mode="build", languages=("zh",), site_dir=str(link), pid=42)
    assert plan.final_dir == str(served) and plan.staged_dir == f"{served}.partial-42"
    staged = Path(plan.staged_dir)
    staged.mkdir()
    (staged / "new.html").write_text("new", encoding="utf-8")
    publish(staged, Path(plan.final_dir))
    assert link.is_symlink() and (link / "new.html").is_file() and not (link / "old.html").exists()


def test_a_stale_old_folder_does_not_stop_publishing(tmp_path: Path) -> None:
    site, staged = tmp_path / "site", tmp_path / "site.partial-1"
    for folder in (site, staged, tmp_path / f"site.old-{os.getpid()}"):
        folder.mkdir()
        (folder / "f").write_text(folder.name, encoding="utf-8")
    publish(staged, site)
    assert (site / "f").read_text(encoding="utf-8") == "site.partial-1"


def test_a_failed_publish_restores_the_site_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, staged = tmp_path / "site", tmp_path / "site.partial-1"
    for folder in (site, staged):
        folder.mkdir()
        (folder / "f").write_text(folder.name, encoding="utf-8")
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self == staged:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(PublishError) as caught:
        publish(staged, site)
    assert "\n" not in str(caught.value) and "Permission denied" in str(caught.value)
    assert (site / "f").read_text(encoding="utf-8") == "site"


def test_an_unwritable_parent_is_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the site's folder should go", encoding="utf-8")
    result = mkdocs_build(project, "--site-dir", str(blocker / "site"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "cannot write the site beside" in result.stderr


def test_diff_reports_a_symlink_in_a_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_handbook(root)
    commit_all(root, "handbook")
    (root / "data" / "roles" / "evil.yaml").symlink_to("/etc/passwd")
    (root / "data" / "roles" / "near.yaml").symlink_to("ops.yaml")
    commit_all(root, "links")
    monkeypatch.chdir(root)
    assert main(["diff", "HEAD~1", "HEAD"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "root:" not in captured.err
    assert "data/roles/evil.yaml:1:1: symbolic link" in captured.err
    assert "data/roles/near.yaml:1:1: symbolic link" in captured.err


@pytest.mark.parametrize("argv", [["check"], ["bundle"], ["schema", "--check"]])
def test_a_stray_edition_variable_stops_every_command_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    monkeypatch.setenv("PLAYBOOK_EDITION", "en")
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"playbook {argv[0]}: PLAYBOOK_EDITION='en' is set: unset it (only a build sets it, for its "
        "own child builds)\n"
    )


def test_the_term_matcher_is_bounded_for_every_caller() -> None:
    from macros.render.glossary import matcher

    pattern = matcher({"运营" * 2500: "a", "库存单位": "b"})  # no RecursionError from a 5,000-level trie
    assert pattern is not None and pattern.search("提高库存单位") is not None
