"""Editors' notes: what the people keeping the handbook have written down for each other.

They live in the data (`editor_notes` on an entity or a part of one) beside the facts they are
about, and are shown where editors look — `playbook check` and the editors' page — never on a
page for readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..model.errors import Finding

if TYPE_CHECKING:
    from ..model.handbook import Handbook


def _notes(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every editor note inside a model, with its path as written in the YAML."""
    for name, info in type(model).model_fields.items():
        key, value = info.alias or name, getattr(model, name)
        if name == "editor_notes":
            yield from (((*loc, key, i), note) for i, note in enumerate(value))
            continue
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, BaseModel):
                yield from _notes(item, (*loc, key) if index is None else (*loc, key, index))


def editor_notes(hb: Handbook) -> list[Finding]:
    """Every editor note of the handbook, located like a problem, in file order."""
    found = []
    for kind, table in hb.tables.items():
        for ident, entity in table.items():
            source = hb.source(kind, ident)
            for loc, note in _notes(entity):
                found.append(Finding.of(source.problem(loc, note), "editor-note", kind, ident))
    return sorted(found)
