"""Org charts, process guides, responsibility matrices, backlinks and glossary tooltips."""

from __future__ import annotations

from pathlib import Path

from .conftest import ROOT
from .helpers import HB, LANGS, page, resolve


def chart_targets(site: Path, url: str) -> list[Path]:
    soup = page(site, url)
    boxes = soup.select(".pb-chart a.pb-box")
    assert boxes, f"no chart on {url}"
    return [resolve(site, url, a["href"]) for a in boxes]


def test_template_charts_link_every_member_and_only_existing_pages(site: Path) -> None:
    for template in HB.templates.values():
        for prefix in LANGS.values():
            url = f"{prefix}org-templates/{template.id}/"
            targets = chart_targets(site, url)
            assert all(t.is_file() for t in targets), url
            expected = [
                site / f"{prefix}{'roles' if m.role else 'departments'}/{m.id}/index.html"
                for m in template.members
            ]
            assert sorted(targets) == sorted(expected), url


def test_chart_nesting_follows_the_reporting_lines(site: Path) -> None:
    soup = page(site, "org-templates/taobao-store/")
    top = soup.select(".pb-chart > ul > li")
    assert len(top) == 1 and "store-manager" in top[0].a["href"]
    under_manager = [li.a["href"] for li in top[0].select(":scope > ul > li")]
    assert all("departments/" in h for h in under_manager)
    # The store's own six departments (article 004), not those of the departmental company,
    # and no roles under them: the article names none.
    assert [h.split("/")[-2] for h in under_manager] == [
        "store-customer-service",
        "hr-finance",
        "product-planning",
        "visual-design",
        "marketing-planning",
        "data-analysis",
    ]
    assert not top[0].select(":scope > ul > li > ul")


def test_department_charts_draw_only_lines_an_org_template_gives(site: Path) -> None:
    """Issue 11: a chart line is a fact. Each line of a department chart joins a role to the
    box an org template puts it under (the head hangs from its department); every other role
    of the department is listed apart, with no line."""
    given = {(m.id, m.reports_to) for t in HB.templates.values() for m in t.members if m.reports_to}
    for dept in HB.departments.values():
        for prefix in LANGS.values():
            url = f"{prefix}departments/{dept.id}/"
            soup = page(site, url)
            drawn, shown = set(), set()

            def ident(href: str, url: str = url) -> str:
                return resolve(site, url, href).parent.name

            for li in soup.select(".pb-chart:not(.pb-chart--apart) li"):
                child = ident(li.a["href"])
                shown.add(child)
                parent = li.find_parent("li")
                if parent is not None:
                    drawn.add((child, ident(parent.a["href"])))
            apart = {ident(a["href"]) for a in soup.select(".pb-chart--apart a")}
            for line in drawn:
                assert line in given or line == (dept.head, dept.id), (url, line)
            roles = {r.id for r in HB.roles_in(dept.id)}
            assert roles == (shown - {dept.id}) | apart and not (shown & apart), url


def test_the_operations_chart_invents_no_line(site: Path) -> None:
    soup = page(site, "en/departments/operations/")
    manager = soup.select_one(".pb-chart:not(.pb-chart--apart) a[href*='operations-manager']").find_parent(
        "li"
    )
    under = {a.get_text(strip=True) for a in manager.select("li a")}
    assert "Product Manager" not in under and "Operations Specialist" not in under
    apart = [a.get_text(strip=True) for a in soup.select(".pb-chart--apart a")]
    assert "Product Manager" in apart


MARKS = {
    "owner": "●",
    "participant": "○",
    "responsible": "R",
    "accountable": "A",
    "consulted": "C",
    "informed": "I",
}


def test_matrices_hold_only_roles_and_steps_that_meet(site: Path) -> None:
    """Issue 11: no empty row or column, only processes that apply to the template, and no
    matrix page (or link to one) for a template where nothing meets."""
    for template in HB.templates.values():
        matrix = HB.matrix(template.id)
        for lang, prefix in LANGS.items():
            url = f"{prefix}responsibilities/{template.id}/"
            if not matrix:
                assert not (site / url / "index.html").exists(), url
                assert (
                    "responsibilities/"
                    not in (site / f"{prefix}org-templates/{template.id}/index.html").read_text()
                )
                continue
            soup = page(site, url)
            table = soup.select_one(".pb-matrix table")
            header = [th.get_text(strip=True) for th in table.select("thead th")][1:]
            assert header == [s.name.get(lang) for _, s in matrix.columns]
            assert all(p.applies_to(template.id) for p, _ in matrix.columns)
            rows = table.select("tbody tr")
            assert len(rows) == len(matrix.roles)
            for row, role in zip(rows, matrix.roles, strict=True):
                cells = [td.get_text(strip=True) for td in row.select("td")][1:]
                expected = ["".join(MARKS[m] for m in matrix.cell(role.id, s)) for _, s in matrix.columns]
                assert cells == expected, (template.id, role.id)
                assert any(cells), (template.id, role.id)  # no empty row
            for i in range(len(header)):  # no empty column
                assert any(row.select("td")[i + 1].get_text(strip=True) for row in rows), (url, header[i])
            legend = soup.select_one(".pb-legend").get_text()
            for mark in matrix.marks:
                assert MARKS[mark] in legend


