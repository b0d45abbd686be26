"""Job postings and onboarding paths: pages of the shared build, renders of small handbooks, and
`playbook job`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros.cli import main
from macros.model.loader import load_handbook
from macros.render.hant import edition_converter
from macros.render.pages import HTML_BODY, Renderer

from .conftest import ROOT
from .helpers import EDITIONS, HB, page, resolve
from .minimal import FILES, write_handbook

TEMPLATES = ROOT / "playbook" / "_templates"
TO_HANT = edition_converter(ROOT / "playbook" / "_templates")


def pick(rule) -> str:
    """The first role of the handbook the rule holds for (the tests follow the data as it grows)."""
    return next(role.id for role in HB.roles.values() if rule(role))


FULL = pick(lambda r: r.skills and r.kpis and HB.managers(r.id))
TOP = pick(lambda r: not HB.managers(r.id) and HB.direct_reports(r.id))
STEPS = pick(lambda r: HB.managers(r.id) and HB.colleagues(r.id) and r.skills)
SPARSE = pick(lambda r: not r.skills and not r.kpis)
ROLES = tuple(dict.fromkeys((FULL, TOP, STEPS, SPARSE)))


def text_in(lang: str, text) -> str:
    """A data text as the edition `lang` shows it."""
    if lang == "zh-Hant":
        return text.zh_hant or TO_HANT(text.zh)
    return text.get(lang)


def links(site: Path, url: str) -> set[Path]:
    soup = page(site, url)
    return {resolve(site, url, a["href"]) for a in soup.article.find_all("a", href=True)}


@pytest.mark.parametrize("lang", EDITIONS)
def test_role_page_links_its_posting_and_onboarding_path(site: Path, lang: str) -> None:
    prefix = EDITIONS[lang]
    for role in ROLES:
        linked = links(site, f"{prefix}roles/{role}/")
        for sub in ("job", "onboarding"):
            target = site / f"{prefix}roles/{role}/{sub}/index.html"
            assert target.is_file() and target in linked, (lang, role, sub)
        # and back: each page leads to the role page
        for sub in ("job", "onboarding"):
            assert site / f"{prefix}roles/{role}/index.html" in links(site, f"{prefix}roles/{role}/{sub}/")


@pytest.mark.parametrize("lang", EDITIONS)
def test_posting_carries_every_duty_skill_and_kpi(site: Path, lang: str) -> None:
    for role in HB.roles.values():
        soup = page(site, f"{EDITIONS[lang]}roles/{role.id}/job/")
        assert text_in(lang, role.name) in soup.h1.get_text()
        posting = soup.select_one(".pb-posting").get_text()
        for text in [role.summary, *role.duties, *role.skills, *role.kpis]:
            assert text_in(lang, text) in posting, (lang, role.id, text)


def test_posting_shows_reporting_lines_culture_and_chart_extract(site: Path) -> None:
    for role in HB.roles.values():
        soup = page(site, f"en/roles/{role.id}/job/")
        # drawn by overrides/hiring.html: no tabs or sidebars, a breadcrumb to the role instead
        assert not soup.select(".md-tabs, .md-sidebar"), role.id
        assert soup.select(".pb-crumbs a")[-1]["href"] == "../", role.id
        facts = soup.select_one(".pb-posting > ul").get_text()
        for manager, templates in HB.managers(role.id).items():
            name = (HB.roles.get(manager) or HB.departments[manager]).name.en
            assert f"{name} ({', '.join(t.name.en for t in templates)})" in facts, role.id
        text = soup.select_one(".pb-posting").get_text()
        for template, _ in HB.memberships(role.id):
            assert all(p.name.en in text for p in template.principles), (role.id, template.id)
        placed = [t for t, m in HB.memberships(role.id) if m.reports_to or HB.reports(t, role.id)]
        charts = soup.select(".pb-posting .pb-chart")
        assert len(charts) == len(placed), role.id
        for chart, template in zip(charts, placed, strict=True):
            boxes = HB.chart_extract(template, role.id)
            assert len(chart.select("a.pb-box")) == len(boxes)
            assert chart.select_one("a.pb-box--self").get_text() == role.name.en


def test_posting_leaves_out_what_the_data_does_not_say(site: Path) -> None:
    assert not any(r.location or r.employment_type or r.salary_range for r in HB.roles.values())
    for role in HB.roles.values():
        text = page(site, f"en/roles/{role.id}/job/").article.get_text()
        assert not any(label in text for label in ("Location", "Employment type", "Salary range"))
        assert ("What we are looking for" in text) == bool(role.skills)
        assert ("How success is measured" in text) == bool(role.kpis)
        assert ("Reports to" in text) == bool(HB.managers(role.id))
    zh = page(site, f"roles/{SPARSE}/job/").article.get_text()
    assert not any(label in zh for label in ("工作地点", "用工形式", "薪资范围", "任职要求"))


@pytest.mark.parametrize("lang", EDITIONS)
def test_onboarding_links_department_manager_and_process_steps(site: Path, lang: str) -> None:
    prefix = EDITIONS[lang]
    for role in HB.roles.values():
        url = f"{prefix}roles/{role.id}/onboarding/"
        soup = page(site, url)
        hrefs = [a["href"] for a in soup.article.find_all("a", href=True)]
        linked = {resolve(site, url, href) for href in hrefs}
        assert site / f"{prefix}roles/{role.id}/index.html" in linked
        if role.department:
            assert site / f"{prefix}departments/{role.department}/index.html" in linked
        for manager in HB.managers(role.id):
            folder = "roles" if manager in HB.roles else "departments"
            assert site / f"{prefix}{folder}/{manager}/index.html" in linked, (role.id, manager)
        for process, step in HB.steps_with(role.id):
            assert any(h.endswith(f"processes/{process.id}/#{step.id}") for h in hrefs), (role.id, step.id)
            assert site / f"{prefix}processes/{process.id}/index.html" in linked
        assert len(soup.select(".pb-checklist input[type=checkbox]")) >= 1


def test_onboarding_stages_and_advice(site: Path) -> None:
    soup = page(site, f"en/roles/{STEPS}/onboarding/")
    assert [h.get_text(strip=True) for h in soup.article.find_all("h2")] == [
        "First day",
        "First week",
        "First month",
    ]
    text = soup.article.get_text()
    for manager in HB.managers(STEPS):
        name = (HB.roles.get(manager) or HB.departments[manager]).name.en
        assert f"Meet your manager: {name}" in text
    assert "Make time for training" in text  # it has a manager to train it
    assert "working in silos" in text  # it shares process steps with other roles
    for colleague in HB.colleagues(STEPS):
        assert f"Meet a colleague from your process steps: {HB.roles[colleague].name.en}" in text
    for skill in HB.roles[STEPS].skills:
        assert f"Build and show this skill: {skill.en}" in text
    top = page(site, f"en/roles/{TOP}/onboarding/").article.get_text()
    assert "Make time for training" not in top and "Meet your manager" not in top
    assert "Meet your direct report" in top
    for role in HB.roles.values():
        url = f"en/roles/{role.id}/onboarding/"
        glossary = [
            a["href"] for a in page(site, url).article.find_all("a", href=True) if "glossary/" in a["href"]
        ]
        assert all(resolve(site, url, href).is_file() for href in glossary)


def test_posting_is_found_in_its_own_edition_only(site: Path) -> None:
    for lang, prefix in EDITIONS.items():
        index = json.loads((site / f"{prefix}search/search_index.json").read_text(encoding="utf-8"))
        docs = {d["location"]: d for d in index["docs"]}
        posting = docs.get(f"roles/{FULL}/job/")
        assert posting is not None, lang
        assert text_in(lang, HB.roles[FULL].name) in posting["title"].replace("\u200b", "")
        assert not any("/onboarding/" in loc for loc in docs)
        # the sections that repeat the role's page stay out: the role's page ranks first
        assert not any(loc.startswith(f"roles/{FULL}/job/#") for loc in docs)
        assert posting.get("boost", 1) < 1
        # its entry holds the pitch and the facts, not the duties the role's own entry has
        duty = text_in(lang, HB.roles[FULL].duties[0])
        assert duty not in posting["text"].replace("\u200b", ""), lang


def render(hb, template: str, lang: str, role: str, output: str = "site") -> str:
    uri = f"roles/{role}/{template.split('.')[0]}.{lang}.md"
    return Renderer(hb, TEMPLATES, output=output).render(template, lang, uri, item=hb.roles[role])


def page_source(hb, kind: str, lang: str, role: str) -> tuple[list[str], list[str]]:
    """A generated page as the site gets it: its Markdown headings, and its HTML body's (h2)."""
    text = Renderer(hb, TEMPLATES).render_with_body(
        kind, lang, f"roles/{role}/{kind}.{lang}.md", hb.roles[role]
    )
    markdown, _, body = text.partition(HTML_BODY)
    return [line for line in markdown.splitlines() if line.startswith("#")], re.findall(
        r"<h2[^>]*>(.*?)</h2>", body
    )


