"""The package's layers import only the layers before them: model ← quality ← render ← site,
and cli on top. Only `macros/site/` imports mkdocs. Read from the source, lazy imports included,
so a cycle through a function-level import is caught too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "macros"
# Each layer and the layers it may import (itself included).
ALLOWED = {
    "model": {"model"},
    "quality": {"model", "quality"},
    "render": {"model", "quality", "render"},
    "site": {"model", "quality", "render", "site"},
    "cli": {"model", "quality", "render", "site", "cli"},
}
ENGINE = ("mkdocs", "material", "mkdocs_static_i18n", "mkdocs_macros")


def imports(path: Path) -> list[str]:
    """Every module `path` imports, as absolute names inside `macros` where relative."""
    layer_parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(layer_parts[: len(layer_parts) - node.level])
                module = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    out += [f"{module}.{alias.name}" for alias in node.names]
                    continue
                out.append(module)
            else:
                out.append(node.module or "")
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_layer_imports_only_earlier_layers(path: Path) -> None:
    layer = path.relative_to(PACKAGE).parts[0]
    for name in imports(path):
        parts = name.split(".")
        if parts[0] == "macros" and len(parts) > 1:
            assert parts[1] in ALLOWED[layer], f"{layer} may not import {name}"
        if parts[0] in ENGINE:
            assert layer == "site", f"only macros/site/ imports the engine ({name} in {layer})"


def test_top_of_package_stays_small() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= 6


def test_no_import_cycles_between_modules() -> None:
    """Module-level and lazy imports alike: a cycle means two modules should be one or split."""
    graph: dict[str, set[str]] = {}
    names = {
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in PACKAGE.rglob("*.py")
    }
    for name, path in names.items():
        graph[name] = {i for i in imports(path) if i in names and i != name}
    # A package importing its own submodules (cli's lazy dispatch) is not a cycle of modules.
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in graph[node]:
            if seen.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt]
                if not all(c.startswith(cycle[0] + ".") or c == cycle[0] for c in cycle):
                    pytest.fail("import cycle: " + " → ".join(cycle))
            elif nxt not in seen:
                visit(nxt, stack + [nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])


def test_test_modules_do_not_import_each_other() -> None:
    """Shared helpers live in conftest.py, helpers.py or minimal.py: importing a test module
    would run its module-level code again and tie two files' fixtures together."""
    tests = Path(__file__).resolve().parent
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("test_"):
                pytest.fail(f"{path.name} imports {node.module}")


def test_the_plugin_module_stays_event_wiring() -> None:
    """The logic goes in plain functions of macros/site/ (tested without a build): a plugin.py
    past 200 lines means some of it moved back into the event handlers."""
    lines = (PACKAGE / "site" / "plugin.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 200, f"macros/site/plugin.py has {lines} lines: move logic into a site/ module"
