"""Pictures declared in a record are published on its pages in both languages (and in the offline copy)."""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib

from conftest import REPO, cli, copy_project
from edupartners import bundle

CASE = "cases/eef-equity-partnership"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_a_picture_is_shown_with_the_alt_text_of_each_language(tmp_path):
    root = copy_project(tmp_path / "p", with_records=False)
    for rel in (CASE, "tools/teach-for-thailand"):
        shutil.copytree(REPO / rel, root / rel)
    (root / CASE / "honey.png").write_bytes(tiny_png())
    path = root / CASE / "case.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "themes: [",
            "media:\n  - file: honey.png\n"
            "    alt: {th: ขวดน้ำผึ้งป่าบนโต๊ะ, en: Jars of wild honey on a table}\n"
            "    credit: Example credit\n    licence: CC BY 4.0\n    people: false\nthemes: [",
            1,
        ),
        "utf-8",
    )
    site = tmp_path / "site"
    result = cli("--root", str(root), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    for page, alt in (
        ("cases/eef-equity-partnership/index.html", "ขวดน้ำผึ้งป่าบนโต๊ะ"),
        ("en/cases/eef-equity-partnership/index.html", "Jars of wild honey on a table"),
    ):
        html = (site / page).read_text("utf-8")
        src = re.search(r'<img src="([^"]+)" alt="' + alt + '"', html).group(1)
        assert ((site / page).parent / src).resolve().read_bytes() == tiny_png()
    with zipfile.ZipFile(site / "downloads" / bundle.BUNDLE_NAME) as archive:
        html = archive.read("education-partners/en/cases/eef-equity-partnership.html").decode("utf-8")
        src = re.search(r'<img src="([^"]+)" alt="Jars', html).group(1)
        assert src == "../../media/cases/eef-equity-partnership/honey.png"
        assert "education-partners/media/cases/eef-equity-partnership/honey.png" in archive.namelist()
