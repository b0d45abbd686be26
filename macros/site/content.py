"""The handbook as one build uses it: loaded and validated before anything is written, its
generated pages (every edition's, for the language switcher; rendered on first use), and the
glossary of each edition for tooltips."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.handbook import Handbook
from ..model.loader import load_handbook
from ..render.glossary import Glossary, term_table
from ..render.glossary_extension import GlossaryExtension
from ..render.hant import edition_converters
from ..render.pages import GeneratedPage, Labels, Renderer
from ..render.tree import derived_pages
from . import upstream
from .bodies import Bodies
from .edit_links import edit_uri
from .place import Place, glossary_url
from .reading import Reader
from .stamped import Stamper
from .upstream import file_language


@dataclass
class Content:
    handbook: Handbook
    renderer: Renderer
    pages: dict[str, GeneratedPage]  # by src_uri
    data_dir: Path
    docs_dir: Path
    glossaries: dict[str, Glossary] = field(default_factory=dict)  # per language, made on first use
    _current: Glossary | None = None  # the glossary of the page being converted
    files: Any = None  # the MkDocs files of the edition being built (files.fill)
    place: Place = field(default_factory=Place)  # where each page sits: tab, neighbours, footer
    bodies: Bodies = field(default_factory=Bodies)  # HTML bodies between Markdown and the page
    stamper: Stamper | None = None  # the edition's pages drawn at the end of its build (stamped.py)
    reader: Reader | None = None  # the edition's pages read before MkDocs' page loop (reading.py)

    @classmethod
    def load(cls, data_dir: Path, docs_dir: Path, options: Any, languages: tuple[str, ...]) -> Content:
        """Load and check the data (raises DataError) and announce every page of `languages`.
        `options`: the plugin's (templates_dir, hiring_pages, and conversions for the derived
        editions)."""
        templates = docs_dir / options.templates_dir
        converters = edition_converters(templates, languages, getattr(options, "conversions", None))
        handbook = load_handbook(data_dir)
        renderer = Renderer(handbook, templates, converters, hiring=getattr(options, "hiring_pages", True))
        pages = renderer.pages(languages) + derived_pages(docs_dir, renderer.converters)
        return cls(handbook, renderer, {page.src_uri: page for page in pages}, data_dir, docs_dir)

    def configure(self, config: Any) -> None:
        """What the site's MkDocs config takes from the content: no edit buttons without REPO_URL
        (and no warning about them), the glossary's tooltips, the derived editions' names."""
        if not config.repo_url:
            config.edit_uri = None
        config.markdown_extensions.append(GlossaryExtension(self.current_glossary))
        for lang, convert in self.renderer.converters.items():
            upstream.name_edition(config, lang, convert)

    def start_reading(self, read: bool) -> None:
        """Whether this edition's build reads its job postings and onboarding paths itself
        (reading.py: not a dirty rebuild, which reads the changed pages only, nor data with
        errors, whose pages all show them)."""
        self.reader = Reader(self) if read else None

    def put_body(self, page: Any, html: str, files: Any) -> str:
        """A page MkDocs converted (on_page_content): its HTML body put in (bodies.py), and
        what MkDocs made of it shown to the reader (which checks its own reading against it)."""
        converted, html = html, self.bodies.put(page, html, files)
        if self.reader is not None:
            self.reader.saw(page, converted, html)
        return html

    def text_of(self, page: GeneratedPage) -> str:
        """The text MkDocs is given for a generated page: a page read by `reader` gets its
        front matter and title (it sets the rest), its body is made when it is written."""
        if self.reader is not None and page.make_body is not None:
            return page.head
        return page.markdown

    def read_aside(self, config: Any, files: Any) -> None:
        """Read the edition's job postings and onboarding paths before MkDocs' page loop."""
        if self.reader is not None:
            self.reader.read(config, files)

    def set_aside(self, files: Any, stamp: bool) -> None:
        """Take the edition's job postings and onboarding paths out of MkDocs' build loop (read
        already): they are drawn at the end of the build (`draw_set_aside`), unless `stamp` is
        false (data with errors: every page shows them, drawn as usual)."""
        reader = self.reader
        if reader is not None:
            reader.give_back()
        self.stamper = Stamper.set_aside(files, self.pages, reader) if stamp else None

    def draw_set_aside(self, config: Any, seen: dict[str, Any], bring_back: Any) -> None:
        """Draw and write them (`seen`: the build's navigation and theme; `bring_back`: a
        page's HTML back from held.py before its context is made)."""
        stamper, self.stamper = self.stamper, None
        if stamper is None:
            return
        stamper.write(config, seen.get("nav"), seen["env"], bring_back)

    def edit_uri(self, page: GeneratedPage) -> str | None:
        # a data file's path is relative to the folder holding data/ (the project's)
        return edit_uri(page, self.handbook, self.data_dir.parent, self.docs_dir)

    def labels(self, lang: str) -> Labels:
        """The interface words in one edition (labels.yaml), for the theme's parts we fill in."""
        return Labels(self.renderer.labels, self.renderer.helpers(lang).t)

    def glossary(self, lang: str) -> Glossary:
        if lang not in self.glossaries:
            text = self.renderer.helpers(lang).t
            self.glossaries[lang] = Glossary(term_table(self.handbook.terms.values(), text))
        return self.glossaries[lang]

    def page_glossary(self, page: Any, files: Any, default: str) -> str:
        """Every glossary term in a page's text links to its entry (in the page's edition) with
        its definition as a tooltip, except on the glossary itself: set the glossary the page
        about to be converted uses. Returns the page's language."""
        lang = file_language(page.file, default)
        if page.file.src_uri.startswith("glossary."):
            self._current = None
        else:
            self._current = self.glossary(lang).at(glossary_url(files, page, lang))
        return lang

    def current_glossary(self) -> Glossary | None:
        return self._current
