"""Every assumption this project makes about the internals of mkdocs, Material and
mkdocs-static-i18n, in one module, with the versions it was tested against.

The rest of the code reaches these packages' internals only through the functions here.
`check()` runs at the start of every build: when an assumption no longer holds (an upstream
release renamed an attribute, moved a file, changed an event's priority), the build fails with a
message naming the package, its installed version and what changed — never a silent `hasattr`
fallback that turns a feature off. Public MkDocs API (events, `File`, `Files`, config options) is
used directly elsewhere and is not listed here.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from ..model.languages import SEARCH

# The versions every assumption below was last checked against (requirements/lock.txt installs
# them; pyproject.toml allows the releases these assumptions are expected to hold for, and a
# newer one is welcome as long as `check()` passes and the tests do).
TESTED = {"mkdocs": "1.6.1", "mkdocs-material": "9.7.7, 9.8.2", "mkdocs-static-i18n": "1.3.1"}


class UpstreamError(Exception):
    """An upstream package no longer behaves as this project assumes; the message says which."""


# -- mkdocs -----------------------------------------------------------------------------------
# MkDocs warns that a dirty build's navigation may be stale, which fails every strict build; the
# live loop (live.py) rebuilds exactly the pages an edit changed, so the warning is dropped.
DIRTY_WARNING = "A 'dirty' build is being performed"


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if _not_the_dirty_warning not in build_log.filters:
        build_log.addFilter(_not_the_dirty_warning)


# A successful build says what it built and where, and any warning. These plugins' INFO lines
# say neither: mkdocs-macros traces its set-up ("Found external Python module…", "Config
# macros: […]"), mkdocs-static-i18n announces each language and each setting it overrides.
# Their warnings and errors still show, and `mkdocs build --verbose` shows everything.
CHATTY_LOGGERS = ("mkdocs.plugins.mkdocs_macros", "mkdocs.plugins.mkdocs_static_i18n")
# MkDocs names the folder it writes: ours is a staging folder, renamed to the site on success.
BUILDING_TO = "Building documentation to directory: "  # + the folder, formatted in


def quiet_plugin_info() -> None:
    if logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG:
        return  # --verbose
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class _NameTheSite(logging.Filter):
    def __init__(self, staged: str, final: str):
        super().__init__()
        self.staged, self.final = staged, final

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == BUILDING_TO + self.staged:
            record.msg = BUILDING_TO + self.final
        return True


def name_the_site(staged: str, final: str) -> None:
    """MkDocs' "Building documentation to directory" line names `final`, not the staging folder."""
    build_log = logging.getLogger("mkdocs.commands.build")
    for old in [f for f in build_log.filters if isinstance(f, _NameTheSite)]:
        build_log.removeFilter(old)
    build_log.addFilter(_NameTheSite(staged, final))


def source_modified(file: Any) -> bool:
    """MkDocs' own answer (source newer than output), whatever `mark_modified` set."""
    from mkdocs.structure.files import File

    return File.is_modified(file)


def mark_modified(file: Any, changed: bool) -> None:
    """Tell a dirty build whether to rebuild `file`: MkDocs asks `File.is_modified()`."""
    file.is_modified = lambda: changed


def drop_static_template(config: Any, name: str) -> bool:
    """Stop the theme writing `name` (e.g. 404.html) in this build; True if it was written."""
    templates: set[str] = config.theme.static_templates
    if name in templates:
        templates.discard(name)
        return True
    return False


def restore_static_template(config: Any, name: str) -> None:
    config.theme.static_templates.add(name)


def empty_texts(page: Any) -> None:
    """Let a converted page's Markdown and HTML go (held.py). Other pages still read its title,
    which MkDocs takes from the front matter or the converted first heading once the page is
    converted, and from the Markdown only while the HTML is None: empty texts keep it. Neither
    MkDocs, Material, mkdocs-static-i18n nor mkdocs-macros reads a page's Markdown once it is
    converted (Material's search reads its HTML, in on_page_context, when it is written)."""
    page.markdown, page.content = "", ""


def empty_toc(page: Any) -> None:
    """Let a written page's table of contents go (held.py): only the page itself reads it, for
    its sidebar and Material's search entries, as it is written."""
    from mkdocs.structure.toc import TableOfContents

    page.toc = TableOfContents([])


def _title_after_conversion() -> bool:
    from mkdocs.structure.pages import Page

    source = _source(Page.__module__)  # (the module's text: finding the class's alone parses it)
    start = source.index("def title(")
    title = source[start : source.index("def render(", start)]
    order = [
        "if self.markdown is None:",
        "'title' in self.meta",
        "self._title_from_render",
        "elif self.content is None",
    ]
    found = [title.find(step) for step in order]
    return -1 not in found and found == sorted(found)


def rebuild_page(file: Any, config: Any, files: Any, nav: Any, env: Any, site: Path) -> None:
    """Render one page again, through MkDocs' own page pipeline and every plugin's page events,
    with the files, navigation and theme of a finished build, into `site`."""
    from mkdocs.commands import build

    file.abs_dest_path = str(site / file.dest_uri)  # the served folder, wherever it was built
    build._populate_page(file.page, config, files)
    build._build_page(file.page, config, files.documentation_pages(), nav, env)


