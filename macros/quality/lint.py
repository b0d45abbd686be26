"""Warnings: data that is valid and builds, but looks unfinished to a reader of the handbook.

Errors stop the build; these only inform (`playbook check --strict` makes them fatal). They are
plain records (`Finding`, printed like a Problem), so the site can show them as well as the CLI.
"""

from __future__ import annotations

from ..model.errors import Finding
from ..model.handbook import Handbook
from .coverage import coverage


def lint(hb: Handbook) -> list[Finding]:
    """Every warning about a loaded handbook, in file order."""
    findings = [*_structure(hb), *(gap.finding for gap in coverage(hb).gaps)]
    return sorted(findings)


def _structure(hb: Handbook) -> list[Finding]:
    """Roles no chart shows, and departments with neither roles nor duties.

    An org template no process step reaches is not warned about: it simply has no
    responsibility matrix page (Handbook.matrix), so nothing a reader sees looks unfinished —
    a source may describe a structure and no workflow (the Taobao store)."""
    findings: list[Finding] = []

    def warn(kind: str, ident: str, code: str, message: str) -> None:
        problem = hb.source(kind, ident).problem("id", message)
        findings.append(Finding.of(problem, code, kind, ident))

    boxes = {member.id for template in hb.templates.values() for member in template.members}
    # A department with a role on a chart belongs to that organisation, and so does its head where
    # the chart leaves the head out: a handbook cut to one template (playbook new) keeps the heads
    # its departments name, and each head's page is linked from the department's.
    charted = boxes | {hb.roles[ident].department for ident in boxes if ident in hb.roles}
    heads = {d.head for ident, d in hb.departments.items() if ident in charted and d.head}
    for ident, role in hb.roles.items():
        if ident not in boxes and role.department not in boxes and ident not in heads:
            warn(
                "role",
                ident,
                "role-not-in-template",
                f"role '{ident}' is in no org template (neither it nor its department is a box "
                "of any chart in data/templates/)",
            )
    for ident, department in hb.departments.items():
        # A department the sources describe by what it does, naming no posts in it (the Taobao
        # store's), has a complete page: its duties. One with neither shows only a name.
        if not hb.roles_in(ident) and not department.duties:
            warn(
                "department",
                ident,
                "department-without-roles",
                f"department '{ident}' has no roles and no duties (no role in data/roles/ names it as "
                "its department, and it lists no duties of its own)",
            )
    return findings
