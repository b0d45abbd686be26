"""`playbook check`: every problem with its place and a hint, warnings apart, GitHub annotations."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from macros.cli import main
from macros.cli.check import run_check

from .conftest import ROOT
from .minimal import FILES, write_handbook


def check(data: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    fmt = "github" if "--github" in args else "text"
    code = run_check(data, fmt, "--strict" in args, out)
    return code, out.getvalue()


def test_clean_data_passes_with_a_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = check(write_handbook(tmp_path))
    assert code == 0
    assert out == (
        "Translation coverage: zh 100.0% (17/17), en 100.0% (17/17)\n"
        "\n"
        "OK: 0 errors, 0 warnings, 0 untranslated texts in 2 roles, 1 department, "
        "1 org template, 1 process and 1 term\n"
    )


def test_every_error_is_listed_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_handbook(
        tmp_path,
        glossary=FILES["glossary.yaml"].replace("abbr: SKU", "abbr: 42").replace("id: sku", "id: Stock Unit"),
        roles__ops=FILES["roles/ops.yaml"].replace(
            "{zh: 运营经理, en: Operations Manager}", "{zh: 运营经理}"
        ),
    )
    code, out = check(data)
    assert code == 1
    assert out == (
        "Errors (3):\n"
        "  data/glossary.yaml:2:9: terms[Stock Unit].id: expected an id in lowercase-with-dashes like "
        "'store-manager', found text 'Stock Unit'\n"
        "      hint: ids use a-z, 0-9 and single dashes: try 'stock-unit'\n"
        "  data/glossary.yaml:4:11: terms[Stock Unit].abbr: expected text, found a number 42\n"
        '      hint: put it in quotes: "42"\n'
        "  data/roles/ops.yaml:3:11: roles[ops-manager].name.en: missing English (en) text: every "
        "text needs both zh and en\n"
        "      hint: write it as {zh: 中文, en: English}, e.g. name: {zh: 店长, en: Store Manager}\n"
        "\n"
        "FAILED: 3 errors, 0 warnings, 0 untranslated texts\n"
    )


def test_unknown_reference_suggests_the_nearest_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = FILES["templates/small-team.yaml"].replace("reports_to: ops-manager", "reports_to: ops-manger")
    code, out = check(write_handbook(tmp_path, **{"templates__small-team": text}))
    assert code == 1
    assert (
        "  data/templates/small-team.yaml:7:17: members[1].reports_to: 'ops-manger' is not a box of "
        "this chart (boxes: ops-assistant, ops-manager); did you mean 'ops-manager'?\n"
    ) in out


def test_paths_are_shown_from_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_handbook(
        tmp_path / "handbook", glossary=FILES["glossary.yaml"].replace("abbr: SKU", "abbr: 42")
    )
    monkeypatch.chdir(tmp_path)
    code, out = check(Path("handbook/data"))
    assert code == 1
    assert "  handbook/data/glossary.yaml:4:11: terms[sku].abbr: expected text" in out
    assert data.is_dir()


WARNED = {
    "departments": FILES["departments.yaml"]
    + """\
  - id: design
    name: {zh: 设计部, en: Design}
    summary: {zh: 负责视觉设计, en: Does the visual design}
""",
    "roles__extra": """\
roles:
  - id: photographer
    name: {zh: 摄影师, en: Photographer}
    summary: {zh: 拍摄商品图片, en: 拍摄商品图片}
    duties:
      - {zh: 拍摄主图, en: Shoots the main product photos}
""",
    "processes__launch": FILES["processes/launch.yaml"].replace("template: small-team\n", ""),
    "templates__other": """\
id: other
name: {zh: 另一个团队, en: 另一个团队}
summary: {zh: 只有经理, en: Just the manager}
members:
  - role: ops-manager
""",
}


def test_a_department_with_duties_and_no_roles_is_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Taobao store's departments: the article says what each does and names no posts.
    monkeypatch.chdir(tmp_path)
    described = (
        WARNED["departments"]
        + """\
    duties:
      - {zh: 设计店铺页面, en: Designs the storefront}
