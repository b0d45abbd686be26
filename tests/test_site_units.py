"""The site layer's plain functions, without a build: the build plan and options, the edition
protocol, the Traditional pages, the segmenter's words, edit links, the upstream adapters and
their startup check, publishing."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config.base import ValidationError

from macros.model.loader import load_handbook
from macros.render.pages import GeneratedPage
from macros.render.tree import derived_pages
from macros.site import upstream
from macros.site.edit_links import edit_uri
from macros.site.editions import (
    ChildEdition,
    EditionOrder,
    EditionReport,
    EditionResult,
    EditionsError,
    job_count,
)
from macros.site.finish import publish_or_discard
from macros.site.forked import Turns
from macros.site.options import Jobs, PlaybookConfig
from macros.site.plan import PlanError, check_default, check_languages, mode_of, plan_build
from macros.site.segmenter import handbook_words

from .minimal import write_handbook

REPO = Path(__file__).resolve().parent.parent

LANGS = ("zh", "en", "zh-Hant")


@pytest.mark.parametrize(
    ("command", "dirty", "mode"),
    [
        ("build", False, "build"),
        ("serve", False, "serve"),
        ("serve", True, "serve-dirty"),
        ("", False, "other"),
    ],
)
def test_mode_from_the_command(command: str, dirty: bool, mode: str) -> None:
    assert mode_of(command, dirty) == mode


def test_a_build_stages_its_site_and_builds_further_editions_in_children() -> None:
    plan = plan_build(mode="build", languages=LANGS, site_dir="/x/site/", jobs=2, pid=7)
    assert plan.built_here == ("zh",) and plan.further == ("en", "zh-Hant")
    assert plan.parallel and not plan.in_turn and not plan.child and not plan.live
    assert (plan.final_dir, plan.staged_dir) == ("/x/site/", "/x/site.partial-7")


def test_no_children_builds_every_edition_in_turn() -> None:
    plan = plan_build(mode="build", languages=LANGS, site_dir="site", jobs=0)
    assert plan.in_turn and plan.built_here == LANGS and plan.chinese == ("zh", "zh-Hant")


@pytest.mark.parametrize(
    "case",
    [
        {"mode": "serve-dirty"},  # a dirty rebuild builds few pages: no child would know which
        {"mode": "other"},  # built from Python
        {"mode": "build", "has_config_file": False},
        {"mode": "build", "languages": ("zh",)},
    ],
)
def test_when_no_children_are_started(case: dict) -> None:
    plan = plan_build(**{"languages": LANGS, "site_dir": "site", "jobs": 4, **case})
    assert not plan.parallel and plan.built_here == plan.languages


def test_serving_replaces_the_served_site_after_each_build_and_a_child_builds_its_edition_only() -> None:
    serving = plan_build(mode="serve", languages=LANGS, site_dir="s", jobs=2, pid=7)
    assert serving.previewing and (serving.final_dir, serving.staged_dir) == ("s", "s.partial-7")
    dirty = plan_build(mode="serve-dirty", languages=LANGS, site_dir="s", jobs=2)
    assert not dirty.previewing and dirty.staged_dir is None  # it rebuilds the served site in place
    child = plan_build(mode="build", languages=LANGS, site_dir="s", edition="en", jobs=2)
    assert child.child and child.built_here == ("en",) and not child.parallel
    assert child.staged_dir is None and not child.in_turn
    # The English child teaches the segmenter the Chinese editions' words as one process would:
    # Chinese text on English pages (editors' notes) is then cut alike, in turn or in parallel.
    assert child.chinese == ("zh", "zh-Hant")


def test_children_are_forked_where_possible_as_many_at_once_as_jobs_allow() -> None:
    forked = plan_build(mode="build", languages=LANGS, site_dir="s", jobs=2, forkable=True)
    assert forked.fork and forked.parallel
    child = forked.for_edition("en")
    assert child == plan_build(mode="build", languages=LANGS, site_dir="s", edition="en")
    # fewer jobs than further editions: forked, taking turns (forked.Turns)
    assert plan_build(mode="build", languages=LANGS, site_dir="s", jobs=1, forkable=True).fork
    # no fork on this platform: new processes
    assert not plan_build(mode="build", languages=LANGS, site_dir="s", jobs=2).fork
    assert not plan_build(mode="build", languages=LANGS, site_dir="s", jobs=0, forkable=True).fork


def test_traditional_pages_convert_the_simplified_ones(tmp_path: Path) -> None:
    (tmp_path / "roles").mkdir()
    (tmp_path / "_templates").mkdir()
    (tmp_path / "index.zh.md").write_text("软件", encoding="utf-8")
    (tmp_path / "roles/index.zh.md").write_text("信息", encoding="utf-8")
    (tmp_path / "_templates/x.zh.md").write_text("模板", encoding="utf-8")
    (tmp_path / "index.en.md").write_text("English", encoding="utf-8")

    pages = derived_pages(tmp_path, {"zh-Hant": lambda text: f"<{text}>"})

    assert [(p.src_uri, p.ident, p.markdown) for p in pages] == [
        ("index.zh-Hant.md", "index.zh.md", "<软件>"),
        ("roles/index.zh-Hant.md", "roles/index.zh.md", "<信息>"),
    ]


def test_segmenter_learns_each_name_as_each_chinese_edition_writes_it(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    words = handbook_words(hb, [lambda text: text.zh, lambda text: text.zh.replace("运营", "運營")])
    assert words[:2] == ["库存单位", "库存单位"]
    assert {"运营经理", "運營经理", "运营部", "運營部"} <= set(words)


def test_rjieba_cuts_the_handbook_as_jieba_does() -> None:
    """rjieba stands in for jieba when installed (upstream.use_rust_segmenter): it must cut
    every Chinese text of the handbook, as each Chinese edition writes it, into the same words,
    with the handbook's own words taught to both."""
    rjieba = pytest.importorskip("rjieba")
    import jieba

    from macros.render.hant import converter

    hb = load_handbook(REPO / "data")
    to_hant = converter()
    editions = [lambda text: text.zh, lambda text: text.zh_hant or to_hant(text.zh)]
    ours, rust = jieba.Tokenizer(), rjieba.Jieba()
    ours.initialize()
    for word in handbook_words(hb, editions):
        ours.add_word(word)
        rust.add_word(word, None, None)
    data = "".join(path.read_text("utf-8") for path in (REPO / "data").rglob("*.yaml"))
    texts = re.findall(r"[\u4e00-\u9fff]+", data)
    texts += re.findall(r"[\u4e00-\u9fff]+", to_hant("\n".join(texts)))
    assert len(texts) > 1000
    assert [list(ours.cut(text)) for text in texts] == [rust.cut(text) for text in texts]


