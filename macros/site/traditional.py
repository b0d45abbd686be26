"""The Traditional edition of the hand-written pages, converted from the Simplified ones at build
time, so there is no third copy of each page to keep in step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..render.hant import HANT
from ..render.pages import GeneratedPage


def hant_pages(docs: Path, default: str, to_hant: Callable[[str], str]) -> list[GeneratedPage]:
    """One page per `*.<default>.md` under `docs` (outside `_` folders), converted on first use;
    its edit link opens the Simplified original (`ident`)."""
    pages = []
    for source in sorted(docs.rglob(f"*.{default}.md")):
        uri = source.relative_to(docs).as_posix()
        if uri.startswith("_"):
            continue

        def make(source: Path = source) -> str:
            return to_hant(source.read_text(encoding="utf-8"))

        pages.append(GeneratedPage(uri.replace(f".{default}.md", f".{HANT}.md"), HANT, "page", uri, make))
    return pages
