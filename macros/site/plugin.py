"""The thin MkDocs adapter. The only module that imports mkdocs.

It loads and validates the data before anything is written, adds the generated pages, points
edit links at the YAML they come from, keeps each language's search to its own pages, and
publishes the site only when the whole build succeeded (a failed build leaves `site/` as it was).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..model.errors import DataError
from ..model.handbook import Handbook
from ..model.loader import load_handbook
from ..model.schema import Text
from ..render.glossary import Glossary, term_table
from ..render.hant import HANT, converter
from ..render.pages import GeneratedPage, Renderer
from . import editions, live
from .output import (
    bundle_worker_sources,
    merge_editions,
    publish,
    split_search_index,
    undate_sitemap,
)

log = logging.getLogger("mkdocs.plugins.playbook")
FILE_WORKER = "assets/file-worker.js"

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


class PlaybookConfig(Config):
    data_dir = opt.Type(str, default="data")
    templates_dir = opt.Type(str, default="_templates")
    default_language = opt.Type(str, default="zh")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.handbook: Handbook | None = None
        self.renderer: Renderer | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.command = ""
        self.final_site_dir: str | None = None
        self.staged_site_dir: str | None = None  # where a build writes until it is published
        self.completed = False  # every language built and post-processed
        self.failed = False
        self.loaded_for: Any = None
        self.children: editions.EditionBuilds | None = None  # further editions, built beside us
        self.order: dict[str, Any] | None = None  # in a child build: what its parent asked
        self.dropped_404 = False
        self.live = False
        self.changes: live.Changes | None = None
        self.page_locations: dict[str, set[str]] = {}  # per language, for live search merging

    @property
    def default_language(self) -> str:
        return self.config.default_language

    # -- load and validate, before anything is written --------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.live = command == "serve" and dirty  # mkdocs serve --dirty: see macros/site/live.py
        if self.live:
            # MkDocs warns that a dirty build's navigation may be stale, which fails every strict
            # build; here the pages an edit changes are exactly the ones rebuilt.
            build_log = logging.getLogger("mkdocs.commands.build")
            if _not_the_dirty_warning not in build_log.filters:
                build_log.addFilter(_not_the_dirty_warning)

    @event_priority(100)  # before mkdocs-macros calls define_env, which reads the handbook
    def on_config(self, config: Any) -> Any:
        if self.loaded_for is config:  # mkdocs-static-i18n builds a further language in turn
            self._keep_default_404(config)
            return config
        self.order = order = editions.requested()
        if order is not None:  # a child build of one further edition (macros/site/editions.py)
            config.site_url = order["site_url"]
        if not config.repo_url:
            config.edit_uri = None  # no REPO_URL: no edit buttons (and no warning about them)
        root = Path(config.config_file_path or ".").resolve().parent
        languages = site_languages(config, self.default_language)
        to_hant = converter() if HANT in languages else None
        docs = Path(config.docs_dir)
        try:
            self.handbook = load_handbook(root / self.config.data_dir)
            self.renderer = Renderer(self.handbook, docs / self.config.templates_dir, to_hant)
            generated = self.renderer.pages(languages)
            parallel = self._parallel(config, languages, order)
        except (DataError, editions.EditionsError) as exc:
            raise PluginError(exc.report() if isinstance(exc, DataError) else str(exc)) from None
        if to_hant is not None:
            generated += hant_pages(docs, self.default_language, to_hant)
            name_hant_edition(config, self.default_language, to_hant)
        # Every language's pages are announced (the switcher pairs them); only the editions
        # this process builds are rendered.
        built_here = (order["locale"],) if order else (self.default_language,) if parallel else languages
        self.pages = {page.src_uri: page for page in generated}
        self.glossaries: dict[str, Glossary] = {}  # per language, made on first use
        chinese = [lang for lang in built_here if lang.startswith("zh")]
        teach_segmenter(self.handbook, [self.renderer.helpers(lang).t for lang in chinese])
        self.data_root = root
        self.loaded_for = config
        if self.live:
            self.changes = live.MEMORY.compare(
                live.data_key(root / self.config.data_dir), live.terms_key(self.handbook.terms)
            )
            # Material's search keeps its last index in dirty mode and patches in one page;
            # ours merges every rebuilt page of every language (live.py), from a clean index.
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and hasattr(search, "search_index_prev"):
                search.is_dirty, search.search_index_prev = False, None
        if self.command == "build" and order is None and self.final_site_dir is None:
            # Build into a sibling folder; on_shutdown swaps it in only if nothing failed.
            self.final_site_dir = config.site_dir
            self.staged_site_dir = f"{config.site_dir.rstrip(os.sep)}.partial-{os.getpid()}"
            config.site_dir = self.staged_site_dir
        if order is not None:
            follow_order(config, order["locale"])
            self._keep_default_404(config)
        elif parallel:
            self._start_editions(config, list(languages[1:]), parallel)
        return config

    def _keep_default_404(self, config: Any) -> None:
        """The site has one 404.html, at its root: the default edition's. A further edition must
        not write its own over it (in turn, the last language built would win)."""
        templates = config.theme.static_templates
        if config.plugins["i18n"].current_language != self.default_language and "404.html" in templates:
            templates.discard("404.html")
            self.dropped_404 = True

    def _parallel(self, config: Any, languages: tuple[str, ...], order: Any) -> int:
        """How many further editions to build at once in child processes (0: here, in turn)."""
        if order is not None or len(languages) < 2 or not config.config_file_path:
            return 0
        if self.live:
            return 0  # dirty rebuilds build few pages: no child would know which
        if self.command not in ("build", "serve"):
            return 0  # e.g. a build started from Python: keep it in this process
        return editions.job_count()

    def _start_editions(self, config: Any, further: list[str], jobs: int) -> None:
        """Start the further editions' builds now; this process builds the default one."""
        config.plugins["i18n"].building = True  # no nested builds in our on_post_build
        settings = {
            "site_url": config.site_url,
            "strict": bool(config.strict),
            "use_directory_urls": bool(config.use_directory_urls),
        }
        self.children = editions.EditionBuilds(
            config.config_file_path, config.site_dir, further, settings, jobs
        )

    def on_pre_build(self, *, config: Any) -> None:
        """Material's offline plugin adds a Worker polyfill from a public CDN; the bundle must
        make no request off the disk, so it gets ours (playbook/assets/file-worker.js)."""
        polyfills = config.extra.get("polyfills") or []
        if offline(config):
            kept = [url for url in polyfills if "iframe-worker" not in url and url != FILE_WORKER]
            config.extra["polyfills"] = [*kept, FILE_WORKER]

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self.data_root / self.config.data_dir))
        return server

    # -- generated pages ---------------------------------------------------------------------
    # mkdocs-static-i18n re-creates every File from its path under docs_dir and drops in-memory
    # content, so File.generated cannot pass through it. The pages are therefore announced as
    # files of docs_dir first (for i18n to localise, link and pair them), then given their
    # content once i18n is done.
    @event_priority(0)
    def _announce_generated(self, files: Files, *, config: Any) -> Files:
        for page in self.pages.values():
            files.append(
                File(
                    page.src_uri,
                    config.docs_dir,
                    config.site_dir,
                    config.use_directory_urls,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        return files

    @event_priority(-110)
    def _fill_generated(self, files: Files, *, config: Any) -> Files:
        for file in files:
            page = self.pages.get(file.src_uri)
            if page is not None:
                file.content_string = page.markdown
                file.generated_by = "playbook"
                file.inclusion = InclusionLevel.NOT_IN_NAV
                file.edit_uri = self._edit_uri(page, config)
            if self.changes is not None and file.is_documentation_page():
                self._mark_live(file, page)
        return files

    def _mark_live(self, file: File, page: GeneratedPage | None) -> None:
        """In a dirty rebuild, say which pages changed (macros/site/live.py)."""
        assert self.changes is not None
        if page is not None:
            changed = live.MEMORY.page_changed(file.src_uri, page.markdown, self.changes)
        else:
            changed = self.changes.data or self.changes.glossary or File.is_modified(file)
        file.is_modified = lambda: changed  # type: ignore[method-assign]
        lang = getattr(file, "locale", None) or self.default_language
        url = file.url if lang == self.default_language else file.url.removeprefix(f"{lang}/")
        self.page_locations.setdefault(lang, set()).add("" if url in ("./", ".") else url)

    on_files = CombinedEvent(_announce_generated, _fill_generated)

    def _edit_uri(self, page: GeneratedPage, config: Any) -> str | None:
        """Edit links of generated pages open the YAML file they come from."""
        assert self.handbook is not None
        if page.kind == "page":  # a converted hand-written page: edit the Simplified original
            return page.ident
        if page.kind == "print":  # made of every data file: no one file to edit
            return None
        kind = "template" if page.kind == "matrix" else page.kind  # a matrix comes from its template
        source = self.handbook.source(kind, page.ident)
        docs = Path(config.docs_dir).resolve()
        data_file = self.data_root / source.path
        return os.path.relpath(data_file, docs).replace(os.sep, "/")

    # -- glossary tooltips -------------------------------------------------------------------
    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """Every glossary term in a page's text gets its definition as a tooltip."""
        if self.handbook is None or page.file.src_uri.startswith("glossary."):
            return html
        lang = getattr(page.file, "locale", None) or self.default_language
        if lang not in self.glossaries:
            assert self.renderer is not None
            text = self.renderer.helpers(lang).t
            self.glossaries[lang] = Glossary(term_table(self.handbook.terms.values(), text))
        return self.glossaries[lang].annotate(html)

    # -- per-language search -----------------------------------------------------------------
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """Pages of other languages search their own index: point their base at `<lang>/`.

        (hreflang stays relative in the page head: Material fetches each alternate's sitemap
        from it, which must stay on the host serving the page; the sitemap carries the absolute
        hreflang alternates search engines want.)"""
        locale = getattr(page.file, "locale", self.default_language)
        if locale == self.default_language:
            return output

        def rebase(match: re.Match[str]) -> str:
            data = json.loads(match.group(2))
            data["base"] = f"{data['base'].rstrip('/')}/{locale}/"
            return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

        return _CONFIG_SCRIPT.sub(rebase, output, count=1)

    @event_priority(-200)  # after mkdocs-static-i18n has built every language and merged search
    def on_post_build(self, *, config: Any) -> None:
        if self.order is not None:
            self.completed = True  # a child edition: its parent merges and finishes the site
            return
        i18n = config.plugins.get("i18n")
        if self.children is None and getattr(i18n, "building", False):
            return  # one language of several built in turn in this process: wait for the last
        site = Path(config.site_dir)
        languages = list(site_languages(config, self.default_language))
        more_docs = self._merge_children(site) if self.children is not None else []
        if i18n is not None:
            merge = self._merge_live_search if self.changes is not None else None
            split_search_index(site, self.default_language, languages[1:], more_docs, merge)
        if offline(config):
            bundle_worker_sources(site, languages)
        if not config.extra.get("sitemap_dates"):
            undate_sitemap(site)
        if self.changes is not None:
            live.MEMORY.commit()
        if self.dropped_404:  # for a next build with this config (mkdocs serve)
            config.theme.static_templates.add("404.html")
        self.completed = True

    def _merge_live_search(self, lang: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A dirty rebuild indexed only the pages it rebuilt: the rest come from the last build."""
        return live.MEMORY.merge_search(lang, docs, self.page_locations.get(lang, set()))

    def _merge_children(self, site: Path) -> list[dict[str, Any]]:
        """Wait for the further editions and move them into `site`; fail if one failed."""
        assert self.children is not None
        children, self.children = self.children, None
        results = children.results()
        failed = [result for result in results if result.returncode != 0]
        if failed:
            for result in results:
                shutil.rmtree(result.site_dir, ignore_errors=True)
            raise PluginError(
                "\n".join(
                    f"The '{result.locale}' edition failed to build:\n{result.report()}" for result in failed
                )
            )
        for result in results:
            for line in result.warnings():
                log.warning("'%s' edition: %s", result.locale, line.partition(" -  ")[2] or line)
        return merge_editions(site, {result.locale: result.site_dir for result in results})

    @event_priority(-100)  # after mkdocs-static-i18n's own (50)
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        # Material puts `page.title | striptags` in <title>, and striptags un-escapes entities:
        # a role named "</title><script>…" would run. page.title is already escaped HTML, and
        # a meta title is inserted as it is.
        if page.title and not page.is_homepage and not page.meta.get("title"):
            page.meta["title"] = page.title
        # mkdocs-static-i18n links the home pages root-absolute ("/en/"): break under file://.
        for alternate in getattr(config.extra, "alternate", None) or []:
            if alternate.get("link", "").startswith("/"):
                alternate["link"] = alternate["link"].lstrip("/") or "./"
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        """The 404 page is not a page: its language switcher would keep the last page's links.
        It leads to each language's home instead."""
        if template_name == "404.html":
            for alternate in getattr(config.extra, "alternate", None) or []:
                lang = alternate.get("lang")
                alternate["link"] = "./" if lang == self.default_language else f"{lang}/"
        return context

    # -- publish only a complete site --------------------------------------------------------
    def on_build_error(self, *, error: Exception) -> None:
        self.failed = True
        self._stop_children()

    def _stop_children(self) -> None:
        if self.children is not None:
            self.children.stop()
            self.children = None

    def on_shutdown(self) -> None:
        self._stop_children()  # still running only if this build ended early
        if self.final_site_dir is None or self.staged_site_dir is None:
            return
        staged, final = Path(self.staged_site_dir), Path(self.final_site_dir)
        # A plugin may end the build with sys.exit (mkdocs-macros does on a macro error), which
        # skips on_build_error: publish only what reached the end of on_post_build.
        if self.failed or not self.completed:
            shutil.rmtree(staged, ignore_errors=True)
            log.error("Build failed: '%s' was left as it was.", final)
            return
        publish(staged, final)


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def offline(config: Any) -> bool:
    """Whether this is the offline bundle's build (Material's offline plugin enabled)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def site_languages(config: Any, default: str) -> tuple[str, ...]:
    """The languages this build makes: mkdocs-static-i18n's, default first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return (default,)
    built = [lang.locale for lang in i18n.config.languages if lang.build]
    return (default, *[lang for lang in built if lang != default])


def follow_order(config: Any, locale: str) -> None:
    """Make this build (a child of a parallel build) build edition `locale` only, at the place
    and with the language switcher it has in the whole site."""
    i18n = config.plugins["i18n"]
    i18n.current_language = locale  # read by its on_config, which runs after ours
    i18n.building = True  # and no nested builds of the other languages


def hant_pages(docs: Path, default: str, to_hant: Any) -> list[GeneratedPage]:
    """The Traditional edition of each hand-written Simplified page (no third copy to keep)."""
    pages = []
    for source in sorted(docs.rglob(f"*.{default}.md")):
        uri = source.relative_to(docs).as_posix()
        if uri.startswith("_"):
            continue

        def make(source: Path = source) -> str:
            return to_hant(source.read_text(encoding="utf-8"))

        pages.append(GeneratedPage(uri.replace(f".{default}.md", f".{HANT}.md"), HANT, "page", uri, make))
    return pages


def name_hant_edition(config: Any, default: str, to_hant: Any) -> None:
    """Give the Traditional edition the site name and nav titles of the Simplified one,
    converted, unless mkdocs.yml sets them."""
    i18n = config.plugins["i18n"]
    hant = next(lang for lang in i18n.config.languages if lang.locale == HANT)
    if not hant.site_name:
        hant.site_name = to_hant(config.site_name)
    if not hant.nav_translations:
        titles = [title for item in config.nav or [] if isinstance(item, dict) for title in item]
        hant.nav_translations = {title: to_hant(title) for title in titles}


def teach_segmenter(handbook: Handbook, editions: list[Callable[[Text], str]]) -> None:
    """Keep the handbook's own Chinese terms whole in the search index.

    Material segments Chinese text with jieba, whose general dictionary splits trade terms
    (客单价 → 客 / 单价); the browser does not segment queries, so a reader typing 客单价 would
    only match the pieces. Every term, role and department name becomes a jieba word, as each
    Chinese edition writes it (`editions`: the renderer's text function per edition).
    """
    try:
        import jieba
    except ImportError:  # search then indexes Chinese unsegmented; nothing to teach
        return
    names = [t.term for t in handbook.terms.values()]
    for entity in [*handbook.roles.values(), *handbook.departments.values()]:
        names.extend([entity.name, *entity.aliases])
    for text in names:
        for edition in editions:
            for word in re.split(r"[\s/()（）、,，]+", edition(text)):
                if len(word) > 1:
                    jieba.add_word(word)