def test_edit_links_open_the_yaml_a_page_comes_from(tmp_path: Path) -> None:
    hb = load_handbook(write_handbook(tmp_path))
    docs = tmp_path / "playbook"

    def page(kind: str, ident: str) -> GeneratedPage:
        return GeneratedPage(f"x.{kind}.md", "en", kind, ident, str)

    assert edit_uri(page("role", "ops-manager"), hb, tmp_path, docs) == "../data/roles/ops.yaml"
    assert edit_uri(page("matrix", "small-team"), hb, tmp_path, docs) == "../data/templates/small-team.yaml"
    assert edit_uri(page("page", "index.zh.md"), hb, tmp_path, docs) == "index.zh.md"
    assert edit_uri(page("print", ""), hb, tmp_path, docs) is None


def test_pages_of_other_languages_search_their_own_index() -> None:
    html = '<p>x</p><script id="__config" type="application/json">{"base": "../..", "x": "中"}</script>'
    rebased = upstream.rebase_search(html, "en")
    data = json.loads(rebased.split('json">')[1].split("</script>")[0])
    assert data == {"base": "../../en/", "x": "中"}


def test_the_offline_bundle_uses_our_worker_polyfill() -> None:
    config = SimpleNamespace(extra={"polyfills": ["https://unpkg.com/iframe-worker/shim", "keep.js"]})
    upstream.replace_worker_polyfill(config, "assets/file-worker.js")
    upstream.replace_worker_polyfill(config, "assets/file-worker.js")
    assert config.extra["polyfills"] == ["keep.js", "assets/file-worker.js"]


def test_the_installed_packages_hold_every_upstream_assumption() -> None:
    assert upstream.broken() == []


