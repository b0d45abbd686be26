"""The one loader: `data/` → validated, cross-checked `Handbook`. Plain Python, no MkDocs.

Every file is read and validated before anything fails, so one run reports every problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import schema
from .coverage import Coverage, coverage
from .errors import DataError, Problem
from .load import Document, Key, read_all
from .messages import describe

# Where each kind of data lives under data/, and the model one such file must match.
LAYOUT: dict[str, tuple[str, type[BaseModel]]] = {
    "departments": ("departments.yaml", schema.DepartmentsFile),
    "roles": ("roles/*.yaml", schema.RolesFile),
    "templates": ("templates/*.yaml", schema.Template),
    "processes": ("processes/*.yaml", schema.Process),
    "glossary": ("glossary.yaml", schema.GlossaryFile),
}
# kind of file → (the name of one entity, the Handbook table and file key holding them)
ENTITY = {
    "departments": ("department", "departments"),
    "roles": ("role", "roles"),
    "templates": ("template", "templates"),
    "processes": ("process", "processes"),
    "glossary": ("term", "terms"),
}


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

    def problem(self, fieldname: str | tuple[Any, ...], message: str) -> Problem:
        sub = (fieldname,) if isinstance(fieldname, str) else fieldname
        loc = (*self.loc, *sub)
        line, column = self.document.where(loc)
        return Problem(self.path, line, column, field_label(self.document.data, loc), message)


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
            (p, s) for p in self.processes.values()
            if p.template == template or any(_involves(st, ids) for st in p.steps)
            for s in p.steps
        ]
        return Matrix(roles, columns)

    @staticmethod
    def actors(process: schema.Process) -> list[str]:
        """The roles with an action in a process, in order of first appearance."""
        seen: dict[str, None] = {}
        for step in process.steps:
            for action in step.actions:
                seen.setdefault(action.role)
        return list(seen)

    def steps_with(self, role: str) -> list[tuple[schema.Process, schema.Step]]:
        """Every process step that names `role`, as an action owner or in a sub-step."""
        return [
            (p, s) for p in self.processes.values() for s in p.steps
            if any(a.role == role for a in s.actions) or any(role in k.roles for k in s.substeps)
        ]

    def processes_of(self, template: str) -> list[schema.Process]:
        return [p for p in self.processes.values() if p.template == template]

    def rotas_of(self, department: str) -> list[schema.Template]:
        """The org templates whose service rota this department staffs."""
        return [t for t in self.templates.values() if t.rota and t.rota.department == department]

    def translation_coverage(self) -> Coverage:
        """Texts written in one language only, and each language's share (the coverage page)."""
        return coverage(self)


def _involves(step: schema.Step, roles: set[str]) -> bool:
    return any(a.role in roles for a in step.actions) or any(
        r in roles for sub in step.substeps for r in sub.roles
    )


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
        if any(a.role == role for a in step.actions):
            return "owner"
        if any(role in sub.roles for sub in step.substeps):
            return "participant"
        return None


def field_label(data: Any, loc: Key) -> str:
    """A readable field path: list items that have an id are named by it (`roles[ceo].name`)."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def discover(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (kind, file) for every YAML file under data/; unknown files are an error."""
    known: set[Path] = set()
    for kind, (pattern, _) in LAYOUT.items():
        for file in sorted(data_dir.glob(pattern)):
            known.add(file)
            yield kind, file
    strays = [f for f in sorted(data_dir.rglob("*.y*ml")) if f not in known]
    if strays:
        places = ", ".join(pattern for pattern, _ in LAYOUT.values())
        raise DataError(
            [
                Problem(
                    f.relative_to(data_dir.parent).as_posix(), 1, 1, "",
                    f"not a known kind of data file (data files live at: {places})",
                )
                for f in strays
            ]
        )


def validate(kind: str, document: Document) -> tuple[BaseModel | None, list[Problem]]:
    """Check one document against its model; problems carry the document's line numbers."""
    model = LAYOUT[kind][1]
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line, column = document.where(loc)
            label = field_label(document.data, loc)
            problems.append(Problem(document.path, line, column, label, describe(error, model)))
        return None, problems


def load_handbook(data_dir: Path | str) -> Handbook:
    """Load, validate and cross-check every data file; raise DataError listing all problems."""
    from .checks import check

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 1, 1, "", "data directory not found")])
    found = list(discover(data_dir))
    documents = read_all([file for _, file in found], data_dir.parent)
    handbook, problems = Handbook(), []
    for (kind, _), document in zip(found, documents, strict=True):
        parsed, found_problems = validate(kind, document)
        problems.extend(found_problems)
        if parsed is not None:
            problems.extend(_collect(handbook, kind, parsed, document))
    if not problems:
        # References are checked once every file has the right shape: an entity that failed
        # validation would otherwise show up again as an "unknown id" everywhere it is used.
        problems.extend(check(handbook))
    if problems:
        raise DataError(problems)
    return handbook


def _collect(handbook: Handbook, kind: str, parsed: Any, document: Document) -> list[Problem]:
    """Add one file's entities to the handbook; a repeated id is reported, not overwritten."""
    single, attr = ENTITY[kind]
    table = getattr(handbook, attr)
    if kind in ("templates", "processes"):  # one entity per file
        entries: list[tuple[Any, Key]] = [(parsed, ())]
    else:
        entries = [(item, (attr, i)) for i, item in enumerate(getattr(parsed, attr))]
    problems = []
    for entity, loc in entries:
        source = Source(document, loc)
        twin = _same_id(handbook, single, entity.id)
        if twin is not None:
            problems.append(
                source.problem("id", f"duplicate id '{entity.id}' (already used at {twin.path}:{twin.line})")
            )
            continue
        table[entity.id] = entity
        handbook.sources[(single, entity.id)] = source
    return problems


def _same_id(handbook: Handbook, kind: str, ident: str) -> Source | None:
    # Roles and departments share one id space: a chart box or a reference names either.
    kinds = ("role", "department") if kind in ("role", "department") else (kind,)
    for k in kinds:
        if (k, ident) in handbook.sources:
            return handbook.sources[(k, ident)]
    return None
