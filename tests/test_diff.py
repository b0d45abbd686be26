"""`playbook diff BASE HEAD` on real git repositories: the Markdown a pull request shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli import main

from .helpers import commit_all, git
from .minimal import FILES, write_handbook


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the minimal handbook in one commit; the working folder."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_handbook(root)
    commit_all(root, "handbook")
    monkeypatch.chdir(root)
    return root


def diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_roles_departments_duties_and_skills(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_handbook(
        repo,
        departments=FILES["departments.yaml"].replace(
            "{zh: 运营部, en: Operations}", "{zh: 运营中心, en: Operations Centre}"
        )
        + """\
  - id: design
    name: {zh: 设计部, en: Design}
    summary: {zh: 负责视觉设计, en: Does the visual design}
""",
        roles__ops=FILES["roles/ops.yaml"]
        .replace(
            "      - {zh: 上架商品, en: Lists products}\n",
            "      - {zh: 上架商品, en: Lists products}\n      - {zh: 回复评论, en: Answers reviews}\n"
            "    skills:\n      - {zh: 熟悉后台, en: Knows the seller back office}\n",
        )
        .replace(
            "      - {zh: 制定运营计划, en: Sets the operating plan}\n",
            "      - {zh: 制定季度运营计划, en: Sets the quarterly operating plan}\n",
        )
        .replace("{zh: 运营助理, en: Operations Assistant}", "{zh: 运营专员, en: Operations Specialist}")
        .replace(
            "department: ops\n    summary: {zh: 协助运营", "department: design\n    summary: {zh: 协助运营"
        ),
        roles__design="""\
roles:
  - id: designer
    name: {zh: 美工, en: Designer}
    department: design
    summary: {zh: 做图, en: Makes the images}
    duties:
      - {zh: 制作主图, en: Makes the main images}
""",
    )
    commit_all(repo, "more roles")

    code, out, err = diff(capsys, "HEAD~1", "HEAD")

    assert (code, err) == (0, "")
    assert (
        out
        == """\
## 手册数据变更 · Handbook data changes

`HEAD~1` → `HEAD`

### 部门 · Departments

- 新增 · Added: 设计部 · Design (`design`)
- 改名 · Renamed (`ops`): 运营部 · Operations → 运营中心 · Operations Centre

### 岗位 · Roles

- 新增 · Added: 美工 · Designer (`designer`)
- 改名 · Renamed (`ops-assistant`): 运营助理 · Operations Assistant → 运营专员 · Operations Specialist
- 运营经理 · Operations Manager (`ops-manager`):
  - ➕ 职责 · Duty: 制定季度运营计划 · Sets the quarterly operating plan
  - ➖ 职责 · Duty: 制定运营计划 · Sets the operating plan
- 运营专员 · Operations Specialist (`ops-assistant`):
  - ➕ 职责 · Duty: 回复评论 · Answers reviews
  - ➕ 能力 · Skill: 熟悉后台 · Knows the seller back office
  - 所属部门 · Department: 运营中心 · Operations Centre (`ops`) → 设计部 · Design (`design`)
"""
    )


def test_charts_reporting_lines_processes_and_terms(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_handbook(
        repo,
        roles__ops=FILES["roles/ops.yaml"]
        + """\
  - id: ops-intern
    name: {zh: 运营实习生, en: Operations Intern}
    department: ops
    summary: {zh: 学习运营, en: Learns the trade}
    duties:
      - {zh: 整理数据, en: Tidies the data}
""",
        **{
            "templates__small-team": FILES["templates/small-team.yaml"]
            + """\
  - role: ops-intern
    reports_to: ops-assistant
"""
        },
    )
    commit_all(repo, "intern")
    base = git(repo, "rev-parse", "HEAD").strip()
    write_handbook(
        repo,
        roles__ops=(repo / "data/roles/ops.yaml").read_text(encoding="utf-8"),
        **{
            "templates__small-team": (repo / "data/templates/small-team.yaml")
            .read_text(encoding="utf-8")
            .replace("  - role: ops-assistant\n    reports_to: ops-manager\n", "  - role: ops-assistant\n")
            .replace("reports_to: ops-assistant", "reports_to: ops-manager")
            .replace("  - role: ops-manager\n", "  - role: ops-manager\n  - department: ops\n")
        },
        processes__launch=FILES["processes/launch.yaml"]
        + """\
  - id: review
    name: {zh: 复盘, en: Review}
    summary: {zh: 看数据, en: Look at the numbers}
""",
        glossary=FILES["glossary.yaml"]
        + """\
  - id: gmv
    term: {zh: 交易额, en: Gross merchandise value}
    abbr: GMV
    definition: {zh: 一段时间内的成交总额, en: Total value of orders in a period}
""",
    )
    (repo / "data/processes/restock.yaml").write_text(
        """\
