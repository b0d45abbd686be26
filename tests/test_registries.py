"""Adding a language or a kind of data is one edit: a copy of the package with one entry added to
its registry (model/languages.py or model/kinds.py), run in a fresh interpreter, and everything
downstream follows — the text model and its JSON schema, messages naming file, line and field,
the loader, the Handbook's tables, coverage, the changelog, the pages and the site's tabs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import ROOT


def package_with(tmp_path: Path, module: str, anchor: str, addition: str) -> Path:
    """A copy of `macros/` with `addition` inserted after the line `anchor` of `module`."""
    shutil.copytree(ROOT / "macros", tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "macros" / module
    source = path.read_text(encoding="utf-8")
    assert source.count(anchor + "\n") == 1, f"{module}: the anchor line must occur once"
    path.write_text(source.replace(anchor + "\n", anchor + "\n" + addition, 1), encoding="utf-8")
    return tmp_path


def run(package: Path, code: str) -> dict:
    """Run `code` with the copied package first on the path; it prints one JSON object."""
    preamble = f"import json, macros\nassert macros.__file__.startswith({str(package)!r}), macros.__file__\n"
    result = subprocess.run(
        [sys.executable, "-c", preamble + textwrap.dedent(code)],
        cwd=package,
        env={"PYTHONPATH": str(package), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


LAST_LANGUAGE = '    Language(HANT, "Traditional Chinese (zh-Hant)", ("zh",), derived_from="zh"),'


def test_a_derived_language_is_one_entry(tmp_path: Path) -> None:
    entry = '    Language("zh-HK", "Hong Kong Chinese (zh-HK)", ("zh",), derived_from="zh"),\n'
    package = package_with(tmp_path, "model/languages.py", LAST_LANGUAGE, entry)
    out = run(
        package,
        f"""
        from pathlib import Path
        from macros.cli.schema import schema_for
        from macros.model import languages
        from macros.model.loader import load_handbook
        from macros.model.schema import Text
        from macros.render.pages import Renderer

        hb = load_handbook(Path({str(ROOT / "data")!r}))
        role = next(iter(hb.roles.values()))
        given = Text.model_validate({{"zh": "店长", "en": "Store Manager", "zh-HK": "店舖經理"}})
        renderer = Renderer(hb, Path({str(ROOT / "playbook/_templates")!r}))
        pages = [p for p in renderer.pages(("zh-HK",)) if p.kind == "role"]
        print(json.dumps({{
            "own": given.get("zh-HK"),
            "derived": role.name.get("zh-HK") == role.name.zh,
            "schema": sorted(schema_for("roles")["$defs"]["Text"]["properties"]),
            "required": schema_for("roles")["$defs"]["Text"]["required"],
            "search": languages.SEARCH["zh-HK"],
            "page": pages[0].src_uri,
            "heading": pages[0].markdown.split("\\n# ", 1)[1].split("\\n")[0] == role.name.zh,
        }}))
        """,
    )
    assert out["own"] == "店舖經理" and out["derived"]
    assert out["schema"] == ["en", "zh", "zh-HK", "zh-Hant"] and out["required"] == ["zh", "en"]
    assert out["search"] == ["zh"]
    assert out["page"].endswith(".zh-HK.md") and out["heading"]


def test_a_written_language_is_required_of_every_text(tmp_path: Path) -> None:
    entry = '    Language("fr", "French (fr)", ("fr",)),\n'
    package = package_with(tmp_path, "model/languages.py", LAST_LANGUAGE, entry)
    out = run(
        package,
        f"""
        from pathlib import Path
        from macros.model.errors import DataError
        from macros.model.loader import load_handbook

        try:
            load_handbook(Path({str(ROOT / "data")!r}))
        except DataError as error:
            problems = error.problems
        first = next(p for p in problems if p.path.endswith("departments.yaml"))
        print(json.dumps({{
            "codes": sorted({{p.code for p in problems}}),
            "first": str(first),
        }}))
        """,
    )
    assert out["codes"] == ["missing-text"]
    assert out["first"].startswith("data/departments.yaml:")
    assert out["first"].endswith(".name.fr: missing French (fr) text: every text needs zh, en and fr")


STORE_KIND = """\
    Kind(
        "stores",
        "stores/*.yaml",
        create_model(
            "Store",
            __base__=schema.Model,
            id=(schema.Id, ...),
            name=(schema.Text, ...),
            summary=(schema.Text, ...),
        ),
        "store",
        "stores",
        None,
        "stores",
        "print_stores",
        "playbook store (data/stores/*.yaml)",
    ),
