"""A successful build prints what was built and where, and nothing else (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path


def test_a_successful_build_says_only_what_was_built_and_where(built: Path) -> None:
    lines = (built / "build.log").read_text(encoding="utf-8").splitlines()
    assert [re.sub(r"\d+\.\d+ seconds", "N seconds", line) for line in lines] == [
        "INFO    -  Cleaning site directory",
        f"INFO    -  Building documentation to directory: {built / 'site'}",
        "INFO    -  Documentation built in N seconds",
    ]