def test_a_broken_assumption_names_the_package_and_its_version() -> None:
    def gone() -> bool:
        raise AttributeError("renamed")

    broken = upstream.broken([upstream.Assumption("mkdocs", "File.is_modified exists", gone)])
    installed = upstream.metadata.version("mkdocs")
    assert broken == [
        f"mkdocs {installed} (tested with {upstream.TESTED['mkdocs']}): File.is_modified exists"
    ]


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    final, staged = tmp_path / "site", tmp_path / "site.partial-1"
    final.mkdir()
    (final / "old").write_text("old")
    staged.mkdir()
    (staged / "new").write_text("new")

    publish_or_discard(staged, final, complete=False)
    assert [p.name for p in final.iterdir()] == ["old"] and not staged.exists()

    staged.mkdir()
    (staged / "new").write_text("new")
    publish_or_discard(staged, final, complete=True)
    assert (final / "new").is_file() and not (final / "old").exists()
    # the old site is removed by a process the build does not wait for
    deadline = time.monotonic() + 30
    while [p.name for p in tmp_path.iterdir()] != ["site"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_edition_order_travels_through_the_environment() -> None:
    order = EditionOrder("zh-Hant", "https://example.org/手册/", "/tmp/r.json")
    assert EditionOrder.from_env(order.to_env(), parent=os.getpid()) == order
    assert EditionOrder.from_env({}) is None
    with pytest.raises(EditionsError, match="PLAYBOOK_EDITION='.*' is set, but this is not a child build"):
        EditionOrder.from_env({"PLAYBOOK_EDITION": '{"locale": "en"}'})


def test_a_child_reports_its_warnings_and_errors_to_its_parent(tmp_path: Path) -> None:
    report_file = tmp_path / "en.json"
    child = ChildEdition(EditionOrder("en", None, str(report_file)))
    logging.getLogger("mkdocs.plugins.x").warning("a link to '%s' is broken", "x.md")
    logging.getLogger("mkdocs.commands.build").error("it failed")
    child.finish(completed=False)
    logging.getLogger("mkdocs").warning("after the end: not recorded")

    report = EditionReport.read(report_file)
    assert report == EditionReport("en", False, ["a link to 'x.md' is broken"], ["it failed"])
    result = EditionResult("en", tmp_path, 1, "INFO - noise\n", report)
    assert result.failure() == "ERROR    -  it failed\nWARNING  -  a link to 'x.md' is broken"
    assert EditionReport.read(tmp_path / "never-written.json") is None


def test_a_child_that_wrote_no_report_fails_with_what_it_printed(tmp_path: Path) -> None:
    result = EditionResult("en", tmp_path, 1, "INFO    -  Building\nTraceback: boom\n")
    assert result.failure() == "Traceback: boom" and result.warnings() == []


def test_jobs_come_from_the_option_then_the_environment() -> None:
    assert job_count(3, {"PLAYBOOK_JOBS": "1"}) == 3
    assert job_count(None, {"PLAYBOOK_JOBS": " 0 "}) == 0
    assert job_count(None, {}) >= 1
    with pytest.raises(EditionsError, match="PLAYBOOK_JOBS='-1': expected 0 or more"):
        job_count(None, {"PLAYBOOK_JOBS": "-1"})


@pytest.mark.parametrize(("value", "expected"), [(2, 2), ("2", 2), (0, 0)])
def test_the_jobs_option_takes_a_whole_number(value: object, expected: int) -> None:
    assert Jobs().validate(value) == expected


@pytest.mark.parametrize("value", ["many", -1, 1.5, True])
def test_the_jobs_option_says_what_it_expected(value: object) -> None:
    with pytest.raises(ValidationError, match=r"jobs=.*: expected (a whole number|0 or more)"):
        Jobs().validate(value)


def test_a_derived_edition_may_choose_its_conversion_in_mkdocs_yml() -> None:
    config = PlaybookConfig()
    config.load_dict({"conversions": {"zh-Hant": "s2twp"}})
    assert config.validate() == ([], []) and config.conversions == {"zh-Hant": "s2twp"}
    older = PlaybookConfig()  # the option of the days of one derived edition: moved, with a warning
    older.load_dict({"hant_variant": "s2hk"})
    failed, warnings = older.validate()
    assert not failed and older.conversions == {"zh-Hant": "s2hk"}
    assert [w for _, w in warnings] == [
        "The configuration option 'hant_variant' has been deprecated and will be removed in a future "
        "release. Use 'conversions.zh-Hant' instead."
    ]
    for wrong, message in [
        ({"en": "s2tw"}, "'en' is not a derived language (expected one of: zh-Hant)"),
        ({"zh-Hant": "t2s"}, "Expected one of: ('s2tw', 's2t', 's2twp', 's2hk') but received: 't2s'"),
    ]:
        bad = PlaybookConfig()
        bad.load_dict({"conversions": wrong})
        failed, _ = bad.validate()
        assert [(key, str(error)) for key, error in failed] == [("conversions", message)]


def test_every_edition_built_must_be_in_the_registry() -> None:
    assert check_languages(("zh", "en", "zh-Hant")) == ("zh", "en", "zh-Hant")
    with pytest.raises(PlanError, match=r"the edition 'zh-HK' is not in the registry of languages \(macros"):
        check_languages(("zh", "zh-HK"))
    with pytest.raises(PlanError, match="'zh-HK' is not in the registry"):  # checked by every plan
        plan_build(mode="build", languages=("zh", "zh-HK"), site_dir="site")


def test_the_default_language_must_be_the_i18n_default() -> None:
    languages = [SimpleNamespace(locale="zh", default=True), SimpleNamespace(locale="en", default=False)]
    config = SimpleNamespace(plugins={"i18n": SimpleNamespace(config=SimpleNamespace(languages=languages))})
    assert check_default(config, "zh") == "zh"
    assert check_default(SimpleNamespace(plugins={}), "en") == "en"
    with pytest.raises(PlanError, match="'default_language': expected .* 'zh', but received: 'en'"):
        check_default(config, "en")


def test_the_theme_listing_skips_hidden_folders_and_finds_the_same_files() -> None:
    from jinja2 import Environment
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(str(REPO / "mkdocs.yml"))
    plain = config.theme.get_env()
    upstream.skip_hidden_theme_folders(config)
    upstream.skip_hidden_theme_folders(config)  # once is enough: not wrapped twice
    quick = config.theme.get_env()
    assert quick.list_templates is not plain.list_templates
    theirs, ours = Files([]), Files([])
    theirs.add_files_from_theme(plain, config)
    ours.add_files_from_theme(quick, config)
    assert [f.abs_src_path for f in ours] == [f.abs_src_path for f in theirs] != []
    # a filter that keeps dotted paths (or none at all) gets Jinja's own listing
    assert quick.list_templates() == Environment.list_templates(plain)
    keep_all = quick.list_templates(filter_func=lambda name: True)
    assert any(name.startswith(".icons/") for name in keep_all)


def test_a_first_build_compiles_the_theme_once_before_its_editions_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from mkdocs.config import load_config

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # an empty cache of compiled templates
    config = load_config(str(REPO / "mkdocs.yml"))
    compiled = upstream.compile_theme(config)
    assert {"main.html", "base.html", "404.html", "hiring.html", "partials/header.html"} <= set(compiled)
    assert upstream.compile_theme(config) == []  # found in the cache: nothing to do


def test_a_first_build_compiles_the_theme_beside_the_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """compiling.py: a forked process fills Jinja's cache with the theme's templates; with the
    cache filled, nothing is forked."""
    import tempfile

    from mkdocs.config import load_config

    from macros.render.pages import compiled_templates
    from macros.site import compiling

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # an empty cache of compiled templates
    config = load_config(str(REPO / "mkdocs.yml"))
    assert not upstream.theme_compiled(config, compiled_templates())
    assert compiling.compile_beside(config)
    compiling.wait()
    assert upstream.theme_compiled(config, compiled_templates())
    assert not compiling.compile_beside(config)
    assert upstream.compile_theme(config) == []  # found in the cache: nothing left to do


def test_a_child_splits_only_its_own_edition_s_search_index(tmp_path: Path) -> None:
    """finish_edition: a child writes its edition's index where the site keeps it and leaves
    the default language's to its parent (`only`)."""
    import json

    from macros.site.output import split_search_index

    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    docs = [{"location": "en/roles/a/", "title": "A", "text": ""}]
    index.write_text(json.dumps({"config": {"lang": ["en"]}, "docs": docs}), encoding="utf-8")
    split_search_index(tmp_path, "zh", ["en"], only=["en"])
    written = json.loads((tmp_path / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert written["docs"] == [{"location": "roles/a/", "title": "A", "text": ""}]
    assert json.loads(index.read_text(encoding="utf-8"))["docs"] == docs  # not rewritten


def test_children_beyond_the_jobs_allowed_wait_for_a_turn(tmp_path: Path) -> None:
    """Three children, one job: each builds only once the one before it has built (or ended)."""
    turns, log = Turns(tmp_path, 1), tmp_path / "log"
    pids = []
    for index in range(3):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                turns.wait(index)
                with open(log, "a") as out:
                    out.write(f"start {index}\n")
                time.sleep(0.2)  # "building": another child starting now would show in the log
                with open(log, "a") as out:
                    out.write(f"end {index}\n")
                if index != 1:
                    Turns.done()  # child 1 ends holding its turn, as a child that crashed would
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    for pid in pids:
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    lines = log.read_text().split("\n")[:-1]
    assert [line.split()[0] for line in lines] == ["start", "end"] * 3
    assert [line.split()[1] for line in lines[::2]] == [line.split()[1] for line in lines[1::2]]
