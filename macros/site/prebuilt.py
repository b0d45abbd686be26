"""The offline bundle's search indexes, built once by the build instead of in every browser.

Material's search worker builds a lunr index from the entries when a reader first opens the
search box: at 2,000 roles that is seconds of waiting, in every page opened from disk. Here the
build runs that same worker — Material's code, our patches (search-prebuilt.js, search-query.js)
and the lunr language files, exactly as `playbook-sources.js` ships them — in V8 (mini-racer) on
each edition's entries, and writes what it built beside the edition's index as
`search/search_prebuilt.js`. The pages (file-worker.js) read that script when idle and hand it
to the worker when the search is set up; the worker loads the index instead of building it.
Since the same code builds it, the index is the one the browser would have built.

mini-racer is optional (`pip install playbook[bundle]`): without it the bundle works as before,
the browser building the index, and the build says so once.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from . import upstream

log = logging.getLogger("mkdocs.plugins.playbook")
# Runs the worker outside a browser (beside this module).
HARNESS = Path(__file__).with_name("search-build.js")
PREBUILT = "search_prebuilt.js"  # beside each edition's search/search_index.js
PREBUILT_VARIABLE = "__playbookPrebuiltIndex"
BUILD_TIMEOUT = 600.0  # seconds for one edition (a 2,000-role edition takes a few)
# Written after the index in search_index.js: where the pages find the prebuilt index, which
# playbook/assets/file-worker.js then reads when the page is idle.
PREBUILT_URL = (
    f'\nvar __playbookPrebuilt = new URL("{PREBUILT}", document.currentScript.src).href;\n'
    "if (window.__playbookPreload) window.__playbookPreload(__playbookPrebuilt);\n"
)


def engine() -> Any | None:
    """mini-racer's V8, or None where it is not installed."""
    try:
        from py_mini_racer import MiniRacer
    except ImportError:
        return None
    return MiniRacer


def run(context: Any, name: str, *args: Any, timeout: float = BUILD_TIMEOUT) -> Any:
    """`name(*args)` in the harness's `context`, awaited by polling (mini-racer's own waiting on
    a promise refuses, or hangs, where an asyncio loop runs, as Playwright's does in the tests)."""
    context.eval("__playbookRun")(name, *args)
    deadline = time.monotonic() + timeout
    while (done := context.eval("JSON.stringify(self.__playbookAnswer)")) == "null":
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name} gave no answer in {timeout:.0f} s")
        time.sleep(0.005)
    answer = json.loads(done)
    if "error" in answer:
        raise upstream.UpstreamError(
            f"mkdocs-material: its search worker failed outside a browser: {answer['error']}"
        )
    return answer.get("answer")


def build_index(sources: dict[str, str], index_text: str, racer: Any) -> str:
    """What the search worker builds from an index (`{"config", "docs"}` as JSON text), as
    search-prebuilt.js writes it (compact JSON text)."""
    worker = next(name for name in sources if upstream.search_worker_name(name))
    context = racer()
    try:
        context.eval(HARNESS.read_text(encoding="utf-8"))
        built = run(context, "__playbookBuild", json.dumps(sources, ensure_ascii=False), worker, index_text)
    finally:
        context.close()
    if not isinstance(built, str):
        raise upstream.UpstreamError(
            "mkdocs-material: its search worker built no index to ship (search-prebuilt.js no longer "
            "sees it call lunr)"
        )
    return built


def prebuild_search(folders: list[Path], sources: dict[str, str]) -> list[Path]:
    """Beside each index under `folders` (each edition's folder in the site), the prebuilt index;
    its search_index.js says where it is. Returns the files written (none without mini-racer)."""
    racer = engine()
    if racer is None:
        log.info(
            "Offline search: mini-racer is not installed, so each reader's browser builds the "
            "search index on first search (pip install 'playbook[bundle]' ships it prebuilt)."
        )
        return []
    written = []
    for folder in folders:
        index_file = folder / "search" / "search_index.json"
        script = index_file.with_suffix(".js")
        if not (index_file.is_file() and script.is_file()):
            continue
        built = build_index(sources, index_file.read_text(encoding="utf-8"), racer)
        target = index_file.with_name(PREBUILT)
        target.write_text(
            f"var {PREBUILT_VARIABLE} = {json.dumps(built, ensure_ascii=False)};\n", encoding="utf-8"
        )
        with script.open("a", encoding="utf-8") as out:
            out.write(PREBUILT_URL)
        written.append(target)
    return written
