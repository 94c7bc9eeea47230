"""Shared fixtures: the real repository, a real build of the real site, a local server and Chromium."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Everything a throw-away copy of the project needs, except the records themselves.
PROJECT_PARTS = ("mkdocs.yml", "schema", "vocab", "docs", "overrides")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@functools.cache
def real_archive():
    """(archive, report) of the real repository, validated once per test run and shared: treat it as read-only."""
    from edupartners import pipeline

    return pipeline.validate(REPO)


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the project's one CLI exactly as contributors and CI do (`env`: variables set on top of ours)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "edupartners.cli", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def copy_project(dest: Path, with_records: bool = True) -> Path:
    """A working copy of the project (optionally without cases/ and tools/) for tests that change files."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(
                src,
                dest / part,
                ignore=shutil.ignore_patterns("cases", "tools", "schema", "fonts") if part == "docs" else None,
            )
        else:
            shutil.copy2(src, dest / part)
    for folder in ("cases", "tools"):
        if with_records:
            shutil.copytree(REPO / folder, dest / folder)
        else:
            (dest / folder).mkdir()
    return dest


CASE = "cases/eef-equity-partnership"  # the one case of `project`
TOOL = "tools/teach-for-thailand"  # the one tool it uses


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with one case and the one tool it uses: enough to validate and build quickly."""
    root = copy_project(tmp_path / "project", with_records=False)
    for rel in (CASE, TOOL):
        shutil.copytree(REPO / rel, root / rel)
    return root


@pytest.fixture
def full_project(tmp_path) -> Path:
    """A copy of the project with every record."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The real site, built by the real CLI (`edupartners build`, strict) into a temporary folder: once per test run,
    by the first pytest-xdist worker that needs it, the others waiting for it (a lock in the run's shared folder)."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder the workers' own folders are in
    out, done = shared / "built-site", shared / "built-site.done"
    with open(shared / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            result = cli("build", "--site-dir", str(out))
            assert result.returncode == 0, result.stdout + result.stderr
            done.touch()
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser closing a connection early (e.g. on a 404 it does not wait for) is not a test failure


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("EP_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is not installed; browser tests need Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
