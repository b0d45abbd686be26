"""Job postings and onboarding paths read without MkDocs' page loop (macros/site/reading.py),
without a build: which titles it converts itself, how it learns MkDocs' HTML of a title, and that
a page it reads otherwise than MkDocs stops the build, naming the page."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from macros.render.pages import GeneratedPage
from macros.site import reading, upstream
from macros.site.reading import Heading, Reader, plain_title

FRONT = "---\ncrumbs:\n  - [Roles, roles/index]\ncopy_text: true\n---\n"


@pytest.mark.parametrize(
    ("markdown", "title"),
    [
        ("# 诚聘：美妆品类助理采购专员\n", "诚聘：美妆品类助理采购专员"),
        ("\n# Hiring: Store manager (East)/2\n", None),  # brackets are escaped: \( \)
        ("# Hiring: Store manager, East China\n", "Hiring: Store manager, East China"),
        ("# Hiring: R\\&D lead", None),
        ("# We&#39;re hiring: A &amp; B", "We&#39;re hiring: A &amp; B"),
        ("# Hiring: A &copy; B", None),
        ("# Hiring: A & B", None),
        ("# Hiring: *star*", None),
        ("# Hiring:  two spaces", None),
        ("## Hiring: a level-2 heading", None),
        ("# Hiring: A\n\nmore text", None),
    ],
)
def test_only_a_plain_title_is_converted_here(markdown: str, title: str | None) -> None:
    assert plain_title(markdown) == title


@dataclass(eq=False)
class File:
    """What the reader asks of a MkDocs file (hashable, as MkDocs' links to anchors key on it)."""

    src_uri: str
    content_string: str = ""
    page: Any = None
    inclusion: Any = InclusionLevel.NOT_IN_NAV

    @property
    def url(self) -> str:
        return self.src_uri.replace(".en.md", "/")

    def is_documentation_page(self) -> bool:
        return True


def h1(ident: str, name: str, permalink: str = "Permanent link") -> str:
    return f'<h1 id="{ident}">{name}<a class="headerlink" href="#{ident}" title="{permalink}">&para;</a></h1>'


def converted_page(ident: str, *, anchors: set[str] | None = None) -> Any:
    file = File("roles/a/job.en.md")
    links = {file: {ident: f"#{ident}"}}
    return SimpleNamespace(
        file=file, present_anchor_ids={ident} if anchors is None else anchors, links_to_anchors=links
    )


def test_a_title_cut_from_mkdocs_html_is_filled_with_another_pages_id_and_text() -> None:
    heading = Heading.cut(h1("hiring-a", "Hiring: A"), "hiring-a", "Hiring: A", converted_page("hiring-a"))
    assert heading is not None and heading.anchored and heading.linked
    assert heading.fill("hiring-bee", "Hiring: Bee") == h1("hiring-bee", "Hiring: Bee")


def test_a_title_that_cannot_be_cut_unambiguously_is_not_learned() -> None:
    assert Heading.cut(h1("a", "a"), "a", "a", converted_page("a")) is None  # id and text alike
    other = converted_page("hiring-a", anchors={"hiring-a", "elsewhere"})
    assert Heading.cut(h1("hiring-a", "Hiring: A"), "hiring-a", "Hiring: A", other) is None


class _Content:
    """What the reader asks of site/content.py's Content: pages and the page's glossary."""

    def __init__(self, pages: list[GeneratedPage]) -> None:
        self.pages = {page.src_uri: page for page in pages}

    def page_glossary(self, page: Any, files: Any, default: str) -> str:
        return default

    def current_glossary(self) -> None:
        return None


def job(ident: str, name: str) -> GeneratedPage:
    return GeneratedPage(
        f"roles/{ident}/job.en.md",
        "en",
        "job",
        ident,
        lambda: f"{FRONT}# Hiring: {name}\n",
        lambda: f"<p>Body of {name}</p>\n",
    )


def mkdocs_reads(reader: Reader, permalinks: dict[str, str]) -> Any:
    """MkDocs' page loop as the reader sees it: the page converted (title, then the body put in
    after i18n rejoined its lines), shown to the reader; `permalinks`: the title MkDocs gives each
    page's permalink."""

    def populate(page: Any, config: Any, files: Any) -> None:
        markdown, meta = upstream.front_matter(page.file.content_string)
        head, _, body = markdown.partition("\n<!-- playbook:html-body -->\n")
        name = plain_title(head)
        ident = upstream.heading_id(config, name)
        page.meta = {**meta, "template": "hiring.html"}
        page.markdown = f"{head.strip()}\n"
        html = h1(ident, name, permalinks.get(page.file.src_uri, "Permanent link"))
        upstream.set_converted(page, "", 1, ident, name, {ident}, Heading.links(page, ident))
        reader.saw(page, html, f"{html}\n{body.rstrip()}")

    return populate


def read(pages: list[GeneratedPage], permalinks: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Reader:
    """Read `pages` (files.fill gave each its front matter and title) as before MkDocs' loop."""
    reader = Reader(_Content(pages))
    monkeypatch.setattr(upstream, "populate_page", mkdocs_reads(reader, permalinks))
    monkeypatch.setattr(upstream, "out_of_page_loop", lambda file: None)
    monkeypatch.setattr(upstream, "read_source", read_source)
    files = []
    for page in pages:
        file = File(page.src_uri, page.head)
        file.page = SimpleNamespace(file=file, toc=[], meta={}, markdown=None, content=None)
        files.append(file)
    reader.read(SimpleNamespace(mdx_configs={}, plugins={"i18n": object()}), files)
    return reader


def read_source(page: Any, config: Any) -> None:
    page.markdown, page.meta = upstream.front_matter(page.file.content_string)


def test_after_two_pages_mkdocs_read_alike_the_others_are_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = read([job(f"r{i}", f"Role {i}") for i in range(4)], {}, monkeypatch)
    assert reader.checked == {"job": reading.CHECKS}
    assert sorted(reader.bodies) == ["roles/r2/job.en.md", "roles/r3/job.en.md"]
    page = next(iter(reader.bodies.values()))
    assert page.ident == "r2"


def test_a_page_mkdocs_reads_otherwise_stops_the_build_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [job(f"r{i}", f"Role {i}") for i in range(3)]
    with pytest.raises(PluginError, match="roles/r1/job.en.md: read by playbook"):
        read(pages, {"roles/r1/job.en.md": "Link here"}, monkeypatch)
