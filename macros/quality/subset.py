"""The part of a handbook one org template needs, for `playbook new`.

A template's chart names roles and departments; those bring in their departments, the heads of
those departments, the processes written for the template, and the glossary terms their texts
use. The result is closed under every reference the checks follow, so it loads on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.handbook import Handbook
from ..model.languages import CHINESE, WRITTEN
from ..model.schema import Term
from .coverage import texts


@dataclass(frozen=True)
class Selection:
    template: str
    departments: frozenset[str]
    roles: frozenset[str]
    processes: frozenset[str]
    terms: frozenset[str]


def select(hb: Handbook, template_id: str) -> Selection:
    """Everything `template_id` refers to, directly or through another entity."""
    template = hb.templates[template_id]
    boxes = {m.id for m in template.members}
    # A department on the chart brings its roles: its page and chart box would be empty otherwise.
    roles = {r.id for r in hb.roles.values() if r.id in boxes or r.department in boxes}
    departments = {m.department for m in template.members if m.department}
    if template.rota is not None:
        departments.add(template.rota.department)
    processes = {
        p.id
        for p in hb.processes.values()
        if p.template == template_id or (p.template is None and set(p.roles()) <= roles)
    }
    for ident in processes:
        roles |= set(hb.processes[ident].roles())
    while True:  # departments of the roles, heads of the departments, until nothing is added
        more_departments = {hb.roles[r].department for r in roles} - {None} - departments
        more_roles = {hb.departments[d].head for d in departments} - {None} - roles
        if not more_departments and not more_roles:
            break
        departments |= {d for d in more_departments if d}
        roles |= {r for r in more_roles if r}
    corpus = [
        text
        for table, ids in (
            (hb.roles, roles),
            (hb.departments, departments),
            (hb.templates, {template_id}),
            (hb.processes, processes),
        )
        for ident in ids
        for _, text in texts(table[ident])
    ]
    written = {lang: "\n".join(t.get(lang) for t in corpus) for lang in WRITTEN}
    terms = {t.id for t in hb.terms.values() if _mentioned(t, written)}
    return Selection(
        template_id, frozenset(departments), frozenset(roles), frozenset(processes), frozenset(terms)
    )


def _mentioned(term: Term, written: dict[str, str]) -> bool:
    """Whether the texts, as `written` in each language, use the term: its Chinese anywhere in
    the Chinese text, its other names or abbreviation as whole words in any text."""
    if any(term.term.get(lang) in text for lang, text in written.items() if lang in CHINESE):
        return True
    words = [term.term.get(lang) for lang in WRITTEN if lang not in CHINESE]
    words += [term.abbr] if term.abbr else []
    everything = "\n".join(written.values())
    return any(
        re.search(
            rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])",
            everything,
            flags=0 if w.isupper() else re.IGNORECASE,
        )
        for w in words
    )
