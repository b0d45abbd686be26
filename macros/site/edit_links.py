"""Edit buttons of generated pages open the file they are made from."""

from __future__ import annotations

import os
from pathlib import Path

from ..model.handbook import Handbook
from ..render.pages import GeneratedPage
from .addresses import edit_path


def edit_uri(page: GeneratedPage, handbook: Handbook, data_root: Path, docs_dir: Path) -> str | None:
    """The page's source relative to `docs_dir` (MkDocs joins it to `repo_url`/`edit_uri`):
    the YAML file of its entity, the Simplified original of a converted page, or nothing for
    the print page, which is made of every data file."""
    if page.kind == "page":
        return edit_path(page.ident)
    if page.kind == "print":
        return None
    data_file = data_root / handbook.source(page.documents, page.ident).path  # a matrix: its template's
    return edit_path(os.path.relpath(data_file, docs_dir.resolve()).replace(os.sep, "/"))
