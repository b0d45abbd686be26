"""`mkdocs serve --dirty` rebuilds only what a data edit changed (macros/site/live.py), and the
served pages and search stay complete. (A file of its own: one serve session, which a second
worker can run beside test_live.py's.)"""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import http_get, mkdocs_serve, save, wait_for
from .minimal import write_project

Pages = dict[str, tuple[int, bytes]]  # each page of the served site: its mtime and its bytes


def _pages(served: Path) -> Pages:
    return {
        p.relative_to(served).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in served.rglob("*.html")
    }


def _rebuilt_on_every_edit(project: Path, page: str) -> bool:
    """Whether a dirty rebuild writes the built `page` whatever the data edit: the theme's 404
    page, and the pages of the project's own Markdown files (playbook/, and their copies in the
    derived edition zh-Hant: their macros may list the data)."""
    if page == "404.html":
        return True
    lang = "en" if page.startswith("en/") else "zh"
    path = page.removeprefix("en/").removeprefix("zh-Hant/").removesuffix("index.html").strip("/")
    sources = (f"{path}/index" if path else "index", path)
    return any((project / "playbook" / f"{stem}.{lang}.md").is_file() for stem in sources if stem)


def _rewritten(project: Path, before: Pages, after: Pages) -> set[str]:
    """The pages a rebuild wrote again; checks that, of the generated pages, it wrote only
    those whose text changed, and few of them. (The hand-written pages are rebuilt on every
    data edit, by design: in the small handbook they are a third of the site, so the proportion
    is taken over the generated pages.)"""
    assert after.keys() == before.keys()
    rewritten = {url for url in before if after[url][0] != before[url][0]}
    generated = {url for url in before if not _rebuilt_on_every_edit(project, url)}
    changed = {url for url in generated if after[url][1] != before[url][1]}
    assert rewritten & generated == changed
    assert 0 < len(changed) < len(generated) / 3, (sorted(changed), len(generated))
    return rewritten


def test_dirty_serve_rebuilds_only_the_pages_an_edit_changes(tmp_path: Path) -> None:
    # The small handbook (tests/minimal.py): three editions; a department of two roles, the
    # manager and an assistant reporting to them; a template, a process, a glossary.
    project = write_project(tmp_path / "project")
    log_file = tmp_path / "serve.log"
    temp = tmp_path / "tmp"  # the server's temporary folder, where it serves the site from
    temp.mkdir()
    with mkdocs_serve(project, log_file, "--dirty", TMPDIR=str(temp)) as (server, port):

        def log_text() -> str:
            return log_file.read_text(encoding="utf-8", errors="replace")

        def search(edition: str) -> list[dict[str, str]]:
            return json.loads(http_get(f"{base}{edition}search/search_index.json"))["docs"]

        def edit(old: str, new: str, rebuilds: int) -> None:
            text = roles.read_text(encoding="utf-8")
            assert text.count(old) == 1
            save(roles, text.replace(old, new))
            # MkDocs' serve loop says "Reloading browsers" once each rebuild has written the
            # site. (Not "Documentation built in": mkdocs-static-i18n hides that line from the
            # builds it nests, with a log filter, and the line was once missing after a
            # rebuild that had completed, which made this test wait in vain.)
            wait_for(
                lambda: log_text().count("Reloading browsers") >= rebuilds,
                300,
                "the rebuild",
                server=server,
                log=log_file,
            )
            assert "An error happened during the rebuild" not in log_text()

        wait_for(lambda: "Serving on" in log_text(), 300, "the first build", server=server, log=log_file)
        (served,) = temp.glob("mkdocs_*")
        base = f"http://127.0.0.1:{port}/"
        roles = project / "data/roles/ops.yaml"
        first_pages, first_index = _pages(served), search("en/")

        edit("en: Leads operations}", "en: Runs the whole of operations}", rebuilds=1)
        assert "Runs the whole of operations" in http_get(base + "en/roles/ops-manager/")
        second_pages = _pages(served)
        rewritten = _rewritten(project, first_pages, second_pages)
        # The English summary changed: the role's English pages, the hand-written pages and the
        # pages quoting the summary; not the role's Chinese pages, whose text is the same, nor
        # the other role's pages.
        assert "en/roles/ops-manager/index.html" in rewritten
        assert "en/roles/index.html" in rewritten
        assert "en/departments/ops/index.html" in rewritten  # it quotes the summary
        for lang in ("", "en/", "zh-Hant/"):
            assert f"{lang}roles/ops-assistant/index.html" not in rewritten
        assert "roles/ops-manager/index.html" not in rewritten
        assert "zh-Hant/roles/ops-manager/index.html" not in rewritten
        index = search("en/")
        assert len(index) == len(first_index)
        texts = " ".join(doc["text"] for doc in index)
        assert "Runs the whole of operations" in texts
        assert "Leads operations" not in texts

        # The Chinese summary: the Traditional edition's copy of a hand-written page keeps its
        # text, but the data its macros list changed (it was left stale once).
        hant_index = search("zh-Hant/")
        edit("{zh: 带领运营部,", "{zh: 亲自带领运营部,", rebuilds=2)
        rewritten = _rewritten(project, second_pages, _pages(served))
        assert "en/roles/ops-manager/index.html" not in rewritten
        assert "親自帶領" in http_get(base + "zh-Hant/roles/ops-manager/")
        assert "亲自带领" in http_get(base + "roles/")
        assert "親自帶領" in http_get(base + "zh-Hant/roles/")
        index = search("zh-Hant/")
        assert len(index) == len(hant_index)
        # (the index separates Chinese words with zero-width spaces)
        assert "親自帶領" in " ".join(doc["text"] for doc in index).replace("\u200b", "")
