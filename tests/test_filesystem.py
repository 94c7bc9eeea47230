"""The file system is never trusted: links are refused without being read, generation writes only into its own
staging folder under .cache/, a build swaps the finished site in whole, and two builds never run at once."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CASE, cli
from edupartners import staging
from test_serve import free_port, wait_for

SECRET = "secret-line-that-must-never-be-published-or-logged"


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and staging.CACHE not in p.parts
    }


@pytest.mark.parametrize(
    "link, target",
    [
        ("docs/media", ".."),  # once made `generate` delete the whole clone
        ("docs/cases", "../.."),  # a generated folder name pointing outside
        (f"{CASE}/en.md", "OUTSIDE/passwd"),  # a narrative that would publish another file
        (f"{CASE}/case.yaml", "OUTSIDE/passwd"),  # its first line once reached the CI log
        ("vocab/themes.yaml", "OUTSIDE/passwd"),
        ("cases/linked-case", "OUTSIDE"),  # a whole record folder
        ("docs", "OUTSIDE"),
    ],
)
def test_links_are_refused_named_and_never_followed(project, tmp_path, link, target):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n", "utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]\n", "utf-8")
    path = project / link
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.symlink_to(str(outside) if target == "OUTSIDE" else target.replace("OUTSIDE", str(outside)))
    before_outside, before_project = _tree(outside), _tree(project)

    result = cli("--root", str(project), "build", "--site-dir", str(tmp_path / "site"), "--no-offline")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{link}:1:1" in result.stderr and "symbolic link" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert _tree(outside) == before_outside  # nothing outside was read into the site, changed or deleted
    assert _tree(project) == before_project  # nor inside: the clone, .git included, is whole
    assert not (tmp_path / "site").exists()


def test_build_never_writes_into_docs_and_leaves_no_staging_behind(project, tmp_path):
    before = _tree(project / "docs")
    result = cli("--root", str(project), "build", "--site-dir", str(tmp_path / "site"), "--no-offline")
    assert result.returncode == 0, result.stderr[-2000:]
    assert _tree(project / "docs") == before
    assert (tmp_path / "site" / "cases" / "eef-equity-partnership" / "index.html").is_file()
    assert not any((project / staging.CACHE / "docs").iterdir())


def test_a_hand_written_file_where_generated_pages_go_is_reported_not_deleted(project, tmp_path):
    page = project / "docs" / "cases" / "my-notes.th.md"
    page.parent.mkdir()
    page.write_text("# บันทึก\n", "utf-8")
    result = cli("--root", str(project), "build", "--site-dir", str(tmp_path / "site"), "--no-offline")
    assert result.returncode == 1
    assert "docs/cases/my-notes.th.md:1:1" in result.stderr and "filled by the generator" in result.stderr
    assert page.read_text("utf-8") == "# บันทึก\n"


def test_a_failed_build_leaves_the_previous_site(project, tmp_path):
    site = tmp_path / "site"
    assert cli("--root", str(project), "build", "--site-dir", str(site), "--no-offline").returncode == 0
    before = _tree(site)
    (project / "docs" / "about.en.md").write_text("# About\n\n[broken](nowhere.md)\n", "utf-8")  # strict fails
    result = cli("--root", str(project), "build", "--site-dir", str(site), "--no-offline")
    assert result.returncode != 0
    assert _tree(site) == before
    assert not (tmp_path / ".site.partial").exists()


def test_names_in_messages_cannot_forge_log_lines(project):
    bad = project / "cases" / "evil\n::error::forged"
    bad.mkdir()
    result = cli("--root", str(project), "validate")
    assert result.returncode == 1
    assert not any(line.startswith("::") for line in result.stderr.splitlines())
    assert "evil\\u000a::error::forged" in result.stderr


def test_two_builds_at_once_wait_for_each_other_and_serve_keeps_its_own_urls(project, tmp_path):
    """Concurrent builds of one project into one folder both succeed, one after the other; a `serve` running at
    the same time never puts its local address into what the build publishes."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    site = tmp_path / "site"
    build = [
        sys.executable,
        "-m",
        "edupartners.cli",
        "--root",
        str(project),
        "build",
        "--site-dir",
        str(site),
        "--no-offline",
    ]
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "edupartners.cli", "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/archive/data/cases.json", "127.0.0.1", 120)  # serve's own URLs
        first = subprocess.Popen(build, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        second = subprocess.run(build, env=env, capture_output=True, text=True, timeout=600)
        first_out, first_err = first.communicate(timeout=600)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert first.returncode == 0, first_err[-2000:]
    assert second.returncode == 0, second.stderr[-2000:]
    assert "waiting for it to finish" in second.stderr
    for name in ("cases.json", "cases.csv", "feed-th.xml"):
        assert "127.0.0.1" not in (site / "data" / name).read_text("utf-8")
    assert "127.0.0.1" not in (site / "cases" / "eef-equity-partnership" / "index.html").read_text("utf-8")
