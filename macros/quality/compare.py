"""What changed between two versions of the handbook, as records (rendered by changelog.py).

Compared by id: an entity whose id is kept but whose name changed is renamed; a list item (a
duty, a skill) is compared as a whole text, so an edited duty shows as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.handbook import Handbook
from ..model.kinds import BOXES, BY_NAME
from ..model.schema import Process, Template, Text

# Lists of texts whose items are reported one by one, per kind of entity.
LIST_FIELDS = {"department": ("duties",), "role": ("duties", "skills", "kpis")}
# Single references whose change is reported, per kind of entity.
REFERENCE_FIELDS = {"department": ("head",), "role": ("department",)}


@dataclass(frozen=True)
class Delta:
    """Entities of one kind added, removed or renamed (ids, in file order)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, Text, Text]] = field(default_factory=list)  # id, before, after

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed)


@dataclass(frozen=True)
class ItemChange:
    """Items added to or removed from one list field of one entity (e.g. a role's duties)."""

    kind: str
    ident: str
    field: str
    added: list[Any]
    removed: list[Any]


@dataclass(frozen=True)
class Reassigned:
    """A single reference that now points elsewhere: a role's department, a department's head,
    or a chart box's `reports_to` (then `template` names the chart)."""

    kind: str
    ident: str
    field: str
    before: str | None
    after: str | None
    template: str = ""


@dataclass(frozen=True)
class Changes:
    kinds: dict[str, Delta]  # department, role, template, process, term → Delta
    items: list[ItemChange]  # list fields of entities, chart boxes, process steps
    reassigned: list[Reassigned]

    def __bool__(self) -> bool:
        return any(self.kinds.values()) or bool(self.items or self.reassigned)


def _delta(before: dict[str, Any], after: dict[str, Any], name: str) -> Delta:
    renamed = [
        (i, getattr(before[i], name), getattr(after[i], name))
        for i in after
        if i in before and getattr(before[i], name) != getattr(after[i], name)
    ]
    return Delta([i for i in after if i not in before], [i for i in before if i not in after], renamed)


def _items(kind: str, ident: str, fieldname: str, before: list[Any], after: list[Any]) -> list[ItemChange]:
    added = [x for x in after if x not in before]
    removed = [x for x in before if x not in after]
    return [ItemChange(kind, ident, fieldname, added, removed)] if added or removed else []


def compare(base: Handbook, head: Handbook) -> Changes:
    """Everything a reviewer of a data change should see, from `base` to `head`."""
    kinds = {
        kind: _delta(base.table(kind), head.table(kind), BY_NAME[kind].name_field) for kind in base.tables
    }
    items: list[ItemChange] = []
    reassigned: list[Reassigned] = []
    for kind in LIST_FIELDS:
        old, new = base.table(kind), head.table(kind)
        for ident in (i for i in new if i in old):
            for name in LIST_FIELDS[kind]:
                items += _items(kind, ident, name, getattr(old[ident], name), getattr(new[ident], name))
            for name in REFERENCE_FIELDS[kind]:
                was, now = getattr(old[ident], name), getattr(new[ident], name)
                if was != now:
                    reassigned.append(Reassigned(kind, ident, name, was, now))
    for ident in (i for i in head.templates if i in base.templates):
        template_items, moves = _template(base.templates[ident], head.templates[ident])
        items += template_items
        reassigned += moves
    for ident in (i for i in head.processes if i in base.processes):
        items += _steps(base.processes[ident], head.processes[ident])
    return Changes(kinds, items, reassigned)


def _template(old: Template, new: Template) -> tuple[list[ItemChange], list[Reassigned]]:
    """Boxes that joined or left a chart, and boxes whose reporting line moved."""
    was = {m.id: m for m in old.members}
    now = {m.id: m for m in new.members}
    items = _items("template", new.id, "members", list(was), list(now))
    moves = [
        Reassigned("template", box, "reports_to", was[box].reports_to, member.reports_to, new.id)
        for box, member in now.items()
        if box in was and was[box].reports_to != member.reports_to
    ]
    return items, moves


def _steps(old: Process, new: Process) -> list[ItemChange]:
    return _items("process", new.id, "steps", [s.id for s in old.steps], [s.id for s in new.steps])


def name_of(base: Handbook, head: Handbook, kind: str, ident: str) -> Text | None:
    """The name of an entity, from `head` if it is still there; a chart box or a reference
    (`kind` "box") is a role or a department."""
    kinds = BOXES if kind == "box" else (kind,)
    for hb in (head, base):
        for one in kinds:
            entity = hb.table(one).get(ident)
            if entity is not None:
                return getattr(entity, BY_NAME[one].name_field)
    return None
