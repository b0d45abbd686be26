"""Scale benchmark of the handbook build (issue 7). A script, not a test.

    python bench/run.py                      # 100, 500 and 2,000 roles (about 30 minutes on 2 cores)
    python bench/run.py --quick              # 100 roles only
    python bench/run.py --sizes 100,1000 --no-serve --no-browser --no-profile
    python bench/run.py --sizes 2000 --hiring-cost ...   # also without the hiring pages (3 pairs)

For each size it generates a synthetic handbook (bench/generate.py) in a temporary folder and
measures, one build at a time:

  (a) our full build: `mkdocs build` of the generated project (every language mkdocs.yml builds
      — zh, en and the zh-Hant edition at the time of writing — charts, tooltips, print page,
      per-language search);
  (b) the reference: a plain Material for MkDocs build of exactly the Markdown our generator
      produced (written by macros.render.tree.write_markdown_trees: the generated pages and the
      hand-written ones with their index macros expanded, one folder per edition), without our
      plugin, mkdocs-macros or mkdocs-static-i18n: a minimal mkdocs.yml (theme material with the
      same features, plugin search with the same separator and pipeline, the same
      markdown_extensions and nav), ONE LANGUAGE PER BUILD — zh into site/, then each other
      language into site/<lang>/ — whose times add up and whose peak RSS is the largest.
      Rendering that Markdown is done by this script beforehand and is not timed.

For each: wall time, CPU time, peak RSS (the largest sum over the build process and the children
alive at the same moment: parallel editions count together), site/ size, bytes per
page, search index size, and the ratio a/b. Then, unless switched off:

  - the live-editing loop: `mkdocs serve` on loopback on the 500-role handbook (or the size
    nearest to it), the time from saving one data file to the changed role page being served;
  - in-browser search: headless Chromium (Playwright) on the largest site (a), served over
    loopback: time from the last keystroke to the results list being drawn;
  - a sampling profile (py-spy) of build (a) of the largest size, summarised by owner.

By default the committed project (git HEAD, read with `git archive` into the work folder) is
benchmarked, so that others' uncommitted edits cannot change or break a run; --source worktree
takes the files as they are. Builds wait (bounded) for a quiet machine, and the table shows the
1-minute load before each build: on a shared 2-core machine, compare CPU time as well as wall.

Results: a table on stdout and bench/results.json (with machine info); raw profiles and logs in
bench/out/.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))  # `macros` is imported from the benchmarked source (see main)

import generate  # noqa: E402
import profile_summary  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
SNAPSHOT_PARTS = ("mkdocs.yml", "playbook", "overrides", "macros", "data")


def snapshot(rev: str, dest: Path) -> dict:
    """The project's sources at git revision `rev` (read with git archive; the repository and
    its work tree are not touched). Builds then import `macros` from here (PYTHONPATH)."""
    dest.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", rev], capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, *SNAPSHOT_PARTS], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return {"source": f"git {rev}", "commit": commit}


PY = sys.executable
CHROMIUM = "/usr/bin/chromium"
# The targets of issue 17; ratios are ours over plain Material on the same Markdown.
TARGETS = {
    "live_preview_s": 1.0,  # save a data file → the changed page served, seed and 500 roles
    "ratio_wall_2000": 0.6,
    "ratio_cpu_2000": 1.0,
    "ratio_memory_2000": 2.0,  # peak memory (PSS, see _MEASURE)
    "seed_cold_build_s": 2.0,
    "offline_first_results_s": 1.0,  # offline bundle at 2,000 roles, after the first keystroke
    "search_ms": 150.0,  # keystroke → results drawn, served
    "bytes_per_page_spread": 0.10,  # HTML bytes per page, 100 → 2,000 roles
}

# Runs a command and reports its wall time, CPU time, and peaks of memory: the largest RSS of any
# one process of the tree (getrusage); the largest SUM of RSS of the processes alive at the same
# moment; and the largest sum of their PSS (sampled from /proc every 50 ms). A build whose
# editions run as parallel child processes holds all of them at once; children forked from a
# loaded parent share its pages, which the RSS sum counts once per process and PSS divides
# between them: PSS is the memory the build really holds, and the figure compared.
_MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time

def tree(root):
    children = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(pid))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out

def field(path, name):
    try:
        for line in open(path):
            if line.startswith(name):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

t = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1] + ".log", "w"),
                         stderr=subprocess.STDOUT)
peak = {"rss": 0, "pss": 0}
def sample():
    while child.poll() is None:
        pids = tree(child.pid)
        peak["rss"] = max(peak["rss"], sum(field(f"/proc/{p}/status", "VmRSS:") for p in pids))
        peak["pss"] = max(peak["pss"], sum(field(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))
        time.sleep(0.05)
sampler = threading.Thread(target=sample)
sampler.start()
rc = child.wait()
wall = time.perf_counter() - t
sampler.join()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
one = ru.ru_maxrss * 1024
json.dump({"rc": rc, "wall_s": wall, "peak_rss_bytes": max(peak["rss"], one),
           "peak_pss_bytes": peak["pss"] or one,
           "peak_rss_one_process_bytes": one,
           "user_s": ru.ru_utime, "sys_s": ru.ru_stime}, open(sys.argv[1], "w"))
"""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


QUIET = {"load": 1.5, "max_wait_s": 120.0}
LOADS: list[dict] = []  # the 1-minute load before each timed run


def wait_for_quiet() -> float:
    """Other people share these cores: wait (bounded) for the 1-minute load to drop first."""
    t = time.perf_counter()
    while os.getloadavg()[0] > QUIET["load"] and time.perf_counter() - t < QUIET["max_wait_s"]:
        time.sleep(5)
    return time.perf_counter() - t


