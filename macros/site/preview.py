"""Live preview under `mkdocs serve`: the page a data edit changed is served first.

A full rebuild of every edition takes seconds at seed size and half a minute at 500 roles, and
an editor who saved one role's file waits for one page. So before each rebuild the serving
process reloads the handbook (unchanged files are not parsed again), finds the entities whose
data changed, and renders their pages of the default edition at once with the navigation, the
theme and the plugins of the last complete build, writing them into the served site. The
further editions are built in child processes, which stay as preview workers (workers.py): they
are asked first and render their edition's changed pages in the same way, beside the default
edition's, and the browsers reload again when they are done. The full rebuild follows as
before: it builds the whole site (every edition, the indexes, search) beside the served one and
swaps it in when it is complete, so nothing stays stale and nothing is missing while it runs.

Only pages whose own entity changed are rendered first; an edit that adds or removes an entity
or changes the glossary waits for the full rebuild. Plain functions; `plugin.py` wires them to
the build and `upstream.py` reaches MkDocs' page pipeline.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..model.errors import DataError
from ..model.handbook import Handbook
from ..render.pages import GeneratedPage, entity_tables
from . import upstream, workers
from .content import Content
from .output import publish
from .plan import BuildPlan

log = logging.getLogger("mkdocs.plugins.playbook")


@dataclass(frozen=True)
class LastBuild:
    """What the last complete build of the default edition rendered its pages with."""

    config: Any
    files: Any
    nav: Any
    env: Any
    served: Path  # the folder `mkdocs serve` serves
    language: str  # the edition this process renders: the default one, or a worker's


def changed_entities(old: Handbook, new: Handbook) -> set[tuple[str, str]] | None:
    """The (kind, id) of every entity whose data differ between two loads of the handbook; None
    when the edit reaches beyond those entities' own pages (an entity added or removed, the
    glossary changed: links, lists and tooltips elsewhere change too)."""
    if old.terms != new.terms:
        return None
    before, after = entity_tables(old), entity_tables(new)
    changed: set[tuple[str, str]] = set()
    for kind, table in after.items():
        if table.keys() != before[kind].keys():
            return None
        changed |= {(kind, ident) for ident, entity in table.items() if entity != before[kind][ident]}
    return changed


def pages_of(entities: Iterable[tuple[str, str]], pages: dict[str, GeneratedPage], lang: str) -> list[str]:
    wanted = set(entities)
    return sorted(uri for uri, p in pages.items() if p.lang == lang and (p.kind, p.ident) in wanted)


def render_changed_first(last: LastBuild, old: Content, load: Any) -> list[str]:
    """Render the default edition's pages of the entities an edit changed (`load()`: the
    handbook as saved now, a Content) into the served site; returns their source paths. Data
    with errors render nothing here: the full rebuild reports them."""
    try:
        new = load()
    except DataError:
        return []
    entities = changed_entities(old.handbook, new.handbook)
    if not entities:
        return []
    uris = pages_of(entities, new.pages, last.language)
    for uri in uris:
        file = last.files.get_file_from_path(uri)
        if file is None or file.page is None:
            continue
        file.content_string = new.pages[uri].markdown
        upstream.rebuild_page(file, last.config, last.files, last.nav, last.env, last.served)
    return uris


WORKERS_WAIT_S = 10.0  # how long the serving process waits for the editions' workers
DATA_POLL_S = 0.05  # how often mkdocs serve looks for a saved data file (MkDocs: every 0.5 s)


@dataclass
class LivePreview:
    """The serving process's memory for the preview: how to load the handbook, what the build
    under way renders with (`seen`: nav, files, env), the last complete build, and the preview
    workers of its further editions."""

    load: Callable[[], Content] | None = None
    seen: dict[str, Any] = field(default_factory=dict)
    last: LastBuild | None = None
    workers: list[workers.Worker] = field(default_factory=list)
    served: Path | None = None

    def built(self, plan: BuildPlan, staying: list[workers.Worker]) -> None:
        """Under mkdocs serve, replace the served site by this complete build; keep what it
        rendered pages with, if this process built the default edition only (in turn, the
        configuration moved on), and the workers of its further editions (`staying`), which
        replace those of the last build."""
        if not plan.previewing or plan.staged_dir is None or plan.final_dir is None:
            workers.quit_all(staying)
            return
        publish(Path(plan.staged_dir), Path(plan.final_dir))
        self.served = Path(plan.final_dir)
        if plan.built_here == (plan.default_language,):
            self.last = LastBuild(served=self.served, language=plan.default_language, **self.seen)
        old, self.workers = self.workers, list(staying)
        workers.quit_all(old)

    def for_worker(self, language: str | None, content: Content | None) -> workers.Render | None:
        """In a child that built edition `language`: how it renders its changed pages if it
        stays as a preview worker (mkdocs serve), with what this build rendered pages with."""
        if language is None or content is None or self.load is None or "nav" not in self.seen:
            return None
        last = LastBuild(served=Path(), language=language, **self.seen)
        load = self.load
        return lambda served: render_changed_first(replace(last, served=Path(served)), content, load)

    def close(self) -> None:
        """mkdocs serve ends: so do the workers."""
        old, self.workers = self.workers, []
        workers.quit_all(old)

    def discard(self, plan: BuildPlan | None) -> None:
        """A rebuild under mkdocs serve failed: drop it; the served site stays as it was."""
        if plan is not None and plan.previewing and plan.staged_dir is not None:
            shutil.rmtree(plan.staged_dir, ignore_errors=True)

    def watch(self, server: Any, plan: BuildPlan, data: Path, content: Callable[[], Content | None]) -> None:
        """Watch the data folder (often: saving a file is what an editor waits on); before each
        of `mkdocs serve`'s rebuilds, serve the changed pages first (`content()`: the handbook
        as the last build loaded it)."""
        upstream.watch_often(server, str(data), DATA_POLL_S)
        if not plan.previewing:
            return

        def first() -> None:
            old = content()
            if old is None or self.load is None:
                return
            start = time.monotonic()
            answers = workers.ask_all(self.workers, self.served, WORKERS_WAIT_S) if self.served else None
            pages = render_changed_first(self.last, old, self.load) if self.last is not None else []
            if pages:
                upstream.reload_browsers(server)
                log.info("Served first (%.2f s): %s", time.monotonic() - start, ", ".join(pages))
            more = answers() if answers is not None else []
            if more:
                upstream.reload_browsers(server)
                log.info("Served next (%.2f s): %s", time.monotonic() - start, ", ".join(more))
            if pages or more:
                log.info("Now rebuilding the site")

        upstream.before_each_rebuild(server, first)
