"""`edupartners serve` (mkdocs serve) picks up an edited case without a restart, and what it stages after an edit
(re-reading only the files that changed) is what a full build stages."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, TOOL, copy_project
from edupartners import mkdocs_plugin, pipeline, staging
from mkdocs.exceptions import ConfigurationError

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


def staged(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != pipeline.STAMP
    }


def full_build(project: Path, site: Path) -> dict[str, bytes]:
    folder = staging.staging_dir(project, site)
    pipeline.build_docs(project, folder, repo_url="https://example.org/r")
    return staged(folder)


def test_an_edit_under_serve_stages_what_a_full_build_stages(project, tmp_path):
    """The serve loop keeps one StagedDocs (as the plugin does) and validates incrementally; after each edit its
    staged pages equal a fresh full build's, and a problem an edit causes elsewhere (a vocabulary entry a case uses)
    is reported as a full validation reports it."""
    folder = staging.staging_dir(project, tmp_path / "serve")
    docs = pipeline.StagedDocs(project, folder)
    assert docs.build("https://example.org/r")
    tool = docs.cache.records[project / TOOL][1]

    narrative = project / CASE / "th.md"
    narrative.write_text(narrative.read_text("utf-8") + "\nประโยคที่เพิ่มระหว่างแก้ไข\n", "utf-8")
    assert "cases/eef-equity-partnership.th.md" in docs.build("https://example.org/r")
    assert docs.cache.records[project / TOOL][1] is tool  # unchanged: not read again
    assert docs.rendered == {"cases/eef-equity-partnership.th.md", "cases/eef-equity-partnership.en.md"}
    assert "ประโยคที่เพิ่มระหว่างแก้ไข" in (folder / "cases" / "eef-equity-partnership.th.md").read_text("utf-8")
    assert staged(folder) == full_build(project, tmp_path / "full-1")

    yaml_path = project / CASE / "case.yaml"
    yaml_path.write_text(
        yaml_path.read_text("utf-8").replace("en: International and provincial", "en: Edited"), "utf-8"
    )
    docs.build("https://example.org/r")
    assert len(docs.rendered) > 2  # facts changed: every page is rendered again
    assert staged(folder) == full_build(project, tmp_path / "full-2")

    vocab = project / "vocab" / "organisations.yaml"
    original = vocab.read_text("utf-8")
    vocab.write_text(original.replace("- id: jd-central\n", "- id: jd-central-renamed\n"), "utf-8")
    with pytest.raises(pipeline.ArchiveInvalid) as caught:
        docs.build("https://example.org/r")
    full_report = pipeline.validate(project)[1]
    assert "jd-central" in caught.value.report.format()
    assert caught.value.report.format() == full_report.format()

    vocab.write_text(original, "utf-8")
    docs.build("https://example.org/r")
    assert staged(folder) == full_build(project, tmp_path / "full-3")


@pytest.mark.parametrize("written, meant", [(True, "on"), (False, "off"), ("auto", "auto"), ("on", "on")])
def test_the_search_option_reads_yaml_on_and_off_as_words(written, meant):
    config = mkdocs_plugin.PluginConfig()
    config.load_dict({"search": written})
    errors, _ = config.validate()
    assert errors == [] and config.search == meant


def test_a_wrong_option_is_refused():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    mkdocs_plugin.configure(config, search="off")
    assert config.plugins[mkdocs_plugin.NAME].config.search == "off"
    with pytest.raises(ConfigurationError):
        mkdocs_plugin.configure(config, search="sometimes")


def test_a_schema_edit_under_serve_is_checked_with_the_new_schema(project, tmp_path):
    """The serve loop keeps validators and remembers valid documents; a schema edit must reach them all."""
    docs = pipeline.StagedDocs(project, staging.staging_dir(project, tmp_path / "serve"))
    docs.build("https://example.org/r")
    schema = project / "schema" / "case.schema.json"
    text = schema.read_text("utf-8")
    assert '"enum": [\n        "programme",\n        "school"' in text
    schema.write_text(text.replace('"enum": [\n        "programme",\n', '"enum": [\n', 1))  # this case's level
    with pytest.raises(pipeline.ArchiveInvalid) as caught:
        docs.build("https://example.org/r")
    assert "[level]" in caught.value.report.format()
