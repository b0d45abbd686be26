"""Job postings and onboarding paths read without MkDocs' page loop.

Reading one of these pages in MkDocs (every plugin's on_page_markdown, a Markdown instance made to
convert one line of title, on_page_content) cost as much as drawing it, thousands of times. They
are alike: front matter, a title `# …`, then an HTML body (bodies.py). So just before MkDocs' page
loop (on_nav) they are taken out of it and read here: front matter by MkDocs (Page.read_source),
the title converted as MkDocs converts it, the body made when the page is written (stamped.py).

How a title converts is learned from MkDocs: the first pages of each kind are read by MkDocs' own
_populate_page (every plugin's events included), and its HTML of the title is cut around the
heading's id and text (`Heading`). That page, and the next one MkDocs reads, must come out of the
cut text byte for byte, with the same table of contents, title, anchors, front matter and
Markdown; otherwise the build stops, naming the page. A title that is not plain text (any
character Markdown could read as markup, or a heading id that cannot be told from its text) is
always read by MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from mkdocs.exceptions import PluginError

from ..render.pages import HTML_KINDS, GeneratedPage
from . import upstream
from .bodies import TEMPLATE, resolve_links

CHECKS = 2  # pages of a kind MkDocs reads and ours must match before the rest are read here
# A title Markdown shows as written: words without a character it could read as markup, one
# space between them, and the character references data escaping writes for & < > " ' (which
# Markdown keeps as they are). Data text is escaped: a title with any other such character has a
# backslash in its Markdown, and is read by MkDocs.
_WORD = r"(?:[^\s\\`*_{}\[\]()#+!|<>&~^\"']|&(?:amp|lt|gt|quot|#34|#39);)+"
_PLAIN = re.compile(f"# ({_WORD}(?: {_WORD})*)")


def plain_title(markdown: str) -> str | None:
    """The text of a page's Markdown that is one plain level-1 heading, else None."""
    found = _PLAIN.fullmatch(markdown.strip())
    return found.group(1) if found else None


@dataclass(frozen=True)
class Heading:
    """MkDocs' HTML of a title, as constant text around the heading's id and text."""

    chunks: tuple[str, ...]
    order: tuple[str, ...]  # "id" or "name", as they come
    anchored: bool  # the page's anchors hold the heading's id
    linked: bool  # … and its links to anchors the heading's own (a permalink)

    @classmethod
    def cut(cls, html: str, ident: str, name: str, page: Any) -> Heading | None:
        """None where `html` (of `page`) cannot be cut unambiguously, or holds other anchors or
        links than the heading's."""
        anchors, links = page.present_anchor_ids or set(), page.links_to_anchors or {}
        if not ident or ident in name or name in ident or anchors - {ident}:
            return None
        if links and links != Heading.links(page, ident):
            return None
        pieces = re.split(f"({re.escape(ident)}|{re.escape(name)})", html)
        order = tuple("id" if part == ident else "name" for part in pieces[1::2])
        if "name" not in order or "id" not in order:
            return None
        return cls(tuple(pieces[0::2]), order, ident in anchors, bool(links))

    @staticmethod
    def links(page: Any, ident: str) -> dict[Any, dict[str, str]]:
        """A page's links to anchors when its only link is the heading's own."""
        return {page.file: {ident: f"#{ident}"}}

    def fill(self, ident: str, name: str) -> str:
        values = {"id": ident, "name": name}
        out = [self.chunks[0]]
        for part, chunk in zip(self.order, self.chunks[1:], strict=True):
            out += [values[part], chunk]
        return "".join(out)


