"""What the parent build does to the whole site once every edition is in it."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import upstream
from .output import bundle_worker_sources, publish, split_search_index, undate_sitemap
from .plan import BuildPlan

log = logging.getLogger("mkdocs.plugins.playbook")
Docs = list[dict[str, Any]]
Index = dict[str, Any]


def finish_site(
    site: Path,
    plan: BuildPlan,
    *,
    more_docs: Docs,
    split_search: bool,
    sitemap_dates: bool,
    merge: Callable[[str, Docs], Docs] | None = None,
    refine: Callable[[str, Index], Index] | None = None,
    query_script: str | None = None,
) -> None:
    """One search index per language (`more_docs`: the entries of editions built elsewhere;
    `merge`: a dirty rebuild's merge with the last index; `refine`: what readers search, see
    search.py), Material's search worker reading queries with `query_script`, the offline
    bundle's worker sources, and a sitemap without build dates unless mkdocs.yml's
    `extra.sitemap_dates` asks for them."""
    if split_search:
        split_search_index(site, plan.default_language, list(plan.further), more_docs, merge, refine)
    if query_script is not None:
        patch_search_worker(site, query_script)
    if plan.offline:
        bundle_worker_sources(site, list(plan.languages))
    if not sitemap_dates:
        undate_sitemap(site)


def patch_search_worker(site: Path, query_script: str) -> None:
    """Material's search worker in `site`, splitting queries as the index is (search-query.js).
    It keeps its name, so every page (the 404 page too) and the offline bundle load it as before;
    it is made from the package's copy each time, so a rebuild never patches it twice."""
    scripts = site / "assets" / "javascripts"
    for worker in scripts.glob(upstream.SEARCH_WORKER):
        original = upstream.search_worker_source(worker.relative_to(scripts).as_posix())
        worker.write_text(upstream.patch_search_worker(original, query_script), encoding="utf-8")


def publish_or_discard(staged: Path, final: Path, complete: bool) -> None:
    """Swap a complete build in for the site; drop an incomplete one and leave the site as it was."""
    if complete:
        publish(staged, final)
        return
    shutil.rmtree(staged, ignore_errors=True)
    log.error("Build failed: '%s' was left as it was.", final)
