"""Where a page sits in the site, for the theme: a generated page's section tab lit and its
neighbours as the footer's previous and next links; the editors' page in every footer; the
glossary's address for the term links of a page.

Generated pages are not in the navigation (2,000 role pages in every page's menu made each page
heavy), so Material knows neither their tab nor their neighbours: this gives it both, a few
links per page whatever the size of the handbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..model.handbook import Handbook
from ..model.kinds import FOLDERS as KIND_FOLDERS
from ..render.pages import FOLDERS, GeneratedPage, Labels
from .upstream import file_language

# The section tab each kind of generated page belongs to: its folder (the registry of kinds); an
# org template's responsibility matrix sits under the org templates' tab.
SECTION = {**KIND_FOLDERS, "matrix": KIND_FOLDERS["template"]}


def section_item(nav: Any, kind: str) -> Any | None:
    """The top-level nav item (the section's index page) of a kind of generated page."""
    folder = SECTION.get(kind)
    if folder is None:
        return None
    for item in nav.items:
        file = getattr(item, "file", None)
        if file is not None and file.src_uri.startswith(f"{folder}/index."):
            return item
    return None


def neighbours(hb: Handbook, page: GeneratedPage) -> tuple[str | None, str | None]:
    """The source paths of the pages before and after this one: the roles of the same
    department in order, the departments, the org templates, the processes."""
    if page.kind == "role":
        role = hb.roles[page.ident]
        order = [r.id for r in hb.roles_in(role.department)] if role.department else []
    elif page.kind in KIND_FOLDERS:
        order = list(hb.table(page.kind))
    else:
        return None, None
    if page.ident not in order:
        return None, None
    i = order.index(page.ident)

    def uri(j: int) -> str | None:
        return f"{FOLDERS[page.kind]}/{order[j]}.{page.lang}.md" if 0 <= j < len(order) else None

    return uri(i - 1), uri(i + 1)


def place(page: Any, generated: GeneratedPage, hb: Handbook, nav: Any, files: Any) -> Any | None:
    """Light the section tab of a generated page and link its neighbours; returns the tab lit,
    which the caller puts out again once the page is written (None if none was lit)."""
    if files is not None:
        before, after = neighbours(hb, generated)
        for attr, uri in (("previous_page", before), ("next_page", after)):
            file = files.get_file_from_path(uri) if uri else None
            setattr(page, attr, file.page if file is not None else None)
    tab = section_item(nav, generated.kind)
    if tab is None or tab.active:
        return None
    tab.active = True
    return tab


def crumbs(page: Any, files: Any, lang: str) -> list[tuple[Markup, str]]:
    """The page's `crumbs` (name or none, docs path without suffix) as (HTML, link relative to
    the page); a step without a name takes its page's title (HTML already, as MkDocs makes it);
    a step whose page is missing is left out."""
    out = []
    for title, path in page.meta.get("crumbs") or []:
        file = files.get_file_from_path(f"{path}.{lang}.md") if files is not None else None
        if file is not None and (title is not None or file.page is not None):
            shown = Markup(escape(str(title))) if title is not None else Markup(file.page.title or "")
            out.append((shown, file.url_relative_to(page.file)))
    return out


@dataclass(frozen=True)
class Footer:
    """What the footer partial (overrides/partials/copyright.html) shows."""

    about_url: str  # site-relative; the partial makes it relative to the page
    about: str


def footer(labels: Labels, lang: str, default: str) -> Footer:
    return Footer("about/" if lang == default else f"{lang}/about/", labels.plain("about"))


def glossary_url(files: Any, page: Any, lang: str) -> str:
    """The glossary page of a page's edition, relative to the page ("" if there is none)."""
    glossary = files.get_file_from_path(f"glossary.{lang}.md")
    return get_relative_url(glossary.url, page.url) if glossary is not None else ""


_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" )title="Permanent link"')


def translate_permalinks(html: str, title: str) -> str:
    """Python-Markdown's toc titles every heading's link "Permanent link", in English on every
    edition: say it in the page's language."""
    return _PERMALINK.sub(lambda m: f'{m.group(1)}title="{escape(title)}"', html)


class Place:
    """For one build: the tab lit for the page being written (put out when the next page's
    context is made)."""

    def __init__(self) -> None:
        self.lit_tab: Any = None

    def context(self, context: dict, page: Any, nav: Any, content: Any, default: str) -> None:
        """Fill the theme's context for `page`: its tab, neighbours and breadcrumb if it is
        generated, and every page's footer."""
        # Material puts `page.title | striptags` in <title>; striptags un-escapes entities, so a
        # role named "</title><script>…" would run. page.title is escaped; a meta title goes as is.
        if page.title and not page.is_homepage and not page.meta.get("title"):
            page.meta["title"] = page.title
        if content is None:
            return
        if self.lit_tab is not None:  # the last page's
            self.lit_tab.active, self.lit_tab = False, None
        lang = file_language(page.file, default)
        labels = content.labels(lang)
        generated = content.pages.get(page.file.src_uri)
        if generated is not None:
            self.lit_tab = place(page, generated, content.handbook, nav, content.files)
            context["playbook_crumbs"] = crumbs(page, content.files, lang)
        context["playbook_footer"] = footer(labels, lang, default)
        if page.content:
            page.content = translate_permalinks(page.content, labels.plain("permalink"))