class Reader:
    """One edition's build: its job postings and onboarding paths, read before MkDocs' page loop
    (`read`), given back to it once it is done (`give_back`, on_env)."""

    def __init__(self, content: Any) -> None:
        self.content = content  # site/content.py's Content: pages, glossary, bodies
        self.headings: dict[str, Heading] = {}  # by kind of page, once learned
        self.checked: dict[str, int] = {}  # by kind: pages MkDocs read that ours matched
        self.taken: list[Any] = []  # the files kept out of MkDocs' loop
        self.bodies: dict[str, GeneratedPage] = {}  # pages read here: their bodies, made when written
        self.config: Any = None  # the build's, once it reads
        self._seen: tuple[str, str, str, str] | None = None  # the HTML of the title MkDocs just converted

    def read(self, config: Any, files: Any) -> None:
        """Read the edition's postings and paths (`files`: the edition's, whose lookups
        files.remember_lookups keeps)."""
        self.config = config
        for file in list(files):
            generated = self.content.pages.get(file.src_uri)
            if generated is None or generated.kind not in HTML_KINDS or not file.is_documentation_page():
                continue
            if file.inclusion.is_excluded():
                continue
            page = upstream.new_page(file, config)
            if not (
                self.checked.get(generated.kind, 0) >= CHECKS and self._read(page, generated, config, files)
            ):
                self._read_by_mkdocs(page, generated, config, files)
            upstream.out_of_page_loop(file)
            self.taken.append(file)

    def give_back(self) -> None:
        for file in self.taken:
            upstream.back_in_page_loop(file)
        self.taken = []

    def saw(self, page: Any, converted: str, html: str) -> None:
        """MkDocs converted a page (on_page_content): its Markdown as the plugins left it, the
        HTML it converted to, and that followed by its body (bodies.put)."""
        self._seen = (page.file.src_uri, page.markdown, converted, html)

    def html(self, page: Any, files: Any) -> str:
        """The HTML of a page read here, its body made now and put after its title as MkDocs'
        page loop puts it (every plugin's on_page_markdown, then bodies.put); once."""
        generated = self.bodies.pop(page.file.src_uri)
        return self._with_body(page.content, page, generated, self.config, files)

    def has_body_to_make(self, page: Any) -> bool:
        return page.file.src_uri in self.bodies

    @staticmethod
    def _with_body(html: str, page: Any, generated: GeneratedPage, config: Any, files: Any) -> str:
        body = upstream.as_page_markdown_leaves(config, generated.make_body())
        return f"{html}\n{resolve_links(body, page.file, files)}"

    def _read(self, page: Any, generated: GeneratedPage, config: Any, files: Any) -> bool:
        """Read a page here; False if its title is not plain (left to MkDocs)."""
        upstream.read_source(page, config)  # files.fill gave it its front matter and title
        title = self._title(page.markdown, config)
        if title is None:
            return False
        page.markdown = f"{page.markdown.strip()}\n"  # as bodies.take leaves it
        page.meta.setdefault("template", TEMPLATE)
        ident, name = title
        heading = self.headings[generated.kind]
        html, shown = self._html(page, files, heading, ident, name, generated.lang)
        upstream.set_converted(page, html, 1, ident, shown, *self._anchors(page, heading, ident))
        self.bodies[page.file.src_uri] = generated
        return True

    @staticmethod
    def _title(markdown: str, config: Any) -> tuple[str, str] | None:
        """The id and text of a page's Markdown that is one plain title, told apart."""
        name = plain_title(markdown)
        ident = upstream.heading_id(config, name) if name is not None else ""
        if name is None or not ident or ident in name or name in ident:
            return None
        return ident, name

    def _html(
        self, page: Any, files: Any, heading: Heading, ident: str, name: str, lang: str
    ) -> tuple[str, str]:
        """The title's HTML, its glossary terms marked as the GlossaryExtension marks them, and
        the heading's text as the table of contents and the page's title take it (its inner
        HTML through every postprocessor, the glossary's included)."""
        self.content.page_glossary(page, files, default=lang)
        glossary = self.content.current_glossary()
        if glossary is None:
            return heading.fill(ident, name), upstream.heading_text(name)
        return glossary.annotate(heading.fill(ident, name)), upstream.heading_text(glossary.annotate(name))

    @staticmethod
    def _anchors(page: Any, heading: Heading, ident: str) -> tuple[set[str], dict[Any, dict[str, str]]]:
        """The page's anchors and links to anchors, as MkDocs finds them in its title."""
        return {ident} if heading.anchored else set(), Heading.links(page, ident) if heading.linked else {}

    def _read_by_mkdocs(self, page: Any, generated: GeneratedPage, config: Any, files: Any) -> None:
        """Read a page through MkDocs' own page pipeline; learn from it or check ours against it."""
        page.file.content_string = generated.markdown
        self._seen = None
        upstream.populate_page(page, config, files)
        seen, self._seen = self._seen, None
        kind = generated.kind
        if seen is None or seen[0] != page.file.src_uri or self.checked.get(kind, 0) >= CHECKS:
            return
        markdown, meta = upstream.front_matter(generated.head)
        title = self._title(markdown, config)
        if title is None:
            return  # MkDocs reads such a page, always
        ident, name = title
        heading = self.headings.get(kind) or Heading.cut(seen[2], ident, name, page)
        if heading is None:
            return  # learned from a later page
        self.headings[kind] = heading
        ours = SimpleNamespace(
            meta={**meta, "template": TEMPLATE}, markdown=f"{markdown.strip()}\n", file=page.file
        )
        html, shown = self._html(page, files, heading, ident, name, generated.lang)
        upstream.set_converted(ours, "", 1, ident, shown, *self._anchors(page, heading, ident))
        mine = (ours.markdown, html, self._with_body(html, page, generated, config, files))
        if (*mine, ours.meta, upstream.converted(ours)) != (*seen[1:], page.meta, upstream.converted(page)):
            raise PluginError(
                f"{page.file.src_uri}: read by playbook, it differs from MkDocs' reading of it; "
                f"see macros/site/reading.py"
            )
        self.checked[kind] = self.checked.get(kind, 0) + 1