ROLE_WITH_POSTING_FIELDS = FILES["roles/ops.yaml"].replace(
    "      - {zh: 上架商品, en: Lists products}\n",
    """      - {zh: 上架商品, en: Lists products}
    location: {zh: 杭州, en: Hangzhou}
    employment_type: part-time
    salary_range: {zh: 每月 6000–8000 元, en: "CNY 6,000–8,000 a month"}
    onboarding:
      - stage: first-week
        text: {zh: 跟随店长完成一次上新, en: Shadow a full product launch}
""",
)


def test_optional_posting_fields_and_onboarding_items_show_when_given(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path, roles__ops=ROLE_WITH_POSTING_FIELDS))
    posting = render(hb, "job.html.j2", "en", "ops-assistant", output="html")
    assert "<li><strong>Location</strong>: Hangzhou</li>" in posting
    assert "<li><strong>Employment type</strong>: Part-time</li>" in posting
    assert "<li><strong>Salary range</strong>: CNY 6,000–8,000 a month</li>" in posting
    assert "<li><strong>工作地点</strong>：杭州</li>" in render(
        hb, "job.html.j2", "zh", "ops-assistant", output="html"
    )
    path = render(hb, "onboarding.html.j2", "en", "ops-assistant", output="html")
    assert "<h2>First month</h2>" not in path  # no skills, no KPIs, no items for it
    assert "Shadow a full product launch" in path[path.index("<h2>First week</h2>") :]


