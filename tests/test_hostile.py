"""Hostile and careless data (issue 12), one class at a time, at the loader: every case ends in a
located problem, all of them in one run, and nothing outside data/ is ever read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from macros.model.errors import DataError
from macros.model.loader import load_handbook
from macros.quality.hints import hint

from .minimal import FILES, write_handbook


def problems(root: Path, **changes: str | None) -> list[str]:
    data = root / "data"
    if not data.exists():
        write_handbook(root, **changes)
    with pytest.raises(DataError) as caught:
        load_handbook(data)
    return [str(p) for p in caught.value.problems]


ASSISTANT = "  - id: ops-assistant\n"


# -- files in data/ ----------------------------------------------------------------------------
def test_unsafe_file_names_are_refused_and_editor_files_ignored(tmp_path: Path) -> None:
    data = write_handbook(tmp_path)
    evil = 'x"><img src=x onerror=alert(7)>.yaml'
    (data / "roles" / evil).write_text("roles: []\n", encoding="utf-8")
    (data / "roles" / "MORE.YAML").write_text("roles: []\n", encoding="utf-8")
    for junk in (".#ops.yaml", "._ops.yaml", "ops.yaml~", ".DS_Store", "#ops.yaml#"):
        (data / "roles" / junk).write_text("not: [yaml\n", encoding="utf-8")
    found = problems(tmp_path)
    assert found == [
        "data/roles/MORE.YAML:1:1: file name must be lowercase letters, digits and dashes, ending in "
        ".yaml (e.g. 'more.yaml')",
        f"data/roles/{evil}:1:1: file name must be lowercase letters, digits and dashes, ending in "
        ".yaml (e.g. 'x-img-src-x-onerror-alert-7.yaml')",
    ]


def test_symlinks_are_refused_never_followed(tmp_path: Path) -> None:
    data = write_handbook(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("roles:\n  - id: TOKEN-abc123\n", encoding="utf-8")
    (data / "roles" / "leak.yaml").symlink_to(secret)
    (data / "roles" / "zero.yaml").symlink_to("/dev/zero")
    (data / "templates" / "linked").symlink_to(tmp_path, target_is_directory=True)
    found = problems(tmp_path)  # /dev/zero followed would end in "too large", not here
    assert not any("TOKEN" in line for line in found)
    assert [line.split(": ")[0] for line in found] == [
        "data/roles/leak.yaml:1:1",
        "data/roles/zero.yaml:1:1",
        "data/templates/linked:1:1",
    ]
    assert all("symbolic link" in line for line in found)


def test_size_limit_holds_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from macros.model import yaml_reader

    monkeypatch.setattr(yaml_reader, "MAX_FILE_BYTES", 2000)
    reads: list[int] = []
    real = os.fdopen

    def watched(fd: int, mode: str = "r", *args: object) -> object:
        handle = real(fd, mode, *args)
        original = handle.read
        handle.read = lambda n=-1: reads.append(n) or original(n)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(os, "fdopen", watched)
    [found] = problems(tmp_path, glossary="terms: []\n" + "#" * 5000)
    assert found.startswith("data/glossary.yaml:1:1: file is over 2,000 bytes")
    assert reads and all(0 < n <= 2001 for n in reads)


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    data = write_handbook(tmp_path)
    os.mkfifo(data / "roles" / "pipe.yaml")
    assert problems(tmp_path) == ["data/roles/pipe.yaml:1:1: not a regular file"]


# -- reserved ids and id length --------------------------------------------------------------------
@pytest.mark.parametrize("ident", ["index", "print", "en", "zh-hant", "overview", "job", "onboarding"])
def test_reserved_role_ids(tmp_path: Path, ident: str) -> None:
    roles = FILES["roles/ops.yaml"].replace("ops-assistant", ident)
    template = FILES["templates/small-team.yaml"].replace("ops-assistant", ident)
    process = FILES["processes/launch.yaml"].replace("ops-assistant", ident)
    found = problems(
        tmp_path, roles__ops=roles, processes__launch=process, **{"templates__small-team": template}
    )
    assert found == [
        f"data/roles/ops.yaml:8:9: roles[{ident}].id: id '{ident}' is reserved: it names a page, folder "
        "or anchor the site generates (404, assets, en, glossary, index, job, notes, onboarding, overview, "
        "print, search, sitemap, zh, zh-hans, zh-hant)"
    ]


def test_reserved_step_template_and_term_ids(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        processes__launch=FILES["processes/launch.yaml"]
        .replace("  - id: list", "  - id: overview")
        .replace("template: small-team", "template: index"),
        glossary=FILES["glossary.yaml"].replace("id: sku", "id: print"),
        **{"templates__small-team": FILES["templates/small-team.yaml"].replace("small-team", "index")},
    )
    assert [line.split(": id")[0] for line in found] == [
        "data/glossary.yaml:2:9: terms[print].id",
        "data/processes/launch.yaml:6:9: steps[overview].id",
        "data/templates/small-team.yaml:1:5",
    ]
    assert all("is reserved" in line for line in found)


def test_ids_are_bounded(tmp_path: Path) -> None:
    long = "a" * 299
    found = problems(tmp_path, glossary=FILES["glossary.yaml"].replace("id: sku", f"id: {long}"))
    assert found == [
        "data/glossary.yaml:2:9: terms[0].id: an id may be at most 64 characters long, found 299"
    ]


# -- control and invisible characters ------------------------------------------------------------
@pytest.mark.parametrize(
    ("escaped", "said"),
    [
        ("\\0", "control character U+0000 is not allowed in a text"),
        ("\\x1b", "control character U+001B is not allowed in a text"),
        ("\\u202e", "bidirectional control character U+202E (right-to-left override) is not allowed"),
        ("\\u2066", "bidirectional control character U+2066 (left-to-right isolate) is not allowed"),
        ("\\u200b", "invisible formatting character U+200B (zero width space) is not allowed"),
    ],
)
def test_control_and_invisible_characters(tmp_path: Path, escaped: str, said: str) -> None:
    text = FILES["roles/ops.yaml"].replace("en: Lists products}", f'en: "Lists{escaped} products"}}')
    [found] = problems(tmp_path, roles__ops=text)
    assert found.startswith(f"data/roles/ops.yaml:13:24: roles[ops-assistant].duties[0].en: {said}")


def test_spaces_only_is_empty(tmp_path: Path) -> None:
    text = FILES["roles/ops.yaml"].replace("en: Lists products}", 'en: "  \\n "}')
    assert problems(tmp_path, roles__ops=text) == [
        "data/roles/ops.yaml:13:24: roles[ops-assistant].duties[0].en: must not be empty or only spaces"
    ]


# -- every problem at once ----------------------------------------------------------------------
def test_a_misspelt_field_does_not_hide_a_duplicate_id(tmp_path: Path) -> None:
    roles = FILES["roles/ops.yaml"].replace(
        "    department: ops\n    summary: {zh: 协助", "    departmnt: ops\n    summary: {zh: 协助"
    )
    roles += FILES["roles/ops.yaml"].split(ASSISTANT)[1].join([ASSISTANT, ""]).replace("roles:\n", "")
    found = problems(tmp_path, roles__ops=roles)
    assert any("unknown field 'departmnt'" in line for line in found)
    assert any("duplicate id 'ops-assistant'" in line for line in found)


def test_a_bad_kind_does_not_hide_a_reports_to_typo(tmp_path: Path) -> None:
    roles = FILES["roles/ops.yaml"].replace(
        "    department: ops\n    summary: {zh: 协助",
        "    kind: boss\n    department: ops\n    summary: {zh: 协助",
    )
    template = FILES["templates/small-team.yaml"].replace("reports_to: ops-manager", "reports_to: ops-manger")
    found = problems(tmp_path, roles__ops=roles, **{"templates__small-team": template})
    assert [line.split(": ", 2)[1] for line in found] == [
        "roles[ops-assistant].kind",
        "members[1].reports_to",
    ]
    assert "did you mean 'ops-manager'?" in found[1]


def test_a_duplicate_term_comes_with_the_rest(tmp_path: Path) -> None:
    glossary = FILES["glossary.yaml"] + FILES["glossary.yaml"].replace("terms:\n", "")
    roles = FILES["roles/ops.yaml"].replace(
        "department: ops\n    summary: {zh: 协助", "department: opz\n    summary: {zh: 协助"
    )
    found = problems(tmp_path, glossary=glossary, roles__ops=roles)
    assert len(found) == 2
    assert "duplicate id 'sku' (already used by the term at data/glossary.yaml:2)" in found[0]
    assert "unknown department 'opz'" in found[1]


def test_a_file_that_does_not_parse_does_not_hide_the_others(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        glossary="terms: [\n",
        roles__ops=FILES["roles/ops.yaml"]
        .replace("kind: post", "")
        .replace("name: {zh: 运营助理", "nme: {zh: 运营助理"),
    )
    assert [line.split(":")[0] for line in found] == [
        "data/glossary.yaml",
        "data/roles/ops.yaml",
        "data/roles/ops.yaml",
    ]


def test_hints_name_the_right_id_space_and_known_lists_the_right_kind(tmp_path: Path) -> None:
    glossary = FILES["glossary.yaml"] + FILES["glossary.yaml"].replace("terms:\n", "")
    template = FILES["templates/small-team.yaml"] + "  - department: opz\n"
    with pytest.raises(DataError) as caught:
        load_handbook(write_handbook(tmp_path, glossary=glossary, **{"templates__small-team": template}))
    dup, unknown = caught.value.problems
    said = hint(dup) or ""
    assert "roles and departments" not in said and "term" in said
    assert "unknown department 'opz' (known: ops)" in unknown.message


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "en: Lists products}",
            "en: Lists, prices and ships products}",
            'put the text in quotes, e.g. en: "',
        ),
        ("{zh: 上架商品, en:", "{zh: 上架商品，en:", "a full-width comma (，) does not separate the fields"),
        ("en: Lists products}", "en: Note: lists products}", "a colon followed by a space ends a text"),
    ],
)
def test_flow_text_with_commas_and_colons(tmp_path: Path, old: str, new: str, said: str) -> None:
    [found] = problems(tmp_path, roles__ops=FILES["roles/ops.yaml"].replace(old, new))
    assert found.startswith("data/roles/ops.yaml:13:")
    assert said in found


# -- costs bounded by input size ----------------------------------------------------------------
def test_a_long_reporting_chain_is_checked_in_linear_time_and_bounded(tmp_path: Path) -> None:
    from macros.model import checks

    roles = ["roles:"] + [
        f"  - {{id: r{i}, name: {{zh: 岗{i}, en: R{i}}}, department: ops, summary: {{zh: 岗, en: R}}, "
        f"duties: [{{zh: 做, en: Does}}]}}"
        for i in range(3000)
    ]
    members = ["  - role: r0"] + [f"  - role: r{i}\n    reports_to: r{i - 1}" for i in range(1, 3000)]
    template = FILES["templates/small-team.yaml"].replace(
        "  - role: ops-manager\n", "\n".join(members) + "\n  - role: ops-manager\n"
    )
    found = problems(tmp_path, roles__more="\n".join(roles) + "\n", **{"templates__small-team": template})
    deep = checks.MAX_CHART_DEPTH + 1
    assert found == [
        f"data/templates/small-team.yaml:{5 + 2 * deep}:17: members[{deep}]"
        f".reports_to: this reporting line is more than {checks.MAX_CHART_DEPTH} levels deep; a chart may "
        f"have at most {checks.MAX_CHART_DEPTH}"
    ]
