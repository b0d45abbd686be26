"""Pure rendering: (handbook, language, page template) → Markdown. No I/O beyond reading templates.

All page wording lives in the Jinja templates and `labels.yaml` under `playbook/_templates/`.
Every data value goes through `escape.as_text` (Jinja's finalize), so a field can neither inject
markup nor be mistaken for formatting; only values built here (links) are trusted.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..model import schema
from ..model.errors import DataError, Problem
from ..model.handbook import Handbook
from ..model.kinds import BY_NAME, KINDS
from ..model.kinds import FOLDERS as KIND_FOLDERS
from ..model.languages import BY_CODE, WRITTEN
from ..model.yaml_reader import read
from ..quality.coverage import coverage
from ..quality.notes import editor_notes
from .escape import as_text, label, one_line
from .filters import FILTERS, THEME_FILTERS
from .glossary import Glossary, pinyin_order, sections, term_ids

# Page folder of each kind of generated page, relative to the docs root: one per entity of a
# kind (the registry of kinds), an org template's responsibility matrix, and a role's job
# posting and onboarding path.
FOLDERS = {**KIND_FOLDERS, "matrix": "responsibilities", "job": "roles", "onboarding": "roles"}
# Pages about a role that sit below the role's own page: roles/<id>/job.md → /roles/<id>/job/.
SUBPAGES = {"job": "job", "onboarding": "onboarding"}
# The kind of entity a page documents, where it is not the page's own kind.
DOCUMENTS = {"matrix": "template", "job": "role", "onboarding": "role"}


# What Markdown read outside the site (a job board) could take as formatting or HTML: fewer
# characters than the site's, so a pasted posting shows few backslashes.
_MD_OUTSIDE = re.compile(r"([\\`*_\[\]<>&|])")


def as_markdown(value: object) -> Markup:
    """Values in Markdown read outside the site: escaped for Markdown only, not HTML."""
    if isinstance(value, Markup):
        return value
    return Markup(_MD_OUTSIDE.sub(r"\\\1", str(value)))


def as_plain(value: object) -> Markup:
    """Values in plain text: as written."""
    return value if isinstance(value, Markup) else Markup(str(value))


def as_html(value: object) -> Markup:
    """Values in HTML that no Markdown reads (the bodies of a role's job posting and onboarding
    path): HTML-escaped, on one line."""
    return value if isinstance(value, Markup) else escape(one_line(str(value)))


# What a page is rendered as, and how data values are escaped in it: the site's Markdown (also
# read as HTML), the site's HTML, Markdown for elsewhere, plain text. `playbook job` uses the
# last two.
OUTPUTS: dict[str, Callable[[object], Markup]] = {
    "site": as_text,
    "html": as_html,
    "md": as_markdown,
    "text": as_plain,
}
# Where the Markdown of a page ends and the HTML body that follows it begins: the HTML of a
# page made of many links and list items costs far less to write directly than to convert
# (site/content.py splits the two). No data text can write it: data is escaped.
HTML_BODY = "\n<!-- playbook:html-body -->\n"
# The pages whose body is written as HTML (`<kind>.html.j2` after `<kind>.md.j2`).
HTML_KINDS = ("job", "onboarding")


def page_path(kind: str, ident: str) -> str:
    """Where the page of `kind` about `ident` lives under the docs root, without suffixes."""
    if kind in SUBPAGES:
        return f"{FOLDERS[kind]}/{ident}/{SUBPAGES[kind]}"
    return f"{FOLDERS[kind]}/{ident}"


# The kinds of the registry with a page per entity, in the order their pages are made (the order
# of the site's files, which its sitemap and search index follow): roles first, then the others
# as the registry lists them.
PAGE_KINDS = sorted((kind.name for kind in KINDS if kind.folder), key=lambda name: name != "role")


def entity_tables(hb: Handbook) -> dict[str, dict[str, Any]]:
    """Each kind of generated page and the entities it is made from (one page per entity)."""
    return {
        **{kind: hb.table(kind) for kind in PAGE_KINDS},
        # a responsibility matrix only where the template's roles and its processes meet
        "matrix": {ident: tpl for ident, tpl in hb.templates.items() if hb.matrix(ident)},
        "job": hb.roles,
        "onboarding": hb.roles,
    }


@dataclass
class GeneratedPage:
    """One Markdown page made from data, and the entity it documents.

    Its text is made on first use: a build announces every language's pages (for the language
    switcher) but renders only those of the editions it builds."""

    src_uri: str  # e.g. roles/store-manager.en.md
    lang: str
    kind: str
    ident: str
    make: Callable[[], str] = field(repr=False, compare=False)
    # A page of HTML_KINDS: its body as HTML, which follows `make`'s Markdown after HTML_BODY.
    make_body: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def markdown(self) -> str:
        if self.make_body is None:
            return self.make()
        return f"{self.head}\n{HTML_BODY}{self.make_body()}"

    @property
    def head(self) -> str:
        """The Markdown before the HTML body (front matter and title), made again when asked."""
        return self.make().rstrip()

    def forget(self) -> None:
        """Let the text go once it has been read (it is made again if asked)."""
        self.__dict__.pop("markdown", None)

    @property
    def documents(self) -> str:
        """The kind of entity this page is about (a matrix is about an org template)."""
        return DOCUMENTS.get(self.kind, self.kind)


class Labels:
    """The interface words of the generated pages, from `labels.yaml`, in one language.

    Each is escaped like data, but keeps the spaces it starts or ends with ("In the ", ": "),
    which data escaping drops."""

    def __init__(
        self,
        table: dict[str, schema.Text],
        text: Callable[[schema.Text], str],
        escape_value: Callable[[object], Markup] = as_text,
        cache: dict[str, Markup] | None = None,
    ):
        self._table, self._text, self._escape = table, text, escape_value
        # labels escaped once per language and output, not once per page (Renderer.labels_for)
        self._cache = cache if cache is not None else {}

    def __getattr__(self, key: str) -> Markup:
        if key.startswith("_"):
            raise AttributeError(key)
        found = self._cache.get(key)
        if found is None:
            value = self.plain(key)
            core = value.strip()
            start = value.index(core) if core else 0
            found = self._cache[key] = (
                Markup(value[:start]) + self._escape(core) + Markup(value[start + len(core) :])
                if core
                else Markup(value)
            )
        return found

    __getitem__ = __getattr__


def _plain(self: Labels, key: str) -> str:
    """The label's words, unescaped (for the theme, which escapes what it shows)."""
    try:
        return self._text(self._table[key])
    except KeyError:
        raise KeyError(f"labels.yaml: no label '{key}'") from None