id: restock
name: {zh: 补货, en: Restocking}
summary: {zh: 缺货时补货, en: Refill stock before it runs out}
steps:
  - id: order
    name: {zh: 下单, en: Order}
    summary: {zh: 向供应商下单, en: Order from the supplier}
""",
        encoding="utf-8",
    )
    commit_all(repo, "charts")

    code, out, _ = diff(capsys, base, "main")

    assert code == 0
    assert (
        out
        == f"""\
## 手册数据变更 · Handbook data changes

`{base}` → `main`

### 组织模板 · Org templates

- 小团队 · Small team (`small-team`):
  - ➕ 架构成员 · Chart box: 运营部 · Operations (`ops`)
  - 汇报关系 · Reporting line: 运营助理 · Operations Assistant (`ops-assistant`): \
运营经理 · Operations Manager (`ops-manager`) → 架构顶端 · top of the chart
  - 汇报关系 · Reporting line: 运营实习生 · Operations Intern (`ops-intern`): \
运营助理 · Operations Assistant (`ops-assistant`) → 运营经理 · Operations Manager (`ops-manager`)

### 流程 · Processes

- 新增 · Added: 补货 · Restocking (`restock`)
- 上新 · Product launch (`launch`):
  - ➕ 步骤 · Step: 复盘 · Review (`review`)

### 术语 · Glossary terms

- 新增 · Added: 交易额 · Gross merchandise value (`gmv`)
"""
    )


def test_removals_and_reassignments(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_handbook(
        repo,
        departments=FILES["departments.yaml"].replace("    head: ops-manager\n", ""),
        roles__ops=FILES["roles/ops.yaml"].split("  - id: ops-assistant")[0],
        **{"templates__small-team": FILES["templates/small-team.yaml"].split("  - role: ops-assistant")[0]},
        processes__launch=FILES["processes/launch.yaml"].replace("role: ops-assistant", "role: ops-manager"),
        glossary="terms: []\n",
    )
    commit_all(repo, "smaller")

    code, out, _ = diff(capsys, "HEAD~1", "HEAD")

    assert code == 0
    assert (
        out
        == """\
## 手册数据变更 · Handbook data changes

`HEAD~1` → `HEAD`

### 部门 · Departments

- 运营部 · Operations (`ops`):
  - 负责人 · Head: 运营经理 · Operations Manager (`ops-manager`) → 无 · none

### 岗位 · Roles

- 删除 · Removed: 运营助理 · Operations Assistant (`ops-assistant`)

### 组织模板 · Org templates

- 小团队 · Small team (`small-team`):
  - ➖ 架构成员 · Chart box: 运营助理 · Operations Assistant (`ops-assistant`)

### 术语 · Glossary terms

- 删除 · Removed: 库存单位 · Stock keeping unit (`sku`)
"""
    )


def test_no_change_and_a_first_handbook(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "README.md").write_text("Not data\n", encoding="utf-8")
    commit_all(repo, "readme")
    code, out, _ = diff(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out.splitlines()[-1] == "手册数据没有变化。 · No changes to the handbook data."

    empty = git(
        repo, "commit-tree", git(repo, "hash-object", "-t", "tree", "-w", "--stdin").strip(), "-m", "empty"
    )
    code, out, _ = diff(capsys, empty.strip(), "HEAD")
    assert code == 0
    assert "- 新增 · Added: 运营部 · Operations (`ops`)" in out
    assert "- 新增 · Added: 运营助理 · Operations Assistant (`ops-assistant`)" in out


def test_names_are_escaped_for_markdown(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_handbook(
        repo,
        roles__ops=FILES["roles/ops.yaml"].replace(
            "{zh: 运营助理, en: Operations Assistant}",
            '{zh: "<script>x</script>", en: "*Bold* [link](javascript:x)"}',
        ),
    )
    commit_all(repo, "evil")
    code, out, _ = diff(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out.splitlines()[-1] == (
        "- 改名 · Renamed (`ops-assistant`): 运营助理 · Operations Assistant → "
        "\\<script\\>x\\</script\\> · \\*Bold\\* \\[link\\]\\(javascript:x\\)"
    )


def test_broken_data_or_bad_ref_is_a_clear_failure(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = diff(capsys, "no-such-branch", "HEAD")
    assert code == 1
    assert err.startswith("playbook diff: 'no-such-branch' is not a commit of the repository at ")

    write_handbook(repo, departments=FILES["departments.yaml"].replace("head: ops-manager", "head: nobody"))
    commit_all(repo, "broken")
    code, _, err = diff(capsys, "HEAD~1", "HEAD")
    assert code == 1
    assert err.splitlines()[:3] == [
        "playbook diff: the data at 'HEAD' does not load.",
        "1 problem in the handbook data:",
        "  data/departments.yaml:5:11: departments[ops].head: unknown role 'nobody' "
        "(known: ops-assistant, ops-manager)",
    ]


def test_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = diff(capsys, "main", "HEAD")
    assert code == 1
    assert err.startswith("playbook diff: git rev-parse --show-toplevel: fatal: not a git repository")
