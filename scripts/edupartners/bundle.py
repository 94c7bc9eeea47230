"""The offline copy: the whole site built with plain file links (no directory URLs), zipped for download."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BUNDLE_NAME = "education-partners-offline.zip"
FIXED_DATE = (2000, 1, 1, 0, 0, 0)  # zip entries carry no build time
OFFLINE_ENV = "EP_OFFLINE"  # read by the MkDocs hook: file links, search switched off with a message


def build_offline_zip(root: Path, dest: Path) -> Path:
    """Build the offline variant into a temporary folder and zip it to dest/BUNDLE_NAME."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{OFFLINE_ENV: "1"})
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(root / "mkdocs.yml"),
                        "--site-dir", str(site)], cwd=root, env=env, check=True)
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / BUNDLE_NAME
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    # fixed date and mode: the same site gives the same zip, byte for byte
                    info = zipfile.ZipInfo(str(Path("education-partners") / path.relative_to(site)), FIXED_DATE)
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED, 9)
    return target
