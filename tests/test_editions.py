"""The further language editions built in parallel child processes (forked from the loaded build,
macros/site/forked.py, or started anew, macros/site/editions.py) make the same site as building
them in turn in one process, and a child's failure fails the build."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import copy_project, mkdocs_build
from .helpers import tree_digest
from .minimal import write_project


def test_parallel_editions_make_the_same_site_as_one_process(tmp_path: Path, built: Path) -> None:
    project = copy_project(tmp_path / "project")

    result = mkdocs_build(project, "--site-dir", str(tmp_path / "in-turn"), PLAYBOOK_JOBS="0")

    assert result.returncode == 0, result.stderr
    in_turn = tmp_path / "in-turn"
    # Byte-identical: the same data makes the same site, in another folder and build mode.
    assert tree_digest(in_turn) == tree_digest(built / "site")
    # One 404 page, the default edition's (in turn, the last language built used to win).
    assert '<html lang="zh"' in (in_turn / "404.html").read_text(encoding="utf-8")
    # One job for two editions: each child a new `mkdocs build` (the session's build forks them).
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "spawned"), PLAYBOOK_JOBS="1")
    assert result.returncode == 0, result.stderr
    assert tree_digest(tmp_path / "spawned") == tree_digest(built / "site")
    # Nothing left beside the site by the children.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in-turn", "project", "spawned"]


def test_each_edition_keeps_its_own_search_and_sitemap_entries(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    for lang in ("en", "zh-Hant"):
        assert any(f"/{lang}/roles/store-manager/" in loc for loc in locs), lang
        index = (site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
        assert '"location":"roles/store-manager/"' in index
    assert len(locs) == len(set(locs))


def test_a_failing_edition_fails_the_build_with_its_reason(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    page = project / "playbook/index.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", encoding="utf-8")

    result = mkdocs_build(project)

    assert result.returncode == 1
    assert "The 'en' edition failed to build" in result.stderr
    assert "no-such-page.md" in result.stderr
    assert not (project / "site").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith("site")] == []


def test_a_bad_job_count_is_a_clear_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")

    result = mkdocs_build(project, PLAYBOOK_JOBS="many")

    assert result.returncode == 1
    assert "PLAYBOOK_JOBS='many': expected a whole number" in result.stderr
    assert "Traceback" not in result.stderr
