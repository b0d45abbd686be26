"""The real handbook (and the small one, with edits), built with the real mkdocs.yml into a temporary
folder: assert on HTML."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, mkdocs_build
from .helpers import EDITIONS, HB, LANGS, page, resolve, tree_digest
from .minimal import write_project


@pytest.mark.parametrize("lang", LANGS)
def test_every_role_has_a_page_with_its_duties(site: Path, lang: str) -> None:
    for role in HB.roles.values():
        soup = page(site, f"{LANGS[lang]}roles/{role.id}/")
        assert soup.h1.get_text(strip=True) == role.name.get(lang)
        text = soup.article.get_text()  # no separator: glossary <abbr> sits inside sentences
        for duty in role.duties:
            assert duty.get(lang) in text, f"{role.id}: duty missing in {lang}"


@pytest.mark.parametrize("lang", LANGS)
def test_department_page_lists_its_roles_with_links(site: Path, lang: str) -> None:
    for dept in HB.departments.values():
        url = f"{LANGS[lang]}departments/{dept.id}/"
        soup = page(site, url)
        links = {resolve(site, url, a["href"]) for a in soup.article.find_all("a", href=True)}
        for role in HB.roles_in(dept.id):
            assert site / f"{LANGS[lang]}roles/{role.id}/index.html" in links, (dept.id, role.id)


def test_org_template_pages_link_every_member(site: Path) -> None:
    for template in HB.templates.values():
        for lang, prefix in LANGS.items():
            url = f"{prefix}org-templates/{template.id}/"
            soup = page(site, url)
            assert soup.h1.get_text(strip=True) == template.name.get(lang)
            linked = {resolve(site, url, a["href"]) for a in soup.article.find_all("a", href=True)}
            for member in template.members:
                folder = "roles" if member.role else "departments"
                assert site / f"{prefix}{folder}/{member.id}/index.html" in linked


SWITCHER = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)" class="md-select__link"')


def test_language_switcher_opens_the_same_page_in_the_other_language(site: Path) -> None:
    checked = 0
    for file in site.rglob("index.html"):
        url = file.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        edition = next((e for e, p in EDITIONS.items() if p and url.startswith(p)), "zh")
        html = file.read_text(encoding="utf-8")  # (a regex: parsing ~250 pages took seconds)
        links = {lang: href for href, lang in SWITCHER.findall(html)}
        assert set(links) == set(EDITIONS), url
        for lang, href in links.items():
            target = resolve(site, url, href)
            assert target.is_file(), (url, lang, href)
            same = url.removeprefix(EDITIONS[edition])
            assert target == site / (EDITIONS[lang] + same) / "index.html", (url, lang, href)
            assert not href.startswith("/"), "switcher links must be relative (file:// bundle)"
        checked += edition == "zh"
    assert checked >= len(HB.roles) + len(HB.departments)


def test_search_index_is_per_language_and_segmented(site: Path) -> None:
    zh = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    hant = json.loads((site / "zh-Hant/search/search_index.json").read_text(encoding="utf-8"))
    assert hant["config"]["lang"] == ["zh"]

    def pages(index: dict) -> list[dict]:  # the glossary's letter sections differ by language
        return [d for d in index["docs"] if not d["location"].startswith("glossary/")]

    for index in (zh, en, hant):
        assert not [d for d in index["docs"] if d["location"].startswith(("en/", "zh-Hant/"))]
        assert len(pages(index)) == len(pages(zh))
    role = HB.roles["store-manager"]
    zh_titles = {d["title"].replace("\u200b", "") for d in zh["docs"]}
    en_titles = {d["title"] for d in en["docs"]}
    assert role.name.zh in zh_titles and role.name.en not in zh_titles
    assert role.name.en in en_titles and role.name.zh not in en_titles
    # jieba segmentation: Chinese words are separated by zero-width spaces in the index,
    # and the handbook's own terms stay whole words.
    text = " ".join(d["text"] for d in zh["docs"])
    assert "\u200b" in text
    assert "\u200b客单价\u200b" in text or "客单价\u200b" in text


EVIL = "<script>alert('pwned')</script>"


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build with edits several tests look at (one build, not one each), of the small
    handbook (tests/minimal.py: every kind of page, all three editions): a script in the
    operations assistant's name, a zh-Hant override of the operations manager's, and REPO_URL
    set (edit buttons)."""
    project = write_project(tmp_path_factory.mktemp("variant") / "project")
    roles = project / "data/roles/ops.yaml"
    text = roles.read_text(encoding="utf-8")
    for plain, changed in (
        (
            "name: {zh: 运营助理, en: Operations Assistant}",
            f'name: {{zh: "{EVIL}", en: "{EVIL} *bold* [x](javascript:alert(1))"}}',
        ),
        (
            "name: {zh: 运营经理, en: Operations Manager}",
            "name: {zh: 运营经理, en: Operations Manager, zh-Hant: 營運經理}",
        ),
    ):
        assert plain in text
        text = text.replace(plain, changed)
    roles.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, REPO_URL="https://github.com/acme/handbook")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_an_injected_script_comes_out_escaped(variant: Path) -> None:
    site = variant
    pages = list(site.rglob("*.html"))
    shown = 0
    for file in pages:
        body = file.read_text(encoding="utf-8")
        assert "alert('pwned')</script>" not in body, file
        assert 'href="javascript:' not in body, file
        shown += "&lt;script&gt;alert(" in body
    assert shown >= 4  # the role page, its department page, the chart and the indexes
    en = page(site, "en/roles/ops-assistant/")
    assert en.h1.get_text() == f"{EVIL} *bold* [x](javascript:alert(1))"


