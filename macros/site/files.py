"""The generated pages as MkDocs files.

mkdocs-static-i18n re-creates every File from its path under docs_dir and drops in-memory
content, so `File.generated` cannot pass through it. The pages are therefore announced as files
of docs_dir first (for i18n to localise, link and pair them), then given their content once
i18n is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, Files, InclusionLevel

from .content import Content
from .live import Rebuild

if TYPE_CHECKING:
    from .broken import Broken


def announce(files: Files, uris: Iterable[str], config: Any) -> Files:
    for uri in uris:
        files.append(
            File(
                uri,
                config.docs_dir,
                config.site_dir,
                config.use_directory_urls,
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files


def fill(files: Files, content: Content, rebuild: Rebuild | Broken | None) -> Files:
    """Give each generated page its Markdown and an edit link to its source; in a dirty rebuild,
    say which pages changed."""
    content.files = files  # the edition being built (place.py finds a page's neighbours in it)
    content.start_reading(rebuild is None)  # neither a dirty rebuild nor data with errors
    for file in files:
        page = content.pages.get(file.src_uri)
        if page is not None:
            file.content_string = content.text_of(page)
            file.generated_by = "playbook"
            file.inclusion = InclusionLevel.NOT_IN_NAV
            file.edit_uri = content.edit_uri(page)
        if rebuild is not None and file.is_documentation_page():
            hand_written = page is None or page.kind == "page"  # converted, for a derived edition
            rebuild.mark(file, page.markdown if page is not None else None, lists_data=hand_written)
    return files
