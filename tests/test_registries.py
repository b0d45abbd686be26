"""Adding a language or a kind of data is one edit: a copy of the package with one entry added to
its registry (model/languages.py or model/kinds.py), run in a fresh interpreter, and everything
downstream follows — the text model and its JSON schema, messages naming file, line and field,
the loader, the Handbook's tables, coverage (`playbook check` and its page), the changelog, the
pages and the site's tabs, and a derived edition's conversion, built as a site."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from macros.render.hant import converter

from .conftest import ROOT, copy_project
from .helpers import page
from .minimal import FILES, write_handbook


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
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


LAST_LANGUAGE = '        opencc="s2tw",\n    ),'
HONG_KONG = '    Language("zh-HK", "Hong Kong Chinese", ("zh",), derived_from="zh", opencc="s2hk"),\n'
FRENCH = '    Language("fr", "French", ("fr",), native="Français", example="Gérant de magasin"),\n'
# A summary with 里 (inside): Hong Kong writes 裏, Taiwan 裡 (OpenCC s2hk and s2tw).
INSIDE = "带领店里的运营"


def with_language(tmp_path: Path, entry: str) -> Path:
    """A copy of the package with one more language in its registry."""
    return package_with(tmp_path, "model/languages.py", LAST_LANGUAGE, entry)


def hong_kong_project(folder: Path) -> Path:
    """The project with the small handbook, built in Simplified and in a zh-HK edition only."""
    copy_project(folder)
    shutil.rmtree(folder / "data")
    roles = FILES["roles/ops.yaml"].replace("{zh: 带领运营部,", f"{{zh: {INSIDE},")
    write_handbook(folder, roles__ops=roles)
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("      languages:\n"), config.index("  # The offline bundle")
    editions = """\
      languages:
        - locale: zh
          name: 简体中文
          default: true
          build: true
        - locale: zh-HK
          name: 繁體中文（香港）
          build: true
          theme:
            language: zh-Hant  # Material's interface words: it has none of its own for zh-HK
"""
    (folder / "mkdocs.yml").write_text(config[:start] + editions + config[end:], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hong_kong(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One registry entry (zh-HK, derived from zh with OpenCC s2hk) and one mkdocs.yml edition:
    the model, the pages and a built site of the small handbook."""
    tmp_path = tmp_path_factory.mktemp("hong-kong")
    package = with_language(tmp_path, HONG_KONG)
    project = hong_kong_project(tmp_path / "project")
    out = run(
        package,
        f"""
        import os, subprocess, sys
        from pathlib import Path
        from macros.cli.schema import schema_for
        from macros.model import languages
        from macros.model.loader import load_handbook
        from macros.model.schema import Text
        from macros.render.hant import edition_converters
        from macros.render.pages import Renderer

        templates = Path({str(ROOT / "playbook/_templates")!r})
        hb = load_handbook(Path({str(ROOT / "data")!r}))
        role = next(iter(hb.roles.values()))
        given = Text.model_validate({{"zh": "店长", "en": "Store Manager", "zh-HK": "店舖經理"}})
        renderer = Renderer(hb, templates, edition_converters(templates, ("zh", "zh-HK")))
        pages = [p for p in renderer.pages(("zh-HK",)) if p.kind == "role"]
        built = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd={str(project)!r},
            env={{**os.environ, "NO_MKDOCS_2_WARNING": "1"}},
            capture_output=True,
            text=True,
        )
        print(json.dumps({{
            "own": given.get("zh-HK"),
            "derived": role.name.get("zh-HK") == role.name.zh,
            "schema": sorted(schema_for("roles")["$defs"]["Text"]["properties"]),
            "required": schema_for("roles")["$defs"]["Text"]["required"],
            "search": languages.SEARCH["zh-HK"],
            "chinese": languages.CHINESE,
            "page": pages[0].src_uri,
            "heading": pages[0].markdown.split("\\n# ", 1)[1].split("\\n")[0],
            "name": role.name.zh,
            "built": [built.returncode, built.stderr[-3000:]],
        }}))
        """,
    )
    return {**out, "site": project / "site"}


def test_a_derived_language_is_one_entry(hong_kong: dict) -> None:
    assert hong_kong["own"] == "店舖經理" and hong_kong["derived"]
    assert hong_kong["schema"] == ["en", "zh", "zh-HK", "zh-Hant"] and hong_kong["required"] == ["zh", "en"]
    assert hong_kong["search"] == ["zh"] and hong_kong["chinese"] == ["zh", "zh-Hant", "zh-HK"]
    assert hong_kong["page"].endswith(".zh-HK.md")
    # its pages are converted with its own OpenCC configuration
    to_hk = converter("s2hk")
    assert hong_kong["heading"] == to_hk(hong_kong["name"]) != hong_kong["name"]