"""
    )
    code, out = check(write_handbook(tmp_path, **{**WARNED, "departments": described}))
    assert code == 0
    assert out.startswith("Warnings (1):\n") and "department 'design'" not in out


def test_warnings_are_listed_apart_and_strict_makes_them_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_handbook(tmp_path, **WARNED)
    code, out = check(data)
    assert code == 0
    assert out == (
        "Warnings (2):\n"
        "  data/departments.yaml:6:9: departments[design].id: department 'design' has no roles and no "
        "duties (no role in data/roles/ names it as its department, and it lists no duties of its own)\n"
        "  data/roles/extra.yaml:2:9: roles[photographer].id: role 'photographer' is in no org template "
        "(neither it nor its department is a box of any chart in data/templates/)\n"
        "\n"
        "Translation coverage: zh 100.0% (24/24), en 91.7% (22/24)\n"
        "\n"
        "Untranslated texts (2):\n"
        "  data/roles/extra.yaml:4:31: roles[photographer].summary.en: not translated: the en text "
        "is the same as the zh text\n"
        "      hint: write the English in en: {zh: 店长, en: Store Manager}\n"
        "  data/templates/other.yaml:2:23: name.en: not translated: the en text is the same as the "
        "zh text\n"
        "      hint: write the English in en: {zh: 店长, en: Store Manager}\n"
        "\n"
        "OK: 0 errors, 2 warnings, 2 untranslated texts in 3 roles, 2 departments, 2 org templates, "
        "1 process and 1 term\n"
    )
    strict_code, strict_out = check(data, "--strict")
    assert strict_code == 1
    assert strict_out.endswith("FAILED (--strict): 0 errors, 2 warnings, 2 untranslated texts\n")


def test_github_format_prints_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_handbook(
        tmp_path,
        glossary=FILES["glossary.yaml"].replace("abbr: SKU", "abbr: 42"),
        roles__extra=WARNED["roles__extra"],
    )
    code, out = check(data, "--github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=data/glossary.yaml,line=4,col=11,title=playbook check::terms[sku].abbr: "
        'expected text, found a number 42%0Ahint: put it in quotes: "42"',
        "FAILED: 1 error, 0 warnings, 0 untranslated texts",
    ]
    good = write_handbook(tmp_path / "good", roles__extra=WARNED["roles__extra"])
    code, out = check(good, "--github")
    assert code == 0
    assert out.splitlines()[0] == (
        "::warning file=good/data/roles/extra.yaml,line=2,col=9,title=playbook check::"
        "roles[photographer].id: role 'photographer' is in no org template (neither it nor its "
        "department is a box of any chart in data/templates/)"
    )
    assert out.splitlines()[1].startswith(
        "::warning file=good/data/roles/extra.yaml,line=4,col=31,title=playbook check%3A translation::"
    )
    assert out.splitlines()[2] == "::notice title=Translation coverage::zh 100.0%, en 95.0% of 20 texts"


def test_the_real_handbook_passes() -> None:
    out = io.StringIO()
    assert run_check(ROOT / "data", "text", False, out) == 0
    assert out.getvalue().splitlines()[-1].startswith("OK: 0 errors, ")


def test_console_script_never_imports_mkdocs(tmp_path: Path) -> None:
    probe = (
        "import sys; from macros.cli import main; code = main(['check', '--data', sys.argv[1]]); "
        "heavy = sorted(m for m in ('mkdocs', 'jinja2', 'material', 'jieba') if m in sys.modules); "
        "print('HEAVY', heavy); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT / "data")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "HEAVY []"
    result = subprocess.run(
        [Path(sys.executable).parent / "playbook", "check", "--data", str(ROOT / "data")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--data", "nowhere"], "nowhere:1:1: data directory not found\n"),
        (["diff", "no-such-ref", "HEAD"], "playbook diff: "),
    ],
)
def test_failures_end_in_a_message_and_exit_1(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    captured = capsys.readouterr()
    assert message in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--format", "xml"])
    assert exited.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in ("check", "schema", "diff", "new"):
        assert f"    {name} " in out


def test_adding_a_subcommand_is_one_function(capsys: pytest.CaptureFixture[str]) -> None:
    from macros import cli

    @cli.command("hello", "say hello")
    def _hello(parser):  # the whole change a new subcommand needs
        parser.add_argument("--name", default="world")
        return lambda args: print(f"hello {args.name}") or 0

    try:
        assert cli.main(["hello", "--name", "team"]) == 0
        assert capsys.readouterr().out == "hello team\n"
    finally:
        del cli.COMMANDS["hello"]
