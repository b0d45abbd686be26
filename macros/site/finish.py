"""What the parent build does to the whole site: before anything is written, and once every
edition is in it."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from . import search, upstream
from .addresses import AddressError, check_addresses
from .content import Content
from .output import (
    PublishError,
    bundle_worker_sources,
    prepare_staging,
    publish,
    split_search_index,
    undate_sitemap,
)
from .plan import BuildPlan
from .prebuilt import prebuild_search

log = logging.getLogger("mkdocs.plugins.playbook")
# How the search worker reads a query, and loads (or keeps, for the offline bundle) an index
# built beforehand: part of the engine, not of a handbook's pages.
SEARCH_QUERY = Path(__file__).with_name("search-query.js")
SEARCH_PREBUILT = Path(__file__).with_name("search-prebuilt.js")
Docs = list[dict[str, Any]]
Index = dict[str, Any]


def finish_site(
    site: Path,
    plan: BuildPlan,
    config: Any,
    content: Content | None,
    *,
    more_docs: Docs,
    merge: Callable[[str, Docs], Docs] | None = None,
) -> None:
    """The finishing steps of `finish` for the MkDocs `config` of a build of `content`."""
    refine, query = search_refinement(content) if content is not None else (None, None)
    finish(
        site,
        plan,
        more_docs=more_docs,
        split_search=upstream.i18n(config) is not None,
        sitemap_dates=bool(config.extra.get("sitemap_dates")),
        merge=merge,
        refine=refine,
        query_script=query,
    )


def finish_edition(site: Path, plan: BuildPlan, config: Any, content: Content) -> None:
    """In a child building one edition: its search index split off and refined here, as the
    parent would (`split_search_index`), written where the site keeps it (`<lang>/search/`,
    moved in with the edition's pages), so that the children refine theirs at once and the
    parent, after them, only its own. It leaves its parent no entries to merge."""
    if upstream.i18n(config) is None or plan.edition is None:
        return
    refine, _ = search_refinement(content)
    split_search_index(site, plan.default_language, [plan.edition], refine=refine, only=[plan.edition])
    for left in (site / "search").glob("search_index.*"):  # the edition's entries before the split
        left.unlink()


def finish(
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
    bundle's worker sources and prebuilt search indexes (prebuilt.py), and a sitemap without
    build dates unless mkdocs.yml's `extra.sitemap_dates` asks for them."""
    if split_search:  # (children split and refine their own editions' indexes: finish_edition)
        others = [] if plan.parallel else list(plan.further)
        split_search_index(site, plan.default_language, others, more_docs, merge, refine)
    if query_script is not None:
        patch_search_worker(site, query_script)
    if plan.offline:
        sources = bundle_worker_sources(site, list(plan.languages))
        if sources and query_script is not None:  # the worker is ours: it can load a prebuilt index
            folders = [site, *(site / lang for lang in plan.further)] if split_search else [site]
            prebuild_search(folders, sources)
    if not sitemap_dates:
        undate_sitemap(site)


def search_refinement(content: Content) -> tuple[Callable[[str, Index], Index], str]:
    """What readers search (search.py) and the script the search worker reads queries with."""
    refine = search.refiner(content.handbook, content.renderer, upstream.material_segmenter)
    scripts = (SEARCH_PREBUILT.read_text(encoding="utf-8"), SEARCH_QUERY.read_text(encoding="utf-8"))
    return refine, "\n".join(script.rstrip() for script in scripts)


def patch_search_worker(site: Path, query_script: str) -> None:
    """Material's search worker in `site`, splitting queries as the index is (search-query.js).
    It keeps its name, so every page (the 404 page too) and the offline bundle load it as before;
    it is made from the package's copy each time, so a rebuild never patches it twice."""
    scripts = site / "assets" / "javascripts"
    for worker in scripts.glob(upstream.SEARCH_WORKER):
        original = upstream.search_worker_source(worker.relative_to(scripts).as_posix())
        worker.write_text(upstream.patch_search_worker(original, query_script), encoding="utf-8")


BEFORE_WRITING = (AddressError, PublishError)  # what `prepare` raises, each in one line


def prepare(config: Any, plan: BuildPlan) -> None:
    """Before anything is written: the site's addresses can be used (AddressError), and a build
    that publishes has its folder beside the site, old builds' leftovers gone (PublishError)."""
    check_addresses(config)
    if plan.staged_dir is not None and plan.final_dir is not None:
        prepare_staging(plan.final_dir, plan.staged_dir)


def publish_or_discard(staged: Path, final: Path, complete: bool) -> None:
    """Swap a complete build in for the site; drop an incomplete one and leave the site as it
    was. A site that cannot be swapped in ends the build with one line (and exit status 1)."""
    if complete:
        try:
            publish(staged, final)
        except PublishError as exc:
            raise PluginError(str(exc)) from None
        return
    shutil.rmtree(staged, ignore_errors=True)
    log.error("Build failed: '%s' was left as it was.", final)
