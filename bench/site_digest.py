"""One SHA-256 per file of a built site, and one for the whole tree.

Used to show a refactoring is behaviour-neutral: build before and after, then compare
`python bench/site_digest.py site/` (or pass two folders to list the files that differ).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def digests(site: Path) -> dict[str, str]:
    """Relative path → SHA-256 of its bytes, for every file under `site`."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def tree_digest(files: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{k}\0{v}\n" for k, v in files.items()).encode()).hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        files = digests(Path(argv[0]))
        print(f"{tree_digest(files)}  {len(files)} files")
        return 0
    if len(argv) == 2:
        a, b = (digests(Path(x)) for x in argv)
        differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        for name in differ:
            print(name)
        print(f"{len(differ)} of {len(a.keys() | b.keys())} files differ")
        return 1 if differ else 0
    print("usage: site_digest.py SITE [OTHER_SITE]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