def skip_hidden_theme_folders(config: Any) -> None:
    """MkDocs lists every file of the theme to copy its static files (Files.add_files_from_theme,
    on the environment `theme.get_env()` makes, before on_env), and its filter then drops every
    path with a part starting with a dot: Material's 14,000 icons under `.icons/`, listed and
    matched against a dozen patterns in every edition's process. The theme's environments list
    without entering such folders; a filter that keeps dotted paths gets Jinja's own listing.
    Same list, a tenth of the time."""
    theme = config.theme
    if getattr(theme.get_env, "skips_hidden", False):
        return
    make = theme.get_env

    def get_env() -> Any:
        return _skipping_hidden(make())

    get_env.skips_hidden = True  # type: ignore[attr-defined]
    theme.get_env = get_env


def _skipping_hidden(env: Any) -> Any:
    from jinja2 import Environment, FileSystemLoader

    def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
        loader = env.loader
        if (
            filter_func is None
            or extensions is not None
            or type(loader) is not FileSystemLoader
            or filter_func(".hidden")
            or filter_func("folder/.hidden")
        ):
            return Environment.list_templates(env, extensions, filter_func)
        found = set()
        for root in loader.searchpath:
            for folder, subfolders, names in os.walk(root, followlinks=loader.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                for name in names:
                    template = os.path.join(folder, name)[len(root) :].strip(os.path.sep)
                    template = template.replace(os.path.sep, "/")
                    found.add(template[2:] if template[:2] == "./" else template)
        return [name for name in sorted(found) if filter_func(name)]

    env.list_templates = list_templates
    return env


def _theme_env(config: Any) -> Any:
    """The environment the build will make for the theme's templates: `theme.get_env()`, then
    every plugin's on_env."""
    from mkdocs.structure.files import Files

    return config.plugins.on_env(config.theme.get_env(), config=config, files=Files([]))


def theme_compiled(config: Any, cache: Any) -> bool:
    """Whether `cache` (a Jinja bytecode cache) holds this theme's compiled `main.html` (or there
    is no cache, or no such template: nothing to compile ahead)."""
    from jinja2 import TemplateError

    env = config.theme.get_env()
    try:
        source, filename, _ = env.loader.get_source(env, "main.html")
    except TemplateError:
        return True
    return cache is None or bool(cache.get_bucket(env, "main.html", filename, source).code)


def compile_theme(config: Any) -> list[str]:
    """On a first build (Jinja's cache of compiled templates has no `main.html` of this theme),
    compile the theme's templates now, in the environment the build will make for them
    (`_theme_env`): editions forked after this load them from the cache instead of each
    compiling them (half a second each). Templates reached from `main.html`, the static
    templates and the custom folder's own pages by a constant name; one named at render time
    (a language's partial) is compiled where it is used. Returns the names compiled."""
    from jinja2 import TemplateError, meta

    env = _theme_env(config)
    if theme_compiled(config, env.bytecode_cache):
        return []
    custom = config.theme.custom_dir
    todo = ["main.html", *sorted(config.theme.static_templates)]
    todo += sorted(p.name for p in Path(custom).glob("*.html")) if custom else []
    done: list[str] = []
    while todo:
        name = todo.pop(0)
        if name in done:
            continue
        done.append(name)
        try:
            source = env.loader.get_source(env, name)[0]
            env.get_template(name)
        except TemplateError:  # not there, or needs what only a page gives: compiled where used
            continue
        todo += [other for other in meta.find_referenced_templates(env.parse(source)) if other]
    return done


def before_each_rebuild(server: Any, hook: Callable[[], None]) -> None:
    """Run `hook` in `mkdocs serve`'s build loop when it sees a change, before it rebuilds.

    For a site built beside the served one and swapped in whole: MkDocs holds every request
    while it rebuilds (it builds in place); here the served site stays readable meanwhile, and
    the browsers reload once the new site is in place (and whenever `hook` calls
    `reload_browsers`)."""
    rebuild = server.builder

    def builder(*args: Any, **kwargs: Any) -> None:
        with server._epoch_cond:  # MkDocs just asked for a new epoch: keep serving the last one
            server._wanted_epoch = server._visible_epoch
            server._epoch_cond.notify_all()
        hook()
        rebuild(*args, **kwargs)
        reload_browsers(server)

    server.builder = builder


def reload_browsers(server: Any) -> None:
    """Tell the open pages to reload now: a new epoch of the site, visible at once."""
    with server._epoch_cond:
        epoch = max(server._visible_epoch + 1, server._wanted_epoch, round(time.monotonic() * 1000))
        server._wanted_epoch = server._visible_epoch = epoch
        server._epoch_cond.notify_all()


def watch_often(server: Any, path: str, interval: float) -> None:
    """Watch `path` for changes every `interval` seconds (MkDocs polls every half second): the
    observer gives a new watch its current timeout as polling interval."""
    observer = server.observer
    default = observer._timeout
    observer._timeout = interval
    try:
        server.watch(path)
    finally:
        observer._timeout = default


# -- a page drawn from another page's output (stamped.py) ----------------------------------------
# MkDocs' _build_page: the context (get_context, then every plugin's on_page_context), the theme's
# template drawn, every plugin's on_post_page, the file written. stamped.py does the same for the
# pages it draws itself, with the drawing replaced.
BUILD_PAGE_STEPS = (
    "get_context(nav, doc_files, config, page)",
    "env.get_template(page.meta.get('template', 'main.html'))",
    "config.plugins.on_page_context(context, page=page, config=config, nav=nav)",
    "template.render(context)",
    "config.plugins.on_post_page(output, page=page, config=config)",
    "output.encode('utf-8', errors='xmlcharrefreplace'), page.file.abs_dest_path",
)


_NOT_SET = object()


def page_context(page: Any, config: Any, nav: Any, doc_files: Any, index: bool = True) -> Any:
    """A page's template context as MkDocs makes it, after every plugin's on_page_context (there
    Material's search indexes the page, unless not `index`, and mkdocs-static-i18n points its
    language switcher)."""
    from mkdocs.commands.build import get_context

    page.active = True
    config._current_page = page
    context = get_context(nav, doc_files, config, page)
    if index:
        return config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    searched = page.meta.get("search", _NOT_SET)  # Material's search skips `search: {exclude: true}`
    page.meta["search"] = {**(searched if isinstance(searched, dict) else {}), "exclude": True}
    try:
        return config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    finally:
        if searched is _NOT_SET:
            del page.meta["search"]
        else:
            page.meta["search"] = searched


def search_entries(config: Any, page: Any, html: str) -> list[dict[str, Any]]:
    """The entries Material's search makes of `page` if its content were `html`."""
    from types import SimpleNamespace

    search = search_plugin(config)
    if search is None or not search.config.enabled:
        return []
    index = type(search.search_index)(**search.search_index.config)
    shown = SimpleNamespace(meta=page.meta, content=html, toc=page.toc, url=page.url, title=page.title)
    index.add_entry_from_context(shown)
    return index.entries


def add_search_entries(config: Any, entries: list[dict[str, Any]]) -> None:
    if entries:
        search_plugin(config).search_index.entries.extend(entries)


# Material's search leaves out a section whose heading says data-search-exclude.
_EXCLUDED_HEADING = re.compile(r"<h[1-6]\b[^>]*\sdata-search-exclude\b")


def searched_part(html: str) -> str:
    """`html` up to its first heading that search leaves out: where every heading after it is
    left out too, and nothing after it returns to a section searched, search reads only this
    part (stamped.py checks that, on two pages of each shape)."""
    found = _EXCLUDED_HEADING.search(html)
    return html[: found.start()] if found else html


def page_template(env: Any, page: Any) -> Any:
    """The theme template a page is drawn with (its `template:` or main.html)."""
    return env.get_template(page.meta.get("template", "main.html"))


def write_page(page: Any, config: Any, drawn: str) -> None:
    """A drawn page through every plugin's on_post_page, written where MkDocs writes it."""
    from mkdocs.utils import write_file

    try:
        output = config.plugins.on_post_page(drawn, page=page, config=config)
        if output.strip():
            write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    finally:
        page.active = False
        config._current_page = None


# -- a page read without MkDocs' page loop (reading.py) -------------------------------------------
# MkDocs' build reads every page in one loop, `files.documentation_pages(...)` taken after the
# on_nav event: a file whose `is_documentation_page()` says no then is not in it (its address,
# worked out when the file was made, stays). reading.py reads such pages itself, or through
# MkDocs' own _populate_page, before that loop, and gives them back (on_env) before anything else
# asks.
PAGE_LOOP_STEPS = (
    "nav = config.plugins.on_nav(nav, config=config, files=files)",
    "for file in files.documentation_pages(inclusion=inclusion):",
    "_populate_page(file.page, config, files, dirty)",
    "env = config.plugins.on_env(env, config=config, files=files)",
)
# What Page.render leaves on a page besides its HTML: reading.py leaves the same.
PAGE_RENDER_RESULTS = (
    "self.content = md.convert(self.markdown)",
    "self.toc = get_toc(getattr(md, 'toc_tokens', []))",
    "self._title_from_render = extract_title_ext.title",
    "self.present_anchor_ids = (",
    "if log.getEffectiveLevel() > logging.DEBUG:",
    "self.links_to_anchors = relative_path_ext.links_to_anchors",
)


def new_page(file: Any, config: Any) -> Any:
    """The page of a file not in the navigation, as MkDocs' page loop makes it."""
    from mkdocs.structure.pages import Page

    return file.page if file.page is not None else Page(None, file, config)


def out_of_page_loop(file: Any) -> None:
    """Keep `file` out of MkDocs' page loop (it is read by then): the loop takes documentation
    pages only; its addresses are worked out first, as a documentation page's."""
    _ = file.dest_uri, file.url, file.abs_dest_path
    file.is_documentation_page = lambda: False


def back_in_page_loop(file: Any) -> None:
    file.__dict__.pop("is_documentation_page", None)


def populate_page(page: Any, config: Any, files: Any) -> None:
    """Read and convert `page` as MkDocs' page loop does, every plugin's page events included."""
    from mkdocs.commands import build

    build._populate_page(page, config, files)


def read_source(page: Any, config: Any) -> None:
    """The page's Markdown and front matter, read by MkDocs (`Page.read_source`)."""
    page.read_source(config)


def front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """A page's Markdown and front matter, split as Page.read_source splits them."""
    from mkdocs.utils import meta

    return meta.get_data(text)


def heading_id(config: Any, text: str) -> str:
    """The id the toc extension, as mkdocs.yml configures it, gives a heading of plain `text`
    (alone on its page: no other id to keep apart from)."""
    import html as html_module

    from markdown.extensions import toc

    options = (config.mdx_configs or {}).get("toc", {})
    slugify = options.get("slugify", toc.slugify)
    return slugify(html_module.unescape(text), options.get("separator", "-"))


def heading_text(inner: str) -> str:
    """A heading's text as the toc extension names it and MkDocs takes a page's title from it:
    its inner HTML once every Markdown postprocessor has run, tags stripped, character references
    as they are, spaces collapsed (reading.py; checked against MkDocs' own)."""
    from markdown.extensions.toc import strip_tags

    return strip_tags(inner)


def set_converted(
    page: Any, html: str, level: int, ident: str, name: str, anchors: set[str], links: dict[Any, Any]
) -> None:
    """Leave on `page` what Page.render leaves of Markdown whose one heading (of `level`, id
    `ident`, text `name`) converts to `html`; `anchors`: the ids it has, `links`: its links to
    anchors (by file, then anchor)."""
    import logging as logging_module

    from mkdocs.structure.pages import log as pages_log
    from mkdocs.structure.toc import get_toc

    page.content = html
    token = {"level": level, "id": ident, "name": name, "html": name, "data-toc-label": "", "children": []}
    page.toc = get_toc([token])
    page._title_from_render = name if level == 1 else None
    page.present_anchor_ids = set(anchors)
    if pages_log.getEffectiveLevel() > logging_module.DEBUG:
        page.links_to_anchors = links


def converted(page: Any) -> tuple[Any, ...]:
    """What Page.render left on `page` besides its HTML, to compare (reading.py)."""
    toc = [(item.title, item.id, item.level, len(item.children)) for item in page.toc]
    return (toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors)


def theme_url(context: Any, value: str) -> str:
    """The theme's `url` filter: `value` relative to the page being drawn."""
    from mkdocs.utils import normalize_url

    return normalize_url(str(value), page=context["page"], base=context["base_url"])


def order_search_entries(config: Any, rank: Callable[[str], int]) -> None:
    """Put Material's search entries in the order of their pages (`rank`: of a page's url), as if
    every page had been indexed in MkDocs' build loop."""
    search = search_plugin(config)
    if search is not None and search.config.enabled:
        search.search_index.entries.sort(key=lambda entry: rank(entry["location"].partition("#")[0]))


# -- mkdocs-static-i18n -----------------------------------------------------------------------
# Its event priorities our handlers are placed around (ours: on_files at 0 and -110, on_post_build
# at -200, on_page_context at -100).
I18N_PRIORITIES = {"on_files": -100, "on_post_build": -100, "on_page_context": 50}
# Its sitemap template lists each page's language alternates (`site_output.merge_editions` joins
# the editions' sitemaps); it builds further languages in its on_post_build with mkdocs'
# `utils.clean_directory` patched out, so one language does not wipe the others.
I18N_SITEMAP = "custom_i18n_sitemap/sitemap.xml"


def as_page_markdown_leaves(config: Any, text: str) -> str:
    """Text after a page's Markdown as mkdocs-static-i18n's on_page_markdown leaves it (lines
    joined again: the last newline dropped), for an HTML body read without it (reading.py)."""
    return "\n".join(text.splitlines()) if i18n(config) is not None else text


def _i18n_page_markdown() -> bool:
    from mkdocs_static_i18n.plugin import I18n

    source = inspect.getsource(I18n.on_page_markdown)
    return "for line in markdown.splitlines():" in source and 'markdown = "\\n".join(out)' in source


def i18n(config: Any) -> Any | None:
    return config.plugins.get("i18n")


def languages(config: Any, default: str) -> tuple[str, ...]:
    """The languages this build makes: mkdocs-static-i18n's built ones, `default` first."""
    plugin = i18n(config)
    if plugin is None:
        return (default,)
    built = [lang.locale for lang in plugin.config.languages if lang.build]
    return (default, *[lang for lang in built if lang != default])


def i18n_default(config: Any) -> str | None:
    """The locale mkdocs.yml marks `default: true` for mkdocs-static-i18n."""
    plugin = i18n(config)
    if plugin is None:
        return None
    return next((lang.locale for lang in plugin.config.languages if lang.default), None)


def current_language(config: Any) -> str | None:
    """The language mkdocs-static-i18n is building now (None before its on_config)."""
    plugin = i18n(config)
    return plugin.current_language if plugin is not None else None


def building_in_turn(config: Any) -> bool:
    """Whether mkdocs-static-i18n is in its loop of further-language builds."""
    plugin = i18n(config)
    return bool(plugin is not None and plugin.building)


def no_nested_builds(config: Any) -> None:
    """Keep mkdocs-static-i18n from building the further languages in this process."""
    i18n(config).building = True


def build_only(config: Any, locale: str) -> None:
    """Make this build (a child of a parallel build) build edition `locale` only: its on_config,
    which runs after ours, reads `current_language`."""
    plugin = i18n(config)
    plugin.current_language = locale
    plugin.building = True


def name_edition(config: Any, locale: str, convert: Callable[[str], str]) -> None:
    """Give edition `locale` the site name, description and nav titles of the default one,
    converted, unless mkdocs.yml sets them."""
    edition = next(lang for lang in i18n(config).config.languages if lang.locale == locale)
    if not edition.site_name:
        edition.site_name = convert(config.site_name)
    if not edition.site_description and config.site_description:
        edition.site_description = convert(config.site_description)
    if not edition.nav_translations:
        titles = [title for item in config.nav or [] if isinstance(item, dict) for title in item]
        edition.nav_translations = {title: convert(title) for title in titles}


def file_language(file: Any, default: str) -> str:
    """The language of a page: mkdocs-static-i18n sets `locale` on the files it localises."""
    return getattr(file, "locale", None) or default


def alternates(config: Any) -> list[dict[str, Any]]:
    """The language switcher's entries (`extra.alternate`, set by reconfigure_material)."""
    return getattr(config.extra, "alternate", None) or []


def relative_alternates(config: Any) -> None:
    """mkdocs-static-i18n links the home pages root-absolute ("/en/"): break under file://."""
    for alternate in alternates(config):
        if alternate.get("link", "").startswith("/"):
            alternate["link"] = alternate["link"].lstrip("/") or "./"


def home_alternates(config: Any, default: str) -> None:
    """Point the language switcher at each language's home (for the 404 page, which is not a
    page: its switcher would keep the last page's links)."""
    for alternate in alternates(config):
        lang = alternate.get("lang")
        alternate["link"] = "./" if lang == default else f"{lang}/"


# -- Material ---------------------------------------------------------------------------------
CONFIG_SCRIPT = '<script id="__config" type="application/json">'
_CONFIG_SCRIPT = re.compile(f"({re.escape(CONFIG_SCRIPT)})(.*?)(</script>)", re.S)
# The offline plugin adds a Worker polyfill from a public CDN, recognised by this name.
OFFLINE_POLYFILL = "iframe-worker"
# Pages opened from disk load a search index as a script that sets this variable.
INDEX_SCRIPT = "var __index = "
# Material's search worker and the lunr files it imports, under assets/javascripts/.
SEARCH_WORKER = "workers/search.*.min.js"
LUNR_SUPPORT = ("lunr/min/lunr.stemmer.support.min.js", "lunr/min/lunr.multi.min.js")
LUNR_LANGUAGE = "lunr/min/lunr.{code}.min.js"
# The lunr languages the registry's editions search in, besides English, which lunr has built in.
LUNR_CODES = sorted({code for codes in SEARCH.values() for code in codes} - {"en"})
# Where search-prebuilt.js watches the worker build its index (prebuilt.py): its Search class
# calls the global `lunr(setup)`, set as `self.lunr`; each field's extractor starts the field's
# table of positions (`lunr.tokenizer.table = []`); entries are referred to by `location`.
WORKER_INDEX_SEAMS = (
    "this.index=lunr(function(){",
    "self.lunr=",
    "lunr.tokenizer.table=[]",
    "{extractor:",
    'this.ref("location")',
)


def search_plugin(config: Any) -> Any | None:
    return config.plugins.get("material/search") or config.plugins.get("search")


def fresh_dirty_search(config: Any) -> None:
    """Material's search keeps its last index in dirty mode and patches in the rebuilt pages;
    ours merges every rebuilt page of every language (live.py), from a clean index."""
    search = search_plugin(config)
    if search is not None:
        search.is_dirty, search.search_index_prev = False, None


def offline(config: Any) -> bool:
    """Whether this is the offline bundle's build (Material's offline plugin enabled)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def replace_worker_polyfill(config: Any, ours: str) -> None:
    """Swap the offline plugin's CDN Worker polyfill for `ours` (a file of the site)."""
    polyfills = config.extra.get("polyfills") or []
    kept = [url for url in polyfills if OFFLINE_POLYFILL not in url and url != ours]
    config.extra["polyfills"] = [*kept, ours]


def rebase_search(html: str, folder: str) -> str:
    """Point a page's search at the index under `folder`/ (the page's `__config` base)."""

    def rebase(match: re.Match[str]) -> str:
        data = json.loads(match.group(2))
        data["base"] = f"{data['base'].rstrip('/')}/{folder}/"
        return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

    return _CONFIG_SCRIPT.sub(rebase, html, count=1)


# Where Material's search worker cuts the Chinese runs of a query into pieces found in its index
# (`e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))`
# in 9.8): our query script (site/search-query.js) takes over there.
_WORKER_SEAM = re.compile(
    r'(?P<q>[\w$]+)=(?P=q)\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),'
    r'(?P<run>[\w$]+)=>\[\.\.\.[\w$]+\((?P=run),this\.index\.invertedIndex\)\]\.join\("\* "\)\)'
)
QUERY_FUNCTION = "__playbookQuery"


def search_worker_name(relative: str) -> bool:
    """Whether `relative` (under assets/javascripts/) names Material's search worker."""
    return fnmatch(relative, SEARCH_WORKER)


def search_worker_source(relative: str) -> str:
    """Material's search worker (`workers/search.<hash>.min.js`) as the package ships it."""
    return _package_file("material", f"templates/assets/javascripts/{relative}").read_text("utf-8")


def patch_search_worker(original: str, query_script: str) -> str:
    """Material's search worker with the cutting of Chinese queries handed to `query_script`
    (which defines `__playbookQuery(query, invertedIndex)`), run before it. (The worker's
    source map no longer matches: its reference is dropped.)"""
    patched, count = _WORKER_SEAM.subn(
        rf"\g<q>=self.{QUERY_FUNCTION}(\g<q>,this.index.invertedIndex)", original
    )
    if count != 1:
        raise UpstreamError(
            f"mkdocs-material {_version('mkdocs-material')} (tested with {TESTED['mkdocs-material']}): "
            f"its search worker no longer cuts Chinese queries where search-query.js takes over"
        )
    patched = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", patched)
    return f"{query_script.rstrip()}\n{patched}"


class RustSegmenter:
    """jieba as Material's search plugin and segmenter.py call it (cut, add_word, initialize),
    backed by rjieba: jieba's algorithm and dictionary in Rust, which cuts the handbook's text
    into the same words (a test compares them) about fifteen times faster and reads its
    dictionary in a tenth of the time."""

    def __init__(self, module: Any):
        self._rjieba = module

    def cut(self, text: str | bytes, *args: Any, **kwargs: Any) -> Iterable[str]:
        return iter(self._rjieba.cut(text.decode("utf-8") if isinstance(text, bytes) else text))

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        self._rjieba.add_word(word, freq, tag)

    def initialize(self) -> None:
        """rjieba reads its dictionary when imported."""

    def setLogLevel(self, level: int) -> None:  # noqa: N802 - jieba's name
        """rjieba logs nothing."""


def segmenter() -> Any | None:
    """What Material's search plugin segments Chinese with: jieba, rjieba, or None."""
    from material.plugins.search import plugin

    return plugin.jieba


def use_rust_segmenter(config: Any) -> bool:
    """Let Material's search plugin segment with rjieba where it is installed, unless mkdocs.yml
    gives jieba a dictionary of its own (rjieba would not read it)."""
    from material.plugins.search import plugin

    if isinstance(plugin.jieba, RustSegmenter):
        return True
    search = search_plugin(config)
    own = search is not None and (search.config.get("jieba_dict") or search.config.get("jieba_dict_user"))
    if plugin.jieba is None or own:
        return False
    try:
        import rjieba
    except ImportError:
        return False
    plugin.jieba = RustSegmenter(rjieba)
    return True


def material_segmenter(words: Iterable[str] = ()) -> Callable[[str], str]:
    """Material's own segmentation of Chinese text for its index (jieba, words joined by
    zero-width spaces), so the entries we add are cut like those it writes; jieba learns
    `words` first. Without jieba, Material indexes Chinese unsegmented, and so do we."""
    from material.plugins.search import plugin

    if plugin.jieba is None:
        return lambda text: text
    for word in words:
        plugin.jieba.add_word(word)
    return partial(plugin.SearchIndex._segment_chinese, None)


def _worker_seam() -> bool:
    scripts = _package_file("material", "templates/assets/javascripts")
    workers = list(scripts.glob(SEARCH_WORKER))
    return len(workers) == 1 and len(_WORKER_SEAM.findall(workers[0].read_text("utf-8"))) == 1


def _worker_index_seams() -> bool:
    scripts = _package_file("material", "templates/assets/javascripts")
    workers = list(scripts.glob(SEARCH_WORKER))
    return len(workers) == 1 and all(seam in workers[0].read_text("utf-8") for seam in WORKER_INDEX_SEAMS)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


# Material's base.html: one <link rel="alternate" hreflang> per language. Its language selector
# fetches `sitemap.xml` beside each of them on every page load (integrations/alternate).
_HREFLANG_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def page_output(html: str, locale: str, default: str, offline: bool) -> str:
    """A page as written: its search pointed at its edition's index; offline, no hreflang links."""
    html = drop_hreflang_links(html) if offline else html
    return html if locale == default else rebase_search(html, locale)


def drop_hreflang_links(html: str) -> str:
    """Pages opened from disk (the offline bundle, which has no sitemaps): without these links
    Material asks for no sitemap; the language selector still opens the same page by its link."""
    return _HREFLANG_LINK.sub("", html)


# -- the check --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assumption:
    package: str  # the distribution name, as pip knows it
    what: str  # what we rely on, in words
    holds: Callable[[], bool]
    serving: bool = False  # relied on by `mkdocs serve` only (checked when serving)


def _source(module: str) -> str:
    import importlib

    return inspect.getsource(importlib.import_module(module))


def _package_file(module: str, relative: str) -> Path:
    import importlib

    return Path(importlib.import_module(module).__file__ or "").parent / relative


def _i18n_priorities() -> bool:
    from mkdocs_static_i18n.plugin import I18n

    return all(getattr(getattr(I18n, e), "mkdocs_priority", None) == p for e, p in I18N_PRIORITIES.items())


def _i18n_state() -> bool:
    from mkdocs_static_i18n.plugin import I18n

    plugin = I18n()
    return hasattr(plugin, "building") and hasattr(plugin, "current_language")


def _i18n_language_fields() -> bool:
    from mkdocs_static_i18n.config import I18nPluginLanguage

    names = {name for name, _ in I18nPluginLanguage._schema}
    return {"locale", "build", "default", "site_name", "nav_translations"} <= names


def _material_search_state() -> bool:
    from material.plugins.search.plugin import SearchPlugin

    plugin = SearchPlugin()
    return hasattr(plugin, "is_dirty") and hasattr(plugin, "search_index_prev")


def _material_assets(*names: str) -> bool:
    scripts = _package_file("material", "templates/assets/javascripts")
    return all(any(scripts.glob(name)) for name in names)


def _build_page_steps() -> bool:
    source = _source("mkdocs.commands.build")
    body = source[source.index("def _build_page(") : source.index("def build(")]
    where = [body.find(step) for step in BUILD_PAGE_STEPS]
    return -1 not in where and where == sorted(where)


def _page_loop() -> bool:
    source = _source("mkdocs.commands.build")
    body = source[source.index("def build(") :]
    where = [body.find(step) for step in PAGE_LOOP_STEPS]
    docs = inspect.getsource(_files_class().documentation_pages)
    return -1 not in where and where == sorted(where) and "file.is_documentation_page()" in docs


def _page_render() -> bool:
    from mkdocs.structure.pages import Page

    source = inspect.getsource(Page.render)
    where = [source.find(step) for step in PAGE_RENDER_RESULTS]
    return -1 not in where and where == sorted(where)


def _files_class() -> Any:
    from mkdocs.structure.files import Files

    return Files


def _search_entries() -> bool:
    index = _material_search_index()()
    source = inspect.getsource(type(index).add_entry_from_context)
    return index.entries == [] and all(f"page.{name}" in source for name in ("meta", "content", "toc", "url"))


def _file_is_modified() -> bool:
    from mkdocs.structure.files import File

    return callable(getattr(File, "is_modified", None))


def _static_templates() -> bool:
    from mkdocs.theme import Theme

    return "static_templates" in Theme.__annotations__


def _serve_loop() -> bool:
    from mkdocs.livereload import LiveReloadServer

    loop = inspect.getsource(LiveReloadServer._build_loop)
    names = ("self.builder()", "self._wanted_epoch", "self._visible_epoch", "self._epoch_cond")
    return all(name in loop for name in names)


def _watch_interval() -> bool:
    import watchdog.observers.api as api
    from mkdocs.livereload import LiveReloadServer

    observer = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".").observer
    schedule = inspect.getsource(api.BaseObserver.schedule)
    return observer._timeout == observer.timeout and "timeout=self.timeout" in schedule


