"""The offline bundle ships each edition's search index prebuilt (macros/site/prebuilt.py), and
Material's search worker loads it instead of building one: with the same answers to every query
of the search table as the index the worker builds itself from the same entries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros.site import prebuilt, upstream

pytest.importorskip("py_mini_racer")

# Queries of each edition (test_search.py has the full table, typed in Chromium on the bundle):
# whole terms, pieces of words, abbreviations, aliases, words of the other language.
QUERIES = {
    "": [
        "直通车",
        "用户分群",
        "库存助理",
        "客单价",
        "AOV",
        "P&L",
        "A/B测试",
        "电商主管",
        "Store Manager",
        "库",
    ],
    "en/": ["profit and loss", "AOV", "Visual Team", "UX", "inventory assistants", "segment", "inv"],
    "zh-Hant/": ["直通車", "用戶分群", "客單價", "損益表", "數據分析部", "电商主管"],
}

SOURCES = "assets/javascripts/workers/playbook-sources.js"


def worker_sources(root: Path) -> tuple[dict[str, str], str]:
    text = (root / SOURCES).read_text(encoding="utf-8")
    sources = json.loads(text.removeprefix("window.__playbookWorkerSources = ").rstrip().removesuffix(";"))
    return sources, next(name for name in sources if upstream.search_worker_name(name))


def shipped(folder: Path) -> str:
    """The prebuilt index an edition's pages hand the worker (JSON text)."""
    text = (folder / "search" / prebuilt.PREBUILT).read_text(encoding="utf-8")
    match = re.fullmatch(rf"var {prebuilt.PREBUILT_VARIABLE} = (\".*\");\n", text, re.S)
    assert match, "search_prebuilt.js sets one string"
    return json.loads(match.group(1))


def start_worker(root: Path, setup: dict):
    """Material's search worker from the bundle, in V8, set up with `setup`; its context."""
    from py_mini_racer import MiniRacer

    sources, worker = worker_sources(root)
    context = MiniRacer()
    context.eval(prebuilt.HARNESS.read_text(encoding="utf-8"))
    context.eval("__playbookStart")(json.dumps(sources), worker, False)
    assert send(context, {"type": 0, "data": setup}) == {"type": 1}
    return context


def send(context, message: dict) -> dict:
    return json.loads(prebuilt.run(context, "__playbookSend", json.dumps(message), timeout=60))


def answers(context, queries: list[str]) -> list[dict]:
    return [send(context, {"type": 2, "data": query}) for query in queries]


@pytest.mark.parametrize("edition", list(QUERIES))
def test_bundle_ships_a_prebuilt_index_that_the_worker_loads(unzipped: Path, edition: str) -> None:
    folder = unzipped / edition
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {"config": index["config"], "docs": index["docs"], "options": {}}
    # The pages learn where it is from the index script they already load.
    assert (folder / "search" / "search_index.js").read_text(encoding="utf-8").endswith(prebuilt.PREBUILT_URL)

    built = start_worker(unzipped, entries)
    loaded = start_worker(unzipped, {**entries, "prebuilt": shipped(folder)})
    try:
        assert built.eval("String(self.__playbookSearchIndex)") == "undefined"  # built from the entries
        assert loaded.eval("self.__playbookSearchIndex") == "prebuilt"
        queries = QUERIES[edition]
        expected = answers(built, queries)
        assert all(answer["data"]["items"] for answer in expected), "every query finds something"
        assert answers(loaded, queries) == expected
    finally:
        built.close()
        loaded.close()


def test_an_index_prebuilt_for_other_entries_is_not_used(unzipped: Path) -> None:
    """The worker builds its own index rather than answer with another edition's."""
    english = json.loads((unzipped / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {"config": english["config"], "docs": english["docs"], "options": {}}
    context = start_worker(unzipped, {**entries, "prebuilt": shipped(unzipped)})
    try:
        assert context.eval("String(self.__playbookSearchIndex)") == "undefined"
        assert answers(context, ["GMV"])[0]["data"]["items"][0][0]["location"] == "glossary.html#gmv"
    finally:
        context.close()