def measure(cmd: list[str], cwd: Path, name: str, **env: str) -> dict:
    """Run `cmd` in `cwd` in a fresh measuring process; fail loudly if it fails."""
    OUT.mkdir(exist_ok=True)
    result_file = OUT / f"{name}.json"
    waited = wait_for_quiet()
    load = os.getloadavg()[0]
    subprocess.run([PY, "-c", _MEASURE, str(result_file), *cmd], cwd=cwd, env={**ENV, **env}, check=True)
    result = json.loads(result_file.read_text())
    result_file.unlink()
    result["loadavg_1min_before"] = round(load, 2)
    LOADS.append({"run": name, "loadavg_1min_before": round(load, 2)})
    result["waited_for_quiet_s"] = round(waited, 1)
    result["cpu_s"] = round(result["user_s"] + result["sys_s"], 2)
    result["log"] = str(OUT / f"{name}.json.log")
    if result["rc"] != 0:
        tail = Path(result["log"]).read_text(errors="replace")[-3000:]
        raise SystemExit(f"{name}: {' '.join(cmd)} failed ({result['rc']}):\n{tail}")
    return result


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html" and p.name != "404.html"]
    size = sum(p.stat().st_size for p in files)
    html_size = sum(p.stat().st_size for p in html)
    search = sorted(p for p in files if p.name == "search_index.json")
    # The print page of each edition holds the whole handbook up to 300 roles (then it points
    # to the department pages): one huge page that moves the mean but is not "a page".
    sizes = sorted(p.stat().st_size for p in html)
    pages = [p for p in html if "print" not in p.relative_to(site).parts]
    return {
        "pages": len(html),
        "site_bytes": size,
        "html_bytes": html_size,
        "bytes_per_page": round(size / max(1, len(html))),
        "html_bytes_per_page": round(html_size / max(1, len(html))),
        "html_median_bytes_per_page": sizes[len(sizes) // 2] if sizes else 0,
        "html_bytes_per_page_without_print": round(sum(p.stat().st_size for p in pages) / max(1, len(pages))),
        "search_index_bytes": sum(p.stat().st_size for p in search),
        "search_indexes": {str(p.relative_to(site)): p.stat().st_size for p in search},
    }


def hiring_cost(project: Path, n: int, a: dict, pairs: int) -> dict:
    """What the job postings and onboarding paths add to the build's CPU time, wall time and site
    size: (a) built again without them (the plugin's `hiring_pages: false`, in a copy of
    mkdocs.yml beside it), in `pairs` pairs of builds run back to back — (a) and the first build
    without, then more pairs, in alternating order. On a shared machine one build can come out
    20 % slow: each pair's ratio is compared within the pair, and the median pair is reported."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if "\n  - playbook:\n" not in text:
        raise SystemExit("mkdocs.yml: no `- playbook:` plugin with options to add hiring_pages to")
    config = project / "mkdocs.no-hiring.yml"
    config.write_text(text.replace("\n  - playbook:\n", "\n  - playbook:\n      hiring_pages: false\n", 1))
    site = project / "site-no-hiring"

    def build(hiring: bool, pair: int) -> dict:
        name = f"build-a-{n}-{'hiring' if hiring else 'no-hiring'}-{pair}"
        log(f"{n} roles: pair {pair}, {'with' if hiring else 'without'} hiring pages")
        cmd = [PY, "-m", "mkdocs", "build", "-d", site.name] + ([] if hiring else ["-f", config.name])
        return measure(cmd, project, name)

    without = build(False, 1)
    without.update(site_stats(site))
    found = [(a, without)]
    for pair in range(2, pairs + 1):
        first, second = (False, True) if pair % 2 == 0 else (True, False)
        runs = {first: build(first, pair), second: build(second, pair)}
        found.append((runs[True], runs[False]))
    shutil.rmtree(site, ignore_errors=True)
    cpu = sorted(w["cpu_s"] / wo["cpu_s"] - 1 for w, wo in found)
    wall = sorted(w["wall_s"] / wo["wall_s"] - 1 for w, wo in found)
    out = {
        "without": {k: without[k] for k in ("wall_s", "cpu_s", "site_bytes", "pages", "loadavg_1min_before")},
        "pairs": [
            {
                "with": {k: w[k] for k in ("wall_s", "cpu_s")},
                "without": {k: wo[k] for k in ("wall_s", "cpu_s")},
            }
            for w, wo in found
        ],
        "extra_cpu": round(statistics.median(cpu), 3),
        "extra_wall": round(statistics.median(wall), 3),
        "extra_cpu_each_pair": [round(x, 3) for x in cpu],
        "extra_wall_each_pair": [round(x, 3) for x in wall],
        "extra_bytes": round(a["site_bytes"] / without["site_bytes"] - 1, 3),
    }
    log(
        f"{n} roles: hiring pages add {out['extra_cpu']:+.0%} CPU, {out['extra_wall']:+.0%} wall "
        f"(median of {len(found)} pairs: CPU {', '.join(f'{x:+.0%}' for x in cpu)}), "
        f"{out['extra_bytes']:+.0%} bytes ({a['pages'] - without['pages']} pages)"
    )
    return out


# -- (b) the reference tree ---------------------------------------------------------------------
class _Tolerant(__import__("yaml").SafeLoader):
    pass


_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Tolerant.add_constructor("!ENV", lambda loader, node: None)


def top_level_block(text: str, key: str) -> str:
    """The text of one top-level key of a YAML file, as written (keeps !!python tags)."""
    m = re.search(rf"^{key}:.*\n(?:(?:[ \t].*|)\n)*", text, re.M)
    if not m:
        raise SystemExit(f"mkdocs.yml has no '{key}'")
    return m.group(0).rstrip() + "\n"


def write_reference(project: Path, ref: Path, hb) -> list[tuple[str, Path]]:
    """Write every page our build would have into plain docs trees, one per language, with
    the core's supported function (macros.render.tree.write_markdown_trees, the seam to another
    engine), and a minimal mkdocs.yml for each. Returns [(language, config file)], default
    language first.

    Follows the benchmarked source: its languages (zh, en, and zh-Hant converted with OpenCC
    when mkdocs.yml builds it), its generated pages (incl. the print page where it has one),
    and its hand-written pages with the index macros expanded.
    """
    import yaml

    from macros.model.languages import SEARCH
    from macros.render.hant import converter, variant_of
    from macros.render.pages import FOLDERS, Renderer
    from macros.render.tree import write_markdown_trees

    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    conf = yaml.load(text, Loader=_Tolerant)
    plugins = {
        next(iter(p)) if isinstance(p, dict) else p: (p[next(iter(p))] if isinstance(p, dict) else {})
        for p in conf["plugins"]
    }
    search, i18n = plugins.get("search") or {}, plugins["i18n"]
    default = next(lang["locale"] for lang in i18n["languages"] if lang.get("default"))
    # `build: !ENV [...]` reads as None here: built unless the variable says otherwise (it is
    # not set for the benchmark).
    languages = [default] + [
        lang["locale"]
        for lang in i18n["languages"]
        if lang.get("build", True) is not False and lang["locale"] != default
    ]
    variants = {lang: variant_of(lang) for lang in languages}  # the derived languages' conversions
    converters = {lang: converter(variant) for lang, variant in variants.items() if variant}
    docs = project / conf.get("docs_dir", "docs")
    renderer = Renderer(hb, docs / "_templates", converters)
    if ref.exists():
        shutil.rmtree(ref)
    trees = write_markdown_trees(renderer, docs, ref / "docs", tuple(languages))
    configs = []
    for lang in languages:
        spec = next(x for x in i18n["languages"] if x["locale"] == lang)
        translate = spec.get("nav_translations") or {}
        convert = converters.get(lang)
        if convert is not None and not translate:
            translate = {k: convert(k) for item in conf["nav"] for k in item}
        if lang == default:
            translate = {}
        site_name = spec.get("site_name") or (
            convert(conf["site_name"]) if convert is not None else conf["site_name"]
        )
        nav = [{translate.get(k, k): v} for item in conf["nav"] for k, v in item.items()]
        theme = {k: v for k, v in conf["theme"].items() if k != "custom_dir"}
        theme["language"] = lang
        minimal = {
            "site_name": site_name,
            "docs_dir": trees[lang].relative_to(ref).as_posix(),
            "site_dir": "site" if lang == default else f"site/{lang}",
            "use_directory_urls": conf.get("use_directory_urls", True),
            "theme": theme,
            "extra_css": conf.get("extra_css", []),
            "plugins": [{"search": {**search, "lang": SEARCH.get(lang, [lang])}}],
            "nav": nav,
            # the generated pages are outside the nav in our build too: no INFO line per page
            "not_in_nav": "\n".join(f"/{d}/" for d in dict.fromkeys(FOLDERS.values())) + "\n/print.md",
        }
        body = yaml.safe_dump(minimal, allow_unicode=True, sort_keys=False)
        body += top_level_block(text, "markdown_extensions")
        config = ref / f"mkdocs-{lang}.yml"
        config.write_text(body, encoding="utf-8")
        configs.append((lang, config))
    # the default language (at the site root) first: its build empties site/, the others add
    return configs


# -- live editing ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


_ROLE = re.compile(r"^\s*- id: (\S+)\n", re.M)
# A role's summary, block style (the generator) or flow style (the seed handbook)
_SUMMARY = re.compile(r"(  summary:\n\s+zh: |  summary: \{zh: )(.*)")
_SUMMARY_EN = re.compile(r"(\n\s+en: |, en: )(\"?)")


def edit_summary(text: str, mark: str) -> tuple[str, str]:
    """The first role of a roles file with `mark` put at the start of its summary in both
    languages; returns (role id, new text)."""
    role = _ROLE.search(text)
    summary = _SUMMARY.search(text, role.end())
    zh = summary.start(2)
    en = _SUMMARY_EN.search(text, zh)
    at = en.end()
    return role.group(1), f"{text[:zh]}{mark} {text[zh:at]}{mark} {text[at:]}"


def _contains(url: str, mark: str) -> bool:
    return mark in (fetch(url) or "")


def live_edit(
    project: Path,
    trials: int = 3,
    timeout: float = 900,
    args: tuple[str, ...] = (),
    name: str = "serve",
    port: int | None = None,
) -> dict:
    """Time from saving one role's data file to its rebuilt page being served by `mkdocs serve`
    (as the README starts it; `args` adds options), in each edition; then until every page that
    shows the edited text (the role page and the role index of every edition) and every
    edition's search index have it: nothing stale once the rebuild is done."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}/"
    role_file = sorted((project / "data" / "roles").glob("*.yaml"))[-1]  # a department's file
    original = role_file.read_text(encoding="utf-8")
    role, _ = edit_summary(original, "X")
    editions = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}
    pages = {lang: f"{base}{prefix}roles/{role}/" for lang, prefix in editions.items()}
    indexes = {lang: f"{base}{prefix}roles/" for lang, prefix in editions.items()}
    search = {lang: f"{base}{prefix}search/search_index.json" for lang, prefix in editions.items()}
    serve_log = OUT / f"{name}.log"
    wait_for_quiet()
    LOADS.append({"run": name, "loadavg_1min_before": round(os.getloadavg()[0], 2)})
    serve_out = open(serve_log, "w")  # noqa: SIM115 - open while the server runs
    proc = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *args],
        cwd=project,
        env=ENV,
        stdout=serve_out,
        stderr=subprocess.STDOUT,
    )
    results = []
    try:
        t0 = time.perf_counter()
        while fetch(pages["zh-Hant"]) is None or fetch(pages["en"]) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                raise SystemExit(f"mkdocs serve did not come up; see {serve_log}")
            time.sleep(0.2)
        first_build = time.perf_counter() - t0
        log(f"  serve: first build served after {first_build:.1f} s; editing {role_file.name}")
        time.sleep(2)
        for i in range(1, trials + 1):
            mark = f"BENCHEDIT{i}X{os.getpid()}"
            builds_before = serve_log.read_text(errors="replace").count("Reloading browsers")
            _, edited = edit_summary(original, mark)
            start = time.perf_counter()
            role_file.write_text(edited, encoding="utf-8")  # "saving the file"
            seen: dict[str, float] = {}
            checks = {
                **{f"page {lang}": url for lang, url in pages.items()},
                **{f"role index {lang}": url for lang, url in indexes.items()},
                **{f"search {lang}": url for lang, url in search.items()},
            }
            while len(seen) < len(checks):
                for what, url in checks.items():
                    if what not in seen and _contains(url, mark):
                        seen[what] = time.perf_counter() - start
                if time.perf_counter() - start > timeout:
                    missing = sorted(set(checks) - set(seen))
                    raise SystemExit(f"edit {i}: {missing} never updated; see {serve_log}")
                time.sleep(0.05)
            while serve_log.read_text(errors="replace").count("Reloading browsers") <= builds_before:
                if time.perf_counter() - start > timeout:
                    break
                time.sleep(0.1)
            done = time.perf_counter() - start
            stale = [what for what, url in checks.items() if not _contains(url, mark)]
            results.append(
                {
                    **{f"{what}_s": round(t, 2) for what, t in seen.items()},
                    "zh_page_s": round(seen["page zh"], 2),
                    "en_page_s": round(seen["page en"], 2),
                    "changed_page_s": round(min(seen[f"page {lang}"] for lang in editions), 2),
                    "everything_s": round(max(seen.values()), 2),
                    "rebuild_done_s": round(done, 2),
                    "stale_after_rebuild": stale,
                }
            )
            log(
                f"  serve: edit {i}: zh page {seen['page zh']:.2f} s, en page {seen['page en']:.2f} s, "
                f"every page and index {max(seen.values()):.1f} s, rebuild finished {done:.1f} s"
                + (f"; STALE: {stale}" if stale else "")
            )
            time.sleep(2)
    finally:
        role_file.write_text(original, encoding="utf-8")
        proc.terminate()  # the server we started, by its own handle
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        serve_out.close()
    return {
        "command": " ".join(["mkdocs serve", *args]),
        "roles_file": role_file.name,
        "role": role,
        "first_build_served_s": round(first_build, 1),
        "trials": results,
        "median_save_to_zh_page_s": statistics.median(r["zh_page_s"] for r in results),
        "median_save_to_en_page_s": statistics.median(r["en_page_s"] for r in results),
        "median_save_to_everything_s": statistics.median(r["everything_s"] for r in results),
        "stale": sorted({w for r in results for w in r["stale_after_rebuild"]}),
    }


