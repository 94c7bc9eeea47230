"""Byte-identical output (issue 16): a fresh build of the same commit, in another folder with no cache, writes
exactly the files of the session's build: fonts, pictures, exports, the offline zip and the search index included."""

from __future__ import annotations

import time

from conftest import cli, copy_project


def test_a_fresh_build_with_no_cache_gives_identical_bytes(built_site, tmp_path):
    """Built as if on another day (MkDocs reads the build's day from SOURCE_DATE_EPOCH): a build that crosses
    midnight, or runs a year later, writes the same bytes, the sitemap and its gzip header included."""
    root = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    a_year_later = str(int(time.time()) + 366 * 24 * 3600)
    result = cli("--root", str(root), "build", "--site-dir", str(site), env={"SOURCE_DATE_EPOCH": a_year_later})
    assert result.returncode == 0, result.stdout + result.stderr
    a = {p.relative_to(built_site).as_posix(): p for p in built_site.rglob("*") if p.is_file()}
    b = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    assert sorted(a) == sorted(b)
    differ = [rel for rel in sorted(a) if a[rel].read_bytes() != b[rel].read_bytes()]
    assert differ == [], differ
