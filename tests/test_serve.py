"""`edupartners serve` (mkdocs serve) picks up an edited case without a restart."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO, copy_project

CASE = "cases/eef-equity-partnership"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body and text in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_case_changes(tmp_path):
    root = copy_project(tmp_path / "project", with_records=False)
    shutil.copytree(REPO / CASE, root / CASE)
    shutil.copytree(REPO / "tools/teach-for-thailand", root / "tools/teach-for-thailand")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "edupartners.cli", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/archive/en/cases/eef-equity-partnership/"
        assert wait_for(url, "International and provincial", 120), "the site was never served"
        path = root / CASE / "case.yaml"
        path.write_text(
            path.read_text("utf-8").replace(
                "en: International and provincial school students", "en: Edited while serving"
            ),
            "utf-8",
        )
        assert wait_for(url, "Edited while serving", 120), "the edit never reached the served page"
    finally:
        server.terminate()
        server.wait(timeout=20)
