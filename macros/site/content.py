"""The handbook as one build uses it: loaded and validated before anything is written, its
generated pages (every edition's, for the language switcher; rendered on first use), and the
glossary of each edition for tooltips."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.handbook import Handbook
from ..model.loader import load_handbook
from ..render.glossary import Glossary, term_table
from ..render.hant import HANT, converter
from ..render.pages import GeneratedPage, Renderer
from ..render.tree import hant_pages
from .edit_links import edit_uri


@dataclass
class Content:
    handbook: Handbook
    renderer: Renderer
    pages: dict[str, GeneratedPage]  # by src_uri
    data_dir: Path
    docs_dir: Path
    glossaries: dict[str, Glossary] = field(default_factory=dict)  # per language, made on first use
    _current: Glossary | None = None  # the glossary of the page being converted

    @classmethod
    def load(cls, data_dir: Path, docs_dir: Path, templates_dir: str, languages: tuple[str, ...]) -> Content:
        """Load and check the data (raises DataError) and announce every page of `languages`."""
        to_hant = converter() if HANT in languages else None
        handbook = load_handbook(data_dir)
        renderer = Renderer(handbook, docs_dir / templates_dir, to_hant)
        pages = renderer.pages(languages)
        if to_hant is not None:
            pages += hant_pages(docs_dir, languages[0], to_hant)
        return cls(handbook, renderer, {page.src_uri: page for page in pages}, data_dir, docs_dir)

    def edit_uri(self, page: GeneratedPage) -> str | None:
        # a data file's path is relative to the folder holding data/ (the project's)
        return edit_uri(page, self.handbook, self.data_dir.parent, self.docs_dir)

    def glossary(self, lang: str) -> Glossary:
        if lang not in self.glossaries:
            text = self.renderer.helpers(lang).t
            self.glossaries[lang] = Glossary(term_table(self.handbook.terms.values(), text))
        return self.glossaries[lang]

    def page_glossary(self, src_uri: str, lang: str) -> None:
        """Every glossary term in a page's text gets its definition as a tooltip, except on the
        glossary itself: set the glossary the page about to be converted uses."""
        self._current = None if src_uri.startswith("glossary.") else self.glossary(lang)

    def current_glossary(self) -> Glossary | None:
        return self._current
