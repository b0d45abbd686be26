"""Cross-file checks, run once on the whole handbook before any page is rendered."""

from __future__ import annotations

from difflib import get_close_matches

from .errors import Problem
from .handbook import Handbook, Source
from .languages import REGISTRY
from .schema import RACI

# Ids that name a generated page, folder or anchor: an entity with one of these ids would replace
# a section's index page, an edition's folder, the print page, a page under a role (job,
# onboarding) or an anchor of a process page, silently. They are refused, as are longer ids.
RESERVED_IDS = frozenset(
    {
        "index",
        "print",
        "glossary",
        *(language.code.lower() for language in REGISTRY),  # the editions' folders (zh-Hant/)
        "zh-hans",  # (the Simplified edition's name, should the root one ever get a folder)
        "overview",
        "notes",
        "job",
        "onboarding",
        "assets",
        "search",
        "404",
        "sitemap",
    }
)


def _known(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(sorted(names)[:limit])
    return shown + (", …" if len(names) > limit else "")


def _suggest(value: str, names: list[str]) -> str:
    """A likely intended id, since the list of known ids is cut short."""
    close = get_close_matches(value, names, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def check(hb: Handbook, broken: dict[str, set[str]] | None = None, references: bool = True) -> list[Problem]:
    """Cross-file problems. `broken`: ids (by kind) of entities that failed validation, which
    still count as known; `references=False` skips unknown-id checks (a file could not be read,
    so the ids it holds are unknown)."""
    broken = broken or {}
    problems: list[Problem] = reserved_ids(hb)
    roles = sorted({*hb.roles, *broken.get("role", ())})
    departments = sorted({*hb.departments, *broken.get("department", ())})
    templates = sorted({*hb.templates, *broken.get("template", ())})

    def need(source: Source, where: tuple, value: str | None, table: list[str], what: str) -> None:
        if references and value is not None and value not in table:
            problems.append(
                source.problem(
                    where,
                    f"unknown {what} '{value}' (known: {_known(table)}){_suggest(value, table)}",
                    "unknown-reference",
                )
            )

    for ident, role in hb.roles.items():
        need(hb.source("role", ident), ("department",), role.department, departments, "department")

    for ident, dept in hb.departments.items():
        src = hb.source("department", ident)
        need(src, ("head",), dept.head, roles, "role")
        head = hb.roles.get(dept.head or "")
        misplaced = head is not None and head.department != ident
        if misplaced and (head.department is None or head.department in hb.departments):
            problems.append(
                src.problem(
                    "head",
                    f"role '{head.id}' heads this department but belongs to "
                    f"'{head.department}': set its department to '{ident}'",
                    "head-elsewhere",
                )
            )

    for ident in hb.templates:
        problems.extend(_check_template(hb, ident, {"role": roles, "department": departments}, need))

    for ident, process in hb.processes.items():
        src = hb.source("process", ident)
        need(src, ("template",), process.template, templates, "org template")
        seen: dict[str, int] = {}
        for s, step in enumerate(process.steps):
            if step.id in seen:
                problems.append(
                    src.problem(("steps", s, "id"), f"duplicate step id '{step.id}'", "duplicate-step-id")
                )
            seen[step.id] = s
            for a, action in enumerate(step.actions):
                need(src, ("steps", s, "actions", a, "role"), action.role, roles, "role")
            for k, sub in enumerate(step.substeps):
                for r, role in enumerate(sub.roles):
                    need(src, ("steps", s, "substeps", k, "roles", r), role, roles, "role")
            for letter in RACI if step.raci is not None else ():
                for r, role in enumerate(getattr(step.raci, letter)):
                    need(src, ("steps", s, "raci", letter, r), role, roles, "role")
    return problems


# Levels of an org chart below its top box: charts are drawn as nested lists.
MAX_CHART_DEPTH = 32


def reserved_ids(hb: Handbook) -> list[Problem]:
    """Every id (of any kind, and every process step) that names a generated page or anchor."""
    problems = []
    reserved = ", ".join(sorted(RESERVED_IDS))
    message = "id '{}' is reserved: it names a page, folder or anchor the site generates ({})"
    for (_kind, ident), source in hb.sources.items():
        if ident in RESERVED_IDS:
            problems.append(source.problem("id", message.format(ident, reserved), "reserved-id"))
    for ident, process in hb.processes.items():
        src = hb.source("process", ident)
        for s, step in enumerate(process.steps):
            if step.id in RESERVED_IDS:
                problems.append(
                    src.problem(("steps", s, "id"), message.format(step.id, reserved), "reserved-id")
                )
    return problems


def _check_template(hb: Handbook, ident: str, boxes: dict[str, list[str]], need) -> list[Problem]:
    template, src = hb.templates[ident], hb.source("template", ident)
    problems: list[Problem] = []
    members: dict[str, int] = {}
    for i, member in enumerate(template.members):
        field = "role" if member.role else "department"
        need(src, ("members", i, field), member.id, boxes[field], field)
        if member.id in members:
            problems.append(
                src.problem(
                    ("members", i, field), f"'{member.id}' is already a box of this chart", "duplicate-box"
                )
            )
        members[member.id] = i
    for i, member in enumerate(template.members):
        if member.reports_to is not None and member.reports_to not in members:
            problems.append(
                src.problem(
                    ("members", i, "reports_to"),
                    f"'{member.reports_to}' is not a box of this chart (boxes: {_known(list(members))})"
                    f"{_suggest(member.reports_to, list(members))}",
                    "unknown-box",
                )
            )
    problems.extend(_cycles(template, members, src))
    if template.rota is not None:
        need(src, ("rota", "department"), template.rota.department, boxes["department"], "department")
    return problems


def _cycles(template, members: dict[str, int], src: Source) -> list[Problem]:
    """Report each reporting loop once, at the box where it is first entered, and a reporting
    line deeper than MAX_CHART_DEPTH (the chart is drawn as nested lists). Each box is walked
    once: a long chain costs its length, not its square."""
    parent = {m.id: m.reports_to for m in template.members if m.reports_to in members}
    problems: list[Problem] = []
    done: dict[str, int | None] = {}  # box → its depth (None: on or below a loop)
    for start in parent:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node = start
        while node in parent and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent[node]
        if node in on_path:
            loop = path[on_path[node] :]
            chain = " → ".join([*loop, loop[0]])
            i = members[loop[0]]
            problems.append(
                src.problem(("members", i, "reports_to"), f"reporting lines form a cycle: {chain}", "cycle")
            )
            base = None
        else:
            base = done.get(node, 0) if node in done else 0
        for box in reversed(path):
            base = None if base is None else base + 1
            done[box] = base
    deep = [box for box, depth in done.items() if depth is not None and depth > MAX_CHART_DEPTH]
    if deep:
        i = min(members[box] for box in deep)
        problems.append(
            src.problem(
                ("members", i, "reports_to"),
                f"this reporting line is more than {MAX_CHART_DEPTH} levels deep; a chart may have "
                f"at most {MAX_CHART_DEPTH}",
                "chart-too-deep",
            )
        )
    return problems