"""


def test_a_kind_is_one_entry(tmp_path: Path) -> None:
    package = package_with(tmp_path, "model/kinds.py", "KINDS = (", STORE_KIND)
    kinds = package / "macros/model/kinds.py"  # (the entry's own import)
    kinds.write_text(
        kinds.read_text(encoding="utf-8").replace(
            "from pydantic import BaseModel\n", "from pydantic import BaseModel, create_model\n"
        ),
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "data", tmp_path / "base" / "data")
    shutil.copytree(ROOT / "data", tmp_path / "head" / "data")
    stores = tmp_path / "head" / "data" / "stores"
    stores.mkdir()
    (stores / "flagship.yaml").write_text(
        "id: flagship\nname: {zh: 旗舰店, en: 旗舰店}\nsummary: {zh: 主店, en: The main store}\n",
        encoding="utf-8",
    )
    (stores / "outlet.yaml").write_text("id: outlet\nname: {zh: 奥莱店, en: Outlet}\n", encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "playbook/_templates", templates)
    (templates / "store.md.j2").write_text(
        "# {{ t(item.name) }}\n\n{{ t(item.summary) }}\n", encoding="utf-8"
    )
    out = run(
        package,
        f"""
        from pathlib import Path
        from macros.cli.schema import schema_for
        from macros.model.errors import DataError
        from macros.model.loader import load_handbook
        from macros.quality.compare import compare
        from macros.quality.coverage import coverage
        from macros.render.pages import Renderer
        from macros.site.place import SECTION

        try:
            load_handbook(Path({str(stores.parent)!r}))
        except DataError as error:
            broken = [str(p) for p in error.problems]
        (Path({str(stores)!r}) / "outlet.yaml").write_text(
            "id: outlet\\nname: {{zh: 奥莱店, en: Outlet}}\\nsummary: {{zh: 折扣店, en: Discounts}}\\n"
        )
        base = load_handbook(Path({str(tmp_path / "base" / "data")!r}))
        head = load_handbook(Path({str(stores.parent)!r}))
        gaps = [str(g.finding) for g in coverage(head).gaps if g.finding.kind == "store"]
        pages = Renderer(head, Path({str(templates)!r})).pages(("en",))
        page = next(p for p in pages if p.kind == "store" and p.ident == "outlet")
        print(json.dumps({{
            "broken": broken,
            "table": sorted(head.stores),
            "same": head.table("store") is head.stores,
            "line": head.source("store", "flagship").line,
            "gaps": gaps,
            "added": compare(base, head).kinds["store"].added,
            "schema": schema_for("stores")["title"],
            "page": [page.src_uri, page.markdown],
            "section": SECTION["store"],
        }}))
        """,
    )
    assert out["broken"] == ["data/stores/outlet.yaml:1:1: summary: required field is missing"]
    assert out["table"] == ["flagship", "outlet"] and out["same"] and out["line"] == 1
    assert out["gaps"] == [
        "data/stores/flagship.yaml:2:21: name.en: not translated: the en text is the same as the zh text"
    ]
    assert out["added"] == ["flagship", "outlet"]
    assert out["schema"] == "playbook store (data/stores/*.yaml)"
    assert out["page"] == ["stores/outlet.en.md", "# Outlet\n\nDiscounts\n"]
    assert out["section"] == "stores"
