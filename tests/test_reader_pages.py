"""Issue 11: every reader-facing page true, complete and addressed to its reader, in all three
editions — asserted on the real built site (the shared session build) and on small handbooks."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from macros.cli.check import check_data
from macros.model.loader import load_handbook
from macros.quality.notes import editor_notes
from macros.render.glossary import pinyin_keys
from macros.render.hant import VARIANTS, converter, edition_converter, load_phrases
from macros.render.pages import Renderer

from .conftest import ROOT
from .helpers import EDITIONS, HB, LANGS, page, resolve
from .minimal import FILES, write_handbook

TEMPLATES = ROOT / "playbook" / "_templates"
READER_FOLDERS = ("roles", "departments", "org-templates", "processes", "responsibilities")


def reader_pages(site: Path, prefix: str) -> list[Path]:
    pages = [site / prefix / "glossary/index.html", site / prefix / "index.html"]
    for folder in READER_FOLDERS:
        pages += sorted((site / prefix / folder).glob("*/index.html"))
        pages.append(site / prefix / folder / "index.html")
    return [p for p in pages if p.is_file()]


@functools.cache
def article_text(path: Path) -> str:
    """The text of a built page's article, what a reader reads there. Only the article is
    parsed (the page's navigation lists the whole handbook: parsing it cost most of the time);
    each page once per test process (several tests read the same pages)."""
    from bs4 import BeautifulSoup

    html = path.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.rfind("</article>")
    assert 0 <= start < end, f"{path} has no article"
    return BeautifulSoup(html[start : end + len("</article>")], "lxml").article.get_text(" ")


# -- 1. matrices: RACI letters where the data gives them ------------------------------------------
RACI_PROCESS = """\
id: launch
name: {zh: 上新, en: Product launch}
summary: {zh: 新品上架流程, en: How a new product goes live}
template: small-team
steps:
  - id: list
    name: {zh: 上架, en: List it}
    summary: {zh: 把商品放上店铺, en: Put the product in the store}
    raci:
      accountable: [ops-manager]
      responsible: [ops-assistant]
  - id: idle
    name: {zh: 复盘, en: Review}
    summary: {zh: 回顾, en: Look back}
"""


def test_matrix_shows_raci_letters_with_a_legend(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, processes__launch=RACI_PROCESS))
    matrix = hb.matrix("small-team")
    assert [s.id for _, s in matrix.columns] == ["list"]  # a step no role meets is no column
    assert [r.id for r in matrix.roles] == ["ops-manager", "ops-assistant"]
    assert matrix.marks == {"accountable", "responsible"}
    out = Renderer(hb, TEMPLATES).render(
        "matrix.md.j2", "en", "responsibilities/small-team.en.md", item=hb.templates["small-team"]
    )
    assert 'title="Accountable">A</span>' in out and 'title="Responsible">R</span>' in out
    assert "**Accountable**" in out and "answers for the outcome" in out
    assert "**Takes part**" not in out  # the legend explains only the marks used


def test_raci_roles_must_exist(tmp_path: Path) -> None:
    bad = RACI_PROCESS.replace("responsible: [ops-assistant]", "responsible: [ops-asistant]")
    result = check_data(write_handbook(tmp_path, processes__launch=bad))
    assert [p.field for p in result.errors] == ["steps[list].raci.responsible[0]"]
    assert "unknown role 'ops-asistant'" in result.errors[0].message


# -- 2. only true lines, and wording that says what a department box is ---------------------------
def test_role_pages_name_the_role_they_report_to_never_their_own_department(site: Path) -> None:
    for lang, prefix in LANGS.items():
        for role in HB.roles.values():
            if role.department is None:
                continue
            text = article_text(site / prefix / f"roles/{role.id}/index.html")
            own = HB.departments[role.department].name.get(lang)
            said = "reports to " if lang == "en" else "汇报给 "
            assert f"{said}{own} " not in text + " ", (lang, role.id)


def test_department_boxes_are_worded_as_what_they_are(site: Path) -> None:
    manager = " ".join(article_text(site / "en/roles/operations-manager/index.html").split())
    assert "leads the Operations department" in manager
    checked = 0
    for template in HB.templates.values():
        for member in template.members:
            line = HB.line(template, member)
            if line.kind not in ("leads", "works_in"):
                continue
            name = HB.departments[line.target].name
            en = " ".join(article_text(site / f"en/roles/{member.role}/index.html").split())
            verb = "leads the" if line.kind == "leads" else "works in the"
            assert f"{verb} {name.en} department" in en, member.role
            zh = "".join(article_text(site / f"roles/{member.role}/index.html").split())
            assert ("主管" if line.kind == "leads" else "在") + name.zh in zh, member.role
            checked += 1
    assert checked


STORE = """\
id: small-team
name: {zh: 小团队, en: Small team}
summary: {zh: 两个人的团队, en: A team of two}
members:
  - role: ops-manager
  - department: ops
    reports_to: ops-manager
  - role: ops-assistant
    reports_to: ops
"""


def test_a_role_in_a_department_box_says_whom_the_department_reports_to(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, **{"templates__small-team": STORE}))
    renderer = Renderer(hb, TEMPLATES)
    en = renderer.render("role.md.j2", "en", "roles/ops-assistant.en.md", item=hb.roles["ops-assistant"])
    assert "works in the [Operations](../departments/ops.md) department, which reports to the " in en
    assert "reports to [Operations]" not in en
    zh = renderer.render("role.md.j2", "zh", "roles/ops-assistant.zh.md", item=hb.roles["ops-assistant"])
    assert "在[运营部](../departments/ops.md)工作，该部门汇报给[运营经理](ops-manager.md)" in zh


# -- 3. pages speak to readers ----------------------------------------------------------------------
EDITOR_WORDS = ("data/", "YAML", "starts / ends", "资料未指定", "资料只给出", "pull request", "合并请求")


@pytest.mark.parametrize("edition", EDITIONS)
def test_reader_pages_carry_no_notes_to_editors(site: Path, edition: str) -> None:
    notes = [note.message for note in editor_notes(HB)]
    for path in reader_pages(site, EDITIONS[edition]):
        text = article_text(path)
        for word in EDITOR_WORDS:
            assert word not in text, (path, word)
        for note in notes:
            assert note[:12] not in text, path


def test_editor_notes_show_in_check_and_on_the_editors_page(site: Path, tmp_path: Path) -> None:
    result = check_data(ROOT / "data")
    rota_note = HB.templates["taobao-store"].rota.editor_notes[0]
    assert [n.message for n in result.notes if n.field == "rota.editor_notes[0]"] == [rota_note]
    assert rota_note in article_text(site / "about/index.html")
    about = page(site, "en/about/")
    assert "Editor notes" in about.article.get_text()
    assert "About this handbook" not in [a.get_text(strip=True) for a in about.select("nav.md-tabs a")]


def test_rota_hours_are_computed_from_the_times(site: Path) -> None:
    rota = HB.templates["taobao-store"].rota
    assert (rota.opens, rota.closes, rota.hours_online) == ("08:30", "24:00", 15.5)
    assert "15.5 hours" in article_text(site / "en/org-templates/taobao-store/index.html")
    assert "15.5 小时" in article_text(site / "org-templates/taobao-store/index.html")


# -- 4. a sense of place -------------------------------------------------------------------------------
@pytest.mark.parametrize("edition", EDITIONS)
def test_role_and_department_pages_show_where_they_sit(site: Path, edition: str) -> None:
    prefix = EDITIONS[edition]
    url = f"{prefix}roles/operations-manager/"
    soup = page(site, url)
    tab = soup.select_one(".md-tabs__item--active a")["href"]
    assert resolve(site, url, tab) == site / prefix / "roles/index.html"
    crumbs = soup.select_one(".pb-crumbs")
    targets = [resolve(site, url, a["href"]) for a in crumbs.select("a")]
    assert targets == [
        site / prefix / "roles/index.html",
        site / prefix / "departments/operations/index.html",
    ]
    siblings = [r.id for r in HB.roles_in("operations")]
    after = siblings[siblings.index("operations-manager") + 1]
    next_link = soup.select_one("a.md-footer__link--next")
    assert resolve(site, url, next_link["href"]) == site / prefix / f"roles/{after}/index.html"
    assert soup.title.get_text().startswith(soup.h1.get_text(strip=True))
    dept_url = f"{prefix}departments/operations/"
    dept = page(site, dept_url)
    tab = dept.select_one(".md-tabs__item--active a")["href"]
    assert resolve(site, dept_url, tab) == site / prefix / "departments/index.html"
    # no navigation of every role in the page: the sidebar holds the section, not its pages
    assert len(dept.select(".md-sidebar--primary a")) < 20


# -- 5. the glossary --------------------------------------------------------------------------------------
def test_chinese_glossary_is_in_pinyin_order_under_letters(site: Path) -> None:
    soup = page(site, "glossary/")
    ids = [dt["id"] for dt in soup.select("dt[id]")]
    pinyin_keys(term.term.zh for term in HB.terms.values())  # read at once, then looked up
    keys = [HB.terms[i].pinyin or pinyin_keys([HB.terms[i].term.zh])[HB.terms[i].term.zh] for i in ids]
    assert keys == sorted(keys) and sorted(ids) == sorted(HB.terms)
    letters = [h.get_text(strip=True) for h in soup.article.select("h2")]
    assert letters == sorted(letters) and letters[0] == "A"
    for h2 in soup.article.select("h2"):
        dl = h2.find_next_sibling("dl")
        assert all(
            pinyin_keys([HB.terms[dt["id"]].term.zh])[HB.terms[dt["id"]].term.zh][0].upper()
            == h2.get_text(strip=True)
            or HB.terms[dt["id"]].pinyin
            for dt in dl.select("dt")
        )


def test_english_glossary_is_a_to_z(site: Path) -> None:
    names = [dt.get_text(strip=True).casefold() for dt in page(site, "en/glossary/").select("dt[id]")]
    assert names == sorted(names)


def test_tooltips_link_to_the_entry_and_cover_aliases(site: Path) -> None:
    url = "roles/operations-manager/"
    soup = page(site, url)
    term = next(a for a in soup.article.select("a.pb-term") if a.get_text() == "成交额")  # an alias of 交易额
    assert term.abbr["title"] == HB.terms["gmv"].definition.zh
    assert resolve(site, url, term["href"]) == site / "glossary/index.html" and term["href"].endswith("#gmv")
    css = (site / "assets/playbook.css").read_text()
    assert re.search(r"\.md-tooltip2\[role=tooltip\] > \.md-tooltip2__inner \{[^}]*font-size: \.8rem", css)


# -- 6. Chinese that reads as Chinese ---------------------------------------------------------------------
@pytest.mark.parametrize("edition", ["zh", "zh-Hant"])
def test_chinese_interface_is_translated_and_uses_full_width_brackets(site: Path, edition: str) -> None:
    prefix = EDITIONS[edition]
    for url in ("roles/operations-manager/", "departments/operations/", "glossary/", "roles/"):
        html = (site / prefix / url / "index.html").read_text(encoding="utf-8")
        assert "Made with" not in html and "Permanent link" not in html, url
        soup = page(site, prefix + url)
        headers = [th.get_text(strip=True) for th in soup.article.select("th")]
        assert "角色" not in headers and "角色" not in "".join(headers), url
        text = soup.article.get_text()
        assert not re.search(r"[\u4e00-\u9fff] ?\([A-Za-z\u4e00-\u9fff]", text), url
    assert (
        page(site, prefix + "glossary/").select_one("dt#average-order-value").get_text().endswith("（AOV）")
    )


# -- 8. the Traditional edition ---------------------------------------------------------------------------
# The handbook's own words and the form each conversion variant must give.
DOMAIN_TERMS = {
    # simplified: (s2tw, s2t, s2twp, s2hk)
    "项目": ("項目", "項目", "專案", "項目"),
    "数据": ("數據", "數據", "資料", "數據"),
    "营销": ("營銷", "營銷", "營銷", "營銷"),
    "用户": ("用戶", "用戶", "用戶", "用户"),
    "运营": ("運營", "運營", "運營", "運營"),
    "全局": ("全局", "全局", "全局", "全局"),
    "在线下": ("在線下", "在線下", "在線下", "在線下"),
    "扩展": ("擴展", "擴展", "擴展", "擴展"),
    "循环": ("循環", "循環", "循環", "循環"),
    "类型": ("類型", "類型", "類型", "類型"),
    "红海里": ("紅海裡", "紅海裏", "紅海裡", "紅海裏"),
    "发布": ("發布", "發布", "發布", "發佈"),
    "并为": ("並為", "並爲", "並為", "並為"),
    "平台": ("平台", "平台", "平台", "平台"),
    "后台": ("後台", "後台", "後台", "後台"),
    "客单价": ("客單價", "客單價", "客單價", "客單價"),
    "团队": ("團隊", "團隊", "團隊", "團隊"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_domain_terms_convert_as_expected_in_each_variant(variant: str) -> None:
    to_hant = edition_converter(TEMPLATES, variant)
    column = VARIANTS.index(variant)
    got = {word: to_hant(word) for word in DOMAIN_TERMS}
    assert got == {word: forms[column] for word, forms in DOMAIN_TERMS.items()}


def test_phrase_fixes_work_inside_sentences_and_overrides_still_win(tmp_path: Path) -> None:
    to_hant = converter("s2twp", load_phrases(TEMPLATES / "hant-phrases.yaml", "s2twp"))
    assert to_hant("在线下门店发布新品，并为用户扩展类型") == "在線下門店發布新品，並為用戶擴展類型"
    text = (
        "roles:\n  - id: ops-manager\n    name: {zh: 运营经理, en: Operations Manager, zh-Hant: 營運經理}\n"
    )
    roles = FILES["roles/ops.yaml"].replace(
        "    name: {zh: 运营经理, en: Operations Manager}\n", text.split("\n", 2)[2]
    )
    hb = load_handbook(write_handbook(tmp_path, roles__ops=roles))
    helpers = Renderer(hb, TEMPLATES, {"zh-Hant": to_hant}).helpers("zh-Hant")
    assert helpers.t(hb.roles["ops-manager"].name) == "營運經理"


def test_unknown_variant_in_the_phrase_file_is_reported(tmp_path: Path) -> None:
    from macros.model.errors import DataError

    path = tmp_path / "hant-phrases.yaml"
    path.write_text("s2xx:\n  用户: 用戶\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown variant"):
        load_phrases(path, "s2tw")


def test_traditional_edition_keeps_the_articles_words(site: Path) -> None:
    text = " ".join(article_text(p) for p in reader_pages(site, "zh-Hant/"))
    for wrong in ("型別", "擴充套件", "迴圈", "全域性", "線上下", "使用者", "併為"):
        assert wrong not in text, wrong
