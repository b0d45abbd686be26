"""The live loop: what `mkdocs serve` keeps between builds (macros/site/live.py), the preview
workers, and a served edit shown first then built in full (the --dirty session: test_live_dirty.py)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config

from macros.model.loader import load_handbook
from macros.site import broken, editions, live, workers, zygote
from macros.site import plugin as site_plugin
from macros.site.live import Changes, LiveMemory
from macros.site.preview import changed_entities

from .conftest import copy_project
from .helpers import http_get, mkdocs_serve, save, wait_for
from .minimal import write_project


def test_memory_rebuilds_changed_pages_and_merges_search() -> None:
    memory = LiveMemory()
    first = memory.compare("data-1", "terms-1")
    assert first == Changes(data=True, glossary=True)
    assert memory.page_changed("roles/a.zh.md", "A", first)
    memory.merge_search(
        "zh",
        [
            {"location": "roles/a/", "text": "A"},
            {"location": "roles/b/", "text": "B"},
            {"location": "roles/b/#duties", "text": "B duties"},
        ],
        {"roles/a/", "roles/b/"},
    )
    memory.commit()

    second = memory.compare("data-2", "terms-1")
    assert second == Changes(data=True, glossary=False)
    assert not memory.page_changed("roles/a.zh.md", "A", second)
    assert memory.page_changed("roles/b.zh.md", "B, edited", second)
    merged = memory.merge_search(
        "zh", [{"location": "roles/b/", "text": "B, edited"}], {"roles/b/"}
    )  # roles/a was deleted
    assert merged == [{"location": "roles/b/", "text": "B, edited"}]


def test_a_failed_rebuild_is_forgotten() -> None:
    memory = LiveMemory()
    changes = memory.compare("data-1", "terms-1")
    memory.page_changed("roles/a.zh.md", "A", changes)
    # no commit: the build failed
    assert memory.compare("data-1", "terms-1") == Changes(data=True, glossary=True)


def test_a_save_made_while_a_dirty_rebuild_reads_the_data_counts_in_the_next(
    tmp_path: Path, monkeypatch
) -> None:
    project = write_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["playbook"]
    plugin.mode = "serve-dirty"  # as on_startup says for `mkdocs serve --dirty`
    # What this process keeps between builds, kept for this test only; no search segmenter taught
    monkeypatch.setattr(live, "MEMORY", LiveMemory())
    monkeypatch.setattr(broken, "LAST_PAGES", {})
    monkeypatch.setattr(
        site_plugin, "split_editions", lambda plan, config, content, child, broken: (plan, None, child)
    )
    roles, load = project / "data/roles/ops.yaml", broken.load

    def load_then_save(*args, **kwargs):
        loaded = load(*args, **kwargs)
        roles.write_text(roles.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # saved meanwhile
        return loaded

    monkeypatch.setattr(broken, "load", load_then_save)
    plugin.on_config(config)
    live.MEMORY.commit()  # the build succeeded
    # The next rebuild (the save started it) sees the data changed: its hand-written pages too
    # are rebuilt, from the data as saved.
    assert live.Rebuild.start(live.data_key(project / "data"), {}, "zh").changes.data


def test_an_edit_names_the_entities_whose_own_pages_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = load_handbook(project / "data")
    roles = project / "data/roles/leadership.yaml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(text.replace("leads its six departments directly", "leads them"), encoding="utf-8")
    # The role's own pages: its page, its job posting and its onboarding path.
    assert changed_entities(before, load_handbook(project / "data")) == {
        ("role", "store-manager"),
        ("job", "store-manager"),
        ("onboarding", "store-manager"),
    }
    # A term changed: tooltips change on every page; the full rebuild renders them.
    glossary = project / "data/glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("zh: 客单价", "zh: 客单价格", 1))
    assert changed_entities(before, load_handbook(project / "data")) is None


def test_a_preview_worker_renders_when_asked_and_ends_when_told(tmp_path: Path) -> None:
    asked: list[str] = []

    def render(served: str) -> list[str]:
        asked.append(served)
        return ["roles/a.en.md"]

    listening = workers.listen()
    thread = threading.Thread(target=workers.serve, args=(listening, render, os.getppid()))
    thread.start()
    worker = workers.Worker("en", workers.address_of(listening), os.getpid(), lambda t: not thread.join(t))
    answers = workers.ask_all([worker], tmp_path, timeout=20)
    assert answers() == ["roles/a.en.md"]
    assert asked == [str(tmp_path)]
    worker.quit()
    assert not thread.is_alive()
    assert workers.ask_all([worker], tmp_path, timeout=1)() == []  # gone: no answer, no error


def test_a_preview_worker_ends_when_its_parent_is_gone(monkeypatch) -> None:
    # A worker started as a new process outlives its starter (no death signal): it looks for
    # its parent between requests. (mkdocs serve stopped with Ctrl-C tells its workers to quit:
    # test_serve_shows_the_changed_page_first_then_the_whole_site.)
    parent = os.getppid()
    listening = workers.listen()
    listening.settimeout(0.05)  # look often
    thread = threading.Thread(target=workers.serve, args=(listening, lambda served: [], parent), daemon=True)
    thread.start()
    time.sleep(0.2)
    assert thread.is_alive()
    monkeypatch.setattr(os, "getppid", lambda: 1)  # adopted by init: its parent is gone
    thread.join(5)
    assert not thread.is_alive()


def test_a_build_forked_from_the_zygote_ends_as_its_own_process_would(tmp_path: Path) -> None:
    # What mkdocs serve's rebuilds start their further editions from (zygote.py): MkDocs' command
    # line in the given folder (its mkdocs.yml) and environment, its output in the log, its exit
    # status.
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: !ENV ZYGOTE_DOCS\n", encoding="utf-8")
    order = editions.EditionOrder("en", None, str(tmp_path / "report.json"))
    log = tmp_path / "build.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ZYGOTE_DOCS": "from-env"}
    child = zygote.start(["build"], env, str(tmp_path), str(log), order, print)
    assert child.wait(timeout=120) == 1
    assert child.poll() == 1
    assert f"'{tmp_path / 'from-env'}' isn't an existing directory" in log.read_text(encoding="utf-8")


def _quiet_page(html: str) -> str:
    """A served page without the live-reload script MkDocs adds to each response."""
    return re.sub(r"livereload\(\d+, \d+\);", "", html)


@pytest.fixture
def short_temp() -> Iterator[Path]:
    """A temporary folder with a short path, removed afterwards: a server given it as TMPDIR
    makes its sockets in it, and Linux keeps a socket's path under 108 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="pb-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_serve_shows_the_changed_page_first_then_the_whole_site(tmp_path: Path, short_temp: Path) -> None:
    # The small handbook (tests/minimal.py): three editions, a department of two roles, its
    # manager's role edited here.
    project = write_project(tmp_path / "project")
    log_file = tmp_path / "serve.log"
    with mkdocs_serve(project, log_file, TMPDIR=str(short_temp)) as (server, port):  # (see the end)

        def log_text() -> str:
            return log_file.read_text(encoding="utf-8", errors="replace")

        wait_for(lambda: "Serving on" in log_text(), 300, "the first build", server=server, log=log_file)
        base = f"http://127.0.0.1:{port}/"
        roles = project / "data/roles/ops.yaml"
        text = roles.read_text(encoding="utf-8")
        assert "{zh: 带领运营部, en: Leads operations}" in text
        edited = text.replace(
            "{zh: 带领运营部, en: Leads operations}", "{zh: 亲自带领运营部, en: Runs operations in person}"
        )
        save(roles, edited)

        first: dict[str, list[str]] = {"": [], "en/": []}

        def changed(edition: str, words: str) -> bool:
            first[edition].append(http_get(f"{base}{edition}roles/ops-manager/"))
            return words in first[edition][-1]

        wait_for(lambda: changed("", "亲自带领"), 300, "the page", server=server, log=log_file)
        wait_for(
            lambda: changed("en/", "Runs operations in person"),
            300,
            "the English page",
            server=server,
            log=log_file,
        )
        wait_for(
            lambda: "Reloading browsers" in log_text().split("Detected file changes")[-1],
            300,
            "the rebuild",
            server=server,
            log=log_file,
        )
        # The default edition's pages came first, from this process; then the other editions',
        # from the processes that built them (their preview workers), before the full rebuild.
        served_first = re.search(r"Served first \([\d.]+ s\): (.*)", log_text())
        assert served_first and "roles/ops-manager.zh.md" in served_first.group(1).split(", ")
        served_next = re.search(r"Served next \([\d.]+ s\): (.*)", log_text())
        assert served_next, log_text()
        assert {"roles/ops-manager.en.md", "roles/ops-manager.zh-Hant.md"} <= set(
            served_next.group(1).split(", ")
        )
        assert log_text().index("Served next") < log_text().index("Reloading browsers")
        # The pages rendered first are the pages the full rebuild made.
        assert _quiet_page(first[""][-1]) == _quiet_page(http_get(base + "roles/ops-manager/"))
        assert _quiet_page(first["en/"][-1]) == _quiet_page(http_get(base + "en/roles/ops-manager/"))
        # …and nothing is stale after it: every edition, the role indexes and search.
        assert "親自帶領" in http_get(base + "zh-Hant/roles/ops-manager/")
        assert "亲自带领" in http_get(base + "roles/")
        assert "親自帶領" in http_get(base + "zh-Hant/roles/")
        assert "Runs operations in person" in http_get(base + "en/roles/")
        # (the index separates Chinese words with zero-width spaces)
        assert "亲自带领" in http_get(base + "search/search_index.json").replace("\u200b", "")
        assert "親自帶領" in http_get(base + "zh-Hant/search/search_index.json").replace("\u200b", "")
        assert "Runs operations in person" in http_get(base + "en/search/search_index.json")

        # A second edit is previewed by the workers of the rebuilt site in the same way.
        save(roles, edited.replace("亲自带领", "全面带领", 1))
        wait_for(lambda: changed("", "全面带领"), 300, "the page, edited again", server=server, log=log_file)
        wait_for(
            lambda: "親自帶領" not in http_get(base + "zh-Hant/roles/ops-manager/"),
            300,
            "zh-Hant",
            server=server,
            log=log_file,
        )
        assert "全面帶領" in http_get(base + "zh-Hant/roles/ops-manager/")
        wait_for(
            lambda: log_text().count("Reloading browsers") >= 2,
            300,
            "the second rebuild",
            server=server,
            log=log_file,
        )

        assert log_text().count("Served next") == 2
        # Killed outright (no clean-up of its own runs), the server takes with it the zygote its
        # rebuilds forked their editions from and those editions' preview workers (below).
        # (this server, its zygote and a worker for each further edition)
        assert len(_left_behind(project, port)) >= 4
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=20)
        assert any(short_temp.iterdir())  # the site it served, left there (short_temp removes it)
    wait_for(lambda: not _left_behind(project, port), 10, "the zygote and the preview workers to end")


def _left_behind(project: Path, port: int) -> list[str]:
    """Processes of this server still running (Linux): forked ones carry its address on their
    command line, started ones the project's mkdocs.yml; those forked from its zygote (and the
    zygote) run in the project's folder."""
    marks = (f"127.0.0.1:{port}".encode(), str(project / "mkdocs.yml").encode())
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
            cwd = (cmdline.parent / "cwd").readlink()
        except OSError:
            continue
        if any(mark in words for mark in marks) or cwd == project.resolve():
            found.append(cmdline.parent.name)
    return found
