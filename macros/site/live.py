"""What a rebuild of `mkdocs serve --dirty` may skip after one data file was saved.

MkDocs' dirty mode rebuilds only the pages whose File says it is modified; a generated page has
no source file, so MkDocs counts it as always modified, and a hand-written page counts only its
own file, not the data its macros read. This memory, kept by the serving process from one
rebuild to the next, decides instead:

- a generated page is rebuilt when its Markdown differs from the last build's;
- every hand-written page, and its copy converted for a derived edition (zh-Hant), is rebuilt
  when any data file changed (its macros may list the data);
- every page is rebuilt when the glossary changed (its tooltips may differ).

MkDocs' search plugin then indexes the rebuilt pages only, so each language's index is the last
one with the rebuilt pages' entries replaced (`merge_search`).

Plain bookkeeping; `plugin.py` wires it to the build, through `upstream` for MkDocs' files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import upstream

Docs = list[dict[str, Any]]


@dataclass(frozen=True)
class Changes:
    data: bool  # some data file changed since the last build
    glossary: bool  # the glossary's terms changed


def data_key(data_dir: Path) -> str:
    """A fingerprint of the data files: names, sizes and modification times."""
    stats = [
        (p.relative_to(data_dir).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(data_dir.rglob("*.yaml"))
    ]
    return _digest(json.dumps(stats))


def terms_key(terms: dict[str, Any]) -> str:
    return _digest(
        json.dumps({k: v.model_dump() for k, v in terms.items()}, sort_keys=True, ensure_ascii=False)
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class LiveMemory:
    """The last successful build of this process: fingerprints, page digests, search entries."""

    def __init__(self) -> None:
        self.data: str | None = None
        self.terms: str | None = None
        self.pages: dict[str, str] = {}
        self.search: dict[str, Docs] = {}
        self._pending: dict[str, Any] = {}

    def compare(self, data: str, terms: str) -> Changes:
        """Start a build with these fingerprints; what changed since the last one."""
        self._pending = {"data": data, "terms": terms, "pages": {}, "search": {}}
        return Changes(data=data != self.data, glossary=terms != self.terms)

    def page_changed(self, src_uri: str, markdown: str, changes: Changes) -> bool:
        digest = _digest(markdown)
        self._pending["pages"][src_uri] = digest
        return changes.glossary or self.pages.get(src_uri) != digest

    def merge_search(self, lang: str, rebuilt: Docs, pages: set[str]) -> Docs:
        """The last index of `lang` with the rebuilt pages' entries put in, and the entries of
        pages that no longer exist (`pages`: the locations of this build's pages) left out."""
        fresh = {_page(doc) for doc in rebuilt}
        kept = [doc for doc in self.search.get(lang, []) if _page(doc) not in fresh and _page(doc) in pages]
        merged = kept + rebuilt
        self._pending["search"][lang] = merged
        return merged

    def forget(self) -> None:
        """The last build showed the data's problems on every page: rebuild them all next time."""
        self.data = self.terms = None
        self.pages.clear()

    def commit(self) -> None:
        """The build succeeded: remember it for the next one."""
        pending, self._pending = self._pending, {}
        if not pending:
            return
        self.data, self.terms = pending["data"], pending["terms"]
        self.pages.update(pending["pages"])
        self.search.update(pending["search"])


def _page(doc: dict[str, Any]) -> str:
    """The page a search entry belongs to: its location without the section anchor."""
    return doc["location"].partition("#")[0]


@dataclass
class Rebuild:
    """One dirty rebuild: which of its pages to rebuild, and where every page of each language is
    (so the search entries of deleted pages are dropped)."""

    changes: Changes
    default_language: str
    memory: LiveMemory
    locations: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def start(cls, data: str, terms: dict[str, Any], default_language: str) -> Rebuild:
        """Begin a rebuild in this serving process: compare the data with the last build's.
        `data`: their fingerprint (data_key) taken before this build read them, so that a file
        saved while it read them counts as changed in the next build."""
        changes = MEMORY.compare(data, terms_key(terms))
        return cls(changes, default_language, MEMORY)

    def mark(self, file: Any, markdown: str | None, *, lists_data: bool = True) -> None:
        """Say whether `file` (a page) is rebuilt. `markdown`: its text, if this plugin gives it
        (a generated page, or a hand-written page converted for a derived edition);
        `lists_data`: its macros may list the data (a hand-written page, converted or not), so
        a data edit can change it while its text stays the same."""
        listed = lists_data and self.changes.data
        if markdown is not None:
            changed = self.memory.page_changed(file.src_uri, markdown, self.changes) or listed
        else:
            changed = listed or self.changes.glossary or upstream.source_modified(file)
        upstream.mark_modified(file, changed)
        lang = upstream.file_language(file, self.default_language)
        url = file.url if lang == self.default_language else file.url.removeprefix(f"{lang}/")
        self.locations.setdefault(lang, set()).add("" if url in ("./", ".") else url)

    def merge_search(self, lang: str, docs: Docs) -> Docs:
        """This rebuild indexed only the pages it rebuilt: the rest come from the last build."""
        return self.memory.merge_search(lang, docs, self.locations.get(lang, set()))


# One per serving process: MkDocs makes new plugin objects for every rebuild.
MEMORY = LiveMemory()