def test_a_role_with_only_duties_gets_pages_without_empty_headings(tmp_path: Path) -> None:
    alone = FILES["templates/small-team.yaml"].replace(
        "  - role: ops-assistant\n    reports_to: ops-manager\n", ""
    )
    hb = load_handbook(write_handbook(tmp_path, **{"templates__small-team": alone}, processes__launch=None))
    assert page_source(hb, "job", "en", "ops-assistant") == (
        ["# We&#39;re hiring: Operations Assistant"],
        ["What you will do"],
    )
    assert page_source(hb, "onboarding", "en", "ops-assistant") == (
        ["# Onboarding: Operations Assistant"],
        ["First day"],
    )
    path = render(hb, "onboarding.html.j2", "en", "ops-assistant", output="html")
    assert "Meet" not in path and "Make time for training" not in path


def test_job_command_prints_the_posting_in_each_language_and_format(capsys) -> None:
    role = HB.roles[FULL]
    for lang in ("zh", "en", "zh-Hant"):
        for fmt in ("md", "text"):
            assert main(["job", role.id, "--lang", lang, "--format", fmt, "--data", str(ROOT / "data")]) == 0
            out = capsys.readouterr().out
            for text in [role.name, *role.duties, *role.skills, *role.kpis]:
                assert text_in(lang, text) in out, (lang, fmt, text)
            assert "](" not in out and "<" not in out  # names, not site links or HTML
            heading = out.splitlines()[1]
            assert heading.startswith("====") if fmt == "text" else out.startswith("# ")
    main(["job", FULL, "--lang", "en", "--data", str(ROOT / "data")])
    md = capsys.readouterr().out
    assert "## What you will do" in md and "- **Job title**: " in md
    assert f"  - {role.name.en} (this role)" in md


