"""Domain rules that live on the model (which roles a step or process involves), the places that
use them agreeing with each other, and the registries of kinds and languages matching the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.model import kinds, languages
from macros.model.errors import DataError, Finding, Problem
from macros.model.handbook import Handbook, Matrix
from macros.model.loader import load_handbook
from macros.model.schema import Text
from macros.quality import hints
from macros.quality.lint import lint

from .minimal import FILES, write_handbook

# A second template whose only role, ops-manager, appears in a sub-step of the launch process
# (written for small-team), never as an action owner.
SOLO = """\
id: solo
name: {zh: 单人, en: Solo}
summary: {zh: 一个人, en: One person}
members:
  - role: ops-manager
"""
LAUNCH_WITH_SUBSTEP = (
    FILES["processes/launch.yaml"]
    + """\
    substeps:
      - name: {zh: 审核, en: Review}
        text: {zh: 经理审核, en: The manager reviews it}
        roles: [ops-manager]
"""
)


def test_a_step_involves_its_owners_then_the_roles_of_its_substeps(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, processes__launch=LAUNCH_WITH_SUBSTEP))
    process = hb.processes["launch"]
    step = process.steps[0]
    assert step.owners() == ["ops-assistant"]
    assert step.roles() == ["ops-assistant", "ops-manager"]
    assert process.owners() == ["ops-assistant"] and process.roles() == ["ops-assistant", "ops-manager"]
    assert [s.id for _, s in hb.steps_with("ops-manager")] == ["list"]
    assert Matrix.cell("ops-assistant", step) == ["owner"]
    assert Matrix.cell("ops-manager", step) == ["participant"]
    assert Matrix.cell("nobody", step) == []


def test_a_process_written_for_another_template_is_not_in_its_matrix(tmp_path: Path) -> None:
    """Issue 11: a matrix shows only processes that apply to its template (its own, or those
    written for every template), and lint agrees with the matrix."""
    data = write_handbook(tmp_path, processes__launch=LAUNCH_WITH_SUBSTEP, templates__solo=SOLO)
    hb = load_handbook(data)
    assert hb.matrix("solo").columns == []
    assert [f.code for f in lint(hb) if f.ident == "solo"] == []  # no matrix page, nothing to warn of
    # written for every template, the same process reaches solo through the sub-step
    general = LAUNCH_WITH_SUBSTEP.replace("template: small-team\n", "")
    hb = load_handbook(write_handbook(tmp_path / "general", processes__launch=general, templates__solo=SOLO))
    assert [s.id for _, s in hb.matrix("solo").columns] == ["list"]
    assert [r.id for r in hb.matrix("solo").roles] == ["ops-manager"]
    assert [f.code for f in lint(hb) if f.ident == "solo"] == []


def test_without_the_substep_the_template_has_no_process(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, templates__solo=SOLO))
    assert hb.matrix("solo").columns == []
    assert [f.code for f in lint(hb) if f.ident == "solo"] == []  # no matrix page, nothing to warn of


def test_every_language_of_the_registry_is_a_field_of_every_text() -> None:
    fields = Text.model_fields
    for language in languages.REGISTRY:
        info = fields[language.field]
        assert (info.alias or language.field) == language.code
        assert info.is_required() == language.written, language.code
    assert len(fields) == len(languages.REGISTRY)
    text = Text(zh="软件", en="Software")
    assert [text.get(code) for code in ("zh", "en", "zh-Hant", "fr")] == ["软件", "Software", "软件", "软件"]
    assert Text.model_validate({"zh": "软件", "en": "x", "zh-Hant": "軟體"}).get("zh-Hant") == "軟體"


def test_every_kind_of_the_registry_has_a_handbook_table_and_a_file_model() -> None:
    hb = Handbook()
    for kind in kinds.KINDS:
        assert getattr(hb, kind.table) is hb.table(kind.name) == {}, kind.name
        if kind.list_key is not None:
            assert kind.list_key in kind.model.model_fields, kind.name
        else:
            assert "id" in kind.model.model_fields, kind.name


def test_a_text_is_known_by_its_type_not_by_its_field_name(tmp_path: Path) -> None:
    roles = FILES["roles/ops.yaml"].replace(
        "    department: ops\n    summary: {zh: 带领运营部",
        "    department: ops\n    location: Shanghai\n    summary: {zh: 带领运营部",
        1,
    )
    with pytest.raises(DataError) as raised:
        load_handbook(write_handbook(tmp_path, roles__ops=roles))
    [problem] = raised.value.problems
    assert str(problem) == (
        "data/roles/ops.yaml:5:15: roles[ops-manager].location: expected a mapping with zh and en "
        "texts, found text 'Shanghai'"
    )
    assert problem.code == "not-bilingual" and hints.hint(problem) == hints.BILINGUAL


def test_a_hint_follows_the_problem_code_not_the_wording() -> None:
    reworded = Finding(
        "data/roles/a.yaml", 3, 5, "roles[a].summary.en", "any wording", "untranslated", detail=("en",)
    )
    assert hints.hint(reworded) == "write the English in en: {zh: 店长, en: Store Manager}"
    zh = Finding(
        "data/roles/a.yaml", 3, 5, "roles[a].summary.zh", "any wording", "untranslated", detail=("zh",)
    )
    assert hints.hint(zh) == "write the Chinese in zh: {zh: 店长, en: Store Manager}"
    # a coded problem with no hint gets none, whatever its message resembles
    coded = Problem("x.yaml", 1, 1, "", "YAML syntax error: no hint by wording", code="no-hint-here")
    assert hints.hint(coded) is None
    assert hints.hint(Problem("x.yaml", 1, 1, "", "anything", code="yaml-syntax")) is not None
    assert hints.hint(Problem("x.yaml", 1, 1, "", "not translated: the en text", code="")) is None
    assert set(hints.HINTS) <= CODES, "a hint for a code no problem has"


# Every code a problem is reported under (tests/test_fuzz.py checks each problem has one).
CODES = {
    *("yaml-syntax", "yaml-structure", "yaml-tab", "yaml-too-deep", "yaml-anchor", "yaml-error"),
    *("yaml-character", "yaml-value", "yaml-merge-key", "yaml-key", "duplicate-key"),
    *("not-utf8", "symlink", "unreadable", "not-a-file", "file-too-large", "file-name", "unknown-file"),
    *("no-data-dir", "character", "duplicate-id", "missing-text", "missing-field", "unknown-field"),
    *("text-comma", "bad-time", "blank-text", "bad-id", "id-too-long", "empty-text", "not-text"),
    *("not-text-number", "not-text-bool", "not-bilingual", "not-a-mapping", "not-a-list"),
    *("empty-list", "not-a-choice", "not-a-number", "invalid", "box-subject", "unknown-reference"),
    *("head-elsewhere", "duplicate-step-id", "reserved-id", "duplicate-box", "unknown-box", "cycle"),
    *("chart-too-deep", "bad-label", "untranslated"),
    *("role-not-in-template", "department-without-roles"),
}
