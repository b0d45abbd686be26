"""The offline bundle: the whole handbook as one zip that works opened from disk (file://).

It is the ordinary build with PLAYBOOK_OFFLINE=true (see mkdocs.yml): Material's offline plugin
turns off directory URLs and inlines each search index as a script, and our plugin replaces the
plugin's CDN Worker polyfill with our own. Files a reader on disk cannot use (sitemaps, the 404
page) are left out. The zip is deterministic: sorted entries, fixed timestamps.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Useless without a web server.
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "404.html")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BundleReport:
    path: Path
    files: int
    site_bytes: int
    zip_bytes: int

    def __str__(self) -> str:
        return (
            f"Wrote {self.path}: {self.files} files, {self.site_bytes / 1e6:.1f} MB unpacked, "
            f"{self.zip_bytes / 1e6:.1f} MB zipped. Unzip it and open index.html."
        )


class BundleError(Exception):
    """The offline build failed; the message is the build's own output."""


def build_site(project: Path, site_dir: Path) -> None:
    env = {**os.environ, "PLAYBOOK_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BundleError(result.stderr.strip() or result.stdout.strip())


def zip_site(site_dir: Path, output: Path, folder: str) -> tuple[int, int]:
    """Zip `site_dir` under `folder/` in the archive; return (file count, unpacked bytes)."""
    names = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    files = [site_dir / name for name in names if name not in LEFT_OUT]  # in the order of their names
    total = 0
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for file in files:
            info = zipfile.ZipInfo(f"{folder}/{file.relative_to(site_dir).as_posix()}", FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = file.read_bytes()
            total += len(data)
            zf.writestr(info, data)
    return len(files), total


def bundle(project: Path, output: Path) -> BundleReport:
    """Build the offline handbook of the project at `project` into the zip `output`."""
    with tempfile.TemporaryDirectory(prefix="playbook-bundle-") as tmp:
        site_dir = Path(tmp) / "site"
        build_site(project, site_dir)
        count, size = zip_site(site_dir, output, output.stem)
    return BundleReport(output, count, size, output.stat().st_size)
