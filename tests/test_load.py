"""The loader on good and bad input: every problem is located and worded for an editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.model.errors import DataError
from macros.model.loader import load_handbook
from macros.model.yaml_reader import MAX_FILE_BYTES

from .minimal import FILES, write_handbook


def problems(tmp_path: Path, **changes: str | None) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_handbook(write_handbook(tmp_path, **changes))
    return [str(p) for p in caught.value.problems]


def test_minimal_handbook_loads(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    assert list(hb.roles) == ["ops-manager", "ops-assistant"]
    assert hb.source("role", "ops-assistant").line == 8
    assert [m.id for m in hb.reports(hb.templates["small-team"], "ops-manager")] == ["ops-assistant"]
    assert [(p.id, s.id) for p, s in hb.steps_with("ops-assistant")] == [("launch", "list")]


def test_duplicate_key_is_refused_not_overwritten(tmp_path: Path) -> None:
    text = FILES["roles/ops.yaml"].replace(
        "    department: ops\n    summary: {zh: 带领运营部",
        "    department: ops\n    department: sales\n    summary: {zh: 带领运营部",
    )
    assert problems(tmp_path, roles__ops=text) == [
        "data/roles/ops.yaml:5:5: roles[0].department: duplicate key (first given on line 4)"
    ]


def test_tab_indentation_names_the_line(tmp_path: Path) -> None:
    text = FILES["departments.yaml"].replace("    head: ops-manager", "\thead: ops-manager")
    [message] = problems(tmp_path, departments=text)
    assert message.startswith("data/departments.yaml:5:1: YAML syntax error: ")
    assert message.endswith("(tabs are not allowed for indentation: use spaces)")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = FILES["glossary.yaml"].replace("abbr: SKU", "abbr: [SKU")
    [message] = problems(tmp_path, glossary=text)
    assert message.startswith("data/glossary.yaml:5:")
    assert "YAML syntax error" in message


def test_aliases_are_refused_so_a_billion_laughs_cannot_expand(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert problems(tmp_path, glossary=bomb) == [
        "data/glossary.yaml:2:8: YAML error: anchors and aliases (&name / *name) are not allowed"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    data = write_handbook(tmp_path)
    (data / "glossary.yaml").write_bytes("terms: []\n# 术语\n".encode("gb18030"))
    with pytest.raises(DataError) as caught:
        load_handbook(data)
    assert [str(p) for p in caught.value.problems] == ["data/glossary.yaml:2:1: file is not valid UTF-8 text"]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    huge = "terms: []\n" + "#" * MAX_FILE_BYTES
    [message] = problems(tmp_path, glossary=huge)
    assert message.startswith("data/glossary.yaml:1:1: file is over 1,000,000 bytes; a data file may")


def test_missing_language_is_named(tmp_path: Path) -> None:
    text = FILES["roles/ops.yaml"].replace("{zh: 运营助理, en: Operations Assistant}", "{zh: 运营助理}")
    assert problems(tmp_path, roles__ops=text) == [
        "data/roles/ops.yaml:9:11: roles[ops-assistant].name.en: "
        "missing English (en) text: every text needs both zh and en"
    ]


def test_wrong_type_says_expected_and_found(tmp_path: Path) -> None:
    text = FILES["roles/ops.yaml"].replace(
        "    duties:\n      - {zh: 上架商品, en: Lists products}",
        "    duties: 上架商品",
    )
    assert problems(tmp_path, roles__ops=text) == [
        "data/roles/ops.yaml:12:13: roles[ops-assistant].duties: expected a list, found text '上架商品'"
    ]


def test_number_is_not_silently_taken_as_text(tmp_path: Path) -> None:
    text = FILES["glossary.yaml"].replace("abbr: SKU", "abbr: 42")
    assert problems(tmp_path, glossary=text) == [
        "data/glossary.yaml:4:11: terms[sku].abbr: expected text, found a number 42"
    ]


def test_unknown_field_lists_the_allowed_ones(tmp_path: Path) -> None:
    text = FILES["departments.yaml"].replace("    head: ops-manager", "    boss: ops-manager")
    assert problems(tmp_path, departments=text) == [
        "data/departments.yaml:5:11: departments[ops].boss: unknown field 'boss' "
        "(expected one of: id, name, aliases, summary, head, duties, editor_notes)"
    ]


def test_bad_id(tmp_path: Path) -> None:
    text = FILES["glossary.yaml"].replace("id: sku", "id: Stock Unit")
    assert problems(tmp_path, glossary=text) == [
        "data/glossary.yaml:2:9: terms[Stock Unit].id: expected an id in lowercase-with-dashes "
        "like 'store-manager', found text 'Stock Unit'"
    ]


def test_unknown_reference_lists_known_ids(tmp_path: Path) -> None:
    text = FILES["roles/ops.yaml"].replace(
        "department: ops\n    summary: {zh: 协助", "department: sales\n    summary: {zh: 协助"
    )
    assert problems(tmp_path, roles__ops=text) == [
        "data/roles/ops.yaml:10:17: roles[ops-assistant].department: unknown department 'sales' (known: ops)"
    ]


def test_reporting_cycle(tmp_path: Path) -> None:
    text = FILES["templates/small-team.yaml"].replace(
        "  - role: ops-manager\n", "  - role: ops-manager\n    reports_to: ops-assistant\n"
    )
    assert problems(tmp_path, **{"templates__small-team": text}) == [
        "data/templates/small-team.yaml:6:17: members[0].reports_to: "
        "reporting lines form a cycle: ops-manager → ops-assistant → ops-manager"
    ]


def test_reports_to_must_be_a_box_of_the_chart(tmp_path: Path) -> None:
    text = FILES["templates/small-team.yaml"].replace("reports_to: ops-manager", "reports_to: ops")
    assert problems(tmp_path, **{"templates__small-team": text}) == [
        "data/templates/small-team.yaml:7:17: members[1].reports_to: "
        "'ops' is not a box of this chart (boxes: ops-assistant, ops-manager)"
    ]


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    extra = FILES["roles/ops.yaml"].split("  - id: ops-assistant")[0]
    assert problems(tmp_path, roles__more=extra) == [
        "data/roles/ops.yaml:2:9: roles[ops-manager].id: "
        "duplicate id 'ops-manager' (already used by the role at data/roles/more.yaml:2)"
    ]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        glossary=FILES["glossary.yaml"].replace("abbr: SKU", "abbr: 42"),
        departments=FILES["departments.yaml"].replace("head: ops-manager", "head: Nobody"),
        roles__ops=FILES["roles/ops.yaml"].replace(
            "{zh: 运营经理, en: Operations Manager}", "{en: Operations Manager}"
        ),
    )
    assert [m.split(":")[0] for m in found] == [
        "data/departments.yaml",
        "data/glossary.yaml",
        "data/roles/ops.yaml",
    ]


def test_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_handbook(tmp_path / "nowhere")
    assert "data directory not found" in str(caught.value)


def test_unknown_data_file(tmp_path: Path) -> None:
    data = write_handbook(tmp_path)
    (data / "people.yaml").write_text("people: []\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_handbook(data)
    assert str(caught.value.problems[0]).startswith("data/people.yaml:1:1: not a known kind of data file")


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path) -> None:
    """mkdocs serve reloads every data file on each rebuild; only changed ones are parsed."""
    from macros.model.yaml_reader import read

    data = tmp_path / "data.yaml"
    data.write_text("roles: [{id: a}]\n", encoding="utf-8")
    first = read(data, tmp_path)
    assert read(data, tmp_path) is first
    data.write_text("roles: [{id: b}]\n", encoding="utf-8")
    second = read(data, tmp_path)
    assert second is not first and second.data == {"roles": [{"id": "b"}]}
    assert first.data == {"roles": [{"id": "a"}]}


def test_a_second_load_checks_again_only_the_files_that_changed(tmp_path: Path) -> None:
    """`mkdocs serve` loads the data again on every save: the unchanged files' checked models
    are kept (the very same objects), the changed file is checked again."""
    from .conftest import copy_project

    data = copy_project(tmp_path / "project") / "data"
    first = load_handbook(data)
    roles = data / "roles" / "leadership.yaml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(text.replace("直接领导", "亲自带领", 1), encoding="utf-8")
    second = load_handbook(data)
    assert "亲自带领" in second.roles["store-manager"].summary.zh
    assert "亲自带领" not in first.roles["store-manager"].summary.zh
    assert all(second.terms[ident] is term for ident, term in first.terms.items())
    assert all(second.departments[ident] is dept for ident, dept in first.departments.items())
    roles.write_text(text.replace("  - id: store-manager\n", "  - id: store-manager\n    departmnt: x\n", 1))
    with pytest.raises(DataError) as caught:
        load_handbook(data)
    assert "data/roles/leadership.yaml" in caught.value.report() and "departmnt" in caught.value.report()


def test_a_handbook_let_go_of_its_files_still_locates_every_field(tmp_path: Path) -> None:
    """A build keeps only the models once the data are checked (the parsed files and their
    positions are dropped before the editions fork); a message asked for later reads the file
    again and points at the same place."""
    hb = load_handbook(write_handbook(tmp_path))
    asked = [
        (kind, ident, field)
        for (kind, ident) in hb.sources
        for field in ("id", "title", ("duties", 0), ("title", "en"), "no-such-field")
    ]

    def located() -> list[str]:
        return [str(hb.source(kind, ident).problem(field, "check")) for kind, ident, field in asked]

    before = located()
    # Another handbook in this process with the same files (a test's, or the next serve
    # rebuild's copy) reads and keeps its own: letting go of one never touches the other.
    twin = load_handbook(write_handbook(tmp_path / "twin"))
    assert {s.document for s in twin.sources.values()}.isdisjoint(s.document for s in hb.sources.values())
    hb.let_go_of_files()
    documents = {source.document for source in hb.sources.values()}
    assert documents and all(document._positions is None for document in documents)
    assert located() == before
    assert all(document._positions for document in documents)  # read again, once each
    assert all(source.document._positions for source in twin.sources.values())
