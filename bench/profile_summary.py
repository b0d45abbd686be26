"""Summarise a py-spy collapsed-stack profile ("raw" format) of `mkdocs build` by owner.

    python bench/profile_summary.py profile.raw

Each sample is charged to the innermost frame that belongs to a known owner (our code, a plugin,
the theme, the Markdown engine, jieba, …): Jinja and PyYAML frames count for whoever called
them, and the nested per-language build that mkdocs-static-i18n runs from its on_post_build
counts for the parts of that build, not for i18n.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def _ours(path: str, *modules: str) -> bool:
    """A file of our package `macros/` (not mkdocs_macros/)."""
    return any(re.search(rf"(^|/)macros/(\w+/)?{m}\.py$", path) for m in modules)


# (category, test on (function, file)), tried for each frame from the innermost outwards.
# "ours:" marks code of this repository (macros/ and the page templates in playbook/_templates).
OWNERS: list[tuple[str, object]] = [
    ("jieba: Chinese segmentation (called by Material search)", lambda f, p: "/jieba/" in p),
    (
        "ours: YAML loading (macros/model/yaml_reader.py on pure-Python PyYAML)",
        lambda f, p: _ours(p, "yaml_reader"),
    ),
    ("ours: glossary tooltips (macros/render/glossary.py)", lambda f, p: _ours(p, "glossary")),
    (
        "ours: page generation (macros/render/pages.py + _templates/*.j2)",
        lambda f, p: _ours(p, "pages") or "/_templates/" in p or p.endswith(".md.j2"),
    ),
    (
        "ours: validation and model (handbook/checks/schema)",
        lambda f, p: _ours(p, "handbook", "loader", "checks", "schema", "messages", "errors"),
    ),
    (
        "ours: plugin hooks (macros/site/plugin.py: search split, rebase, publish)",
        lambda f, p: _ours(p, "plugin", "output", "editions", "live", "__init__"),
    ),
    ("mkdocs-macros-plugin", lambda f, p: "/mkdocs_macros/" in p),
    ("mkdocs-static-i18n", lambda f, p: "/mkdocs_static_i18n/" in p),
    ("Material search plugin (excl. jieba)", lambda f, p: "/material/plugins/search/" in p),
    ("Material other plugins", lambda f, p: "/material/plugins/" in p),
    (
        "theme: nav partials (nav*.html, tabs*.html)",
        lambda f, p: re.search(r"partials/(nav|tabs)[^/]*\.html$", p) is not None,
    ),
    (
        "theme: other templates (material/templates)",
        lambda f, p: "/material/templates/" in p or p.endswith(".html") or "/overrides/" in p,
    ),
    (
        "Markdown → HTML (Python-Markdown, pymdownx)",
        lambda f, p: "/markdown/" in p or "/pymdownx/" in p or f == "Page.render",
    ),
    (
        "mkdocs: nav and links",
        lambda f, p: re.search(r"mkdocs/structure/(nav|pages|toc)\.py$", p) is not None,
    ),
    ("mkdocs: files (discovery, copying static files)", lambda f, p: p.endswith("mkdocs/structure/files.py")),
    ("mkdocs: other (config, build loop, writing)", lambda f, p: "/mkdocs/" in p),
    ("startup: imports", lambda f, p: f.startswith("<module>") or "importlib" in p),
]


def parse_line(line: str) -> tuple[list[tuple[str, str]], int] | None:
    stack, _, count = line.rstrip("\n").rpartition(" ")
    if not stack or not count.isdigit():
        return None
    frames = []
    for raw in stack.split(";"):
        m = _FRAME.match(raw)
        frames.append((m.group("func"), m.group("file")) if m else (raw, ""))
    return frames, int(count)


def owner(frames: list[tuple[str, str]]) -> tuple[str, str]:
    for func, path in reversed(frames):
        for name, test in OWNERS:
            if test(func, path):
                short = re.sub(r"^.*/(site-packages|main|lib/python3\.\d+)/", "", path)
                return name, f"{func} ({short})"
    return "other (stdlib, json, unattributed)", ""


def summarise(raw: Path, rate: float) -> dict:
    by_owner: Counter[str] = Counter()
    functions: dict[str, Counter[str]] = defaultdict(Counter)
    inclusive: Counter[str] = Counter()
    total = 0
    # Inclusive time of a few phases, whoever runs inside them (a sample counts once per phase).
    phases = {
        "ours: PlaybookPlugin.on_config (load + validate + render every page)": lambda f, p: (
            f.endswith("on_config") and _ours(p, "plugin")
        ),
        "i18n: nested build of the other language(s)": lambda f, p: (
            f == "I18n.on_post_build" or f.endswith("I18n.on_post_build")
        ),
        "Material search: on_page_content (index sections, incl. jieba)": lambda f, p: (
            "/material/plugins/search/" in p and "on_page_content" in f
        ),
        "Material search: on_post_build (write index)": lambda f, p: (
            "/material/plugins/search/" in p and "on_post_build" in f
        ),
        "mkdocs: _populate_page (Markdown of every page, incl. page hooks)": lambda f, p: (
            f == "_populate_page"
        ),
        "mkdocs: _build_page (theme template of every page, incl. post_page hooks)": lambda f, p: (
            f == "_build_page"
        ),
        "jieba (all)": lambda f, p: "/jieba/" in p,
    }
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        parsed = parse_line(line)
        if parsed is None:
            continue
        frames, count = parsed
        total += count
        name, func = owner(frames)
        by_owner[name] += count
        functions[name][func] += count
        for phase, test in phases.items():
            if any(test(f, p) for f, p in frames):
                inclusive[phase] += count
    seconds = lambda n: round(n / rate, 2)  # noqa: E731
    return {
        "samples": total,
        "sampled_seconds": seconds(total),
        "self_time_by_owner": [
            {
                "owner": name,
                "seconds": seconds(n),
                "share": round(n / total, 4),
                "top": [{"function": f, "seconds": seconds(c)} for f, c in functions[name].most_common(4)],
            }
            for name, n in by_owner.most_common()
        ],
        "inclusive_phases": [
            {"phase": phase, "seconds": seconds(n), "share": round(n / total, 4)}
            for phase, n in inclusive.most_common()
        ],
    }


def render(summary: dict) -> str:
    out = [
        f"{summary['sampled_seconds']:.1f} s sampled (CPU-busy time of the build process)",
        "",
        "Self time by owner (innermost known frame):",
    ]
    for row in summary["self_time_by_owner"]:
        out.append(f"  {row['share'] * 100:5.1f}%  {row['seconds']:8.2f} s  {row['owner']}")
        for fn in row["top"][:3]:
            if fn["function"]:
                out.append(f"                         {fn['seconds']:7.2f} s  {fn['function']}")
    out += ["", "Inclusive time of build phases (overlapping):"]
    for row in summary["inclusive_phases"]:
        out.append(f"  {row['share'] * 100:5.1f}%  {row['seconds']:8.2f} s  {row['phase']}")
    return "\n".join(out)


if __name__ == "__main__":
    path = Path(sys.argv[1])
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 100.0
    print(render(summarise(path, rate)))