def test_job_command_escapes_markdown_but_not_text(tmp_path: Path, capsys) -> None:
    evil = FILES["roles/ops.yaml"].replace("en: Operations Assistant", 'en: "<b>Ops</b> *star* & co"')
    data = write_handbook(tmp_path, roles__ops=evil)
    assert main(["job", "ops-assistant", "--lang", "en", "--data", str(data)]) == 0
    assert r"# We're hiring: \<b\>Ops\</b\> \*star\* \& co" in capsys.readouterr().out
    assert main(["job", "ops-assistant", "--lang", "en", "--format", "text", "--data", str(data)]) == 0
    assert capsys.readouterr().out.startswith("We're hiring: <b>Ops</b> *star* & co\n====")


def test_job_command_names_an_unknown_role(capsys) -> None:
    typo = FULL[:-1]
    assert main(["job", typo, "--data", str(ROOT / "data")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"playbook job: unknown role '{typo}' (known: ")
    assert captured.err.rstrip().endswith(f"did you mean '{FULL}'?")


@pytest.mark.browser
def test_posting_downloads_as_text_and_prints_on_one_a4_sheet(browser, site: Path) -> None:
    role = HB.roles[FULL]
    tab = browser.new_page(accept_downloads=True)
    outside: list[str] = []
    tab.on("request", lambda r: not r.url.startswith(("file:", "blob:", "data:")) and outside.append(r.url))
    try:
        tab.goto((site / f"en/roles/{FULL}/job/index.html").as_uri())
        with tab.expect_download() as download:
            tab.click("[data-pb-download]")
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename == f"{FULL}.txt"
        assert text.startswith(f"We're hiring: {role.name.en}\n\nJoin us as our {role.name.en}.\n")
        for duty in role.duties:
            assert f"- {duty.en}\n" in text
        assert "## " not in text and "¶" not in text and "Copy as text" not in text
        tab.set_content('<p>one</p><p style="break-before: page">two</p>')
        assert not prints_on_one_sheet(tab)  # the check sees a second sheet
        for lang, prefix in EDITIONS.items():
            for ident in ROLES:
                tab.goto((site / f"{prefix}roles/{ident}/job/index.html").as_uri())
                assert prints_on_one_sheet(tab), (lang, ident)
    finally:
        tab.close()
    assert outside == []


def prints_on_one_sheet(tab) -> bool:
    """Whether Chromium prints `tab` on one A4 sheet. Asked for the second sheet alone, it lays
    the page out for print as for the whole PDF and refuses if there is no second sheet, without
    drawing the sheets (a Chinese page's fonts take about 0.4 s to put into a PDF)."""
    from playwright.sync_api import Error

    try:
        tab.pdf(format="A4", page_ranges="2")
    except Error as exc:
        if "Page range exceeds page count" not in str(exc):
            raise
        return True
    return False


def test_hiring_pages_can_be_left_out(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    without = Renderer(hb, TEMPLATES, hiring=False)
    kinds = {page.kind for page in without.pages(("zh", "en"))}
    assert "role" in kinds and not kinds & {"job", "onboarding"}
    role = without.render("role.md.j2", "en", "roles/ops-assistant.en.md", item=hb.roles["ops-assistant"])
    assert "job.md" not in role and "onboarding.md" not in role
    assert "job.md" in render(hb, "role.md.j2", "en", "ops-assistant")


def test_html_body_links_resolve_as_markdown_links_do() -> None:
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from macros.site.bodies import resolve_links

    here = SimpleNamespace(src_uri="roles/a/job.en.md", url="en/roles/a/job/")
    pages = {
        "roles/b.md": SimpleNamespace(url="en/roles/b/"),
        "glossary.md": SimpleNamespace(url="en/glossary/"),
    }
    files = SimpleNamespace(get_file_from_path=pages.get)
    html = '<a href="../b.md">B</a> <a href="../../glossary.md#roi">ROI</a> <a href="#top">top</a>'
    assert resolve_links(html, here, files) == (
        '<a href="../../b/">B</a> <a href="../../../glossary/#roi">ROI</a> <a href="#top">top</a>'
    )
    with pytest.raises(PluginError, match="roles/c.md"):
        resolve_links('<a href="../c.md">C</a>', here, files)
