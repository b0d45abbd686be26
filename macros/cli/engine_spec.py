"""The requirement a new handbook installs the engine with, in a form pip accepts.

`playbook new` names the engine by the git remote of the clone it copies from, and a remote comes
in forms pip cannot read: `git@host:owner/repo.git` (scp-like SSH) and plain paths, as a clone of
a local folder has. Each is turned into a URL pip's git support takes: `git+ssh://…`,
`git+file://localhost/…`, `git+https://…`.
Credentials in a remote are never copied; a user name for SSH is.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from packaging.requirements import InvalidRequirement, Requirement

from ..model.errors import CommandError

NAME = "playbook"
SCHEMES = ("https", "http", "ssh", "git", "file")
URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
# git's rule: `[user@]host:path` is SSH when a colon comes before any slash.
# A requirement written out: the engine's name, then a version, extras, markers or ` @ URL`.
REQUIREMENT = re.compile(rf"^{NAME}\s*($|[@=<>!~\[;(])", re.IGNORECASE)
SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/:]+)@)?(?P<host>[^@/:]+):(?P<path>.*)$")


def origin_url(clone: Path) -> str:
    """`git remote get-url origin` of `clone`, or "" when it has none (or is not a repository)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(clone), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def pip_url(remote: str, base: Path) -> str:
    """The pip VCS URL of a git remote; a relative path is taken from `base` (the clone)."""
    remote = remote.strip()
    if remote.startswith("git+"):
        return remote
    url = URL.match(remote)
    if url:
        scheme = url["scheme"].lower()
        if scheme not in SCHEMES:
            raise CommandError(f"cannot install the engine from '{remote}' (known: {', '.join(SCHEMES)})")
        if scheme == "file":
            return f"git+{_file_url(remote)}"
        return f"git+{_without_secrets(remote)}"
    scp = SCP_LIKE.match(remote)
    if scp and not (os.name == "nt" and len(scp["host"]) == 1):  # `C:\\…` is a Windows drive
        user = f"{scp['user']}@" if scp["user"] else ""
        return f"git+ssh://{user}{scp['host']}/{scp['path'].lstrip('/')}"
    path = (base / Path(remote).expanduser()).resolve()
    if path.is_dir() and not _is_repository(path):
        return path.as_uri()  # a plain folder (an unpacked copy): pip installs it as it is
    return f"git+{_file_url(path.as_uri())}"


def engine_requirement(clone: Path) -> str:
    """The engine as the clone's origin names it; without one, the clone's folder itself."""
    remote = origin_url(clone)
    if not remote:
        return f"{NAME} @ {clone.resolve().as_uri()}"
    return f"{NAME} @ {pip_url(remote, clone)}"


def requirement_from(spec: str, base: Path) -> str:
    """`--engine SPEC`: a requirement as written (`playbook @ URL`, `playbook==1.2`) or a location
    (a git remote in any form, or a path), which becomes `playbook @ <pip URL>`."""
    spec = spec.strip()
    written = REQUIREMENT.match(spec) is not None
    requirement = spec if written else f"{NAME} @ {pip_url(spec, base)}"
    try:
        Requirement(requirement)
    except InvalidRequirement as exc:
        raise CommandError(f"--engine '{spec}' is not a requirement pip accepts: {exc}") from None
    return requirement


def _file_url(url: str) -> str:
    """`file:///p` as `file://localhost/p`: the same place for git, and pip before 24 refuses
    `git+file:///p` (its URL check wants a host after `git+file://`)."""
    return re.sub(r"^file:///", "file://localhost/", url, flags=re.IGNORECASE)


def _is_repository(path: Path) -> bool:
    """A git work tree or a bare repository."""
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def _without_secrets(url: str) -> str:
    """Never copy a token into a new repository: no password anywhere, no user over HTTP(S)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    user, host = parts.netloc.rsplit("@", 1)
    keep = "" if parts.scheme.lower() in ("http", "https") else user.split(":", 1)[0] + "@"
    return urlunsplit(parts._replace(netloc=keep + host))
