"""Scale benchmark of the handbook build (issue 7). A script, not a test.

    python bench/run.py                      # 100, 500 and 2,000 roles (about 30 minutes on 2 cores)
    python bench/run.py --quick              # 100 roles only
    python bench/run.py --sizes 100,1000 --no-serve --no-browser --no-profile

For each size it generates a synthetic handbook (bench/generate.py) in a temporary folder and
measures, one build at a time:

  (a) our full build: `mkdocs build` of the generated project (every language mkdocs.yml builds
      — zh, en and the zh-Hant edition at the time of writing — charts, tooltips, print page,
      per-language search);
  (b) the reference: a plain Material for MkDocs build of exactly the Markdown our generator
      produced (rendered with macros.render.pages.Renderer, index macros expanded), without our
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
SNAPSHOT_PARTS = ("mkdocs.yml", "playbook", "overrides", "macros", "data/glossary.yaml")


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
TARGETS = {"wall_s_2000": 60.0, "rss_bytes_2000": 1 << 30, "ratio_2000": 1.0, "search_ms": 150.0}

# Runs a command and reports its wall time, CPU time, and two peaks of memory: the largest RSS
# of any one process of the tree (getrusage), and the largest SUM of RSS of the processes alive
# at the same moment (sampled from /proc every 50 ms): a build whose editions run as parallel
# child processes holds all of them at once.
_MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time

def tree_rss(root):
    children = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(pid))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total

t = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1] + ".log", "w"),
                         stderr=subprocess.STDOUT)
peak = [0]
def sample():
    while child.poll() is None:
        peak[0] = max(peak[0], tree_rss(child.pid))
        time.sleep(0.05)
sampler = threading.Thread(target=sample)
sampler.start()
rc = child.wait()
wall = time.perf_counter() - t
sampler.join()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": rc, "wall_s": wall, "peak_rss_bytes": max(peak[0], ru.ru_maxrss * 1024),
           "peak_rss_one_process_bytes": ru.ru_maxrss * 1024,
           "user_s": ru.ru_utime, "sys_s": ru.ru_stime}, open(sys.argv[1], "w"))
"""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


