"""The MkDocs plugin: event wiring over one frozen build plan (plan.py); the logic is in plain
functions of the other site/ modules, and upstream internals are reached through upstream.py.
It validates the data before anything is written, adds the generated pages, keeps each
language's search to its own pages, and publishes only a complete site."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from ..model.errors import DataError
from ..render.glossary_extension import GlossaryExtension
from ..render.hant import HANT
from ..render.pages import compiled_templates
from . import broken, editions, forked, live, preview, upstream
from .content import Content
from .files import announce, fill
from .finish import BEFORE_WRITING, finish_site, prepare, publish_or_discard
from .options import PlaybookConfig
from .output import publish
from .plan import BuildPlan, PlanError, check_default, mode_of, plan_build
from .segmenter import load_segmenter, teach_segmenter

log = logging.getLogger("mkdocs.plugins.playbook")
FILE_WORKER = "assets/file-worker.js"  # the offline bundle's Worker polyfill (playbook/assets/)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.mode: Any = "other"  # from on_startup; a build started from Python has none
        self.plan: BuildPlan | None = None
        self.content: Content | None = None  # its renderer serves the index macros (macros/__init__.py)
        self.reload: Any = None  # loads the handbook again, as this build did
        self.loaded_for: Any = None  # the config the plan was made for
        self.children: editions.EditionBuilds | None = None  # further editions, built beside us
        self.broken: broken.Broken | None = None  # mkdocs serve with data that does not load
        self.rebuild: live.Rebuild | None = None  # a dirty rebuild of `mkdocs serve --dirty`
        self.child: editions.ChildEdition | None = None  # a child build's report to its parent
        self.forked = False  # a child forked from its parent (forked.py): it ends with its build
        self.seen: dict[str, Any] = {}  # this build's files, nav and theme (for preview.py)
        self.last: preview.LastBuild | None = None  # the last complete build, under mkdocs serve
        self.dropped_404 = False
        self.completed = False  # every language built and post-processed
        self.failed = False

    @property
    def default_language(self) -> str:
        return self.config.default_language

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.mode = mode_of(command, dirty)
        upstream.quiet_plugin_info()
        if self.mode == "serve-dirty":
            upstream.quiet_dirty_warning()  # here the pages an edit changes are exactly those rebuilt

    # -- plan, load and validate, before anything is written ---------------------------------
    @event_priority(100)  # before mkdocs-macros calls define_env, which reads the handbook
    def on_config(self, config: Any) -> Any:
        if self.loaded_for is config:  # mkdocs-static-i18n builds a further language in turn
            self._keep_default_404(config)
            return config
        try:
            upstream.check()
            languages = upstream.languages(config, check_default(config, self.default_language))
            order = editions.EditionOrder.from_env(further=languages[1:])
            self.plan = plan = plan_build(
                mode=self.mode,
                languages=languages,
                site_dir=config.site_dir,
                edition=order.locale if order else None,
                jobs=editions.job_count(self.config.jobs) if order is None else 0,
                has_config_file=bool(config.config_file_path),
                offline=upstream.offline(config),
                forkable=forked.can_fork(),
            )
            data, docs = Path(self.config.data_dir).resolve(), Path(config.docs_dir)
            content, self.broken = broken.load(data, docs, self.config.templates_dir, languages, plan.serving)
            self.content = content
            self.reload = partial(Content.load, data, docs, self.config.templates_dir, languages)
            prepare(config, plan)  # addresses checked; leftovers of killed builds removed
        except (DataError, editions.EditionsError, upstream.UpstreamError, PlanError, *BEFORE_WRITING) as exc:
            raise PluginError(exc.report() if isinstance(exc, DataError) else str(exc)) from None
        if order is not None:
            config.site_url = order.site_url
            self.child = editions.ChildEdition(order)  # reports to the parent in on_shutdown
        if not config.repo_url:
            config.edit_uri = None  # no REPO_URL: no edit buttons (and no warning about them)
        config.markdown_extensions.append(GlossaryExtension(content.current_glossary))
        if HANT in languages:
            upstream.name_edition(config, HANT, content.renderer.to_hant)
        self.loaded_for = config
        if plan.live and self.broken is None:
            self.rebuild = live.Rebuild.start(data, content.handbook.terms, plan.default_language)
            upstream.fresh_dirty_search(config)
        if plan.staged_dir is not None:
            config.site_dir = plan.staged_dir  # on_shutdown swaps it in only if nothing failed
            upstream.name_the_site(plan.staged_dir, plan.final_dir or plan.staged_dir)
        if plan.fork and not self.broken:  # the editions share what is loaded; a child builds its own
            upstream.use_rust_segmenter(config)
            load_segmenter(plan.languages)  # jieba's dictionary, read once for every edition
            self.children, order = forked.fork_editions(config.site_dir, config.site_url, list(plan.further))
            if order is not None:
                self.plan = plan = plan.for_edition(order.locale)
                self.child, self.forked = editions.ChildEdition(order), True
                config.site_dir = str(forked.edition_folder(config.site_dir, order.locale))
        upstream.use_rust_segmenter(config)  # if rjieba is installed: the same words, faster
        teach_segmenter(content.handbook, [content.renderer.helpers(lang).t for lang in plan.chinese])
        if plan.child:
            upstream.build_only(config, plan.edition)
            self._keep_default_404(config)
        elif plan.parallel:
            upstream.no_nested_builds(config)  # the children build the further editions
            # (while the data is broken, serve shows the problems in the default edition only)
            if self.children is None and not self.broken:
                self.children = editions.start(config, list(plan.further), plan.jobs)
        return config

    def _keep_default_404(self, config: Any) -> None:
        """The site has one 404.html, at its root: the default edition's. A further edition must
        not write its own over it (in turn, the last language built would win)."""
        if upstream.current_language(config) != self.default_language:
            self.dropped_404 |= upstream.drop_static_template(config, "404.html")

    def on_pre_build(self, *, config: Any) -> None:
        """The offline bundle must make no request off the disk: our Worker polyfill, not the CDN's."""
        if self.plan is not None and self.plan.offline:
            upstream.replace_worker_polyfill(config, FILE_WORKER)

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.seen["nav"] = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """The theme's templates, compiled once and loaded by later builds (and editions)."""
        env.bytecode_cache = compiled_templates()
        self.seen.update(env=env, files=files)
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        assert self.content is not None and self.plan is not None
        server.watch(str(self.content.data_dir))
        if self.plan.previewing:
            upstream.before_each_rebuild(server, lambda: self._preview(server))
        return server

    def _preview(self, server: Any) -> None:
        """Before a rebuild: the default edition's pages of what changed, served first."""
        last, content = self.last, self.content
        first = preview.render_changed_first(last, content, self.reload) if last and content else []
        if first:
            log.info("Served first: %s; now rebuilding the site", ", ".join(first))
            upstream.reload_browsers(server)

    # -- generated pages (files.py) ----------------------------------------------------------
    @event_priority(0)  # before mkdocs-static-i18n's on_files (-100) localises them
    def _announce_generated(self, files: Files, *, config: Any) -> Files:
        assert self.content is not None
        return announce(files, self.content.pages, config)

    @event_priority(-110)  # after it: i18n re-creates the files it localises
    def _fill_generated(self, files: Files, *, config: Any) -> Files:
        assert self.content is not None
        return fill(files, self.content, self.rebuild)

    on_files = CombinedEvent(_announce_generated, _fill_generated)

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        """The glossary tooltips (GlossaryExtension) of the page about to be converted."""
        lang = upstream.file_language(page.file, self.default_language)
        self.content.page_glossary(page.file.src_uri, lang)  # type: ignore[union-attr]
        return markdown if self.broken is None else self.broken.page_markdown(page, lang)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """Pages of other languages search their own index (split_search_index): `<lang>/`."""
        locale = upstream.file_language(page.file, self.default_language)
        offline = self.plan is not None and self.plan.offline  # (no sitemaps: no hreflang links)
        return upstream.page_output(output, locale, self.default_language, offline)

    # -- finish the site ---------------------------------------------------------------------
    @event_priority(-200)  # after mkdocs-static-i18n has built every language and merged search
    def on_post_build(self, *, config: Any) -> None:
        plan = self.plan
        assert plan is not None
        if plan.in_turn and upstream.building_in_turn(config):
            return  # one language of several built in turn in this process: wait for the last
        if not plan.child:  # a child's parent merges and finishes the site
            site, children, self.children = Path(config.site_dir), self.children, None
            try:
                more_docs = children.merge_into(site) if children is not None else []
            except editions.EditionsError as exc:
                raise PluginError(str(exc)) from None
            merge = self.rebuild.merge_search if self.rebuild is not None else None
            finish_site(site, plan, config, self.content, more_docs=more_docs, merge=merge)
            if self.rebuild is not None:
                live.MEMORY.commit()
            if self.dropped_404:  # for a next build with this config (mkdocs serve)
                upstream.restore_static_template(config, "404.html")
            if plan.previewing:
                self._serve_this_build(config)
        self.completed = True
        if self.forked:  # its edition is built: the rest of this process is its parent's work
            self._end_forked_child(strict=bool(config.strict))

    def _serve_this_build(self, config: Any) -> None:
        """Replace the served site by this complete build; keep what it rendered pages with, if
        this process built the default edition only (in turn, the configuration moved on)."""
        plan = self.plan
        assert plan is not None and plan.staged_dir is not None and plan.final_dir is not None
        publish(Path(plan.staged_dir), Path(plan.final_dir))
        if plan.built_here == (plan.default_language,):
            served = Path(plan.final_dir)
            self.last = preview.LastBuild(config, served=served, language=plan.default_language, **self.seen)

    @event_priority(-100)  # after mkdocs-static-i18n's own (50)
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        # Material puts `page.title | striptags` in <title>, and striptags un-escapes entities:
        # a role named "</title><script>…" would run. page.title is already escaped HTML, and
        # a meta title is inserted as it is.
        if page.title and not page.is_homepage and not page.meta.get("title"):
            page.meta["title"] = page.title
        upstream.relative_alternates(config)
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        if template_name == "404.html":
            upstream.home_alternates(config, self.default_language)
        return context

    # -- publish only a complete site --------------------------------------------------------
    def on_build_error(self, *, error: Exception) -> None:
        self.failed = True
        self._stop_children()
        if self.plan is not None and self.plan.previewing and self.plan.staged_dir is not None:
            publish_or_discard(Path(self.plan.staged_dir), Path(self.plan.final_dir or ""), False)
        if self.forked:
            self._end_forked_child()

    def _end_forked_child(self, strict: bool = False) -> None:
        """End it as MkDocs would end its build, which it leaves before the strict-mode check."""
        assert self.child is not None
        ok = self.completed and not self.failed and not (strict and self.child.report.warnings)
        self.child.finish(ok)
        forked.end_child(0 if ok else 1)

    def _stop_children(self) -> None:
        children, self.children = self.children, None
        if children is not None:
            children.stop()

    def on_shutdown(self) -> None:
        self._stop_children()  # still running only if this build ended early
        if self.forked:  # ended early by sys.exit (mkdocs-macros does on a macro error)
            self._end_forked_child()
        if self.child is not None:
            self.child.finish(self.completed and not self.failed)
        if self.plan is None or self.plan.mode != "build" or self.plan.staged_dir is None:
            return
        # A plugin may end the build with sys.exit (mkdocs-macros does on a macro error), which
        # skips on_build_error: publish only what reached the end of on_post_build.
        complete = self.completed and not self.failed
        publish_or_discard(Path(self.plan.staged_dir), Path(self.plan.final_dir), complete)
