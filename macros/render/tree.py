"""Each edition's complete Markdown tree, made by the core alone: the generated pages, the
hand-written pages with their index macros expanded (and, for a derived edition such as zh-Hant,
converted from its source language's), and the other files of the docs folder.

This is the seam to another engine: any static-site generator that reads a folder of Markdown
can build an edition from `write_markdown_trees`, with no mkdocs-macros and no plugin.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from ..model.languages import BY_CODE
from .macros import INDEX_MACROS
from .pages import HTML_BODY, GeneratedPage, Renderer

_MACRO_CALL = re.compile(r"\{\{\s*(\w+)\(\)\s*\}\}")
_MACROS_ON = re.compile(r"\A---\n(.*?)^render_macros: true\n(.*?)---\n", re.S | re.M)


def derived_pages(docs: Path, converters: Mapping[str, Callable[[str], str]]) -> list[GeneratedPage]:
    """Each derived edition's copy of every hand-written `*.<source>.md` page under `docs`
    (outside `_` folders; `source`: the language it derives from), converted on first use, so
    there is no further copy of each page to keep in step; its edit link opens the original
    (`ident`). `converters`: the derived languages' conversions, by language."""
    pages = []
    for lang, convert in converters.items():
        origin = BY_CODE[lang].derived_from
        for source in sorted(docs.rglob(f"*.{origin}.md")):
            uri = source.relative_to(docs).as_posix()
            if uri.startswith("_"):
                continue

            def make(source: Path = source, convert: Callable[[str], str] = convert) -> str:
                return convert(source.read_text(encoding="utf-8"))

            pages.append(GeneratedPage(uri.replace(f".{origin}.md", f".{lang}.md"), lang, "page", uri, make))
    return pages


def expand_macros(markdown: str, renderer: Renderer, lang: str, uri: str) -> str:
    """A hand-written page as mkdocs-macros renders it: on a page whose front matter says
    `render_macros: true`, each `{{ index_macro() }}` replaced by its Markdown."""
    marked = _MACROS_ON.match(markdown)
    if marked is None:
        return markdown
    rest = marked.group(1) + marked.group(2)
    body = markdown[marked.end() :]
    expanded = _MACRO_CALL.sub(lambda m: renderer.render(INDEX_MACROS[m.group(1)], lang, uri), body)
    return f"---\n{rest}---\n{expanded}" if rest.strip() else expanded


_MD_LINK = re.compile(r'href="([^":?#]+\.md)(#[^"]*)?"')


def linked_as_urls(html: str, uri: str) -> str:
    """Links to pages' Markdown files in the HTML body of the page `uri` as the addresses those
    pages get with directory URLs (`roles/a.md` is served at `roles/a/`), relative to the page's."""

    def url(path: str) -> str:
        stem = path[: -len(".md")]
        return stem[: -len("index")] if stem == "index" or stem.endswith("/index") else f"{stem}/"

    here = url(uri)
    base = posixpath.dirname(uri)

    def address(match: re.Match[str]) -> str:
        target = url(posixpath.normpath(posixpath.join(base, match.group(1))))
        relative = posixpath.relpath(target.rstrip("/") or ".", here.rstrip("/") or ".")
        return f'href="{relative}/{match.group(2) or ""}"'

    return _MD_LINK.sub(address, html)


def write_markdown_trees(
    renderer: Renderer, docs: Path, out: Path, languages: tuple[str, ...]
) -> dict[str, Path]:
    """Write `out/<lang>/` for each of `languages` (the default first): every page of that
    edition with the language suffix dropped (`roles/ops.en.md` → `roles/ops.md`), and the docs
    folder's other files (stylesheets, scripts). Returns the folder of each edition."""
    default = languages[0]
    converters = {lang: convert for lang, convert in renderer.converters.items() if lang in languages}
    pages = renderer.pages(languages) + derived_pages(docs, converters)
    for source in sorted(docs.rglob("*.md")):
        uri = source.relative_to(docs).as_posix()
        lang = uri.rsplit(".", 2)[-2] if uri.count(".") >= 2 else default
        if not uri.startswith("_") and lang in languages:
            text = source.read_text(encoding="utf-8")
            pages.append(GeneratedPage(uri, lang, "page", uri, lambda text=text: text))
    folders = {}
    for lang in languages:
        folder = folders[lang] = out / lang
        if folder.exists():
            shutil.rmtree(folder)
        for asset in sorted(p for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"):
            relative = asset.relative_to(docs)
            if not relative.parts[0].startswith("_"):
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(asset, folder / relative)
    for page in pages:
        markdown = page.markdown
        if page.kind == "page":
            markdown = expand_macros(markdown, renderer, page.lang, page.src_uri)
        uri = page.src_uri.replace(f".{page.lang}.md", ".md")
        head, marker, body = markdown.partition(HTML_BODY)
        if marker:  # an engine leaves links in HTML as they are: write the pages' addresses
            markdown = f"{head}\n{linked_as_urls(body, uri)}"
        target = folders[page.lang] / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    return folders
