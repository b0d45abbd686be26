"""What one build is, decided once when its configuration is read and then only consulted.

A build of this site is one of several shapes: `mkdocs build`, `mkdocs serve`, or the live loop
of `mkdocs serve --dirty`; it is the parent that builds the default edition (starting the others
in child processes, or letting mkdocs-static-i18n build them in turn in this process), or a
child that builds one further edition for its parent. Every event handler used to infer this
again from scattered state; the plan says it once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

from ..model.languages import BY_CODE, CHINESE
from . import upstream

Mode = Literal["build", "serve", "serve-dirty", "other"]


@dataclass(frozen=True)
class BuildPlan:
    mode: Mode
    languages: tuple[str, ...]  # every edition of the site, the default first
    built_here: tuple[str, ...]  # the editions this process renders
    edition: str | None = None  # a child build: the one edition its parent asked for
    jobs: int = 0  # further editions built at once in child processes (0: none started)
    final_dir: str | None = None  # `mkdocs build`/`serve`: the site folder, replaced only on success
    staged_dir: str | None = None  # … and the folder the build writes until then
    offline: bool = False  # the offline bundle's build (Material's offline plugin)
    fork: bool = False  # the children are forked from this loaded process (forked.py)

    def for_edition(self, locale: str) -> BuildPlan:
        """The plan of a child forked from this build to build edition `locale`."""
        return BuildPlan(self.mode, self.languages, (locale,), edition=locale, offline=self.offline)

    @property
    def previewing(self) -> bool:
        """`mkdocs serve` (not dirty), in the parent: each complete build replaces the served
        site at once; the default edition's changed pages are rendered first (preview.py)."""
        return self.mode == "serve" and not self.child

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def further(self) -> tuple[str, ...]:
        return self.languages[1:]

    @property
    def child(self) -> bool:
        return self.edition is not None

    @property
    def parallel(self) -> bool:
        """This process builds the default edition while children build the others."""
        return self.jobs > 0

    @property
    def in_turn(self) -> bool:
        """mkdocs-static-i18n builds the further editions one after another in this process."""
        return not self.child and not self.parallel and len(self.languages) > 1

    @property
    def serving(self) -> bool:
        """`mkdocs serve`, dirty or not."""
        return self.mode in ("serve", "serve-dirty")

    @property
    def live(self) -> bool:
        """`mkdocs serve --dirty`: rebuild only what a data edit changed (live.py)."""
        return self.mode == "serve-dirty"

    @property
    def chinese(self) -> tuple[str, ...]:
        """The site's Chinese editions, whose terms every process teaches the search segmenter:
        the segmenter is shared by all editions a process builds, and Chinese text reaches the
        other editions too (editors' notes), so each process must teach the same words for an
        edition's index to be cut alike whichever process builds it."""
        return tuple(lang for lang in self.languages if lang in CHINESE)


def mode_of(command: str, dirty: bool) -> Mode:
    """The mode from what MkDocs' on_startup said (nothing, when built from Python)."""
    if command == "serve":
        return "serve-dirty" if dirty else "serve"
    return "build" if command == "build" else "other"


def plan_build(
    *,
    mode: Mode,
    languages: tuple[str, ...],
    site_dir: str,
    edition: str | None = None,
    jobs: int = 0,
    has_config_file: bool = True,
    offline: bool = False,
    pid: int | None = None,
    forkable: bool = False,
) -> BuildPlan:
    """Decide the build. `jobs` is how many child builds the user allows (0: in turn); they are
    started only by a parent of several editions built from a config file by `mkdocs build` or
    `mkdocs serve` (a dirty rebuild builds few pages, and no child would know which). Where this
    process may fork (`forkable`), the children are forked from it once the handbook is loaded,
    `jobs` of them building at a time (forked.py); otherwise each is a new `mkdocs build`."""
    check_languages(languages)
    if edition is not None:
        return BuildPlan(mode, languages, (edition,), edition=edition, offline=offline)
    can_fork = len(languages) > 1 and has_config_file and mode in ("build", "serve")
    jobs = jobs if can_fork else 0
    built_here = languages[:1] if jobs else languages
    final_dir = staged_dir = None
    if mode in ("build", "serve"):  # write beside the site; publish only a complete build
        # A `site` link (to the folder a web server serves) stays: what it points to is replaced.
        final_dir = os.path.realpath(site_dir) if os.path.islink(site_dir) else site_dir
        staged_dir = f"{final_dir.rstrip(os.sep)}.partial-{pid if pid is not None else os.getpid()}"
    fork = forkable and jobs > 0
    return BuildPlan(mode, languages, built_here, None, jobs, final_dir, staged_dir, offline, fork)


class PlanError(Exception):
    """The configuration describes no build this plugin can make; the message says why."""


def check_default(config: Any, default_language: str) -> str:
    """The plugin's `default_language`, if it is mkdocs-static-i18n's default language too (the
    root edition must be the same for both)."""
    theirs = upstream.i18n_default(config)
    if theirs is not None and theirs != default_language:
        raise PlanError(
            f"Config value 'plugins': playbook option 'default_language': expected the language "
            f"marked `default: true` under i18n (languages), '{theirs}', but received: "
            f"'{default_language}'"
        )
    return default_language


def check_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The editions mkdocs.yml builds, if the registry of languages knows each: its texts, its
    conversion and its search come from there."""
    unknown = [lang for lang in languages if lang not in BY_CODE]
    if unknown:
        raise PlanError(
            f"Config value 'plugins': i18n (languages): the edition '{unknown[0]}' is not in the "
            f"registry of languages (macros/model/languages.py; known: {', '.join(BY_CODE)})"
        )
    return languages
