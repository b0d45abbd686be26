"""Pure rendering: (handbook, language, page template) → Markdown. No I/O beyond reading templates.

All page wording lives in the Jinja templates and `labels.yaml` under `playbook/_templates/`.
Every data value goes through `escape.as_text` (Jinja's finalize), so a field can neither inject
markup nor be mistaken for formatting; only values built here (links) are trusted.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..model import schema
from ..model.errors import DataError, Problem
from ..model.handbook import Handbook
from ..model.kinds import FOLDERS as KIND_FOLDERS
from ..model.yaml_reader import read
from ..quality.coverage import coverage
from .escape import as_text, tooltip
from .hant import HANT

# Page folder of each kind of generated page, relative to the docs root: one per entity of a
# kind (the registry of kinds), and an org template's responsibility matrix.
FOLDERS = {**KIND_FOLDERS, "matrix": "responsibilities"}


def entity_tables(hb: Handbook) -> dict[str, dict[str, Any]]:
    """Each kind of generated page and the entities it is made from (one page per entity)."""
    return {
        "role": hb.roles,
        "department": hb.departments,
        "template": hb.templates,
        "process": hb.processes,
        "matrix": hb.templates,
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

    @cached_property
    def markdown(self) -> str:
        return self.make()


class Labels:
    """The interface words of the generated pages, from `labels.yaml`, in one language."""

    def __init__(self, table: dict[str, schema.Text], text: Callable[[schema.Text], str]):
        self._table, self._text = table, text

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._text(self._table[key])
        except KeyError:
            raise KeyError(f"labels.yaml: no label '{key}'") from None


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
                Problem(document.path, line, col, key, "expected zh and en texts", code="bad-label")
            )
    if problems:
        raise DataError(problems)
    return table


@lru_cache(maxsize=8)
def template_environment(templates_dir: str) -> Environment:
    """One Jinja environment per template folder and process: `mkdocs serve` makes a new
    Renderer on every rebuild, and compiling the templates again cost more than a second. Jinja
    still recompiles a template whose file changed."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        finalize=as_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters["tooltip"] = lambda value: Markup(tooltip(str(value)))  # a title the theme re-inserts
    return env


class Renderer:
    """Renders page templates for one handbook; cheap to create, holds no global state."""

    def __init__(self, handbook: Handbook, templates_dir: Path, to_hant: Callable[[str], str] | None = None):
        self.hb = handbook
        self.templates_dir = templates_dir
        # Results kept: a name is converted once per build, not on every page that shows it.
        self.to_hant = lru_cache(maxsize=65536)(to_hant) if to_hant is not None else None
        self.labels = load_labels(templates_dir)
        self.env = template_environment(str(templates_dir.resolve()))

    def helpers(self, lang: str, page_uri: str = "index.md") -> PageHelpers:
        return PageHelpers(self.hb, lang, page_uri, self.to_hant, self.tables)

    @cached_property
    def tables(self) -> dict[str, dict[str, Any]]:
        return entity_tables(self.hb)

    def render(self, template: str, lang: str, page_uri: str, **context: object) -> str:
        """Render `template` for a page at `page_uri` (its links are made relative to it)."""
        helpers = self.helpers(lang, page_uri)

        def piece(kind: str, item: object, depth: int = 2) -> Markup:
            """Another page's body inside this one (the print version), headings pushed down."""
            body = self.render(f"{kind}.md.j2", lang, page_uri, item=item)
            return Markup(demote(strip_front_matter(body), depth))

        return self.env.get_template(template).render(
            hb=self.hb,
            lang=lang,
            L=Labels(self.labels, helpers.t),
            t=helpers.t,
            link=helpers.link,
            href=helpers.href,
            piece=piece,
            translation_coverage=partial(coverage, self.hb),
            **context,
        )

    def pages(self, languages: tuple[str, ...] = schema.LANGUAGES) -> list[GeneratedPage]:
        """Every generated page of the handbook, in every language (rendered on first use)."""
        out = []
        for kind, table in entity_tables(self.hb).items():
            for ident, entity in table.items():
                for lang in languages:
                    uri = f"{FOLDERS[kind]}/{ident}.{lang}.md"
                    make = partial(self.render, f"{kind}.md.j2", lang, uri, item=entity)
                    out.append(GeneratedPage(uri, lang, kind, ident, make))
        for lang in languages:  # the whole handbook on one page, for printing
            uri = f"print.{lang}.md"
            out.append(GeneratedPage(uri, lang, "print", "", partial(self.render, "print.md.j2", lang, uri)))
        return out


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6}) ", re.M)


def strip_front_matter(markdown: str) -> str:
    return _FRONT_MATTER.sub("", markdown.lstrip("\n"), count=1).lstrip("\n")


def demote(markdown: str, depth: int) -> str:
    """Push every ATX heading down `depth` levels (generated Markdown has no code blocks)."""
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + depth) + " ", markdown)


@lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    """posixpath.relpath, remembered: every page links the same few hundred targets."""
    return posixpath.relpath(target, start)


class PageHelpers:
    """Functions the templates call; bound to the language and location of one page."""

    def __init__(
        self,
        hb: Handbook,
        lang: str,
        page_uri: str,
        to_hant: Callable[[str], str] | None = None,
        tables: dict[str, dict[str, Any]] | None = None,
    ):
        self.hb, self.lang, self.page_dir = hb, lang, posixpath.dirname(page_uri) or "."
        self.to_hant = to_hant
        self.tables = tables if tables is not None else entity_tables(hb)

    def t(self, text: schema.Text | None) -> str:
        """A text in this page's language; Traditional Chinese is converted unless overridden."""
        if text is None:
            return ""
        if self.lang == HANT and text.zh_hant is None and self.to_hant is not None:
            return self.to_hant(text.zh)
        return text.get(self.lang)

    def href(self, kind: str, ident: str = "") -> str:
        """Relative link to a generated page (or a section index when `ident` is empty)."""
        return _relative(f"{FOLDERS[kind]}/{ident or 'index'}.md", self.page_dir)

    def link(self, ident: str, kind: str | None = None) -> Markup:
        """A Markdown link to a role, department, org template or process, named in this language."""
        if kind is None:
            kind = "role" if ident in self.hb.roles else "department"
        table = self.tables[kind]
        return Markup(f"[{as_text(self.t(table[ident].name))}]({self.href(kind, ident)})")