def seed_build(source: Path, work: Path, runs: int = 3) -> dict:
    """The repository's own handbook, `mkdocs build` from a new process, `runs` times each way
    (the median of each), alternating:

    - first: a user's first build after `pip install`. The installed packages have their
      bytecode (pip compiles it) but the project's own modules (an editable install) have none
      yet; Jinja's cache of compiled templates and jieba's cache are empty (a new TMPDIR, where
      both keep them); the site folder is new.
    - later: the next builds. Bytecode of the project written by an earlier build (in a folder
      of this benchmark's, PYTHONPYCACHEPREFIX, so that the other builds here still compile
      theirs), the caches kept (one untimed build fills them), and the site folder replaced.

    The target is judged on the first build: a new user's first `mkdocs build`."""
    pycache, later_tmp = work / "seed-pycache", work / "seed-tmp"
    later_tmp.mkdir(parents=True, exist_ok=True)
    later_env = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(pycache), "TMPDIR": str(later_tmp)}
    later_site = work / "seed-site-later"
    subprocess.run(  # untimed: fills the caches and writes the site the later builds replace
        [PY, "-m", "mkdocs", "build", "-q", "-d", str(later_site)],
        cwd=source,
        env={**ENV, **later_env},
        check=True,
        capture_output=True,
    )
    first, later = [], []
    for i in range(runs):
        site, tmp = work / f"seed-site-{i}", work / f"seed-tmp-{i}"
        tmp.mkdir(parents=True, exist_ok=True)
        build = [PY, "-m", "mkdocs", "build", "-d"]
        first.append(measure([*build, str(site)], source, f"build-seed-first-{i}", TMPDIR=str(tmp)))
        later.append(measure([*build, str(later_site)], source, f"build-seed-later-{i}", **later_env))
        stats = site_stats(site)
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(later_site, ignore_errors=True)

    def summary(out: list[dict]) -> dict:
        median = sorted(out, key=lambda r: r["wall_s"])[len(out) // 2]
        return {
            "runs": [
                {k: r[k] for k in ("wall_s", "cpu_s", "peak_pss_bytes", "loadavg_1min_before")} for r in out
            ],
            "wall_s": round(median["wall_s"], 2),
            "cpu_s": median["cpu_s"],
            "peak_pss_bytes": median["peak_pss_bytes"],
        }

    return {**summary(first), "later": summary(later), "pages": stats["pages"]}


# -- in-browser search ----------------------------------------------------------------------
_INSTRUMENT = """() => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  window.__pb = {keys: [], muts: []};
  // keydown for typed keys; input for text committed by an input method (Chinese), which
  // sends no keydown of its own
  const stamp = () => window.__pb.keys.push(performance.now());
  input.addEventListener('keydown', stamp, true);
  input.addEventListener('input', stamp, true);
  new MutationObserver(() => window.__pb.muts.push(performance.now()))
    .observe(list, {childList: true, subtree: true, characterData: true});
}"""


def type_text(page, text: str) -> None:
    """Type like a person: Latin letters key by key; Chinese as an input method commits it
    (Playwright inserts the text, which fires `input` but no key event), followed by the
    release of the key that committed it (Material searches on `keyup`)."""
    if text.isascii():
        page.keyboard.type(text)
    elif text:
        page.keyboard.insert_text(text)
        page.keyboard.press("Shift")


# Main-thread tasks over 50 ms from the start of a page load (a "freeze" is a long one).
_LONG_TASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longtasks.push(entry.duration);
}).observe({type: 'longtask', buffered: true});
"""


def browser_search(
    site: Path, queries: dict[str, list[str]], repeats: int = 3, from_disk: bool = False
) -> dict:
    """Keystroke-to-results time of the real search box, in headless Chromium: served over
    loopback, or (`from_disk`) the offline bundle's build opened from file://. Also the longest
    main-thread task while each page loads and its index is read (a page-load freeze)."""
    from playwright.sync_api import sync_playwright

    server = None
    if from_disk:
        base, index = site.resolve().as_uri() + "/", "index.html"
    else:
        port = free_port()
        server = subprocess.Popen(
            [PY, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base, index = f"http://127.0.0.1:{port}/", ""
    out: dict = {"from": "file://" if from_disk else "http (loopback)", "queries": []}
    try:
        for _ in range(100):
            if from_disk or fetch(base) is not None:
                break
            time.sleep(0.1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for prefix, words in queries.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.add_init_script(_LONG_TASKS)
                page.goto(base + prefix + index)
                page.wait_for_timeout(3000)  # the page has loaded and settled
                before = page.evaluate("() => window.__longtasks")
                out[f"longest_task_during_load_ms[{prefix or '/'}]"] = round(max(before, default=0))
                t0 = time.perf_counter()
                page.click("input.md-search__input")
                type_text(page, words[0])
                page.wait_for_selector(".md-search-result__item", timeout=300_000)
                ready = time.perf_counter() - t0
                out[f"first_results_after_focus_s[{prefix or '/'}]"] = round(ready, 2)
                tasks = page.evaluate("() => window.__longtasks")
                out[f"longest_task_until_first_results_ms[{prefix or '/'}]"] = round(max(tasks, default=0))
                page.evaluate(_INSTRUMENT)
                for word in words:
                    for _ in range(repeats):
                        page.fill("input.md-search__input", "")
                        page.wait_for_timeout(300)
                        type_text(page, word[:-1])
                        page.wait_for_timeout(1200)  # the prefix's results are drawn and settled
                        page.evaluate("() => { window.__pb.keys = []; window.__pb.muts = []; }")
                        type_text(page, word[-1])
                        page.wait_for_timeout(1500)  # let every redraw land
                        pb = page.evaluate("() => window.__pb")
                        count = page.locator(".md-search-result__item").count()
                        if not pb["keys"] or not pb["muts"] or not count:
                            out["queries"].append(
                                {
                                    "page": prefix or "/",
                                    "query": word,
                                    "error": "no results drawn within 1.5 s",
                                }
                            )
                            continue
                        key = min(pb["keys"])  # the one keystroke after the reset
                        after = [t for t in pb["muts"] if t >= key]
                        if not after:
                            continue
                        out["queries"].append(
                            {
                                "page": prefix or "/",
                                "query": word,
                                "keystroke_to_first_draw_ms": round(after[0] - key, 1),
                                "keystroke_to_results_ms": round(after[-1] - key, 1),
                                "results_drawn": count,
                            }
                        )
                page.close()
            out["chromium"] = browser.version
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    times = [q["keystroke_to_results_ms"] for q in out["queries"] if "error" not in q]
    if times:
        out["median_ms"] = statistics.median(times)
        out["max_ms"] = max(times)
    return out


# -- profile -------------------------------------------------------------------------------
def profile(project: Path, n: int, rate: int = 50) -> dict | None:
    spy = shutil.which("py-spy") or str(Path(PY).parent / "py-spy")
    if not Path(spy).exists():
        log("  profile: py-spy is not installed (pip install py-spy); skipped")
        return None
    raw = OUT / f"profile-{n}.raw"
    cmd = [
        spy,
        "record",
        "-r",
        str(rate),
        "--subprocesses",
        "--full-filenames",
        "-f",
        "raw",
        "-o",
        str(raw),
        "--",
        PY,
        "-m",
        "mkdocs",
        "build",
    ]
    result = measure(cmd, project, f"profile-{n}")
    summary = profile_summary.summarise(raw, rate)
    (OUT / f"profile-{n}.txt").write_text(profile_summary.render(summary) + "\n", encoding="utf-8")
    summary["wall_s_under_profiler"] = round(result["wall_s"], 1)
    summary["raw"] = str(raw.relative_to(REPO))
    return summary


# -- report --------------------------------------------------------------------------------
def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError, ValueError):
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) * 1024
    packages = {}
    for name in (
        "mkdocs",
        "mkdocs-material",
        "mkdocs-static-i18n",
        "mkdocs-macros-plugin",
        "jieba",
        "Markdown",
        "pymdown-extensions",
        "Jinja2",
        "PyYAML",
        "pydantic",
        "playwright",
        "py-spy",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            packages[name] = metadata.version(name)
    import yaml

    chromium = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu,
        "memory_bytes": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": packages,
        "chromium": chromium,
    }


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"


def table(rows: list[dict]) -> str:
    head = (
        "| roles | build | pages | wall | CPU (user+sys) | peak memory (PSS) | site/ | bytes/page (site) | "
        "HTML bytes/page | search index | a/b wall | a/b CPU | a/b memory | load before |"
    )
    lines = [head, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        for key, label in (("a", "(a) ours"), ("b", "(b) plain Material")):
            x = r[key]
            ratio = (
                (f"{r['ratio_wall']:.2f}", f"{r['ratio_cpu']:.2f}", f"{r['ratio_memory']:.2f}")
                if key == "a"
                else ("", "", "")
            )
            lines.append(
                f"| {r['roles']:,} | {label} | {x['pages']:,} | {x['wall_s']:.1f} s | "
                f"{x['user_s'] + x['sys_s']:.1f} s | "
                f"{mib(x['peak_pss_bytes'])} | {mib(x['site_bytes'])} | {x['bytes_per_page']:,} | "
                f"{x['html_bytes_per_page']:,} | {mib(x['search_index_bytes'])} | {ratio[0]} | "
                f"{ratio[1]} | {ratio[2]} | {x['load_before']} |"
            )
    return "\n".join(lines)


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "NOT met")


def figures(results: dict) -> list[dict]:
    """Every figure of issue 17, with its target and verdict (None: not measured in this run)."""
    rows = results["sizes"]
    out: list[dict] = []

    def add(what: str, figure: str, target: str, ok: bool | None) -> None:
        out.append({"what": what, "figure": figure, "target": target, "verdict": _verdict(ok)})

    for loop in (results.get("live_edit") or {}).values():
        page = statistics.median(r["changed_page_s"] for r in loop["trials"])
        add(
            f"live preview, {loop['label']}: save a data file → changed page served (`{loop['command']}`)",
            f"{page:.2f} s (zh {loop['median_save_to_zh_page_s']:.2f} s, en "
            f"{loop['median_save_to_en_page_s']:.2f} s; every edition's page, index and search "
            f"{loop['median_save_to_everything_s']:.1f} s; "
            + ("nothing stale after the rebuild" if not loop["stale"] else f"STALE: {loop['stale']}")
            + ")",
            f"≤ {TARGETS['live_preview_s']:.0f} s, nothing stale",
            page <= TARGETS["live_preview_s"] and not loop["stale"],
        )
    big = next((r for r in rows if r["roles"] == 2000), None)
    if big:
        a, b = big["a"], big["b"]
        add(
            "2,000 roles, three editions: wall (ours / plain Material)",
            f"{a['wall_s']:.1f} s / {b['wall_s']:.1f} s = {big['ratio_wall']:.2f}×",
            f"≤ {TARGETS['ratio_wall_2000']}×",
            big["ratio_wall"] <= TARGETS["ratio_wall_2000"],
        )
        add(
            "2,000 roles: CPU, user+sys (ours / plain Material)",
            f"{a['cpu_s']:.1f} s / {b['user_s'] + b['sys_s']:.1f} s = {big['ratio_cpu']:.2f}×",
            f"≤ {TARGETS['ratio_cpu_2000']}×",
            big["ratio_cpu"] <= TARGETS["ratio_cpu_2000"],
        )
        add(
            "2,000 roles: peak memory, PSS summed over processes (ours / plain Material)",
            f"{mib(a['peak_pss_bytes'])} / {mib(b['peak_pss_bytes'])} = {big['ratio_memory']:.2f}× "
            f"(RSS summed: {mib(a['peak_rss_bytes'])} / {mib(b['peak_rss_bytes'])})",
            f"≤ {TARGETS['ratio_memory_2000']}×",
            big["ratio_memory"] <= TARGETS["ratio_memory_2000"],
        )
    else:
        add("2,000 roles: wall, CPU, peak memory", "—", "≤ 0.6× / 1.0× / 2.0×", None)
    seed = results.get("seed_build")
    later = (seed or {}).get("later")
    add(
        "seed handbook, cold `mkdocs build`: a first build after install (later builds)",
        f"{seed['wall_s']:.2f} s wall, {seed['cpu_s']:.2f} s CPU, {mib(seed['peak_pss_bytes'])} "
        f"(median of {len(seed['runs'])})"
        + (f"; later builds {later['wall_s']:.2f} s wall, {later['cpu_s']:.2f} s CPU" if later else "")
        if seed
        else "—",
        f"≤ {TARGETS['seed_cold_build_s']:.0f} s",
        seed["wall_s"] <= TARGETS["seed_cold_build_s"] if seed else None,
    )
    disk = results.get("browser_search_file") or {}
    first = [v for k, v in disk.items() if k.startswith("first_results_after_focus_s")]
    add(
        f"offline bundle ({disk.get('roles', 2000):,} roles), from file://: first results after "
        "the first keystroke",
        ", ".join(f"{v:.2f} s" for v in first) or "—",
        f"≤ {TARGETS['offline_first_results_s']:.0f} s",
        max(first) <= TARGETS["offline_first_results_s"] if first else None,
    )
    search = results.get("browser_search") or {}
    add(
        f"search answer, served ({search.get('roles', 2000):,} roles): keystroke → results drawn",
        f"median {search['median_ms']:.0f} ms, worst {search['max_ms']:.0f} ms"
        if "median_ms" in search
        else "—",
        f"≤ {TARGETS['search_ms']:.0f} ms",
        search["max_ms"] <= TARGETS["search_ms"] if "median_ms" in search else None,
    )
    if len(rows) > 1:
        bpp = [r["a"]["html_bytes_per_page_without_print"] for r in rows]
        spread = (max(bpp) - min(bpp)) / min(bpp)
        add(
            f"HTML bytes per page (print pages aside), {rows[0]['roles']:,} → {rows[-1]['roles']:,} roles",
            f"{', '.join(f'{b:,}' for b in bpp)} (spread {spread * 100:.0f} %)",
            f"flat (±{TARGETS['bytes_per_page_spread'] * 100:.0f} %)",
            spread <= TARGETS["bytes_per_page_spread"],
        )
    else:
        add("HTML bytes per page, 100 → 2,000 roles", "—", "flat (±10 %)", None)
    return out


def figures_table(rows: list[dict]) -> str:
    lines = ["| what | figure | target | verdict |", "|---|---|---|---|"]
    lines += [f"| {r['what']} | {r['figure']} | {r['target']} | {r['verdict']} |" for r in rows]
    return "\n".join(lines)


def machine_line(results: dict) -> str:
    m = results["machine"]
    loads = [r["loadavg_1min_before"] for r in results.get("loads", [])]
    return (
        f"{m['cores']} cores ({m['cpu_model']}), {m['memory_bytes'] / 2**30:.0f} GiB, Python "
        f"{m['python']}; 1-minute load before the timed runs: "
        + (f"{min(loads):.1f}–{max(loads):.1f}" if loads else "not recorded")
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,500,2000", help="role counts, comma-separated")
    ap.add_argument("--quick", action="store_true", help="100 roles only")
    ap.add_argument(
        "--serve-size", type=int, default=500, help="size for the live-edit loop (0: the seed handbook only)"
    )
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument(
        "--only",
        choices=["live"],
        help="live: only the live-edit loop (seed handbook and --serve-size), no builds, search or profile",
    )
    ap.add_argument("--no-seed", action="store_true", help="skip the seed handbook's cold build")
    ap.add_argument("--serve-trials", type=int, default=3, help="edits timed in the live loop")
    ap.add_argument("--serve-port", type=int, help="the live loop's port (default: a free one)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument(
        "--hiring-cost",
        action="store_true",
        help="also build each size with hiring_pages: false: what the job postings and onboarding paths cost",
    )
    ap.add_argument(
        "--hiring-pairs",
        type=int,
        default=3,
        help="with --hiring-cost: pairs of builds with and without the pages (the median pair is reported)",
    )
    ap.add_argument("--workdir", type=Path, help="where to generate (default: a new temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated projects")
    ap.add_argument(
        "--quiet-load",
        type=float,
        default=QUIET["load"],
        help="before each build wait (at most --quiet-wait s) for the 1-min load below this",
    )
    ap.add_argument("--quiet-wait", type=float, default=QUIET["max_wait_s"])
    ap.add_argument("--output", type=Path, default=BENCH / "results.json")
    ap.add_argument(
        "--source",
        default="HEAD",
        help="git revision to benchmark (default HEAD: the committed project, stable "
        "while others edit the work tree), or 'worktree' for the files as they are",
    )
    args = ap.parse_args(argv)
    if args.only == "live":
        args.no_seed = args.no_browser = args.no_profile = True
        args.no_serve = False
        args.sizes = str(args.serve_size) if args.serve_size else ""
    QUIET.update(load=args.quiet_load, max_wait_s=args.quiet_wait)
    sizes = [100] if args.quick else sorted(int(s) for s in args.sizes.split(",") if s)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    if work.resolve() == REPO or REPO in work.resolve().parents:
        ap.error("--workdir must be outside the repository")
    OUT.mkdir(exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    if args.source == "worktree":
        source, src_info = (
            REPO,
            {
                "source": "work tree",
                "commit": subprocess.run(
                    ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True
                ).stdout.strip()
                + " + uncommitted changes",
            },
        )
    else:
        source = work / "src"
        src_info = snapshot(args.source, source)
        ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), ENV.get("PYTHONPATH")]))
    sys.path.insert(0, str(source))
    results: dict = {
        "machine": machine(),
        "benchmarked": src_info,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "reference_build": "one language per build: the default (zh) into site/, each "
        "other language into site/<lang>/; times added, peak RSS = "
        "the largest",
        "targets": TARGETS,
        "sizes": [],
    }
    log(f"machine: {results['machine']['cores']} cores, {results['machine']['cpu_model']}; work in {work}")
    projects: dict[int, Path] = {}
    try:
        if not args.no_seed:
            log("seed handbook: cold mkdocs build")
            results["seed_build"] = seed_build(source, work)
            seed = results["seed_build"]
            log(
                f"seed handbook: first build {seed['wall_s']:.2f} s wall, {seed['cpu_s']:.2f} s CPU; "
                f"later builds {seed['later']['wall_s']:.2f} s wall, {seed['later']['cpu_s']:.2f} s CPU"
            )
        for n in sizes:
            project = work / f"handbook-{n}"
            log(f"{n} roles: generating {project}")
            generate.write_project(n, project, check=False, source=source)
            projects[n] = project
            from macros.model.loader import load_handbook

            hb = load_handbook(project / "data")
            facts = generate.describe(project, hb)
            log(f"{n} roles: {facts}")
            if args.only == "live":
                continue

            log(f"{n} roles: (a) mkdocs build (ours)")
            a = measure([PY, "-m", "mkdocs", "build"], project, f"build-a-{n}")
            a.update(site_stats(project / "site"))
            a["load_before"] = f"{a['loadavg_1min_before']:.1f}"
            log(f"{n} roles: (a) {a['wall_s']:.1f} s, {mib(a['peak_rss_bytes'])}, {a['pages']} pages")
            hiring = hiring_cost(project, n, a, args.hiring_pairs) if args.hiring_cost else None

            ref = work / f"reference-{n}"
            configs = write_reference(project, ref, hb)
            del hb
            parts = []
            for lang, config in configs:
                log(f"{n} roles: (b) plain Material build, {lang}")
                parts.append(
                    measure([PY, "-m", "mkdocs", "build", "-f", str(config)], ref, f"build-b-{n}-{lang}")
                )
            b = {
                "wall_s": sum(p["wall_s"] for p in parts),
                "peak_rss_bytes": max(p["peak_rss_bytes"] for p in parts),
                "peak_pss_bytes": max(p["peak_pss_bytes"] for p in parts),
                "user_s": sum(p["user_s"] for p in parts),
                "sys_s": sum(p["sys_s"] for p in parts),
                "per_language": {lang: p for (lang, _), p in zip(configs, parts, strict=True)},
            }
            b.update(site_stats(ref / "site"))
            b["load_before"] = " / ".join(f"{p['loadavg_1min_before']:.1f}" for p in parts)
            log(f"{n} roles: (b) {b['wall_s']:.1f} s, {mib(b['peak_rss_bytes'])}, {b['pages']} pages")
            row = {
                "roles": n,
                "handbook": facts,
                "a": a,
                "b": b,
                "ratio_wall": a["wall_s"] / b["wall_s"],
                "ratio_cpu": (a["user_s"] + a["sys_s"]) / (b["user_s"] + b["sys_s"]),
                "ratio_rss": a["peak_rss_bytes"] / b["peak_rss_bytes"],
                "ratio_memory": a["peak_pss_bytes"] / b["peak_pss_bytes"],
            }
            if hiring is not None:
                row["hiring"] = hiring
            results["sizes"].append(row)
            shutil.rmtree(ref / "site", ignore_errors=True)  # keep the temp disk small
            args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

        largest = max(sizes, default=0)
        if not args.no_browser:
            log(f"search in Chromium on the {largest}-role site (a)")
            queries = {"": ["直播", "客单价", "供应商"], "en/": ["inventory", "livestream", "reconciliation"]}
            search = browser_search(projects[largest] / "site", queries)
            search["roles"] = largest
            results["browser_search"] = search
            log(f"  search: median {search.get('median_ms')} ms, worst {search.get('max_ms')} ms")
            log(f"offline bundle build of {largest} roles, then search from file://")
            offline = measure(
                [PY, "-m", "mkdocs", "build", "--site-dir", "site-offline"],
                projects[largest],
                f"build-offline-{largest}",
                PLAYBOOK_OFFLINE="true",
            )
            results["offline_build"] = {
                "roles": largest,
                "wall_s": round(offline["wall_s"], 1),
                "peak_rss_bytes": offline["peak_rss_bytes"],
            }
            disk = browser_search(projects[largest] / "site-offline", queries, from_disk=True)
            disk["roles"] = largest
            results["browser_search_file"] = disk
            log(
                f"  search from file://: median {disk.get('median_ms')} ms, worst "
                f"{disk.get('max_ms')} ms; longest main-thread tasks "
                f"{ {k: v for k, v in disk.items() if k.startswith('longest')} }"
            )
            args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        if not args.no_serve:
            serve = {}
            targets = [("seed", "the seed handbook", source)]
            if args.serve_size and sizes:
                n = min(sizes, key=lambda s: abs(s - args.serve_size))
                targets.append((f"{n}", f"{n:,} roles", projects[n]))
            for key, label, project in targets:
                log(f"live editing: mkdocs serve on {label}")
                name = f"serve-{key}-{args.output.stem}"  # runs side by side keep their own logs
                loop = live_edit(project, trials=args.serve_trials, name=name, port=args.serve_port)
                serve[key] = {**loop, "label": label}
            results["live_edit"] = serve
            args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        if not args.no_profile:
            log(f"profiling build (a) of {largest} roles with py-spy")
            prof = profile(projects[largest], largest)
            if prof:
                prof["roles"] = largest
                results["profile"] = prof
                print(profile_summary.render(prof))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    results["loads"] = LOADS
    results["figures"] = figures(results)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(f"Reference (b): {results['reference_build']}")
    print(table(results["sizes"]))
    print()
    print(f"Machine: {machine_line(results)}")
    print(figures_table(results["figures"]))
    print(f"\nwritten: {args.output}")


if __name__ == "__main__":
    main()
