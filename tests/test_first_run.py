"""A newcomer's first run (issue 14, item 10): `serve` is quiet, serving and building need only the runtime
dependencies, the README says what the HTML checker needs, and the preview says how to make the offline copy."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.request

from conftest import REPO, copy_project
from edupartners import bundle
from test_serve import fetch, free_port

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _test_only_modules() -> set[str]:
    """Top-level modules of the `test` extra's packages that the runtime dependencies do not also bring."""
    test = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    runtime = {
        _name(line)
        for line in (REPO / "requirements.lock").read_text("utf-8").splitlines()
        if line and not line[0].isspace() and not line.startswith("#")
    }
    owners: dict[str, set[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            owners.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    return {m for dist in test - runtime for m in owners.get(dist, set())}


def _run_py():
    spec = importlib.util.spec_from_file_location("run_py", REPO / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_and_build_install_only_the_runtime_lock(monkeypatch):
    run = _run_py()
    installed = []
    monkeypatch.setattr(run, "ensure_environment", installed.append)
    monkeypatch.setattr(run.subprocess, "call", lambda *a, **k: 0)
    for task in ("serve", "build", "test"):
        run.main([task])
    assert installed == [run.RUNTIME_LOCK, run.RUNTIME_LOCK, run.TEST_LOCK]
    lock = (REPO / run.RUNTIME_LOCK).read_text("utf-8")
    test_only = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert not [name for name in test_only if re.search(rf"^{re.escape(name)}==", lock, re.M | re.I)]


def test_the_site_builds_with_the_test_tools_out_of_reach(tmp_path, project):
    """Build with every test-only package made unimportable, in this process and in MkDocs' subprocesses."""
    blocked = _test_only_modules()
    assert {"pytest", "playwright"} <= blocked
    (tmp_path / "block").mkdir()
    (tmp_path / "block" / "sitecustomize.py").write_text(
        "import sys\n"
        f"BLOCKED = {sorted(blocked)!r}\n"
        "class _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ModuleNotFoundError(f'{name} is a test dependency', name=name)\n"
        "sys.meta_path.insert(0, _Block())\n",
        "utf-8",
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(tmp_path / "block"))
    probe = subprocess.run([sys.executable, "-c", "import pytest"], env=env, capture_output=True, text=True)
    assert "test dependency" in probe.stderr  # the block works
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "edupartners.cli",
            "--root",
            str(project),
            "build",
            "--site-dir",
            str(tmp_path / "site"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "downloads" / bundle.BUNDLE_NAME).is_file()


def test_readme_says_what_the_html_checker_needs():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "Nu HTML" in readme and "Java" in readme and "default-jre-headless" in readme
    assert "python3 run.py build" in readme and bundle.BUNDLE_NAME in readme


def test_serve_is_quiet_and_says_how_to_make_the_offline_copy(tmp_path):
    root = copy_project(tmp_path / "project")  # every case: the nav notice used to list each page
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "edupartners.cli", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}/archive/"
            deadline = time.monotonic() + 180
            pages: dict[str, str | None] = {"th": None, "en": None}
            while time.monotonic() < deadline and not all(pages.values()):
                for lang, rel in (("th", "open-data/"), ("en", "en/open-data/")):
                    pages[lang] = pages.get(lang) or fetch(base + rel)
                time.sleep(0.5)
            assert all(pages.values()), "the site was never served:\n" + log.read_text("utf-8")[-3000:]
            for lang, html in pages.items():
                note = re.search(r'<p class="ep-preview-note">(.*?)</p>', html, re.S)
                assert note and "python3 run.py build" in note.group(1) and bundle.BUNDLE_NAME in note.group(1), lang
            with urllib.request.urlopen(base + "cases/", timeout=10) as response:  # an ordinary page: no note
                assert '<p class="ep-preview-note">' not in response.read().decode("utf-8")
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = log.read_text("utf-8").splitlines()
    assert not [line for line in lines if "not included in the" in line]
    assert len(lines) <= 8, "\n".join(lines)


def test_the_published_site_has_no_preview_note(built_site):
    for page in ("open-data/index.html", "en/open-data/index.html"):
        # the note itself, not its rule: a built page holds its stylesheet, which styles the note
        assert '<p class="ep-preview-note">' not in (built_site / page).read_text("utf-8")
