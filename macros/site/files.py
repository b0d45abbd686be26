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
    remember_lookups(files)
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


def remember_lookups(files: Files) -> None:
    """MkDocs finds the target of every link of every page with `files.get_file_from_path`,
    which mkdocs-static-i18n makes try three paths, each a PurePath; an edition's pages link the
    same few hundred targets again and again. Each path is looked up once while the files stay
    as they are (adding or removing one forgets what was found)."""
    found: dict[str, File | None] = {}
    lookup, append, remove = files.get_file_from_path, files.append, files.remove

    def get_file_from_path(path: str) -> File | None:
        if path not in found:
            found[path] = lookup(path)
        return found[path]

    def changed(change: Any) -> Any:
        def change_and_forget(file: File) -> None:
            found.clear()
            change(file)

        return change_and_forget

    files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]
    files.append, files.remove = changed(append), changed(remove)  # type: ignore[method-assign]
