"""Rendering without MkDocs: data → Markdown, for the cases a real build would make slow."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from macros.model.loader import load_handbook
from macros.render.escape import md_escape
from macros.render.filters import FILTERS, THEME_FILTERS, demote, strip_front_matter
from macros.render.hant import converter
from macros.render.pages import Renderer, _relative
from macros.render.tree import expand_macros, write_markdown_trees

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


def test_the_core_writes_each_editions_complete_markdown_tree(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path / "hb"))
    renderer = Renderer(hb, TEMPLATES, {"zh-Hant": converter()})
    docs = ROOT / "playbook"

    trees = write_markdown_trees(renderer, docs, tmp_path / "out", ("zh", "en", "zh-Hant"))

    assert sorted(trees) == ["en", "zh", "zh-Hant"]
    for lang, tree in trees.items():
        names = {p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()}
        assert {"index.md", "roles/index.md", "roles/ops-manager.md", "print.md"} <= names, lang
        assert "responsibilities/small-team.md" in names and "assets/playbook.css" in names
        assert not any(name.startswith("_templates") for name in names)
        for page in tree.rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            assert "{{" not in text and "render_macros" not in text, page
    assert "Operations Manager" in (trees["en"] / "roles/index.md").read_text(encoding="utf-8")
    # a page whose body is HTML links the pages' addresses (no engine rewrites links in HTML)
    posting = (trees["en"] / "roles/ops-assistant/job.md").read_text(encoding="utf-8")
    assert '<a href="../">' in posting and '.md"' not in posting  # the role's page, from its posting
    assert "playbook:html-body" not in posting and "template:" not in posting
    hant_roles = (trees["zh-Hant"] / "roles/index.md").read_text(encoding="utf-8")
    assert "運營經理" in hant_roles and "运营经理" not in hant_roles


def test_expanding_macros_keeps_the_rest_of_the_front_matter(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    renderer = Renderer(hb, TEMPLATES)
    page = "---\nhide: [toc]\nrender_macros: true\n---\n# Roles\n\n{{ role_index() }}\n"
    expanded = expand_macros(page, renderer, "en", "roles/index.en.md")
    assert expanded.startswith("---\nhide: [toc]\n---\n# Roles\n\n") and "Operations Manager" in expanded
    assert expand_macros("# {{ role_index() }}\n", renderer, "en", "x.en.md") == "# {{ role_index() }}\n"


def test_glossary_tooltips_are_a_markdown_extension() -> None:
    import markdown

    from macros.render.glossary import Glossary
    from macros.render.glossary_extension import GlossaryExtension

    terms = {"SKU": ("Stock keeping unit", "sku"), "客单价": ("每单平均金额", "aov")}
    current: list[Glossary | None] = [Glossary(terms).at("../glossary/")]
    md = markdown.Markdown(extensions=["toc", GlossaryExtension(lambda: current[0])])
    html = md.convert("# SKU\n\nEach SKU counts; 提升客单价. `SKU`")
    assert html == (
        '<h1 id="sku">SKU</h1>\n<p>Each <a class="pb-term" href="../glossary/#sku">'
        '<abbr title="Stock keeping unit">SKU</abbr></a> counts; '
        '提升<a class="pb-term" href="../glossary/#aov"><abbr title="每单平均金额">客单价</abbr></a>. '
        "<code>SKU</code></p>"
    )
    current[0] = None  # e.g. the glossary page itself
    assert "<abbr" not in md.reset().convert("Each SKU counts")


def test_template_filters_shape_text_without_python_string_methods() -> None:
    assert [FILTERS["minutes"](c) for c in ("00:00", "08:30", "24:00")] == [0, 510, 1440]
    assert [FILTERS["day_percent"](m) for m in (0, 510, 1440, 465.0)] == [
        "0.000",
        "35.417",
        "100.000",
        "32.292",
    ]
    assert FILTERS["share_of_span"](510, 1440, 1, 2) == ("67.708", "32.292")  # the late shift of two
    assert [FILTERS["number"](h) for h in (15.5, 16.0)] == ["15.5", "16"]
    body = FILTERS["demote"](FILTERS["body"](Markup("---\nhide: [toc]\n---\n\n# A &amp; B\n")), 1)
    assert body == Markup("## A &amp; B\n") and isinstance(body, Markup)  # already safe: kept so
    assert [THEME_FILTERS["no_trailing_slash"](u) for u in ("/", "../", ".")] == ["", "..", "."]


def test_no_template_calls_python_string_methods_on_data() -> None:
    """Slicing, `%` formatting and string methods belong in named filters (render/filters.py)."""
    python = re.compile(
        r"\{[{%][^}]*(\.(replace|split|strip|rstrip|lstrip|startswith|endswith|format)\(|\[-?\d*:|'\s*%\s|\"\s*%\s)"
    )
    for path in [*(ROOT / "playbook/_templates").glob("*.j2"), *(ROOT / "overrides").rglob("*.html")]:
        assert not python.search(path.read_text(encoding="utf-8")), path.name


def test_pinyin_read_ahead_is_collected_with_the_readings_asked_later(monkeypatch) -> None:
    """A build starts the pypinyin process early (Renderer.read_ahead); the answers it gives
    are those a later ask would, and texts it was not given are read when asked."""
    from macros.render import glossary

    monkeypatch.setattr(glossary, "_PINYIN", {})  # none known yet (another test may have read them)
    monkeypatch.setattr(glossary, "_imported", lambda: False)  # as in a build's own process
    glossary.ask_pinyin(["客单价", "直通车"])
    assert glossary._ASKED  # under way, beside this process
    keys = glossary.pinyin_keys(["客单价", "直通车", "GMV增长"])
    assert not glossary._ASKED
    assert keys["客单价"] == "ke dan jia"
    assert keys["直通车"] == "zhi tong che"
    assert keys["GMV增长"] == "gmv zeng zhang"


def test_pinyin_process_started_before_the_data_answers_when_asked(monkeypatch) -> None:
    """start_pinyin starts the process before there is anything to ask (it reads its
    dictionaries meanwhile); asked later, it answers as a process started then would; once per
    process; one never asked ends when a build finds nothing to ask."""
    from macros.render import glossary

    monkeypatch.setattr(glossary, "_PINYIN", {})
    monkeypatch.setattr(glossary, "_STARTED", [])
    monkeypatch.setattr(glossary, "_imported", lambda: False)
    glossary.start_pinyin()
    started = glossary._ASKED[-1]
    assert started.texts is None  # under way, not asked yet
    glossary.start_pinyin()
    assert len(glossary._ASKED) == 1 and glossary._ASKED[0] is started  # not a second one
    assert glossary.pinyin_keys(["客单价"])["客单价"] == "ke dan jia"
    assert not glossary._ASKED and started.process.returncode == 0

    monkeypatch.setattr(glossary, "_STARTED", [])
    glossary.start_pinyin()
    unasked = glossary._ASKED[-1]
    glossary.pinyin_order([], ["zh"])  # nothing to read: the process ends
    assert not glossary._ASKED and unasked.process.returncode == 0


def test_a_process_with_pypinyin_imported_reads_as_the_pinyin_process_does(monkeypatch) -> None:
    """A process that imported pypinyin already (a server forking builds from itself) starts
    no process and reads each text as the process reads it: every term of the handbook."""
    import pypinyin  # noqa: F401 - imported, as such a server has it

    from macros.render import glossary

    texts = [term.term.zh for term in load_handbook(ROOT / "data").terms.values()] + ["GMV增长"]
    monkeypatch.setattr(glossary, "_PINYIN", {})
    monkeypatch.setattr(glossary, "_imported", lambda: False)
    by_process = dict(glossary.pinyin_keys(texts))
    monkeypatch.undo()
    monkeypatch.setattr(glossary, "_PINYIN", {})
    monkeypatch.setattr(glossary, "_STARTED", [])
    glossary.start_pinyin()
    assert not glossary._ASKED  # no process
    assert glossary.pinyin_keys(texts) == by_process


@pytest.mark.parametrize(
    ("target", "start"),
    [
        ("roles/a.md", "roles/b"),
        ("roles/a/job.md", "roles/a"),
        ("glossary.md", "roles/a/x"),
        ("roles/index.md", "."),
        ("./roles//a.md", "roles/"),
        ("roles/a.md", "roles/a.md"),
        ("../outside.md", "roles"),
        ("/abs/a.md", "roles"),
    ],
)
def test_relative_links_are_those_relpath_makes(target: str, start: str) -> None:
    """Links between pages are worked out from the paths' parts (pages._relative), as relpath
    works them out."""
    assert _relative(target, start) == posixpath.relpath(target, start)
