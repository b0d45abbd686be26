"""Pages drawn from another page's output (macros/site/stamped.py), without a build: a drawn
page is cut around its own parts, and another page of the same shape is that text with its parts
put in; a part the cut cannot place, or a page's title shown elsewhere, stops it."""

from __future__ import annotations

import pytest

from macros.site.stamped import CutError, Shell, Slot

DRAWN = (
    '<head><link rel="canonical" href="https://x/roles/a/job/"><title>Hiring: A &amp; B - Site</title>'
    '</head><body><a href="#hiring-a-b" class="md-skip">Skip</a>'
    '<div data-md-component="header-topic">\n  Hiring: A &amp; B\n</div>'
    '<article><h1 id="hiring-a-b">Hiring: A &amp; B</h1><p>Body of A</p></article></body>'
)


def parts(canonical: str, title: str, anchor: str, content: str) -> list[Slot]:
    return [
        Slot("canonical", '<link rel="canonical" href="', canonical, '">'),
        Slot("title", "<title>", title, " - "),
        Slot("skip", '<a href="', anchor, '" class="md-skip">'),
        Slot("topic", 'data-md-component="header-topic">', title, "\n", near=True),
        Slot("content", "", content),
    ]


A = parts(
    "https://x/roles/a/job/",
    "Hiring: A &amp; B",
    "#hiring-a-b",
    '<h1 id="hiring-a-b">Hiring: A &amp; B</h1><p>Body of A</p>',
)


def test_a_page_cut_and_stamped_with_its_own_parts_is_the_same_page() -> None:
    assert Shell.cut(DRAWN, A, own=("Hiring: A &amp; B",)).stamp(A) == DRAWN


def test_another_page_gets_its_own_parts_in_the_same_places() -> None:
    c = parts(
        "https://x/roles/c/job/", "Hiring: &lt;C&gt;", "#hiring-c", '<h1 id="hiring-c">Hiring: &lt;C&gt;</h1>'
    )
    out = Shell.cut(DRAWN, A).stamp(c)
    assert "<title>Hiring: &lt;C&gt; - Site</title>" in out
    assert 'href="https://x/roles/c/job/"' in out and 'href="#hiring-c" class="md-skip"' in out
    assert "\n  Hiring: &lt;C&gt;\n" in out and "Body of A" not in out and "A &amp; B" not in out


def test_a_part_not_found_once_stops_the_cut() -> None:
    with pytest.raises(CutError, match="edit"):
        Shell.cut(DRAWN, [*A, Slot("edit", '<a href="', "https://repo/edit/a.yaml", '" title="')])
    twice = DRAWN.replace("</body>", '<link rel="canonical" href="https://x/roles/a/job/"></body>')
    with pytest.raises(CutError, match="canonical"):
        Shell.cut(twice, A)


def test_the_title_shown_outside_the_parts_stops_the_cut() -> None:
    leaky = DRAWN.replace("</body>", '<meta property="og:title" content="Hiring: A &amp; B"></body>')
    with pytest.raises(CutError, match="outside the parts"):
        Shell.cut(leaky, A, own=("Hiring: A &amp; B",))