Labels.plain = _plain  # type: ignore[attr-defined]


def load_labels(templates_dir: Path) -> dict[str, schema.Text]:
    path = templates_dir / "labels.yaml"
    document = read(path, templates_dir.parent.parent)
    problems = []
    table: dict[str, schema.Text] = {}
    for key, value in (document.data or {}).items():
        try:
            table[key] = schema.Text.model_validate(value)
        except Exception:  # noqa: BLE001 - reported as a located data problem
            line, col = document.where((key,))
            problems.append(
                Problem(
                    document.path, line, col, key, f"expected {' and '.join(WRITTEN)} texts", code="bad-label"
                )
            )
    if problems:
        raise DataError(problems)
    return table


def compiled_templates() -> FileSystemBytecodeCache:
    """Jinja's own cache of compiled templates, in a folder only this user may write (Jinja
    checks): a build loads a template compiled by an earlier build instead of compiling it
    again, unless its source changed (the cache is keyed by the source's checksum)."""
    return FileSystemBytecodeCache()


def theme_environment(env: Environment) -> Environment:
    """The theme's Jinja environment (the engine's): its compiled templates kept for later builds,
    and the filters of our overrides (filters.THEME_FILTERS)."""
    env.bytecode_cache = compiled_templates()
    env.filters.update(THEME_FILTERS)
    return env


_SLOT = re.compile(r"\\?\{(\w+)\\?\}")  # in a label as written, or as escaped


def fill(words: str, **values: object) -> Markup:
    """A label with `{name}` slots filled in: the label's words as a label (escaped already if it
    comes from `L`), each value as `as_text` writes it (links built here stay links)."""
    escaped = isinstance(words, Markup)
    pieces = _SLOT.split(words)
    return Markup("").join(
        as_text(values[p]) if i % 2 else (Markup(p) if escaped else label(p)) for i, p in enumerate(pieces)
    )


