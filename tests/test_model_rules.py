"""Domain rules that live on the model (which roles a step or process involves), and the places
that use them agreeing with each other."""

from __future__ import annotations

from pathlib import Path

from macros.model.handbook import Matrix
from macros.model.loader import load_handbook
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
    assert Matrix.cell("ops-assistant", step) == "owner"
    assert Matrix.cell("ops-manager", step) == "participant"
    assert Matrix.cell("nobody", step) is None


def test_a_template_whose_roles_appear_only_in_substeps_has_a_process(tmp_path: Path) -> None:
    """Its matrix shows the process, so lint must not say it has none (they used to disagree)."""
    data = write_handbook(tmp_path, processes__launch=LAUNCH_WITH_SUBSTEP, templates__solo=SOLO)
    hb = load_handbook(data)

    assert [s.id for _, s in hb.matrix("solo").columns] == ["list"]
    assert [f.code for f in lint(hb) if f.ident == "solo"] == []


def test_without_the_substep_the_template_has_no_process(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, templates__solo=SOLO))
    assert hb.matrix("solo").columns == []
    assert [f.code for f in lint(hb) if f.ident == "solo"] == ["template-without-process"]
