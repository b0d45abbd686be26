"""The MkDocs plugin: event wiring over one frozen build plan (plan.py); the logic is in plain
functions of site/ modules, upstream internals behind upstream.py. It validates the data before
anything is written, adds the generated pages, and publishes only a complete site."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from ..model.errors import DataError
from ..render.pages import theme_environment
from . import broken, editions, forked, live, preview, upstream
from .content import Content
from .files import announce, fill
from .finish import BEFORE_WRITING, finish_edition, prepare, publish_or_discard
from .held import HeldEvents, HeldTexts
from .options import PlaybookConfig
from .plan import BuildPlan, PlanError, check_default, mode_of
from .processes import finish_parent, plan_processes, split_editions
from .stamped import StampedEvents

FILE_WORKER = "assets/file-worker.js"  # the offline bundle's Worker polyfill (playbook/assets/)


class PlaybookPlugin(HeldEvents, StampedEvents, BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.mode: Any = "other"  # from on_startup; a build started from Python has none
        self.plan: BuildPlan | None = None
        self.content: Content | None = None  # its renderer serves the index macros (macros/__init__.py)
        self.loaded_for: Any = None  # the config the plan was made for
        self.children: editions.EditionBuilds | None = None  # further editions, built beside us
        self.broken: broken.Broken | None = None  # mkdocs serve with data that does not load
        self.rebuild: live.Rebuild | None = None  # a dirty rebuild of `mkdocs serve --dirty`
        self.child: editions.ChildEdition | None = None  # a child build's report to its parent
        self.preview = preview.LivePreview()  # under mkdocs serve: the changed pages first
        self.dropped_404 = self.failed = False
        self.completed = False  # every language built and post-processed

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
            upstream.check(serving=self.mode != "build")
            languages = upstream.languages(config, check_default(config, self.config.default_language))
            order = editions.EditionOrder.from_env(further=languages[1:])
            self.plan = plan = plan_processes(config, self.config, self.mode, languages, order)
            data, docs = Path(self.config.data_dir).resolve(), Path(config.docs_dir)
            noted = live.data_key(data) if plan.live else ""  # before the data are read (live.py)
            content, self.broken = broken.load(data, docs, self.config, languages, plan.serving)
            self.content = content
            self.preview.load = partial(Content.load, data, docs, self.config, languages)
            prepare(config, plan)  # addresses checked; leftovers of killed builds removed
        except (DataError, editions.EditionsError, upstream.UpstreamError, PlanError, *BEFORE_WRITING) as exc:
            raise PluginError(exc.report() if isinstance(exc, DataError) else str(exc)) from None
        if order is not None:
            config.site_url = order.site_url
            self.child = editions.ChildEdition(order)  # reports to the parent in on_shutdown
        content.configure(config)  # edit buttons, tooltips, the derived editions' names
        self.loaded_for, self.rebuild = config, None  # (serve may keep this plugin between builds)
        if plan.live and self.broken is None:
            self.rebuild = live.Rebuild.start(noted, content.handbook.terms, plan.default_language)
            upstream.fresh_dirty_search(config)
        self.plan, self.children, self.child = split_editions(plan, config, content, self.child, self.broken)
        self.held = HeldTexts(active=not self.plan.serving)  # serve: the preview renders pages again
        if self.plan.child:
            self._keep_default_404(config)
        return config

    def _keep_default_404(self, config: Any) -> None:
        """The site has one 404.html, the default edition's: a further edition must not write its own."""
        if upstream.current_language(config) != self.config.default_language:
            self.dropped_404 |= upstream.drop_static_template(config, "404.html")

    def on_pre_build(self, *, config: Any) -> None:
        """The offline bundle must make no request off the disk: our Worker polyfill, not the CDN's."""
        if self.plan is not None and self.plan.offline:
            upstream.replace_worker_polyfill(config, FILE_WORKER)

    def _theme_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """The theme's templates (compiled once, loaded by later builds) and overrides' filters."""
        env = theme_environment(env)
        self.preview.seen.update(env=env, files=files, config=config)
        return env

    on_env = CombinedEvent(_theme_env, StampedEvents.set_aside_read)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        data = self.content.data_dir  # type: ignore[union-attr]
        self.preview.watch(server, self.plan, data, lambda: None if self.broken else self.content)
        return server

    # -- generated pages (files.py) ----------------------------------------------------------
    @event_priority(0)  # before mkdocs-static-i18n's on_files (-100) localises them
    def _announce_generated(self, files: Files, *, config: Any) -> Files:
        return announce(files, self.content.pages, config)  # type: ignore[union-attr]

    @event_priority(-110)  # after it: i18n re-creates the files it localises
    def _fill_generated(self, files: Files, *, config: Any) -> Files:
        return fill(files, self.content, self.rebuild or self.broken)  # type: ignore[arg-type]

    on_files = CombinedEvent(_announce_generated, _fill_generated)

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        """The page's glossary (GlossaryExtension) set; an HTML body kept aside (bodies.py)."""
        lang = self.content.page_glossary(page, files, self.config.default_language)  # type: ignore[union-attr]
        markdown = self.content.bodies.take(page, markdown, keep=self.broken is None)  # type: ignore[union-attr]
        return markdown if self.broken is None else self.broken.page_markdown(page, lang)

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """The HTML body put in; the page's texts put away until it is written (held.py)."""
        html = self.content.put_body(page, html, files)  # type: ignore[union-attr]
        return self.held.put_away(page, html, self.content.pages.get(page.file.src_uri))  # type: ignore[union-attr]

    def _page_output(self, output: str, *, page: Any, config: Any) -> str:
        """Pages of other languages search their own index (split_search_index): `<lang>/`."""
        locale = upstream.file_language(page.file, self.config.default_language)
        offline = self.plan is not None and self.plan.offline  # (no sitemaps: no hreflang links)
        return upstream.page_output(output, locale, self.config.default_language, offline)

    on_post_page = CombinedEvent(_page_output, HeldEvents.let_go_once_written)

    # -- finish the site ---------------------------------------------------------------------
    @event_priority(-200)  # after mkdocs-static-i18n has built every language and merged search
    def _finish(self, *, config: Any) -> None:
        assert (plan := self.plan) is not None
        if plan.in_turn and upstream.building_in_turn(config):
            return  # one language of several built in turn in this process: wait for the last
        if not plan.child:  # a child's parent merges and finishes the site
            children, self.children = self.children, None
            staying = finish_parent(plan, config, self.content, children, self.rebuild)
            if self.dropped_404:  # for a next build with this config (mkdocs serve)
                upstream.restore_static_template(config, "404.html")
            self.preview.built(plan, staying)
        else:  # its edition's search index, refined here: the parent refines only its own
            finish_edition(Path(config.site_dir), plan, config, self.content)  # type: ignore[arg-type]
        self.completed = True
        if isinstance(self.child, forked.ForkedChild):  # the rest is its parent's work
            render = self.preview.for_worker(plan.edition, self.content)  # if it stays (serve)
            self.child.end(not self.failed, strict=bool(config.strict), render=render)

    on_post_build = CombinedEvent(StampedEvents.draw_set_aside, _finish)

    @event_priority(-100)  # after mkdocs-static-i18n's own (50)
    def _fill_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        upstream.relative_alternates(config)
        self.preview.seen["nav"] = nav
        self.content.place.context(context, page, nav, self.content, self.config.default_language)  # type: ignore[union-attr]
        return context

    on_page_context = CombinedEvent(HeldEvents.bring_back_to_write, _fill_context)

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        if template_name == "404.html":
            upstream.home_alternates(config, self.config.default_language)
        return context

    # -- publish only a complete site --------------------------------------------------------
    def on_build_error(self, *, error: Exception) -> None:
        self.failed = True
        self.preview.discard(self.plan)  # under mkdocs serve, the served site stays as it was
        self._stop_children()

    def _stop_children(self) -> None:  # this build ends early; a forked child ends with it
        children, self.children = self.children, None
        if children is not None:
            children.stop()
        if isinstance(self.child, forked.ForkedChild):
            self.child.end(False)

    def on_shutdown(self) -> None:
        self._stop_children()  # still running only if this build ended early (sys.exit)
        if self.child is not None:
            render = self.preview.for_worker(self.plan.edition, self.content)  # if it stays (serve)
            self.child.finish(self.completed and not self.failed, render)
        self.preview.close()  # mkdocs serve ends: its preview workers too
        if self.plan is not None and self.plan.mode == "build" and self.plan.staged_dir is not None:
            # sys.exit (mkdocs-macros', on a macro error) skips on_build_error: check completion
            complete = self.completed and not self.failed
            publish_or_discard(Path(self.plan.staged_dir), Path(self.plan.final_dir), complete)
