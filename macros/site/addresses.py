"""The site's own addresses from the environment (SITE_URL, REPO_URL, EDIT_URI) and the links
built from them: checked once, so no quote or angle bracket of a mistyped or hostile value lands
in a page's <head> or in an edit button. Plain functions with no MkDocs import."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

# Characters an address may not hold: they would end an HTML attribute or are not URL text.
_UNSAFE = re.compile(r"[\s\"'<>`\\^{}|\x00-\x1f\x7f-\x9f]")
# mkdocs.yml setting → the environment variable that sets it.
SOURCES = {"site_url": "SITE_URL", "repo_url": "REPO_URL", "edit_uri": "EDIT_URI"}


def address_problem(setting: str, value: str | None) -> str | None:
    """Why `value` cannot be used for `setting` (one line), or None if it can."""
    if not value:
        return None
    name = SOURCES.get(setting, setting)
    bad = _UNSAFE.search(value)
    if bad is not None:
        return (
            f"{name}={value!r}: an address may not hold {bad.group(0)!r} (quotes, spaces and angle "
            "brackets would break the pages' HTML); give a plain address such as https://example.org/"
        )
    if setting == "edit_uri":
        return (
            None
            if "://" not in value or urlsplit(value).scheme in ("http", "https")
            else (f"{name}={value!r}: expected a path such as edit/main/playbook/ or an https:// address")
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{name}={value!r}: expected an http:// or https:// address such as https://example.org/"
    return None


class AddressError(Exception):
    """An address from the environment cannot be used; the message says which and why."""


def check_addresses(settings: Mapping[str, Any]) -> None:
    """Raise AddressError on the first of SITE_URL, REPO_URL and EDIT_URI that cannot be used."""
    for setting in SOURCES:
        problem = address_problem(setting, settings.get(setting))
        if problem is not None:
            raise AddressError(problem)


def edit_path(path: str) -> str:
    """A path for an edit link, percent-encoded (MkDocs joins it to repo_url and edit_uri)."""
    return quote(path, safe="/")