def test_bad_data_fails_with_file_and_line_and_keeps_the_old_site(tmp_path: Path, site: Path) -> None:
    # (that another build of the same data is byte-identical, and that a failure mid-build keeps
    # the old site: tests/test_editions.py)
    project = copy_project(tmp_path / "project")
    shutil.copytree(site, project / "site")  # the session's build stands for the last good one
    before = tree_digest(project / "site")
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "sitemap.xml").read_bytes()
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0", "gzip header holds a date"
    dept = project / "data/departments.yaml"
    lines = dept.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "head: operations-manager" in line)
    lines[number] = lines[number].replace("operations-manager", "chief-executive")
    dept.write_text("".join(lines), encoding="utf-8")

    result = mkdocs_build(project)

    assert result.returncode == 1
    col = lines[number].index("chief-executive") + 1
    assert (
        f"data/departments.yaml:{number + 1}:{col}: departments[operations].head: "
        "unknown role 'chief-executive'"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_traditional_edition_is_converted_from_the_simplified_data(site: Path) -> None:
    from macros.render.hant import edition_converter

    to_hant = edition_converter(ROOT / "playbook" / "_templates")
    for role in HB.roles.values():
        soup = page(site, f"zh-Hant/roles/{role.id}/")
        assert soup.h1.get_text() == (role.name.zh_hant or to_hant(role.name.zh))
        text = soup.article.get_text()
        assert all(to_hant(duty.zh) in text for duty in role.duties if duty.zh_hant is None)
    home = page(site, "zh-Hant/")
    assert home.h1.get_text() == "電商團隊手冊"
    assert "手冊" in home.select_one("title").get_text()
    tabs = [a.get_text(strip=True) for a in home.select("a.md-tabs__link")]
    assert tabs[:3] == ["首頁", "部門", "崗位"]


def test_the_repository_link_asks_the_code_host_for_nothing(variant: Path) -> None:
    """With REPO_URL set the header links to the repository, but not as Material's `source`
    component, whose script fetches the repository's stars and forks from the code host's API
    on every page (overrides/partials/source.html)."""
    for url in ("", "en/", "zh-Hant/roles/ops-manager/"):
        soup = page(variant, url)
        assert soup.select_one("a.md-source")["href"] == "https://github.com/acme/handbook"
        assert soup.select('[data-md-component="source"]') == []


def test_a_zh_hant_override_wins_and_edit_buttons_open_the_yaml(variant: Path) -> None:
    site = variant
    assert page(site, "zh-Hant/roles/ops-manager/").h1.get_text() == "營運經理"
    edit = "https://github.com/acme/handbook/edit/main/"
    for url, source in (
        ("en/roles/ops-manager/", "data/roles/ops.yaml"),
        ("departments/ops/", "data/departments.yaml"),
        ("responsibilities/small-team/", "data/templates/small-team.yaml"),
        ("zh-Hant/processes/launch/", "data/processes/launch.yaml"),
        ("zh-Hant/", "playbook/index.zh.md"),
        ("en/", "playbook/index.en.md"),
    ):
        assert page(site, url).select_one("a.md-content__button")["href"] == edit + source, url
    assert page(site, "print/").select_one("a.md-content__button") is None
    assert page(site, "roles/ops-manager/").h1.get_text() == "运营经理"
    chart = page(site, "zh-Hant/org-templates/small-team/").select(".pb-chart a.pb-box")
    assert chart[0].get_text() == "營運經理"


def test_print_version_holds_the_whole_handbook_on_one_page(site: Path) -> None:
    for lang, prefix in LANGS.items():
        soup = page(site, f"{prefix}print/")
        headings = [
            h.get_text() for h in soup.select(".pb-print h3") if not h.get("id", "").startswith("letter-")
        ]
        expected = [
            e.name.get(lang)
            for table in (HB.templates, HB.departments, HB.roles, HB.processes)
            for e in table.values()
        ]
        assert headings == expected
        text = soup.article.get_text()
        assert all(d.get(lang) in text for r in HB.roles.values() for d in r.duties)
        assert len(soup.select(".pb-print dt")) == len(HB.terms)
        assert not soup.select(".pb-print hr"), "a page's front matter leaked into the print page"
