"""The changes between two handbooks as bilingual Markdown, fit for a pull-request description.

Every name is shown in each written language and every data value is escaped, so a name can
neither break the comment's formatting nor inject markup. The wording is the LABELS table below:
a pull-request comment's, for the people keeping the handbook in zh and en, not a page of the
site (whose words are in labels.yaml, in every language).
"""

from __future__ import annotations

import re

from ..model.handbook import Handbook
from ..model.kinds import BY_NAME, KINDS
from ..model.languages import WRITTEN
from ..model.schema import Text
from .compare import Changes, ItemChange, Reassigned, compare, name_of

LABELS = {
    "title": "手册数据变更 · Handbook data changes",
    "unchanged": "手册数据没有变化。 · No changes to the handbook data.",
    "department": "部门 · Departments",
    "role": "岗位 · Roles",
    "template": "组织模板 · Org templates",
    "process": "流程 · Processes",
    "term": "术语 · Glossary terms",
    "added": "新增 · Added",
    "removed": "删除 · Removed",
    "renamed": "改名 · Renamed",
    "duties": "职责 · Duty",
    "skills": "能力 · Skill",
    "kpis": "考核指标 · KPI",
    "members": "架构成员 · Chart box",
    "steps": "步骤 · Step",
    "head": "负责人 · Head",
    "department_field": "所属部门 · Department",
    "reports_to": "汇报关系 · Reporting line",
    "none": "无 · none",
    "top": "架构顶端 · top of the chart",
}
PLUS, MINUS = "➕", "➖"
ORDER = tuple(kind.name for kind in KINDS)  # the sections: the registry's order
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>&])")


def md(value: str) -> str:
    """Backslash-escape what Markdown (or GitHub's HTML) would read as formatting."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def both(text: Text | None) -> str:
    if text is None:
        return ""
    return " · ".join(md(value) for value in dict.fromkeys(text.get(lang) for lang in WRITTEN))


class _Writer:
    def __init__(self, base: Handbook, head: Handbook):
        self.base, self.head = base, head

    def ref(self, kind: str, ident: str | None, empty: str = "none") -> str:
        if ident is None:
            return LABELS[empty]
        name = name_of(self.base, self.head, kind, ident)
        return f"{both(name)} (`{ident}`)" if name is not None else f"`{ident}`"

    def step(self, process: str, ident: str) -> str:
        for hb in (self.head, self.base):
            found = hb.processes.get(process)
            for step in found.steps if found else []:
                if step.id == ident:
                    return f"{both(step.name)} (`{ident}`)"
        return f"`{ident}`"

    def item(self, change: ItemChange, value: object) -> str:
        if change.field == "members":
            return self.ref("box", str(value))
        if change.field == "steps":
            return self.step(change.ident, str(value))
        return both(value) if isinstance(value, Text) else md(str(value))

    def moved(self, move: Reassigned) -> str:
        if move.template:
            box = self.ref("box", move.ident)
            return (
                f"{LABELS['reports_to']}: {box}: {self.ref('box', move.before, 'top')} → "
                f"{self.ref('box', move.after, 'top')}"
            )
        label = LABELS["department_field" if move.field == "department" else move.field]
        return f"{label}: {self.ref('box', move.before)} → {self.ref('box', move.after)}"

    def section(self, kind: str, changes: Changes) -> list[str]:
        delta = changes.kinds[kind]
        lines = [f"- {LABELS['added']}: {self.ref(kind, i)}" for i in delta.added]
        lines += [f"- {LABELS['removed']}: {self.ref(kind, i)}" for i in delta.removed]
        lines += [
            f"- {LABELS['renamed']} (`{i}`): {both(old)} → {both(new)}" for i, old, new in delta.renamed
        ]
        details: dict[str, list[str]] = {}
        for change in (c for c in changes.items if c.kind == kind):
            label = LABELS[change.field]
            entries = details.setdefault(change.ident, [])
            entries += [f"  - {PLUS} {label}: {self.item(change, v)}" for v in change.added]
            entries += [f"  - {MINUS} {label}: {self.item(change, v)}" for v in change.removed]
        for move in (
            m
            for m in changes.reassigned
            if (m.template and kind == "template") or (not m.template and m.kind == kind)
        ):
            details.setdefault(move.template or move.ident, []).append(f"  - {self.moved(move)}")
        for ident, entries in details.items():
            lines += [f"- {self.ref(kind, ident)}:", *entries]
        # a kind added to the registry without a label of its own is headed by its table's name
        return [f"### {LABELS.get(kind, BY_NAME[kind].table)}", "", *lines, ""] if lines else []


def changelog(base: Handbook, head: Handbook, base_ref: str, head_ref: str) -> str:
    """The Markdown summary of what changed from `base` to `head` (named by their git refs)."""
    changes = compare(base, head)
    refs = " → ".join(f"`{ref.replace('`', '')}`" for ref in (base_ref, head_ref))
    lines = [f"## {LABELS['title']}", "", refs, ""]
    if not changes:
        return "\n".join([*lines, LABELS["unchanged"], ""])
    writer = _Writer(base, head)
    for kind in ORDER:
        lines += writer.section(kind, changes)
    return "\n".join(lines)
