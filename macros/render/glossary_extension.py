"""Glossary tooltips as a Python-Markdown extension, so any engine that runs Python-Markdown
extensions (MkDocs, Zensical) marks the terms the same way.

It runs last, on the HTML Markdown made of a page (`Glossary.annotate`). Which glossary applies
depends on the page (its language; none on the glossary itself), so the extension asks
`glossary_for()` at each conversion: an engine that builds one edition per run passes a fixed
glossary, the MkDocs plugin the current page's.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .glossary import Glossary

PRIORITY = -100  # after every postprocessor of Python-Markdown and its usual extensions


class _Annotate(Postprocessor):
    def __init__(self, md: Markdown, glossary_for: Callable[[], Glossary | None]):
        super().__init__(md)
        self.glossary_for = glossary_for

    def run(self, text: str) -> str:
        glossary = self.glossary_for()
        return text if glossary is None else glossary.annotate(text)


class GlossaryExtension(Extension):
    def __init__(self, glossary_for: Callable[[], Glossary | None]):
        super().__init__()
        self.glossary_for = glossary_for

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_Annotate(md, self.glossary_for), "playbook_glossary", PRIORITY)
