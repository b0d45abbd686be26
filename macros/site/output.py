"""What happens to a built site's files after the engine has written them: one search index
per language, a sitemap without dates, and publishing the finished folder in one swap.
Plain file work with no MkDocs import, so another engine can reuse it."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..model.languages import SEARCH

# The lunr pipeline of each language's search index.
SEARCH_LANGUAGES = SEARCH  # from the registry of languages (model/languages.py)


def undate_sitemap(site: Path) -> None:
    """MkDocs stamps sitemap.xml.gz with the build date; two builds of the same data on
    different days must still be byte-identical."""
    plain = site / "sitemap.xml"
    if plain.is_file():
        with (
            open(site / "sitemap.xml.gz", "wb") as raw,
            gzip.GzipFile(fileobj=raw, filename="sitemap.xml", mode="wb", mtime=0) as packed,
        ):
            packed.write(plain.read_bytes())


class PublishError(Exception):
    """The finished site could not be put in place; the message says where and why, in a line."""


def publish(staged: Path, final: Path, remove: Callable[[Path], None] | None = None) -> None:
    """Replace `final` by `staged` with two renames, so readers never see a half-written site.

    `final` is the real folder (a `site` link is resolved by the plan: the link stays and what
    it points to is replaced). A failure puts the old site back and raises PublishError. The
    old site is then removed (`remove`: by default without waiting, remove_later)."""
    if not staged.is_dir():
        return
    old = _free_name(final, f"old-{os.getpid()}")
    had_site = final.exists()
    try:
        if had_site:
            final.rename(old)
        try:
            staged.rename(final)
        except OSError:
            if had_site:
                old.rename(final)
            raise
    except OSError as exc:
        raise PublishError(
            f"could not put the new site in place of '{final}': {exc.strerror or exc} "
            f"(the new build is left in '{staged}')"
        ) from None
    if old.exists():
        (remove or remove_later)(old)


def remove_later(folder: Path) -> None:
    """Remove a swapped-out site in a process of its own that the build does not wait for:
    deleting a site's hundreds of files can take a second (a disk that discards freed blocks
    at once), and the new site is in place already. If that process is stopped first, the
    next build removes what is left (remove_leftovers: it is named after this build)."""
    if os.name == "posix" and shutil.which("rm") and shutil.which("sh"):
        try:
            subprocess.run(
                ["sh", "-c", 'rm -rf -- "$1" >/dev/null 2>&1 &', "sh", str(folder)],
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                check=True,
            )
            return
        except (OSError, subprocess.CalledProcessError):
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _free_name(final: Path, suffix: str) -> Path:
    """`final.<suffix>`, or with a counter if something (a stale folder) already has that name."""
    candidate = final.with_name(f"{final.name}.{suffix}")
    count = 0
    while candidate.exists() or candidate.is_symlink():
        count += 1
        candidate = final.with_name(f"{final.name}.{suffix}-{count}")
    return candidate


def prepare_staging(final: str, staged: str) -> None:
    """Before a build writes anything: remove what killed builds left beside the site, and make
    the folder this build writes into (PublishError, in one line, if it cannot be made)."""
    remove_leftovers(Path(final))
    try:
        os.makedirs(staged, exist_ok=True)
    except OSError as exc:
        raise PublishError(
            f"cannot write the site beside '{final}': {exc.strerror} ({exc.filename})"
        ) from None


def remove_leftovers(final: Path) -> list[Path]:
    """Remove what builds killed before they finished left beside `final`: staged folders
    (`site.partial-PID`, their editions `site.partial-PID.en`) and swapped-out ones
    (`site.old-PID`) of processes no longer running. A live build's folders are kept."""
    pattern = re.compile(rf"^{re.escape(final.name)}\.(?:partial|old)-(\d+)(?:[.-].*)?$")
    removed = []
    try:
        entries = list(final.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or _alive(int(match.group(1))) or entry.is_symlink():
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def merge_editions(site: Path, editions: dict[str, Path]) -> list[dict[str, Any]]:
    """Move editions built on their own (locale → the folder each was built into) into `site`.

    Each edition's pages go to `site/<locale>/` and its sitemap entries are added to the site's,
    in the order given; the theme files it wrote too are the site's own and are dropped. Returns
    the editions' search entries (their locations start with `<locale>/`), for
    `split_search_index`.
    """
    docs: list[dict[str, Any]] = []
    entries: list[str] = []
    for locale, folder in editions.items():
        target = site / locale
        shutil.rmtree(target, ignore_errors=True)
        (folder / locale).rename(target)
        index_file = folder / "search" / "search_index.json"
        if index_file.is_file():
            docs.extend(json.loads(index_file.read_text(encoding="utf-8"))["docs"])
        theirs = folder / "sitemap.xml"
        if theirs.is_file():
            entries.append(_sitemap_entries(theirs.read_text(encoding="utf-8")))
        shutil.rmtree(folder)
    sitemap = site / "sitemap.xml"
    if sitemap.is_file() and any(entries):
        ours = sitemap.read_text(encoding="utf-8")
        close = ours.rindex("</urlset>")
        added = "".join(f"\n  {block}" for block in entries if block)
        sitemap.write_text(f"{ours[:close].rstrip()}{added}\n{ours[close:]}", encoding="utf-8")
    return docs


def _sitemap_entries(sitemap: str) -> str:
    """The <url> entries of a sitemap, as written."""
    start = sitemap.index(">", sitemap.index("<urlset")) + 1
    return sitemap[start : sitemap.rindex("</urlset>")].strip()


def split_search_index(
    site: Path,
    default_language: str,
    others: list[str],
    more_docs: list[dict[str, Any]] | None = None,
    merge: Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
    refine: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None,
    only: list[str] | None = None,
) -> None:
    """Give each language its own search index, holding only its own pages.

    The index MkDocs wrote holds every language built in this process (mkdocs-static-i18n
    merges them), `more_docs` those built elsewhere (`merge_editions`); a reader must get
    results in one language only. The default language keeps the root index; each other
    language gets `<lang>/search/search_index.json` with locations relative to `<lang>/`
    (see on_post_page). `merge(lang, docs)`, if given, makes each language's final entries
    (a dirty rebuild indexes only the pages it rebuilt: see live.py). `refine(lang, index)`, if
    given, makes the index a reader searches from those entries (see search.py). `only`: the
    languages whose index is written (all, unless given).
    """
    index_file = site / "search" / "search_index.json"
    if not index_file.exists():
        return
    offline = index_file.with_suffix(".js").exists()  # written by Material's offline plugin
    index = json.loads(index_file.read_text(encoding="utf-8"))
    by_lang: dict[str, list[dict[str, Any]]] = {lang: [] for lang in [default_language, *others]}
    for doc in [*index["docs"], *(more_docs or [])]:
        head, _, rest = doc["location"].partition("/")
        if head in others:
            by_lang[head].append({**doc, "location": rest})
        else:
            by_lang[default_language].append(doc)
    for lang, docs in by_lang.items():
        if only is not None and lang not in only:
            continue
        if merge is not None:
            docs = merge(lang, docs)
        folder = site if lang == default_language else site / lang
        target = folder / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config = {**index["config"], "lang": SEARCH_LANGUAGES.get(lang, ["en"])}  # lunr's own default
        result = {"config": config, "docs": docs}
        if refine is not None:
            result = refine(lang, result)
        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")
        if offline:  # pages opened from disk load the index as a script, not with fetch
            target.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


# Extra scripts lunr loads for some languages, besides lunr/min/lunr.<lang>.min.js.
_LUNR_EXTRAS = {"ja": ["lunr/tinyseg.js"], "hi": ["lunr/wordcut.js"], "th": ["lunr/wordcut.js"]}


def bundle_worker_sources(site: Path, languages: list[str]) -> dict[str, str]:
    """For pages opened from disk: Material's search worker and the lunr files it imports for
    `languages`, as one script beside the worker (`playbook-sources.js`), from which
    playbook/assets/file-worker.js starts the worker off the page's thread. Returns them by
    name (none if the site has no search worker)."""
    scripts = site / "assets" / "javascripts"
    workers = sorted((scripts / "workers").glob("search.*.min.js"))
    if not workers:
        return {}
    wanted = [
        workers[0].relative_to(scripts).as_posix(),
        "lunr/min/lunr.stemmer.support.min.js",
        "lunr/min/lunr.multi.min.js",
    ]
    codes = {code for lang in languages for code in SEARCH_LANGUAGES.get(lang, [lang])}
    for code in sorted(codes - {"en"}):  # lunr has English built in: no file of its own
        wanted += [f"lunr/min/lunr.{code}.min.js", *_LUNR_EXTRAS.get(code, [])]
    sources = {
        name: (scripts / name).read_text(encoding="utf-8") for name in wanted if (scripts / name).is_file()
    }
    target = workers[0].with_name("playbook-sources.js")
    target.write_text(
        "window.__playbookWorkerSources = " + json.dumps(sources, ensure_ascii=False) + ";\n",
        encoding="utf-8",
    )
    return sources
