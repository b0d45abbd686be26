"""`mkdocs serve --dirty` rebuilds only what a data edit changed (macros/site/live.py), and the
served pages and search stay complete. (A file of its own: one serve session, which a second
worker can run beside test_live.py's.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import copy_project
from .helpers import http_get, mkdocs_serve, wait_for


def test_dirty_serve_rebuilds_only_the_pages_an_edit_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    log_file = tmp_path / "serve.log"
    # --verbose: mkdocs-static-i18n then names the folder it serves from (quiet otherwise)
    with mkdocs_serve(project, log_file, "--dirty", "--verbose") as (server, port):

        def log_text() -> str:
            return log_file.read_text(encoding="utf-8", errors="replace")

        wait_for(lambda: "Serving on" in log_text(), 300, "the first build", server=server, log=log_file)
        served = Path(re.search(r"documentation to directory: (\S+)", log_text()).group(1))
        pages_before = {p: p.stat().st_mtime_ns for p in served.rglob("*.html")}
        base = f"http://127.0.0.1:{port}/"
        index_before = json.loads(http_get(base + "en/search/search_index.json"))["docs"]

        roles = project / "data/roles/leadership.yaml"
        roles.write_text(
            roles.read_text(encoding="utf-8").replace(
                "Heads the online store and leads its six departments directly.",
                "Runs the whole online store and its six departments.",
            ),
            encoding="utf-8",
        )
        wait_for(
            lambda: log_text().count("Documentation built in") >= 2,
            300,
            "the rebuild",
            server=server,
            log=log_file,
        )

        page = http_get(base + "en/roles/store-manager/")
        assert "Runs the whole online store and its six departments." in page
        rewritten = {
            p.relative_to(served).as_posix()
            for p, mtime in pages_before.items()
            if p.stat().st_mtime_ns != mtime
        }
        # The English summary changed: the role's English page, the hand-written pages (their
        # macros list the data) and pages quoting the summary; not the role's Chinese pages,
        # whose text is the same, nor the rest of the handbook.
        assert "en/roles/store-manager/index.html" in rewritten
        assert "en/roles/index.html" in rewritten
        for lang in ("", "en/", "zh-Hant/"):
            assert f"{lang}roles/presales-agent/index.html" not in rewritten
        assert "roles/store-manager/index.html" not in rewritten
        assert "zh-Hant/roles/store-manager/index.html" not in rewritten
        assert len(rewritten) < len(pages_before) / 3, (len(rewritten), len(pages_before))

        index_after = json.loads(http_get(base + "en/search/search_index.json"))["docs"]
        assert len(index_after) == len(index_before)
        texts = " ".join(doc["text"] for doc in index_after)
        assert "Runs the whole online store" in texts
        assert "Heads the online store and leads" not in texts
