"""Which process builds which edition, done as the plan says once the handbook is loaded.

The site is staged beside its folder; the further editions are forked from this process or
started as new builds (in a forked child, this build becomes the build of its edition); and
the search segmenter is taught the words of the editions built here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.exceptions import PluginError

from . import compiling, editions, forked, live, upstream, workers, zygote
from .content import Content
from .finish import finish_site
from .plan import BuildPlan, Mode, plan_build
from .segmenter import teach_segmenter


class Split(NamedTuple):
    plan: BuildPlan  # this process's plan: in a forked child, the plan of its edition
    children: editions.EditionBuilds | None  # the further editions' builds, in the parent
    child: editions.ChildEdition | None  # a child's report to its parent (forked.ForkedChild: forked)


def plan_processes(
    config: Any, options: Any, mode: Mode, languages: tuple[str, ...], order: Any
) -> BuildPlan:
    """The plan of this build (plan.py) from its configuration (`options`: the plugin's; `order`:
    what the parent asks, in a child it started), and what starts before the handbook loads, to
    run on another core meanwhile (compiling.py)."""
    plan = plan_build(
        mode=mode,
        languages=languages,
        site_dir=config.site_dir,
        edition=order.locale if order else None,
        jobs=editions.job_count(options.jobs) if order is None else 0,
        has_config_file=bool(config.config_file_path),
        offline=upstream.offline(config),
        forkable=forked.can_fork(),
    )
    compiling.start(plan, config)
    return plan


def split_editions(plan: BuildPlan, config: Any, content: Content, child: Any, broken: Any) -> Split:
    """Carry out `plan` for the processes (`child`: this build's report, if a parent started it;
    `broken`: mkdocs serve shows what is wrong with the data, in the default edition only)."""
    loaded = not broken
    upstream.skip_hidden_theme_folders(config)  # every process lists the theme's files
    if plan.staged_dir is not None:
        config.site_dir = plan.staged_dir  # swapped in only if nothing failed
        upstream.name_the_site(plan.staged_dir, plan.final_dir or plan.staged_dir)
    children, forked_child = None, None
    if loaded:  # beside what follows, on another core (forked editions share what it reads)
        content.renderer.read_ahead(plan.languages if plan.fork else plan.built_here)
    upstream.use_rust_segmenter(config)  # if rjieba is installed: the same words, faster
    if plan.fork and loaded:  # our templates loaded (on a first build, compiled) and the pinyin read
        content.renderer.prepare(plan.languages)  # … meanwhile (compiling.py)
    compiling.wait()  # a first build's theme (rjieba read meanwhile, and the above)
    if plan.fork and loaded:  # the editions share what is loaded; a child builds its own from here
        children, plan, forked_child = forked.fork_for(plan, config, content.renderer)
        if forked_child is None and plan.previewing:  # the rebuilds cannot fork: they use a zygote
            zygote.warm()
    teach_segmenter(content.handbook, [content.renderer.helpers(lang).t for lang in plan.chinese])
    if plan.child:
        upstream.build_only(config, plan.edition)
    elif plan.parallel:
        upstream.no_nested_builds(config)  # the children build the further editions
        if children is None and loaded:
            children = editions.start(config, list(plan.further), plan.jobs, linger=plan.previewing)
    return Split(plan, children, forked_child or child)


def finish_parent(
    plan: BuildPlan, config: Any, content: Any, children: Any, rebuild: Any
) -> list[workers.Worker]:
    """In the parent: wait for the children and move their editions in (raises PluginError if
    one failed), finish the site (finish.py), and remember a dirty rebuild (live.py). Returns
    the children that stay as preview workers (mkdocs serve); if anything fails, they end."""
    site = Path(config.site_dir)
    try:
        more_docs = children.merge_into(site) if children is not None else []
        merge = rebuild.merge_search if rebuild is not None else None
        finish_site(site, plan, config, content, more_docs=more_docs, merge=merge)
    except BaseException as exc:
        workers.quit_all(children.workers if children is not None else [])
        if isinstance(exc, editions.EditionsError):
            raise PluginError(str(exc)) from None
        raise
    if rebuild is not None:
        live.MEMORY.commit()
    return children.workers if children is not None else []
