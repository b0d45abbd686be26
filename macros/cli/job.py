"""`playbook job ROLE`: a role's job posting as Markdown or plain text, to paste into a job board
or feed to a script.

It renders the site's own posting (`job-posting.md.j2`, through `job-board.md.j2`) for use
outside the site: links become names, and values are escaped for the format asked for.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from pathlib import Path
from typing import TextIO

from ..model.errors import CommandError
from ..model.loader import load_handbook
from ..render.hant import edition_converters
from ..render.pages import Renderer
from .engine_files import engine_root


def templates_for(data_dir: Path) -> Path:
    """The page templates of the handbook `data_dir` belongs to, or else playbook's own."""
    own = data_dir.resolve().parent / "playbook" / "_templates"
    return own if own.is_dir() else engine_root() / "playbook" / "_templates"


def unknown_role(role: str, known: list[str]) -> str:
    close = get_close_matches(role, known, n=1, cutoff=0.6)
    shown = ", ".join(sorted(known)[:8]) + (", …" if len(known) > 8 else "")
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown role '{role}' (known: {shown}){hint}"


def posting(data_dir: Path, role: str, lang: str, fmt: str) -> str:
    """The job posting of `role` in `lang`, as Markdown ("md") or plain text ("text")."""
    hb = load_handbook(data_dir)
    if role not in hb.roles:
        raise CommandError(unknown_role(role, list(hb.roles)))
    templates = templates_for(data_dir)
    renderer = Renderer(hb, templates, edition_converters(templates, (lang,)), output=fmt)
    text = renderer.render("job-board.md.j2", lang, f"roles/{role}/job.{lang}.md", item=hb.roles[role])
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def run_job(data_dir: Path, role: str, lang: str, fmt: str, out: TextIO) -> int:
    out.write(posting(data_dir, role, lang, fmt))
    return 0