QUIET = {"load": 1.5, "max_wait_s": 120.0}


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
    """Render every page our build would have into plain docs trees, one per language, and
    a minimal mkdocs.yml for each. Returns [(language, config file)], default language first.

    Follows the benchmarked source: its languages (zh, en, and zh-Hant converted with OpenCC
    when mkdocs.yml builds it), its generated pages (incl. the print page where it has one),
    and its hand-written pages with the index macros expanded.
    """
    import yaml

    from macros import INDEX_MACROS
    from macros.render.pages import Renderer

    try:
        from macros.render.hant import HANT, converter
    except ImportError:  # a source without the Traditional edition
        HANT, converter = "zh-Hant", None
    try:
        from macros.site.output import SEARCH_LANGUAGES
    except ImportError:  # older sources kept it in the plugin
        try:
            from macros.site.plugin import SEARCH_LANGUAGES
        except ImportError:
            SEARCH_LANGUAGES = {}

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
    to_hant = converter() if HANT in languages and converter else None
    docs = project / conf.get("docs_dir", "docs")
    templates = docs / "_templates"
    renderer = Renderer(hb, templates, to_hant) if to_hant else Renderer(hb, templates)
    generated = renderer.pages(tuple(languages))
    macro_call = re.compile(r"\{\{\s*(\w+)\(\)\s*\}\}")
    front = re.compile(r"\A---\nrender_macros: true\n---\n")
    if ref.exists():
        shutil.rmtree(ref)
    configs = []
    for lang in languages:
        tree = ref / f"docs-{lang}"

        def put(uri: str, body: str, tree=tree, lang=lang) -> None:
            target = tree / uri.replace(f".{lang}.md", ".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")

        for page in generated:
            if page.lang == lang:
                put(page.src_uri, page.markdown)
        # hand-written pages: their own files, or (Traditional) the Simplified ones converted
        if lang == HANT and to_hant is not None:
            hand = [
                (
                    f.relative_to(docs).as_posix().replace(f".{default}.md", f".{lang}.md"),
                    to_hant(f.read_text(encoding="utf-8")),
                )
                for f in sorted(docs.rglob(f"*.{default}.md"))
            ]
        else:
            hand = [
                (f.relative_to(docs).as_posix(), f.read_text(encoding="utf-8"))
                for f in sorted(docs.rglob(f"*.{lang}.md"))
            ]
        for uri, body in hand:
            if uri.startswith("_"):
                continue
            body = macro_call.sub(
                lambda m, uri=uri, lang=lang: renderer.render(INDEX_MACROS[m.group(1)], lang, uri),
                front.sub("", body),
            )
            put(uri, body)
        for src in docs.rglob("*"):  # assets
            rel = src.relative_to(docs)
            if src.is_file() and rel.parts[0] != "_templates" and src.suffix != ".md":
                (tree / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, tree / rel)
        spec = next(x for x in i18n["languages"] if x["locale"] == lang)
        translate = spec.get("nav_translations") or {}
        if lang == HANT and to_hant is not None and not translate:
            translate = {k: to_hant(k) for item in conf["nav"] for k in item}
        if lang == default:
            translate = {}
        site_name = spec.get("site_name") or (
            to_hant(conf["site_name"]) if lang == HANT and to_hant else conf["site_name"]
        )
        nav = [{translate.get(k, k): v} for item in conf["nav"] for k, v in item.items()]
        theme = {k: v for k, v in conf["theme"].items() if k != "custom_dir"}
        theme["language"] = lang
        minimal = {
            "site_name": site_name,
            "docs_dir": f"docs-{lang}",
            "site_dir": "site" if lang == default else f"site/{lang}",
            "use_directory_urls": conf.get("use_directory_urls", True),
            "theme": theme,
            "extra_css": conf.get("extra_css", []),
            "plugins": [{"search": {**search, "lang": SEARCH_LANGUAGES.get(lang, [lang])}}],
            "nav": nav,
            # the generated pages are outside the nav in our build too: no INFO line per page
            "not_in_nav": "\n".join(
                f"/{d}/" for d in ("roles", "departments", "org-templates", "processes", "responsibilities")
            )
            + "\n/print.md",
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


def live_edit(project: Path, trials: int = 3, timeout: float = 900, dirty: bool = False) -> dict:
    """Time from saving one role's data file to its rebuilt pages being served by mkdocs serve
    (`mkdocs serve --dirty` with `dirty`: only the pages the edit changed are rebuilt)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    role_file = sorted((project / "data" / "roles").glob("*.yaml"))[-1]  # a department's file
    original = role_file.read_text(encoding="utf-8")
    m = re.search(r"^- id: (\S+)\n(?:.*\n)*?  summary:\n    zh: .*\n    en: .*\n", original, re.M)
    role, summary = m.group(1), m.group(0)
    urls = {"zh": f"{base}roles/{role}/", "en": f"{base}en/roles/{role}/"}
    serve_log = OUT / ("serve-dirty.log" if dirty else "serve.log")
    serve_out = open(serve_log, "w")  # noqa: SIM115 - open while the server runs
    proc = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])],
        cwd=project,
        env=ENV,
        stdout=serve_out,
        stderr=subprocess.STDOUT,
    )
    results = []
    try:
        t0 = time.perf_counter()
        while fetch(urls["en"]) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                raise SystemExit(f"mkdocs serve did not come up; see {serve_log}")
            time.sleep(0.5)
        first_build = time.perf_counter() - t0
        log(f"  serve: first build served after {first_build:.1f} s; editing {role_file.name}")
        time.sleep(2)
        for i in range(1, trials + 1):
            mark = f"BENCHEDIT{i}X{os.getpid()}"
            builds_before = serve_log.read_text(errors="replace").count("Documentation built")
            new = re.sub(
                r"  summary:\n    zh: .*\n    en: .*\n",
                f"  summary:\n    zh: 本岗位说明已修订{mark}\n    en: This post was revised {mark}\n",
                summary,
            )
            edited = original.replace(summary, new, 1)
            start = time.perf_counter()
            role_file.write_text(edited, encoding="utf-8")  # "saving the file"
            seen: dict[str, float] = {}
            while len(seen) < 2:
                for lang, url in urls.items():
                    if lang not in seen and mark in (fetch(url) or ""):
                        seen[lang] = time.perf_counter() - start
                if time.perf_counter() - start > timeout:
                    raise SystemExit(f"edit {i} never showed up; see {serve_log}")
                time.sleep(0.05)
            while serve_log.read_text(errors="replace").count("Documentation built") <= builds_before:
                if time.perf_counter() - start > timeout:
                    break
                time.sleep(0.1)
            done = time.perf_counter() - start
            results.append(
                {
                    "zh_page_s": round(seen["zh"], 2),
                    "en_page_s": round(seen["en"], 2),
                    "rebuild_done_s": round(done, 2),
                }
            )
            log(
                f"  serve: edit {i}: zh page {seen['zh']:.1f} s, en page {seen['en']:.1f} s, "
                f"rebuild finished {done:.1f} s"
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
        "command": "mkdocs serve" + (" --dirty" if dirty else ""),
        "roles_file": role_file.name,
        "role": role,
        "first_build_served_s": round(first_build, 1),
        "trials": results,
        "median_save_to_zh_page_s": statistics.median(r["zh_page_s"] for r in results),
        "median_save_to_en_page_s": statistics.median(r["en_page_s"] for r in results),
    }


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
        "| roles | build | pages | wall | CPU (user+sys) | peak RSS | site/ | bytes/page (site) | "
        "HTML bytes/page | search index | a/b wall | a/b CPU | a/b RSS | load before |"
    )
    lines = [head, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        for key, label in (("a", "(a) ours"), ("b", "(b) plain Material")):
            x = r[key]
            ratio = (
                (f"{r['ratio_wall']:.2f}", f"{r['ratio_cpu']:.2f}", f"{r['ratio_rss']:.2f}")
                if key == "a"
                else ("", "", "")
            )
            lines.append(
                f"| {r['roles']:,} | {label} | {x['pages']:,} | {x['wall_s']:.1f} s | "
                f"{x['user_s'] + x['sys_s']:.1f} s | "
                f"{mib(x['peak_rss_bytes'])} | {mib(x['site_bytes'])} | {x['bytes_per_page']:,} | "
                f"{x['html_bytes_per_page']:,} | {mib(x['search_index_bytes'])} | {ratio[0]} | "
                f"{ratio[1]} | {ratio[2]} | {x['load_before']} |"
            )
    return "\n".join(lines)


def verdicts(rows: list[dict], serve: dict | None, search: dict | None) -> list[str]:
    out = []
    big = next((r for r in rows if r["roles"] == 2000), None)
    if big:
        a = big["a"]
        out.append(
            f"2,000 roles, all languages ≤ 60 s: {'met' if a['wall_s'] <= 60 else 'NOT met'} "
            f"({a['wall_s']:.1f} s)"
        )
        out.append(
            f"2,000 roles ≤ 1 GiB peak RSS: {'met' if a['peak_rss_bytes'] <= 1 << 30 else 'NOT met'} "
            f"({mib(a['peak_rss_bytes'])})"
        )
        out.append(
            f"ratio a/b ≤ 1.0 at 2,000 roles: {'met' if big['ratio_wall'] <= 1.0 else 'NOT met'} "
            f"({big['ratio_wall']:.2f})"
        )
    else:
        out.append("2,000-role targets: not measured in this run")
    if len(rows) > 1:
        bpp = [r["a"]["html_bytes_per_page_without_print"] for r in rows]
        spread = (max(bpp) - min(bpp)) / min(bpp)
        out.append(
            f"HTML bytes per page (print pages aside) flat from {rows[0]['roles']:,} to "
            f"{rows[-1]['roles']:,} roles (within ±10 %): "
            f"{'met' if spread <= 0.10 else 'NOT met'} "
            f"({', '.join(f'{b:,}' for b in bpp)}; spread {spread * 100:.0f} %)"
        )
        mean = [r["a"]["html_bytes_per_page"] for r in rows]
        median = [r["a"]["html_median_bytes_per_page"] for r in rows]
        out.append(
            f"  (mean with the print pages: {', '.join(f'{b:,}' for b in mean)}; "
            f"median: {', '.join(f'{b:,}' for b in median)})"
        )
        sbpp = [r["a"]["bytes_per_page"] for r in rows]
        out.append(
            f"  (whole site/ per page, incl. fixed theme assets and the search index: "
            f"{', '.join(f'{b:,}' for b in sbpp)})"
        )
    if search and "median_ms" in search:
        out.append(
            f"in-browser search < 150 ms ({search['roles']:,} roles): "
            f"{'met' if search['max_ms'] < 150 else 'NOT met'} "
            f"(median {search['median_ms']:.0f} ms, worst {search['max_ms']:.0f} ms)"
        )
    for loop in (serve or {}).values():
        out.append(
            f"live edit ({loop['roles']:,} roles, {loop['command']}): save → zh page "
            f"served in {loop['median_save_to_zh_page_s']:.1f} s, en page in "
            f"{loop['median_save_to_en_page_s']:.1f} s (median of {len(loop['trials'])})"
        )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,500,2000", help="role counts, comma-separated")
    ap.add_argument("--quick", action="store_true", help="100 roles only")
    ap.add_argument("--serve-size", type=int, default=500, help="size for the live-edit loop")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--serve-trials", type=int, default=3, help="edits timed in the live loop")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
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
    QUIET.update(load=args.quiet_load, max_wait_s=args.quiet_wait)
    sizes = [100] if args.quick else sorted(int(s) for s in args.sizes.split(","))
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
        for n in sizes:
            project = work / f"handbook-{n}"
            log(f"{n} roles: generating {project}")
            generate.write_project(n, project, check=False, source=source)
            projects[n] = project
            from macros.model.loader import load_handbook

            hb = load_handbook(project / "data")
            facts = generate.describe(project, hb)
            log(f"{n} roles: {facts}")

            log(f"{n} roles: (a) mkdocs build (ours)")
            a = measure([PY, "-m", "mkdocs", "build"], project, f"build-a-{n}")
            a.update(site_stats(project / "site"))
            a["load_before"] = f"{a['loadavg_1min_before']:.1f}"
            log(f"{n} roles: (a) {a['wall_s']:.1f} s, {mib(a['peak_rss_bytes'])}, {a['pages']} pages")

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
            }
            results["sizes"].append(row)
            shutil.rmtree(ref / "site", ignore_errors=True)  # keep the temp disk small
            args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

        largest = max(sizes)
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
            n = min(sizes, key=lambda s: abs(s - args.serve_size))
            serve = {}
            for mode, dirty in (("full", False), ("dirty", True)):
                log(f"live editing: mkdocs serve{' --dirty' if dirty else ''} on the {n}-role handbook")
                serve[mode] = {**live_edit(projects[n], trials=args.serve_trials, dirty=dirty), "roles": n}
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
    results["verdicts"] = verdicts(results["sizes"], results.get("live_edit"), results.get("browser_search"))
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(f"Reference (b): {results['reference_build']}")
    print(table(results["sizes"]))
    print()
    for line in results["verdicts"]:
        print(line)
    print(f"\nwritten: {args.output}")


if __name__ == "__main__":
    main()
