"""Text never turns into markup (issue 12): any text, in any field, leaves the structure of every
page as it was — the same headings, list items, tables, rules and code blocks — and shows as
written. Hypothesis drives arbitrary and Markdown-laden text through each kind of field; pages
are rendered by the Renderer and converted by Python-Markdown with the site's extensions (no
MkDocs build per example)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from macros.model import schema
from macros.model.characters import FORBIDDEN
from macros.model.handbook import Handbook
from macros.model.kinds import BY_TABLE
from macros.model.loader import load_handbook
from macros.render.escape import one_line
from macros.render.pages import Renderer

from .conftest import ROOT
from .minimal import write_handbook

TEMPLATES = ROOT / "playbook" / "_templates"
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "def_list", "tables", "admonition", "toc"]


def test_extensions_are_the_sites() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = config.split("markdown_extensions:")[1].split("\nnav:")[0]
    assert re.findall(r"^  - (\w+)", block, re.M) == EXTENSIONS


def _set(model, path: tuple, value):
    """`model` with the field at `path` (names and list indexes) replaced by `value`."""
    head, *rest = path
    if isinstance(model, list):
        items = list(model)
        items[head] = _set(items[head], tuple(rest), value) if rest else value
        return items
    current = getattr(model, head)
    return model.model_copy(update={head: _set(current, tuple(rest), value) if rest else value})


# (table, id, field path) for every kind of text field the pages show.
FIELDS = [
    ("roles", "ops-assistant", ("name",)),
    ("roles", "ops-assistant", ("summary",)),
    ("roles", "ops-assistant", ("duties", 0)),
    ("roles", "ops-manager", ("skills", 0)),
    ("roles", "ops-manager", ("kpis", 0)),
    ("roles", "ops-manager", ("notes", 0)),
    ("roles", "ops-manager", ("aliases", 0)),
    ("departments", "ops", ("name",)),
    ("departments", "ops", ("summary",)),
    ("departments", "ops", ("duties", 0)),
    ("templates", "small-team", ("name",)),
    ("templates", "small-team", ("summary",)),
    ("templates", "small-team", ("notes", 0)),
    ("templates", "small-team", ("principles", 0, "name")),
    ("templates", "small-team", ("principles", 0, "text")),
    ("processes", "launch", ("name",)),
    ("processes", "launch", ("summary",)),
    ("processes", "launch", ("notes", 0)),
    ("processes", "launch", ("steps", 0, "name")),
    ("processes", "launch", ("steps", 0, "summary")),
    ("processes", "launch", ("steps", 0, "actions", 0, "text")),
    ("processes", "launch", ("steps", 0, "substeps", 0, "name")),
    ("processes", "launch", ("steps", 0, "substeps", 0, "text")),
    ("terms", "sku", ("term",)),
    ("terms", "sku", ("definition",)),
]
PAGES = [
    ("role.md.j2", "roles", "ops-assistant"),
    ("role.md.j2", "roles", "ops-manager"),
    ("department.md.j2", "departments", "ops"),
    ("template.md.j2", "templates", "small-team"),
    ("matrix.md.j2", "templates", "small-team"),
    ("process.md.j2", "processes", "launch"),
    ("index-departments.md.j2", None, None),
    ("index-roles.md.j2", None, None),
    ("index-templates.md.j2", None, None),
    ("index-processes.md.j2", None, None),
    ("glossary.md.j2", None, None),
    ("print.md.j2", None, None),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    """The minimal handbook, with one item in every list field the pages show."""
    hb = load_handbook(write_handbook(tmp_path_factory.mktemp("structure")))
    x = schema.Text(zh="x", en="x")
    hb.roles["ops-manager"] = hb.roles["ops-manager"].model_copy(
        update={"skills": [x], "kpis": [x], "notes": [x], "aliases": [x]}
    )
    hb.departments["ops"] = hb.departments["ops"].model_copy(update={"duties": [x]})
    principle = schema.Principle(name=x, text=x)
    hb.templates["small-team"] = hb.templates["small-team"].model_copy(
        update={"notes": [x], "principles": [principle]}
    )
    process = hb.processes["launch"]
    step = process.steps[0].model_copy(update={"substeps": [schema.SubStep(name=x, text=x)]})
    hb.processes["launch"] = process.model_copy(update={"notes": [x], "steps": [step]})
    return hb


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(hb: Handbook, lang: str = "en") -> tuple[list[Counter[str]], str]:
    renderer = Renderer(hb, TEMPLATES)
    shapes, text = [], []
    for template, table, ident in PAGES:
        context = {"item": getattr(hb, table)[ident]} if table else {}
        tags, words = converted(renderer.render(template, lang, f"x/page.{lang}.md", **context))
        shapes.append(tags)
        text.append(words)
    return shapes, " ".join(text)


@functools.lru_cache(maxsize=4096)
def converted(source: str) -> tuple[Counter[str], str]:
    """The tags and the text of a page's Markdown once converted. The same source converts the
    same way: the pages that do not show the field an example changes are converted once."""
    parser = _Tags()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return parser.tags, " ".join(parser.text)


def with_text(hb: Handbook, table: str, ident: str, path: tuple, value: str) -> Handbook:
    text = schema.Text(zh=value, en=value)
    entities = dict(getattr(hb, table))
    entities[ident] = _set(entities[ident], path, text)
    kind = BY_TABLE[table].name
    return Handbook({**hb.tables, kind: entities}, hb.sources)


MARKDOWN_BITS = [
    "1. ",
    "1) ",
    "- ",
    "+ ",
    "* ",
    "---",
    "===",
    "=====",
    "***",
    "___",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "> ",
    ": ",
    ":   ",
    "|",
    "| --- |",
    "`",
    "```",
    "~~~",
    "<b>",
    "</div>",
    "<!--",
    "&amp;",
    "&#45;",
    "{ #x }",
    "{: .y }",
    "[a](b)",
    "![i](x.png)",
    "*[SKU]: z",
    "\\",
    "_",
    "**",
    "<https://x.org>",
    "[^1]",
    "!!! note",
    "??? x",
    "<div markdown>",
    " 2. ",
    "\r\n",
    "\u2028",
    "x",
    "店长",
    "English words",
    "=",
    "-",
    "。",
    ".",
    "0",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(MARKDOWN_BITS), min_size=1, max_size=8).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30),
)


_EXPECTED: dict[tuple, list[Counter[str]]] = {}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=TEXTS)
def test_any_text_in_any_field_keeps_the_page_structure(base: Handbook, field: tuple, value: str) -> None:
    assume(value.strip() and not FORBIDDEN.search(value))  # refused when loaded (test_hostile)
    table, ident, path = field
    if field not in _EXPECTED:
        _EXPECTED[field] = structure(with_text(base, table, ident, path, "x"))[0]
    expected = _EXPECTED[field]
    shapes, text = structure(with_text(base, table, ident, path, value))
    assert shapes == expected
    assert one_line(value) in re.sub(r"\s+", " ", text)
