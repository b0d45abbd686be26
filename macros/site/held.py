"""Each page's text held only while the build needs it.

MkDocs reads and converts every page before it writes the first one, and keeps each page's
Markdown and HTML to the end of the build: at 2,000 roles every edition's process held some
90 MiB of page text, three editions at once. Once a page is converted, its Markdown and the
generated Markdown it was read from are let go (the latter is made again if asked), and its HTML
waits here compressed until the page itself is written; once written, it is let go too. What
this relies on in MkDocs (other pages read only a page's title, which survives empty texts, and
nothing reads a converted page's Markdown) is stated and checked in upstream.py.

Only `mkdocs build`: under `mkdocs serve` the last build's pages are rendered again by the live
preview, which keeps them as they are.
"""

from __future__ import annotations

import zlib
from typing import Any

from mkdocs.plugins import event_priority

from . import upstream


class HeldTexts:
    """The compressed HTML of the pages converted and not yet written, by source path."""

    def __init__(self, active: bool) -> None:
        self.active = active
        self._waiting: dict[str, bytes] = {}

    def put_away(self, page: Any, html: str, generated: Any = None) -> str:
        """After conversion (on_page_content; no other plugin's follows ours): the page's
        Markdown let go and its HTML put away until it is written; `generated` (its
        GeneratedPage, if it is one) forgets the Markdown it made."""
        if not self.active:
            return html
        self._waiting[page.file.src_uri] = _pack(html)
        if generated is not None:  # its Markdown is made again if asked
            generated.forget()
            page.file.content_string = ""
        upstream.empty_texts(page)
        return ""

    def bring_back(self, page: Any, context: Any = None) -> Any:
        """Before the page is written (the first on_page_context): its HTML as it was."""
        held = self._waiting.pop(page.file.src_uri, None) if self.active else None
        if held is not None:
            page.content = _unpack(held)
        return context

    def let_go(self, page: Any) -> None:
        """Once the page is written (the last on_post_page): its texts and table of contents
        are no longer needed."""
        if self.active:
            upstream.empty_texts(page)
            upstream.empty_toc(page)


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def _unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


class HeldEvents:
    """The plugin's events around writing a page (mixed into it), with its HeldTexts."""

    held = HeldTexts(active=False)  # each build sets its own once its plan is made

    @event_priority(100)  # the first on_page_context: its texts back for every plugin and the theme
    def bring_back_to_write(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        return self.held.bring_back(page, context)

    @event_priority(-200)  # the last on_post_page: the page is written next
    def let_go_once_written(self, output: str, *, page: Any, config: Any) -> str:
        self.held.let_go(page)
        return output
