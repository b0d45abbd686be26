"""The one escaping of data text, for every place a text field lands.

A field is shown as written: it can neither become markup (HTML) nor formatting (Markdown), nor
change the structure of the page around it — a summary starting with `1. ` must not open a list,
a duty holding a newline and `---` must not draw a rule, a two-line summary must not split its
table row. Three steps, always together:

1. whitespace runs (newlines included) become one space, as HTML shows them anyway: the text is
   one line of Markdown, so nothing in it starts a block except its own first characters;
2. those first characters are escaped when Markdown would read them as a block marker (list,
   rule, heading, quote, definition), and every inline marker anywhere is backslash-escaped;
3. the result is HTML-escaped.

`tooltip` is the same text for an attribute that the theme decodes and inserts as HTML
(Material's `content.tooltips` puts an element's `title` into the tooltip with innerHTML): it is
escaped twice, so what the theme inserts is still only text.
"""

from __future__ import annotations

import re
from html import escape as html_escape

from markupsafe import Markup, escape

# Inline markers Python-Markdown accepts a backslash before; < > & are HTML-escaped instead.
_INLINE = re.compile(r"([\\`*_{}\[\]()#+!|])")
_SPACE = re.compile(r"\s+")
# What Markdown reads at the start of a line: list items ("- ", "+ ", "1. "), rules and setext
# underlines ("---", "==="), headings, quotes, definitions (": "), fenced code ("~~~").
_ORDERED = re.compile(r"^(\d+)\.(?=\s|$)")
# First characters with no backslash escape in Python-Markdown: written as character references.
_ENTITY_FIRST = {"=": "&#61;", ":": "&#58;", "~": "&#126;", "-": "&#45;"}


def one_line(value: str) -> str:
    """Whitespace runs as one space, no leading or trailing space: the text as HTML shows it."""
    return _SPACE.sub(" ", value).strip()


def md_escape(value: str) -> str:
    """`value` as Markdown that shows it as written, on one line (still to be HTML-escaped)."""
    text = _INLINE.sub(r"\\\1", one_line(value))
    text = _ORDERED.sub(r"\1\\.", text, count=1)
    return text


def as_text(value: object) -> Markup:
    """A data value as Markdown+HTML that shows it as written (Jinja's `finalize` for pages).

    Markup (links built by the renderer) passes unchanged; numbers are written as they are."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    text = str(escape(md_escape(str(value))))
    first = text[:1]
    if first in _ENTITY_FIRST:
        text = _ENTITY_FIRST[first] + text[1:]
    return Markup(text)


def tooltip(value: str) -> str:
    """Text for a `title` attribute that the theme inserts as HTML: escaped twice."""
    return html_escape(html_escape(one_line(value)))


def label(value: str) -> Markup:
    """An interface label (our own words, from labels.yaml) as written, its spaces kept — "Department: "
    must not lose the space after its colon; Markdown and HTML characters are escaped all the same."""
    return Markup(escape(_INLINE.sub(r"\\\1", value)))
