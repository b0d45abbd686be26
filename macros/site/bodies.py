"""Pages whose body is written as HTML (a role's job posting and onboarding path): the Markdown
before pages.HTML_BODY goes through Markdown as usual (front matter, title); the HTML after it is
kept aside and put after the converted title, its links resolved as MkDocs resolves Markdown's.
Thousands of such pages cost a fraction of converting the same lists and links from Markdown."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from ..render.pages import HTML_BODY

# The theme template of a page with an HTML body (overrides/hiring.html): no tabs, no sidebars.
TEMPLATE = "hiring.html"
# A link the templates write to a page's Markdown file, relative to the page (href("role", …)).
_MD_LINK = re.compile(r'href="([^":?#]+\.md)(#[^"]*)?"')


class Bodies:
    """The HTML bodies of the pages being converted, by source path, between the two events."""

    def __init__(self) -> None:
        self._waiting: dict[str, str] = {}

    def take(self, page: Any, markdown: str, keep: bool = True) -> str:
        """The Markdown MkDocs converts (on_page_markdown); the HTML body after it is kept for
        `put` unless `keep` is false (a page shown in place of another: broken data), and the
        page is drawn with TEMPLATE."""
        head, marker, body = markdown.partition(HTML_BODY)
        if marker and keep:
            self._waiting[page.file.src_uri] = body
            page.meta.setdefault("template", TEMPLATE)
        else:
            self._waiting.pop(page.file.src_uri, None)
        return head if marker else markdown

    def put(self, page: Any, html: str, files: Any) -> str:
        """The page's converted Markdown followed by its HTML body (on_page_content)."""
        body = self._waiting.pop(page.file.src_uri, None)
        return html if body is None else f"{html}\n{resolve_links(body, page.file, files)}"


def resolve_links(html: str, file: Any, files: Any) -> str:
    """Links to pages' Markdown files in `html` (the body of `file`'s page), made the pages'
    addresses as MkDocs makes those of Markdown links (`files`: the edition's, so `../x.md` is
    the page in the same language). A link to no page fails the build, naming both."""
    base = posixpath.dirname(file.src_uri)

    def address(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(base, match.group(1)))
        found = files.get_file_from_path(target)
        if found is None:
            raise PluginError(f"Doc file '{file.src_uri}' contains a link to '{target}', which is not found.")
        return f'href="{get_relative_url(found.url, file.url)}{match.group(2) or ""}"'

    return _MD_LINK.sub(address, html)