def _page_pipeline() -> bool:
    from mkdocs.commands import build

    params = {name: list(inspect.signature(getattr(build, name)).parameters) for name in PAGE_PIPELINE}
    return params == PAGE_PIPELINE


def _theme_listing() -> bool:
    from mkdocs.structure.files import Files
    from mkdocs.theme import Theme

    source = inspect.getsource(Files.add_files_from_theme)
    return callable(Theme.get_env) and "list_templates(filter_func=" in source and "'.*', '*/.*'" in source


# MkDocs' functions that read and render one page, with their parameters.
PAGE_PIPELINE = {
    "_populate_page": ["page", "config", "files", "dirty"],
    "_build_page": ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
}

ASSUMPTIONS = [
    Assumption(
        "mkdocs",
        "mkdocs serve's build loop calls server.builder() and publishes _wanted_epoch as "
        "_visible_epoch under _epoch_cond",
        _serve_loop,
        serving=True,
    ),
    Assumption(
        "mkdocs",
        "mkdocs serve's server.observer (watchdog) polls each watch every observer._timeout seconds",
        _watch_interval,
        serving=True,
    ),
    Assumption("mkdocs", f"a page is read and rendered by {PAGE_PIPELINE}", _page_pipeline),
    Assumption(
        "mkdocs",
        "Files.add_files_from_theme lists theme.get_env()'s files with list_templates(filter_func=…), "
        "which drops every path with a part starting with a dot",
        _theme_listing,
    ),
    Assumption(
        "mkdocs",
        "a converted page's title comes from its front matter or converted heading, not its "
        "Markdown (Page.title), and no page reads another's Markdown or HTML (held.py)",
        _title_after_conversion,
    ),
    Assumption("mkdocs", f"_build_page draws a page in these steps: {BUILD_PAGE_STEPS}", _build_page_steps),
    Assumption(
        "mkdocs",
        f"build() reads pages in these steps: {PAGE_LOOP_STEPS}, the loop taking the files whose "
        "is_documentation_page() says so",
        _page_loop,
    ),
    Assumption("mkdocs", f"Page.render leaves on a page: {PAGE_RENDER_RESULTS}", _page_render),
    Assumption("mkdocs", "File.is_modified() decides what a dirty build rebuilds", _file_is_modified),
    Assumption("mkdocs", "Theme.static_templates is the set of pages a theme writes", _static_templates),
    Assumption(
        "mkdocs",
        f'a dirty build warns "{DIRTY_WARNING}…"',
        lambda: DIRTY_WARNING in _source("mkdocs.commands.build"),
    ),
    Assumption(
        "mkdocs-static-i18n",
        f"its event priorities are {I18N_PRIORITIES}",
        _i18n_priorities,
    ),
    Assumption(
        "mkdocs-static-i18n",
        "its on_page_markdown splits a page's Markdown into lines and joins them with newlines",
        _i18n_page_markdown,
    ),
    Assumption(
        "mkdocs-static-i18n",
        "the plugin keeps `building` and `current_language` as attributes",
        _i18n_state,
    ),
    Assumption(
        "mkdocs-static-i18n",
        "languages[*] have locale, build, default, site_name and nav_translations",
        _i18n_language_fields,
    ),
    Assumption(
        "mkdocs-static-i18n",
        "further languages build inside its on_post_build with utils.clean_directory patched out",
        lambda: "clean_directory" in _source("mkdocs_static_i18n.plugin"),
    ),
    Assumption(
        "mkdocs-static-i18n",
        f"its sitemap ({I18N_SITEMAP}) lists i18n_alternates",
        lambda: "i18n_alternates" in _package_file("mkdocs_static_i18n", I18N_SITEMAP).read_text("utf-8"),
    ),
    Assumption(
        "mkdocs-material",
        "the search plugin keeps is_dirty and search_index_prev",
        _material_search_state,
    ),
    Assumption(
        "mkdocs-material",
        f"base.html carries the page's settings in {CONFIG_SCRIPT}",
        lambda: CONFIG_SCRIPT in _package_file("material", "templates/base.html").read_text("utf-8"),
    ),
    Assumption(
        "mkdocs-material",
        f'the offline plugin adds a polyfill named "{OFFLINE_POLYFILL}" and writes "{INDEX_SCRIPT}…"',
        lambda: all(
            s in _source("material.plugins.offline.plugin") for s in (OFFLINE_POLYFILL, INDEX_SCRIPT)
        ),
    ),
    Assumption(
        "mkdocs-material",
        f"its search worker is {SEARCH_WORKER}, beside {', '.join(LUNR_SUPPORT)}",
        lambda: _material_assets(
            SEARCH_WORKER, *LUNR_SUPPORT, *(LUNR_LANGUAGE.format(code=code) for code in LUNR_CODES)
        ),
    ),
    Assumption(
        "mkdocs-material",
        "its search worker cuts a query's Chinese runs in one place (search-query.js takes over)",
        _worker_seam,
    ),
    Assumption(
        "mkdocs-material",
        "its search worker builds its index with the global lunr(), a position table per field "
        "and entries referred to by location (search-prebuilt.js loads a prebuilt one there)",
        _worker_index_seams,
    ),
    Assumption(
        "mkdocs-material",
        "its search index keeps its entries as a list, made from a page's meta, content, toc and url",
        _search_entries,
    ),
    Assumption(
        "mkdocs-material",
        "its search plugin segments Chinese with SearchIndex._segment_chinese (jieba)",
        lambda: "jieba.cut" in inspect.getsource(_material_search_index()._segment_chinese),
    ),
]


def _material_search_index() -> Any:
    from material.plugins.search.plugin import SearchIndex

    return SearchIndex


def broken(assumptions: list[Assumption] = ASSUMPTIONS) -> list[str]:
    """What no longer holds, one line each, naming the package and its installed version."""
    out = []
    for assumption in assumptions:
        try:
            ok = assumption.holds()
        except Exception:  # noqa: BLE001 - a missing module or attribute is a broken assumption
            ok = False
        if not ok:
            installed = _version(assumption.package)
            tested = TESTED.get(assumption.package, "?")
            out.append(f"{assumption.package} {installed} (tested with {tested}): {assumption.what}")
    return out


def check(serving: bool = True) -> None:
    """Fail loudly when an upstream package no longer matches what this project relies on (a
    build that does not serve leaves out what only `mkdocs serve` relies on: importing and
    starting its server is a tenth of a second)."""
    problems = broken([a for a in ASSUMPTIONS if serving or not a.serving])
    if problems:
        raise UpstreamError(
            "playbook relies on internals that changed upstream:\n"
            + "\n".join(f"  {line}" for line in problems)
            + "\nInstall the tested versions (pyproject.toml) or update macros/site/upstream.py."
        )
