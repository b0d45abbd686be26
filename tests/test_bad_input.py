"""Every way a data folder can be broken ends in a located message and exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli import main
from macros.model.errors import DataError
from macros.model.yaml_reader import MAX_DEPTH, parse

from .minimal import FILES, write_handbook


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths are shown from the working folder


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run `playbook check` in tmp_path; the error lines it printed."""
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert captured.out.splitlines()[-1].startswith("FAILED: ")
    return [
        line.strip()
        for line in captured.out.splitlines()
        if line.startswith("  ") and not line.startswith("      hint:")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[" * 100_000,
            f"data/glossary.yaml:1:{MAX_DEPTH + 1}: YAML syntax error: values are nested "
            f"more than {MAX_DEPTH} levels deep",
        ),
        (
            "- " * 50_000,
            f"data/glossary.yaml:1:{2 * MAX_DEPTH + 1}: YAML error: values are nested more "
            f"than {MAX_DEPTH} levels deep",
        ),
        (
            "terms:\n  - id: 2020-13-45\n",
            "data/glossary.yaml:2:9: terms[0].id: cannot read '2020-13-45' as timestamp "
            "(month must be in 1..12); put it in quotes to keep it as text",
        ),
        (
            "terms: !!python/object:os.system x\n",
            "data/glossary.yaml:1:8: terms: cannot read this value: "
            "could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            "terms: []\n---\nterms: []\n",
            "data/glossary.yaml:2:1: YAML error: expected a single document in "
            "the stream, but found another document",
        ),
        (
            "terms: []\n\x07\n",
            "data/glossary.yaml:2:1: character U+0007 is not allowed in a YAML file (a control character?)",
        ),
        (
            "terms:\n  - <<: {id: x}\n",
            "data/glossary.yaml:2:5: terms[0]: YAML merge keys (<<) are not allowed",
        ),
    ],
)
def test_bad_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    write_handbook(tmp_path, glossary=text)
    # (a YAML bomb is refused by the reader's limits, tested by its message, not by a clock)
    assert check(tmp_path, capsys) == [expected]


def test_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_handbook(tmp_path)
    (data / "roles" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (data / "templates" / "folder.yaml").mkdir()
    (data / "glossary.yaml").write_bytes(b"terms: []\n# \xff\xfe\n")
    assert check(tmp_path, capsys) == [
        "data/glossary.yaml:2:1: file is not valid UTF-8 text",
        "data/roles/gone.yaml:1:1: symbolic link: data files must be real files in the "
        "repository (links are never followed)",
        "data/templates/folder.yaml:1:1: a folder, not a data file",
    ]


def test_wrong_types_references_and_cycles_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(
        tmp_path,
        roles__ops=FILES["roles/ops.yaml"]
        .replace("kind: post", "")
        .replace(
            "    department: ops\n    summary: {zh: 带领运营部",
            "    department: [ops]\n    summary: {zh: 带领运营部",
        ),
        **{
            "templates__small-team": FILES["templates/small-team.yaml"].replace(
                "  - role: ops-manager\n", "  - role: ops-manager\n    reports_to: ops-assistant\n"
            )
        },
        processes__launch=FILES["processes/launch.yaml"].replace("role: ops-assistant", "role: ops-asistant"),
    )
    # All at once (issue 12): a broken role still counts as known, so references are checked too.
    assert check(tmp_path, capsys) == [
        "data/processes/launch.yaml:10:15: steps[list].actions[0].role: unknown role 'ops-asistant' "
        "(known: ops-assistant, ops-manager); did you mean 'ops-assistant'?",
        "data/roles/ops.yaml:4:17: roles[ops-manager].department: expected text, found a list",
        "data/templates/small-team.yaml:6:17: members[0].reports_to: reporting lines form a cycle: "
        "ops-manager → ops-assistant → ops-manager",
    ]


def test_oversized_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_handbook(tmp_path, glossary="terms: []\n" + "#" * 1_100_000)
    assert check(tmp_path, capsys) == [
        "data/glossary.yaml:1:1: file is over 1,000,000 bytes; a data file may be at most 1,000,000",
    ]


def test_missing_or_misplaced_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(tmp_path, capsys) == ["data:1:1: data directory not found"]
    write_handbook(tmp_path)
    (tmp_path / "data" / "people.yml").write_text("people: []\n", encoding="utf-8")
    [line] = check(tmp_path, capsys)
    assert line.startswith("data/people.yml:1:1: not a known kind of data file")


def test_an_alias_bomb_is_refused_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(DataError) as caught:
        parse(bomb, "bomb.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "bomb.yaml:2:8: YAML error: anchors and aliases (&name / *name) are not allowed"
    ]
