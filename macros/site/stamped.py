"""Job postings and onboarding paths drawn from one page's output instead of the theme's.

A 2,000-role handbook has 12,000 of them (two per role and edition), all drawn by the same
lighter template (bodies.TEMPLATE) at the same depth, and drawing each through Material's theme
cost as much as the rest of the build. So they are read and converted by MkDocs as any page (links
checked, title and body made) and given their context by every plugin (search indexes them,
mkdocs-static-i18n points their language switcher, ours sets their title and breadcrumb); only
the drawing changes. Once MkDocs has read every page they are set aside from its build loop, and
at the end of the build each is written thus: the first page of each shape (template, front
matter, which parts it has) is drawn by the theme and cut into constant text around the page's own
parts (`Slot`: addresses, title, language links, breadcrumb, edit link, content); the others are
that text with their own parts put in. The second page of each shape is drawn by the theme too
and must come out of the cut text byte for byte, and no constant text may hold the first page's
title or address: otherwise the build stops, naming the page (a theme release that shows
something else of the page elsewhere). Their search entries are put back in page order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ..render.pages import HTML_KINDS, GeneratedPage
from . import upstream

CRUMBS = "partials/crumbs.html"  # the breadcrumb (overrides/), drawn alone for a stamped page


@dataclass(frozen=True)
class Slot:
    """One part of a page as the theme draws it: `value` right after `before` and before `after`
    (those three together once in the page); with `near`, `before` is a mark found once, and the
    value is its first occurrence after it."""

    name: str
    before: str
    value: str
    after: str = ""
    near: bool = False


def slots(page: Any, context: Any, env: Any) -> list[Slot] | None:
    """The parts of `page` that differ from page to page, as the theme draws them; None for a
    page this module does not draw (no title of its own for <title>, no heading to skip to)."""
    title, toc = page.meta.get("title"), list(page.toc)
    if not title or not toc or page.title is None:
        return None
    url = lambda value: upstream.theme_url(context, value)  # noqa: E731 - the theme's `url` filter
    out = []
    if page.canonical_url:
        out.append(Slot("canonical", '<link rel="canonical" href="', page.canonical_url, '">'))
    for alt in upstream.alternates(context["config"]):
        link, lang = url(alt["link"]), alt["lang"]
        out.append(Slot(f"alternate {lang}", '<link rel="alternate" href="', link, f'" hreflang="{lang}">'))
        out.append(Slot(f"switch {lang}", '<a href="', link, f'" hreflang="{lang}" class="md-select__link">'))
    out.append(Slot("title", "<title>", title, " - "))
    out.append(Slot("skip", '<a href="', url(toc[0].url), '" class="md-skip">'))
    out.append(Slot("topic", 'data-md-component="header-topic">', page.title, "\n", near=True))
    if page.edit_url:
        out.append(Slot("edit", '<a href="', page.edit_url, '" title="'))
    if context.get("playbook_crumbs"):
        crumbs = env.get_template(CRUMBS).render(playbook_crumbs=context["playbook_crumbs"], page=page)
        out.append(Slot("crumbs", "", crumbs))
    out.append(Slot("content", "", page.content))
    return out


def shape(page: Any, parts: list[Slot]) -> str:
    """Pages of one shape are drawn alike: same template, front matter and parts."""
    meta = {k: v for k, v in page.meta.items() if k not in ("title", "crumbs")}
    return json.dumps([meta, [slot.name for slot in parts]], sort_keys=True, default=str)


class CutError(Exception):
    """A drawn page could not be cut into constant text and its parts; the message says why."""


@dataclass(frozen=True)
class Shell:
    """A drawn page as constant text (`chunks`) around its parts, in the order they appear."""

    chunks: tuple[str, ...]
    order: tuple[str, ...]  # the parts' names, as they appear

    @classmethod
    def cut(cls, drawn: str, parts: list[Slot], own: tuple[str, ...] = ()) -> Shell:
        """Cut `drawn` around `parts`; no constant text may hold any of `own` (the page's title
        and address: shown somewhere this module does not know of)."""
        spans = []
        for slot in parts:
            if slot.near:
                if drawn.count(slot.before) != 1:
                    raise CutError(f"{slot.name}: {slot.before!r} is not found once")
                start = drawn.find(slot.value + slot.after, drawn.index(slot.before) + len(slot.before))
            else:
                whole = slot.before + slot.value + slot.after
                if drawn.count(whole) != 1:
                    raise CutError(f"{slot.name}: {whole[:80]!r} is not found once")
                start = drawn.index(whole) + len(slot.before)
            if start < 0:
                raise CutError(f"{slot.name}: not found")
            spans.append((start, start + len(slot.value), slot.name))
        spans.sort()
        chunks, at = [], 0
        for start, end, name in spans:
            if start < at:
                raise CutError(f"{name} overlaps another part")
            chunks.append(drawn[at:start])
            at = end
        chunks.append(drawn[at:])
        for text in own:
            if any(text in chunk for chunk in chunks):
                raise CutError(f"{text!r} is shown outside the parts this module fills in")
        return cls(tuple(chunks), tuple(name for _, _, name in spans))

    def stamp(self, parts: list[Slot]) -> str:
        values = {slot.name: slot.value for slot in parts}
        out = [self.chunks[0]]
        for name, chunk in zip(self.order, self.chunks[1:], strict=True):
            out.append(values[name])
            out.append(chunk)
        return "".join(out)


class Searched:
    """Search reads only the start of these pages (upstream.searched_part: their later sections
    are left out of search), once two pages of a shape gave the same entries either way."""

    CHECKS = 2

    def __init__(self) -> None:
        self.same: dict[str | None, int] = {}  # of each shape, the pages that gave the same entries

    def index(self, config: Any, page: Any, content: str, key: str | None) -> None:
        same = self.same.get(key, 0)
        if key is None or same < self.CHECKS:  # (same < 0: a shape read whole, always)
            entries = upstream.search_entries(config, page, content)
            if key is not None and same >= 0:
                part = upstream.search_entries(config, page, upstream.searched_part(content))
                self.same[key] = same + 1 if part == entries else -1  # -1: read whole, always
        else:
            entries = upstream.search_entries(config, page, upstream.searched_part(content))
        upstream.add_search_entries(config, entries)


class Stamper:
    """One edition's build: its job postings and onboarding paths, set aside from MkDocs' build
    loop once read (`set_aside`, on_env), written at the end of the build (`write`)."""

    def __init__(self, files: Any, aside: list[Any], rank: dict[str, int], reader: Any = None):
        self.files = files
        self.aside = aside  # their MkDocs files, in the build's order
        self.rank = rank  # every page's place in that order, by url (for search entries)
        self.reader = reader  # reading.py's Reader: the bodies of the pages it read

    @classmethod
    def set_aside(cls, files: Any, generated: dict[str, GeneratedPage], reader: Any = None) -> Stamper:
        """Take the pages with an HTML body out of `files`: they are read already; MkDocs
        neither draws nor copies them now."""
        pages = files.documentation_pages()
        aside = [f for f in pages if (g := generated.get(f.src_uri)) is not None and g.kind in HTML_KINDS]
        for file in aside:
            files.remove(file)
        rank = {f.page.url: i for i, f in enumerate(pages) if f.page is not None}
        return cls(files, aside, rank, reader)

    def write(self, config: Any, nav: Any, env: Any, bring_back: Any = None) -> None:
        """Draw and write every page set aside that this build read (a dirty build reads the
        changed ones only), then give them back to `files` (for the live preview, which renders
        a changed page again with them)."""
        doc_files = self.files.documentation_pages()
        for file in self.aside:  # links in the bodies made now may lead to any of them
            self.files.append(file)
        shells: dict[str, Shell] = {}
        checked: set[str] = set()
        searched = Searched()
        for file in self.aside:
            page = file.page
            if page is None or page.content is None:
                continue
            if bring_back is not None:
                bring_back(page)  # its HTML, put away until it is written (held.py)
            if self.reader is not None and self.reader.has_body_to_make(page):  # read by reading.py
                page.content = self.reader.html(page, self.files)
            content = page.content  # as Material's search reads it
            context = upstream.page_context(page, config, nav, doc_files, index=False)
            parts = slots(page, context, env)
            key = shape(page, parts) if parts is not None else None
            searched.index(config, page, content, key)
            if parts is not None and key in checked:  # its shell is made and checked
                drawn = shells[key].stamp(parts)
            else:
                drawn = upstream.page_template(env, page).render(context)
                if parts is not None and key is not None:
                    self._learn(shells, checked, key, drawn, parts, page)
            upstream.write_page(page, config, drawn)
        upstream.order_search_entries(config, lambda url: self.rank.get(url, len(self.rank)))

    @staticmethod
    def _learn(
        shells: dict[str, Shell], checked: set[str], key: str, drawn: str, parts: list[Slot], page: Any
    ) -> None:
        """A page of shape `key` drawn by the theme: the shape's shell, or the check of it."""
        shell = shells.get(key)
        try:
            if shell is None:
                shells[key] = Shell.cut(drawn, parts, own=(page.title, page.url))
                return
        except CutError as exc:
            raise PluginError(
                f"{page.file.src_uri}: this theme draws the page in a way playbook cannot reuse ({exc}); "
                f"see macros/site/stamped.py"
            ) from None
        if shell.stamp(parts) != drawn:
            raise PluginError(
                f"{page.file.src_uri}: drawn from another page's output, it differs from the theme's "
                f"drawing of it; see macros/site/stamped.py"
            )
        checked.add(key)


class StampedEvents:
    """The plugin's events for these pages (mixed into it): read before MkDocs' page loop
    (reading.py), set aside once every page is read, drawn at the end."""

    @event_priority(-200)  # the last on_nav: MkDocs' page loop is next
    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.content.read_aside(config, files)  # type: ignore[attr-defined]
        return nav

    def set_aside_read(self, env: Any, *, config: Any, files: Any) -> Any:
        content = self.content  # type: ignore[attr-defined]
        if content is not None:  # (none when upstream.compile_theme asks outside a build)
            content.set_aside(files, self.broken is None)  # type: ignore[attr-defined]
        return env

    @event_priority(100)  # before Material's search writes its index, and i18n builds the next language
    def draw_set_aside(self, *, config: Any) -> None:
        held = self.held  # type: ignore[attr-defined]
        self.content.draw_set_aside(config, self.preview.seen, held.bring_back)  # type: ignore[attr-defined]
