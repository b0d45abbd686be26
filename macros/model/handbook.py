"""The handbook as one cross-referenced model: every entity by id, where it came from, and the
questions pages ask of it (who reports to whom, which steps involve a role). Plain Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from . import schema
from .errors import Problem
from .kinds import KINDS
from .yaml_reader import Document, Key

# Views of the registry of kinds (kinds.py), by kind of file: where its files live under data/
# and the model one such file must match; the name of one entity and the Handbook table (and
# file key) holding them.
LAYOUT: dict[str, tuple[str, type[BaseModel]]] = {k.files: (k.pattern, k.model) for k in KINDS}
ENTITY = {k.files: (k.name, k.table) for k in KINDS}


@dataclass(frozen=True)
class Source:
    """Where one entity is written: its file, and the path of its node inside that file."""

    document: Document
    loc: Key

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def line(self) -> int:
        return self.document.where(self.loc)[0]

    def problem(
        self, fieldname: str | tuple[Any, ...], message: str, code: str = "", detail: tuple[str, ...] = ()
    ) -> Problem:
        sub = (fieldname,) if isinstance(fieldname, str) else fieldname
        loc = (*self.loc, *sub)
        line, column = self.document.where(loc)
        label = field_label(self.document.data, loc)
        return Problem(self.path, line, column, label, message, code=code, detail=detail)


@dataclass
class Handbook:
    """Everything the pages are rendered from, with lookups derived once."""

    departments: dict[str, schema.Department] = field(default_factory=dict)
    roles: dict[str, schema.Role] = field(default_factory=dict)
    templates: dict[str, schema.Template] = field(default_factory=dict)
    processes: dict[str, schema.Process] = field(default_factory=dict)
    terms: dict[str, schema.Term] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)

    def source(self, kind: str, ident: str) -> Source:
        return self.sources[(kind, ident)]

    # Lookups used on every page, built once on first use (the data is complete by then):
    # scanning every template for every role page made large handbooks quadratic.
    @cached_property
    def _by_department(self) -> dict[str | None, list[schema.Role]]:
        table: dict[str | None, list[schema.Role]] = {}
        for role in self.roles.values():
            table.setdefault(role.department, []).append(role)
        return table

    @cached_property
    def _boxes(self) -> dict[str, list[tuple[schema.Template, schema.Member]]]:
        table: dict[str, list[tuple[schema.Template, schema.Member]]] = {}
        for template in self.templates.values():
            for member in template.members:
                table.setdefault(member.id, []).append((template, member))
        return table

    @cached_property
    def _reports(self) -> dict[tuple[str, str | None], list[schema.Member]]:
        table: dict[tuple[str, str | None], list[schema.Member]] = {}
        for template in self.templates.values():
            for member in template.members:
                table.setdefault((template.id, member.reports_to), []).append(member)
        return table

    @cached_property
    def _box_in(self) -> dict[tuple[str, str], schema.Member]:
        return {
            (template.id, member.id): member
            for template in self.templates.values()
            for member in template.members
        }

    def roles_in(self, department: str) -> list[schema.Role]:
        return self._by_department.get(department, [])

    def memberships(self, ident: str) -> list[tuple[schema.Template, schema.Member]]:
        """The org templates a role or department appears in, with its box there."""
        return self._boxes.get(ident, [])

    def reports(self, template: schema.Template, ident: str) -> list[schema.Member]:
        """The boxes that report directly to `ident` in `template`."""
        return self._reports.get((template.id, ident), [])

    @staticmethod
    def chart_tree(boxes: list[schema.Member]) -> ChartTree:
        """The boxes of a chart as a tree: top boxes, and each box's direct reports."""
        ids = {box.id for box in boxes}
        children: dict[str, list[schema.Member]] = {}
        roots = []
        for box in boxes:
            if box.reports_to is None or box.reports_to not in ids:
                roots.append(box)
            else:
                children.setdefault(box.reports_to, []).append(box)
        return ChartTree(roots, children)

    def chart_extract(self, template: schema.Template, ident: str) -> list[schema.Member]:
        """A box's place in one org chart: the box it reports to, itself, its direct reports."""
        box = self._box_in[(template.id, ident)]
        above = [self._box_in[(template.id, box.reports_to)]] if box.reports_to else []
        return [*above, box, *self.reports(template, ident)]

    def department_chart(self, department: str) -> list[schema.Member]:
        """A department's own chart: the department, its head under it, its other roles under
        the head (or under the department when it has no head)."""
        head = self.departments[department].head
        boxes = [schema.Member(department=department)]
        if head:
            boxes.append(schema.Member(role=head, reports_to=department))
        for role in self.roles_in(department):
            if role.id != head:
                boxes.append(schema.Member(role=role.id, reports_to=head or department))
        return boxes

    def matrix(self, template: str) -> Matrix:
        """Roles of an org template × the process steps that concern them."""
        tpl = self.templates[template]
        roles = [self.roles[m.role] for m in tpl.members if m.role]
        ids = {r.id for r in roles}
        columns = [
            (p, s)
            for p in self.processes.values()
            if p.template == template or not ids.isdisjoint(p.roles())
            for s in p.steps
        ]
        return Matrix(roles, columns)

    @staticmethod
    def actors(process: schema.Process) -> list[str]:
        """The roles with an action in a process, in order of first appearance."""
        return process.owners()

    def steps_with(self, role: str) -> list[tuple[schema.Process, schema.Step]]:
        """Every process step that involves `role`, as an action owner or in a sub-step."""
        return [(p, s) for p in self.processes.values() for s in p.steps if role in s.roles()]

    def managers(self, ident: str) -> dict[str, list[schema.Template]]:
        """Whom a role or department reports to, and in which org templates.

        A department's box stands for the department: its head answers to whomever the
        department reports to (no one, where the department tops the chart)."""
        table: dict[str, list[schema.Template]] = {}
        for template, member in self.memberships(ident):
            above = member.reports_to
            if above in self.departments and self.departments[above].head == ident:
                above = self._box_in[(template.id, above)].reports_to
            if above:
                table.setdefault(above, []).append(template)
        return table

    def direct_reports(self, ident: str) -> dict[str, list[schema.Template]]:
        """The boxes reporting straight to a role or department, and in which org templates."""
        table: dict[str, list[schema.Template]] = {}
        for template, _ in self.memberships(ident):
            for report in self.reports(template, ident):
                table.setdefault(report.id, []).append(template)
        return table

    def colleagues(self, role: str) -> list[str]:
        """The other roles named in the process steps that name `role`: who a newcomer works
        with, in the order the steps name them."""
        named = [other for _, step in self.steps_with(role) for other in step.roles() if other != role]
        return list(dict.fromkeys(named))

    def processes_of(self, template: str) -> list[schema.Process]:
        return [p for p in self.processes.values() if p.template == template]

    def rotas_of(self, department: str) -> list[schema.Template]:
        """The org templates whose service rota this department staffs."""
        return [t for t in self.templates.values() if t.rota and t.rota.department == department]


@dataclass(frozen=True)
class ChartTree:
    roots: list[schema.Member]
    children: dict[str, list[schema.Member]]


@dataclass(frozen=True)
class Matrix:
    """Who owns (has an action in) or takes part in (is named in a sub-step of) each step."""

    roles: list[schema.Role]
    columns: list[tuple[schema.Process, schema.Step]]

    @staticmethod
    def cell(role: str, step: schema.Step) -> str | None:
        if role in step.owners():
            return "owner"
        return "participant" if role in step.roles() else None


def field_label(data: Any, loc: Key) -> str:
    """A readable field path: list items that have an id are named by it (`roles[ceo].name`)."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            named = isinstance(ident, str) and 0 < len(ident) <= schema.MAX_ID_LENGTH and ident.isprintable()
            out += f"[{ident}]" if named else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out
