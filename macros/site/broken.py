"""`mkdocs serve` with data that does not load: the browser shows the problems, not a stale or
hanging page, and the next save that fixes the data brings the pages back.

The build then succeeds on purpose: every page — the hand-written ones and the generated pages
of the last good build of this serving process, at the same addresses — says what is wrong,
with file and line. A plain `mkdocs build` still fails on the same data, as it must.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any

from ..model.errors import DataError
from ..model.handbook import Handbook
from ..render.pages import GeneratedPage, Renderer
from . import live, upstream
from .content import Content

# The generated pages of the last build of this process that loaded (src_uri → language):
# `mkdocs serve` keeps this module across rebuilds, so a page open in the browser keeps its
# address while the data is broken.
LAST_PAGES: dict[str, str] = {}


def load(
    data_dir: Path, docs_dir: Path, options: Any, languages: tuple[str, ...], serving: bool
) -> tuple[Content, Broken | None]:
    """The content of a build. Data that does not load fails the build (DataError), except
    when `serving`: every page then lists the problems until a save fixes them. `options`: the
    plugin's (templates_dir, conversions)."""
    templates_dir = options.templates_dir
    try:
        content = Content.load(data_dir, docs_dir, options, languages)
    except DataError as exc:
        if not serving:
            raise
        broken = Broken(exc, data_dir, docs_dir, templates_dir)
        live.MEMORY.forget()  # `serve --dirty`: the next good build rebuilds every page
        # The terminal too; a log record would fail the strict build this has to be.
        print(f"playbook: {exc.report()}", file=sys.stderr)
        return broken.content, broken
    if serving:
        remember(content)
    return content, None


def remember(content: Content) -> None:
    LAST_PAGES.clear()
    LAST_PAGES.update({uri: page.lang for uri, page in content.pages.items() if page.kind != "page"})


class Broken:
    """The problems of the data, rendered as a page in each language."""

    def __init__(self, error: DataError, data_dir: Path, docs_dir: Path, templates_dir: str):
        self.error = error
        self.renderer = Renderer(Handbook(), docs_dir / templates_dir)
        self.problems = [str(problem) for problem in error.problems]
        pages = {
            uri: GeneratedPage(uri, lang, "print", "", partial(self.markdown, lang, uri))
            for uri, lang in LAST_PAGES.items()
        }
        self.content = Content(Handbook(), self.renderer, pages, data_dir, docs_dir)

    def mark(self, file: Any, markdown: str | None, *, lists_data: bool = True) -> None:
        """`serve --dirty`: every page is rebuilt, so every page lists the problems."""
        upstream.mark_modified(file, True)

    def page_markdown(self, page: Any, lang: str) -> str:
        """What a page of MkDocs says instead of its own text: the problems."""
        page.meta["render_macros"] = False  # the list is text, never a template
        return self.markdown(lang, page.file.src_uri)

    def markdown(self, lang: str, uri: str) -> str:
        return self.renderer.render("problems.md.j2", lang, uri, problems=self.problems)
