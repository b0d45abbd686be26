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

# A view of the registry of kinds (kinds.py), by kind of file: where its files live under data/
# and the model one such file must match.
LAYOUT: dict[str, tuple[str, type[BaseModel]]] = {k.files: (k.pattern, k.model) for k in KINDS}


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


def empty_tables() -> dict[str, dict[str, Any]]:
    """One table per kind of the registry (kinds.py), by the name of one entity: role → {}."""
    return {kind.name: {} for kind in KINDS}


@dataclass
class Handbook:
    """Everything the pages are rendered from, with lookups derived once.

    Its tables come from the registry of kinds: `tables["role"]` holds the roles by id, and each
    table is also an attribute named as the registry says (`hb.roles`, `hb.terms`, set below)."""

    tables: dict[str, dict[str, Any]] = field(default_factory=empty_tables)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)

    def table(self, kind: str) -> dict[str, Any]:
        """The entities of one kind (the name of one: role, department, …), by id."""
        return self.tables[kind]

    def source(self, kind: str, ident: str) -> Source:
        return self.sources[(kind, ident)]

    def let_go_of_files(self) -> None:
        """Keep only the models: the parsed files are read again if a message asks where
        something is (yaml_reader.Document.let_go)."""
        for source in self.sources.values():
            source.document.let_go()

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

    def department_chart(self, department: str) -> DepartmentChart:
        """A department's own chart: the department, its head under it, and each other role
        where an org template puts it — under the head, another role of the department or the
        department itself. Roles no template places so are listed apart, with no line drawn:
        a reporting line no source gives would be invented."""
        head = self.departments[department].head
        members = {role.id for role in self.roles_in(department)}
        boxes = [schema.Member(department=department)]
        if head:
            boxes.append(schema.Member(role=head, reports_to=department))
        apart = []
        for role in self.roles_in(department):
            if role.id == head:
                continue
            above = next(
                (
                    m.reports_to
                    for _, m in self.memberships(role.id)
                    if m.reports_to in members or m.reports_to == department
                ),
                None,
            )
            if above is None:
                apart.append(role)
            else:
                boxes.append(schema.Member(role=role.id, reports_to=above))
        return DepartmentChart(boxes, apart)

    def line(self, template: schema.Template, member: schema.Member) -> Line:
        """What a box's place in a template means, in words a page can say: reporting to a
        role, leading or working in a department box, or heading the chart."""
        above = member.reports_to
        if above is None:
            return Line("top")
        if above in self.departments and member.role:
            box = next((m for m in template.members if m.id == above), None)
            via = box.reports_to if box is not None else None
            leads = self.departments[above].head == member.role
            return Line("leads" if leads else "works_in", above, via)
        return Line("reports_to", above)

    @cached_property
    def _matrices(self) -> dict[str, Matrix]:
        return {ident: self._make_matrix(tpl) for ident, tpl in self.templates.items()}

    def matrix(self, template: str) -> Matrix:
        """The roles of an org template × the steps of its processes, where they meet."""
        return self._matrices[template]

    def _make_matrix(self, tpl: schema.Template) -> Matrix:
        ids = {m.role for m in tpl.members if m.role}
        for m in tpl.members:  # a department box brings the roles of that department
            if m.department:
                ids.update(r.id for r in self.roles_in(m.department))
        columns = [
            (p, s)
            for p in self.processes.values()
            if p.applies_to(tpl.id)
            for s in p.steps
            if ids.intersection(s.roles())
        ]
        met = {r for _, s in columns for r in s.roles()}
        order = [m.role for m in tpl.members if m.role]
        order += [r.id for m in tpl.members if m.department for r in self.roles_in(m.department)]
        rows = [self.roles[r] for r in dict.fromkeys(order) if r in met]
        return Matrix(rows, columns)

    @cached_property
    def _rows(self) -> dict[str, set[str]]:
        table: dict[str, set[str]] = {}
        for ident, matrix in self._matrices.items():
            for role in matrix.roles:
                table.setdefault(role.id, set()).add(ident)
                if role.department:
                    table.setdefault(role.department, set()).add(ident)
        return table

    def matrices_marking(self, ident: str) -> set[str]:
        """The org templates whose matrix has a row for a role (or a role of a department)."""
        return self._rows.get(ident, set())

    @staticmethod
    def actors(process: schema.Process) -> list[str]:
        """The roles with an action in a process, in order of first appearance."""
        return process.owners()

    def steps_with(self, role: str) -> list[tuple[schema.Process, schema.Step]]:
        """Every process step that names `role`: with an action, in a sub-step or its RACI."""
        return self._steps_of.get(role, [])

    @cached_property
    def _steps_of(self) -> dict[str, list[tuple[schema.Process, schema.Step]]]:
        """Each role's process steps, in process and step order (asked once per role and page)."""
        table: dict[str, list[tuple[schema.Process, schema.Step]]] = {}
        for process in self.processes.values():
            for step in process.steps:
                for role in step.roles():
                    table.setdefault(role, []).append((process, step))
        return table

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


def _table_attribute(kind: str) -> property:
    return property(lambda hb: hb.tables[kind], doc=f"The {kind} entities, by id.")


for _kind in KINDS:  # hb.roles, hb.departments, …: the registry's tables by their names
    if hasattr(Handbook, _kind.table):
        raise TypeError(f"kinds.py: the table name {_kind.table!r} is taken by Handbook.{_kind.table}")
    setattr(Handbook, _kind.table, _table_attribute(_kind.name))


@dataclass(frozen=True)
class ChartTree:
    roots: list[schema.Member]
    children: dict[str, list[schema.Member]]


@dataclass(frozen=True)
class DepartmentChart:
    boxes: list[schema.Member]  # with the lines an org template gives
    apart: list[schema.Role]  # roles of the department no template places in it


@dataclass(frozen=True)
class Line:
    """A box's place in an org template: `kind` is top, reports_to (a role or a department
    reporting to `target`), leads or works_in (a role in department box `target`, which itself
    reports to `via`)."""

    kind: str
    target: str | None = None
    via: str | None = None


@dataclass(frozen=True)
class Matrix:
    """Who does what in each step: the step's RACI letters where its data gives them, else
    owner (has an action in it) or participant (named in one of its sub-steps). Only roles and
    steps that meet are in it."""

    roles: list[schema.Role]
    columns: list[tuple[schema.Process, schema.Step]]

    @staticmethod
    def cell(role: str, step: schema.Step) -> list[str]:
        if step.raci is not None and role in step.raci.roles():
            return step.raci.letters(role)
        if any(a.role == role for a in step.actions):
            return ["owner"]
        if any(role in sub.roles for sub in step.substeps):
            return ["participant"]
        return []

    @cached_property
    def marks(self) -> set[str]:
        """Every kind of mark the matrix uses (for its legend)."""
        return {mark for role in self.roles for _, step in self.columns for mark in self.cell(role.id, step)}

    def __bool__(self) -> bool:
        return bool(self.columns)


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