def test_a_template_with_no_process_has_no_matrix(site: Path) -> None:
    assert not HB.matrix("taobao-store")
    assert not (site / "responsibilities/taobao-store/index.html").exists()
    for role in ("store-manager", "presales-agent"):
        assert "responsibilities/taobao-store" not in (site / f"roles/{role}/index.html").read_text()


def test_the_departmental_matrix_has_no_project_phases(site: Path) -> None:
    columns = {p.id for p, _ in HB.matrix("departmental-company").columns}
    assert "project-lifecycle" not in columns


def test_lifecycle_is_a_phase_by_role_table(site: Path) -> None:
    process = HB.processes["project-lifecycle"]
    for lang, prefix in LANGS.items():
        table = page(site, f"{prefix}processes/project-lifecycle/").select_one(".pb-matrix table")
        header = [th.get_text(strip=True) for th in table.select("thead th")][1:]
        assert header == [s.name.get(lang) for s in process.steps]
        first = [td.get_text() for td in table.select("tbody tr")[0].select("td")]
        pm = HB.roles["project-manager"]
        assert first[0] == pm.name.get(lang)
        assert first[1:] == [
            next(a.text.get(lang) for a in s.actions if a.role == pm.id) for s in process.steps
        ]


def test_role_pages_link_back_to_every_step_chart_and_matrix(site: Path) -> None:
    for role in HB.roles.values():
        for prefix in LANGS.values():
            url = f"{prefix}roles/{role.id}/"
            soup = page(site, url)
            linked = {resolve(site, url, a["href"]) for a in soup.article.find_all("a", href=True)}
            for template, _ in HB.memberships(role.id):
                assert site / f"{prefix}org-templates/{template.id}/index.html" in linked
                matrix = site / f"{prefix}responsibilities/{template.id}/index.html"
                marked = role.id in {r.id for r in HB.matrix(template.id).roles}
                assert (matrix in linked) == marked, (role.id, template.id)
            anchors = {a["href"].split("#")[-1] for a in soup.article.find_all("a", href=True)}
            for process, step in HB.steps_with(role.id):
                assert site / f"{prefix}processes/{process.id}/index.html" in linked
                assert step.id in anchors, (role.id, step.id)


def test_rota_timetable(site: Path) -> None:
    for prefix in LANGS.values():
        rota = page(site, f"{prefix}org-templates/taobao-store/").select_one(".pb-rota")
        on = rota.select_one(".pb-rota__track .pb-rota__on")
        assert on.get_text() == "08:30–24:00"
        assert on["style"] == "left: 35.417%; width: 64.583%"
        assert len(rota.select(".pb-rota__shift")) == 2


def test_glossary_terms_get_tooltips_in_both_languages(site: Path) -> None:
    aov = HB.terms["average-order-value"]
    for lang, prefix in LANGS.items():
        soup = page(site, f"{prefix}roles/ecommerce-operations-specialist/")
        tips = {a.get_text(): a["title"] for a in soup.article.select("abbr[title]")}
        assert tips[aov.term.get(lang) if lang == "zh" else "average order value"] == (
            aov.definition.get(lang)
        )
        assert not soup.select("h1 abbr, h2 abbr, a:not(.pb-term) abbr")


def test_glossary_page_lists_every_term_in_both_languages(site: Path) -> None:
    for lang, prefix in LANGS.items():
        soup = page(site, f"{prefix}glossary/")
        for term in HB.terms.values():
            dt = soup.select_one(f"dt#{term.id}")
            assert dt is not None and dt.get_text(strip=True).startswith(term.term.get(lang))
            assert dt.find_next_sibling("dd").get_text(strip=True).startswith(term.definition.get(lang))
    assert page(site, "glossary/").select_one("dt#average-order-value").get_text() == "客单价（AOV）"
    assert (
        page(site, "en/glossary/").select_one("dt#average-order-value").get_text()
        == "Average order value (AOV)"
    )


def test_traditional_edition_tooltips_use_the_converted_terms(site: Path) -> None:
    from macros.render.hant import edition_converter

    to_hant = edition_converter(ROOT / "playbook" / "_templates")
    aov = HB.terms["average-order-value"]
    soup = page(site, "zh-Hant/roles/ecommerce-operations-specialist/")
    tips = {a.get_text(): a["title"] for a in soup.article.select("abbr[title]")}
    assert tips[to_hant(aov.term.zh)] == to_hant(aov.definition.zh)