@lru_cache(maxsize=8)
def template_environment(templates_dir: str, output: str = "site") -> Environment:
    """One Jinja environment per template folder, output and process: `mkdocs serve` makes a
    new Renderer on every rebuild, and compiling the templates again cost more than a second.
    Jinja still recompiles a template whose file changed."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        bytecode_cache=compiled_templates(),
        autoescape=True,  # every value passes through `finalize`, which returns Markup
        finalize=OUTPUTS[output],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters.update(FILTERS)
    return env


def load_templates(templates_dir: str, output: str = "site") -> None:
    """Load every page template of `templates_dir` into its environment (on a first build,
    compiled, and kept in Jinja's cache of compiled templates)."""
    for path in sorted(Path(templates_dir).glob("*.j2")):
        template_environment(
            templates_dir, "html" if path.name.endswith(".html.j2") else output
        ).get_template(path.name)


class Renderer:
    """Renders page templates for one handbook; cheap to create, holds no global state.

    `output` is "site" for the handbook's pages; "md" or "text" render a page for use outside
    the site (`playbook job`): links become plain names, and values are escaped for that output."""

    def __init__(
        self,
        handbook: Handbook,
        templates_dir: Path,
        converters: Mapping[str, Callable[[str], str]] | None = None,
        output: str = "site",
        hiring: bool = True,
    ):
        self.hb = handbook
        self.hiring = hiring  # each role's job posting and onboarding path (the `hiring_pages` option)
        self.templates_dir = templates_dir
        self.output = output
        # How each derived language is made from its source (render/hant.py), by language; the
        # results kept: a name is converted once per build, not on every page that shows it.
        self.converters = {
            lang: lru_cache(maxsize=65536)(convert) for lang, convert in (converters or {}).items()
        }
        self.labels = load_labels(templates_dir)
        self._folder = str(templates_dir.resolve())
        self.env = template_environment(self._folder, output)
        self._term_finders: dict[str, Glossary] = {}
        self._escaped_labels: dict[tuple[str, str], dict[str, Markup]] = {}

    def read_ahead(self, languages: tuple[str, ...]) -> None:
        """Start what `prepare` waits for that can run beside this process: the glossary's
        pinyin, read by a process of its own."""
        pinyin_order(self.hb.terms.values(), languages, wait=False)

    def prepare(self, languages: tuple[str, ...]) -> None:
        """Do now what rendering `languages` would do first in each process: load (on a first
        build, compile) every page template, and read the glossary's pinyin where an edition
        sorts by it. A build forks its editions after this: they share the result."""
        load_templates(self._folder, self.output)
        pinyin_order(self.hb.terms.values(), languages)

    def helpers(self, lang: str, page_uri: str = "index.md", output: str | None = None) -> PageHelpers:
        escape_value = OUTPUTS[output or self.output]
        return PageHelpers(self.hb, lang, page_uri, self.converters.get(lang), self.tables, escape_value)

    def labels_for(self, lang: str, output: str | None = None) -> Labels:
        """The labels of one language, escaped for `output` (each once per renderer)."""
        output = output or self.output
        cache = self._escaped_labels.setdefault((lang, output), {})
        return Labels(self.labels, self.helpers(lang).t, OUTPUTS[output], cache)

    def language_name(self, lang: str, output: str, code: str) -> Markup:
        """What the pages in `lang` call the language `code`: its label (`coverage_lang_<code>`),
        else what the language calls itself (the registry's)."""
        key = f"coverage_lang_{code}"
        if key in self.labels:
            return self.labels_for(lang, output)[key]
        language = BY_CODE[code]
        return OUTPUTS[output](language.native or language.name)

    def terms_used(self, lang: str, texts: list[schema.Text]) -> list[schema.Term]:
        """The glossary terms that occur in `texts` as written in `lang`, in order of use."""
        if lang not in self._term_finders:
            t = self.helpers(lang).t
            self._term_finders[lang] = Glossary(term_ids(self.hb.terms.values(), t))
        t = self.helpers(lang).t
        return [self.hb.terms[ident] for ident in self._term_finders[lang].found(t(text) for text in texts)]

    @cached_property
    def tables(self) -> dict[str, dict[str, Any]]:
        return entity_tables(self.hb)

    def render(
        self, template: str, lang: str, page_uri: str, output: str | None = None, **context: object
    ) -> str:
        """Render `template` for a page at `page_uri` (its links are made relative to it);
        `output` other than the renderer's: "html" for a body no Markdown reads."""
        output = output or self.output
        helpers = self.helpers(lang, page_uri, output)
        env = self.env if output == self.output else template_environment(self._folder, output)

        def piece(kind: str, item: object) -> Markup:
            """Another page inside this one (the print version; filters `body` and `demote`
            take its front matter off and push its headings down)."""
            return Markup(self.render(f"{kind}.md.j2", lang, page_uri, item=item))

        return env.get_template(template).render(
            hb=self.hb,
            kinds=BY_NAME,
            lang=lang,
            output=output,
            hiring=self.hiring,
            L=self.labels_for(lang, output),
            t=helpers.t,
            link=helpers.link,
            href=helpers.href,
            doc=helpers.doc,
            piece=piece,
            terms_used=partial(self.terms_used, lang),
            fill=fill,
            translation_coverage=partial(coverage, self.hb),
            language_name=partial(self.language_name, lang, output),
            editor_notes=partial(editor_notes, self.hb),
            glossary_sections=lambda lang: sections(self.hb.terms.values(), helpers.t, lang),
            **context,
        )

    def pages(self, languages: tuple[str, ...] = schema.LANGUAGES) -> list[GeneratedPage]:
        """Every generated page of the handbook, in every language (rendered on first use)."""
        out = []
        for kind, table in entity_tables(self.hb).items():
            if kind in SUBPAGES and not self.hiring:
                continue
            for ident, entity in table.items():
                for lang in languages:
                    uri = f"{page_path(kind, ident)}.{lang}.md"
                    make = partial(self.render, f"{kind}.md.j2", lang, uri, item=entity)
                    body = None
                    if kind in HTML_KINDS:
                        body = partial(self.render, f"{kind}.html.j2", lang, uri, output="html", item=entity)
                    out.append(GeneratedPage(uri, lang, kind, ident, make, body))
        for lang in languages:  # the whole handbook on one page, for printing
            uri = f"print.{lang}.md"
            out.append(GeneratedPage(uri, lang, "print", "", partial(self.render, "print.md.j2", lang, uri)))
        return out

    def render_with_body(self, kind: str, lang: str, page_uri: str, item: object) -> str:
        """A page's Markdown (`<kind>.md.j2`: front matter and title) and, after HTML_BODY, its
        body as HTML (`<kind>.html.j2`)."""
        markdown = self.render(f"{kind}.md.j2", lang, page_uri, item=item)
        body = self.render(f"{kind}.html.j2", lang, page_uri, output="html", item=item)
        return f"{markdown.rstrip()}\n{HTML_BODY}{body}"


@lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    """posixpath.relpath, remembered: every page links the same few hundred targets. Paths
    under the docs root (no `..`, not absolute: every page's) are worked out from their parts,
    as relpath does after making both absolute; others by relpath (thousands of pages each link
    from a folder of their own, so most calls are new: relpath made them costly)."""
    to, at = _path_parts(target), _path_parts(start)
    if to is None or at is None:
        return posixpath.relpath(target, start)
    common = 0
    for a, b in zip(to, at, strict=False):  # (the shorter ends the common part)
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def _path_parts(path: str) -> list[str] | None:
    """The folders and name of a relative path without `..`, else None."""
    if not path or path.startswith("/"):
        return None
    parts = [part for part in path.split("/") if part and part != "."]
    return None if ".." in parts else parts


class PageHelpers:
    """Functions the templates call; bound to the language and location of one page."""

    def __init__(
        self,
        hb: Handbook,
        lang: str,
        page_uri: str,
        convert: Callable[[str], str] | None = None,
        tables: dict[str, dict[str, Any]] | None = None,
        escape_value: Callable[[object], Markup] = as_text,
    ):
        self.hb, self.lang, self.page_dir = hb, lang, posixpath.dirname(page_uri) or "."
        self.convert = convert  # a derived language: how its source's text becomes its own
        self.tables = tables if tables is not None else entity_tables(hb)
        self.escape_value = escape_value

    def t(self, text: schema.Text | None) -> str:
        """A text in this page's language; a derived language's is converted from its source's
        unless the text gives its own."""
        if text is None:
            return ""
        if self.convert is not None and text.own(self.lang) is None:
            return self.convert(text.get(self.lang))
        return text.get(self.lang)

    def href(self, kind: str, ident: str = "") -> str:
        """Relative link to a generated page (or a section index when `ident` is empty)."""
        target = page_path(kind, ident) if ident else f"{FOLDERS[kind]}/index"
        return _relative(f"{target}.md", self.page_dir)

    def doc(self, path: str) -> str:
        """Relative link to a hand-written page, given by its path under the docs root."""
        return _relative(path, self.page_dir)

    def link(self, ident: str, kind: str | None = None) -> Markup:
        """A Markdown link to a role, department, org template or process, named in this
        language (outside the site: the name alone)."""
        if kind is None:
            kind = "role" if ident in self.hb.roles else "department"
        name = self.escape_value(self.t(self.tables[kind][ident].name))
        if self.escape_value is as_html:
            return Markup(f'<a href="{self.href(kind, ident)}">{name}</a>')
        if self.escape_value is not as_text:
            return name
        return Markup(f"[{name}]({self.href(kind, ident)})")
