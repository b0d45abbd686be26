"""Rendering without MkDocs: data → Markdown, for the cases a real build would make slow."""

from __future__ import annotations

from pathlib import Path

from macros.model.loader import load_handbook
from macros.render.pages import Renderer, demote, md_escape, strip_front_matter

from .conftest import ROOT
from .minimal import write_handbook

TEMPLATES = ROOT / "playbook" / "_templates"


def test_markdown_escaping_keeps_data_as_text() -> None:
    assert md_escape("*bold* [x](y) `c` #1 a_b | <b>") == r"\*bold\* \[x\]\(y\) \`c\` \#1 a\_b \| <b>"


def test_front_matter_and_heading_levels_for_embedded_pages() -> None:
    page = "---\nhide: [toc]\n---\n\n# Title\n\n## Duties\n\nText # not a heading\n"
    assert demote(strip_front_matter(page), 2) == "### Title\n\n#### Duties\n\nText # not a heading\n"


def test_print_page_of_a_huge_handbook_points_to_departments(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    small = Renderer(hb, TEMPLATES).render("print.md.j2", "en", "print.en.md")
    assert "Operations Assistant" in small and "too many roles" not in small
    role = hb.roles["ops-assistant"]
    for n in range(301):
        hb.roles[f"extra-{n}"] = role.model_copy(update={"id": f"extra-{n}"})
    huge = Renderer(hb, TEMPLATES).render("print.md.j2", "en", "print.en.md")
    assert "too many roles to print as one page" in huge
    assert "[Operations](departments/ops.md)" in huge
    assert huge.count("Operations Assistant") == 0