def test_a_derived_edition_is_built_converted(hong_kong: dict) -> None:
    code, stderr = hong_kong["built"]
    assert code == 0, stderr
    site = hong_kong["site"]
    role = page(site, "zh-HK/roles/ops-manager/")
    assert role.h1.get_text(strip=True) == "運營經理"
    text = role.article.get_text()
    assert "帶領店裏的運營" in text  # Hong Kong's 裏, not Taiwan's 裡 (zh-Hant) nor Simplified 里
    assert INSIDE not in text
    assert page(site, "roles/ops-manager/").article.get_text().count(INSIDE) == 1
    # hand-written pages, labels, the site's name and the search index follow the edition
    home = page(site, "zh-HK/")
    assert "電商企業裏" in home.article.get_text()
    assert home.select_one(".md-header__topic").get_text(strip=True) == "電商團隊手冊"
    assert role.find(string="職責") is not None  # labels.yaml's 职责 (duties), converted
    index = json.loads((site / "zh-HK/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert any("運營經理" in doc["title"] for doc in index["docs"])
    # the segmenter learnt the names as the edition writes them: kept whole in the index
    assert any("\u200b運營經理\u200b" in doc["text"] for doc in index["docs"])


def test_a_written_language_is_required_of_every_text(tmp_path: Path) -> None:
    package = with_language(tmp_path, FRENCH)
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


_TEXT = re.compile(r"(\{zh: [^,{}]+, en: )([^{}]+)\}")


def in_french(yaml_text: str) -> str:
    """Every `{zh: …, en: …}` text of a file with a French text too (the English marked)."""
    return _TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}, fr: {m.group(2)} (fr)}}", yaml_text)


def test_a_written_language_has_its_coverage_judged(tmp_path: Path) -> None:
    package = with_language(tmp_path, FRENCH)
    files = {name.replace("/", "__").removesuffix(".yaml"): in_french(text) for name, text in FILES.items()}
    # one text left in Chinese, one pasted from English: both untranslated in French
    files["roles__ops"] = files["roles__ops"].replace(
        "en: Leads operations, fr: Leads operations (fr)", "en: Leads operations, fr: 带领运营"
    )
    files["glossary"] = files["glossary"].replace("fr: Stock keeping unit (fr)", "fr: Stock keeping unit")
    write_handbook(tmp_path / "project", **files)
    templates = tmp_path / "templates"  # the page words in French too (here: the English ones)
    shutil.copytree(ROOT / "playbook/_templates", templates)
    labels = yaml.safe_load((templates / "labels.yaml").read_text(encoding="utf-8"))
    labels = {key: {**text, "fr": text["en"]} for key, text in labels.items()}
    (templates / "labels.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), encoding="utf-8")
    out = run(
        package,
        f"""
        import io, os
        from pathlib import Path
        from macros.cli import main
        from macros.model.loader import load_handbook
        from macros.render.pages import Renderer

        os.chdir({str(tmp_path / "project")!r})
        hb = load_handbook(Path("data"))
        page = Renderer(hb, Path({str(templates)!r})).render(
            "coverage.md.j2", "en", "coverage.en.md"
        )
        import contextlib
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = main(["check", "--data", "data"])
        print(json.dumps({{"code": code, "check": printed.getvalue(), "page": page}}))
        """,
    )
    assert out["code"] == 0, out["check"]
    check = out["check"].splitlines()
    assert "Translation coverage: zh 100.0% (17/17), en 100.0% (17/17), fr 88.2% (15/17)" in check
    gaps = check[check.index("Untranslated texts (2):") + 1 :][:4]
    assert gaps == [
        "  data/glossary.yaml:3:50: terms[sku].term.fr: not translated: the fr text is the same as the "
        "en text",
        "      hint: write the French in fr: {zh: 店长, en: Store Manager, fr: Gérant de magasin}",
        "  data/roles/ops.yaml:5:52: roles[ops-manager].summary.fr: not translated: the French (fr) text "
        "contains Chinese characters",
        "      hint: write the French in fr: {zh: 店长, en: Store Manager, fr: Gérant de magasin}",
    ]
    assert check[-1].startswith("OK: 0 errors, 0 warnings, 2 untranslated texts")
    assert "| Français | 15 / 17 | 88.2% |" in out["page"]
    # each gap: the text as written in another language, and the language it misses
    assert "| 带领运营部 | Français |" in out["page"] and "| Stock keeping unit | Français |" in out["page"]


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
        from macros.quality.changelog import changelog
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
            "changelog": changelog(base, head, "main", "head"),
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
    assert "### stores\n\n- 新增 · Added: 旗舰店 (`flagship`)\n" in out["changelog"]
    assert out["schema"] == "playbook store (data/stores/*.yaml)"
    assert out["page"] == ["stores/outlet.en.md", "# Outlet\n\nDiscounts\n"]
    assert out["section"] == "stores"
