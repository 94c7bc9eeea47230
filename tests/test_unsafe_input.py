"""Unsafe or broken files are refused with a clear, located message; nothing crashes, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASE, cli
from edupartners import pipeline, staging
from edupartners.problems import Report
from edupartners.sourcefile import MAX_BYTES, load_yaml


def load(tmp_path: Path, content: bytes | str):
    path = tmp_path / "case.yaml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    report = Report(tmp_path)
    return load_yaml(path, report), report.problems


@pytest.mark.parametrize(
    "text, line, words",
    [
        (
            "a: !!python/object/apply:os.system ['echo hacked']\n",
            1,
            "tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("a: !!python/name:os.system\n", 1, "is not allowed"),
        ("x: 1\ny: !custom thing\n", 2, "tag '!custom'"),
        ("a: &a [1, 2]\nb: *a\n", 2, "anchors and aliases"),
        ("base: &b {k: 1}\nother:\n  <<: *b\n", 3, "anchors and aliases"),
        ("other:\n  <<: {k: 1}\n", 2, "merge keys"),
        ("a: 1\na: 2\n", 2, "appears twice"),
        ("a: [1, 2\nb: 3\n", 2, "YAML syntax error"),
        ("a:\n\t- 1\n", 2, "YAML syntax error"),
        ("--- 1\n--- 2\n", 2, "YAML syntax error"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(tmp_path, text, line, words):
    loaded, problems = load(tmp_path, text)
    assert loaded is None
    assert len(problems) == 1
    assert problems[0].line == line, problems[0].format()
    assert words in problems[0].en, problems[0].format()
    assert problems[0].th


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    loaded, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert loaded is None and "anchors and aliases" in problems[0].en


def test_deep_nesting_is_refused(tmp_path):
    loaded, problems = load(tmp_path, "a: " + "[" * 50 + "]" * 50 + "\n")
    assert loaded is None and "nested more than" in problems[0].en


def test_oversized_file_is_refused(tmp_path):
    loaded, problems = load(tmp_path, "a: " + "x" * (MAX_BYTES + 10) + "\n")
    assert loaded is None and f"{MAX_BYTES:,} bytes" in problems[0].en


def test_non_utf8_is_reported_with_its_line(tmp_path):
    loaded, problems = load(tmp_path, "a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert loaded is None
    assert problems[0].line == 2 and problems[0].column == 7 and "not valid UTF-8" in problems[0].en


def test_binary_file_is_reported(tmp_path):
    loaded, problems = load(tmp_path, b"a: 1\n\x00\x01\x02")
    assert loaded is None and "NUL" in problems[0].en


def test_bom_and_crlf_are_handled(tmp_path):
    loaded, problems = load(tmp_path, "\ufeffa: 1\r\nb:\r\n  th: ไทย\r\n".encode("utf-8"))
    assert problems == []
    assert loaded.data == {"a": 1, "b": {"th": "ไทย"}}
    assert loaded.positions[("b", "th")] == (3, 3)


def test_dates_stay_text(tmp_path):
    loaded, _ = load(tmp_path, "d: 2019-05-20\ny: 2019\n")
    assert loaded.data == {"d": "2019-05-20", "y": 2019}


def test_empty_file(tmp_path):
    loaded, problems = load(tmp_path, "# only a comment\n")
    assert loaded is None and "empty" in problems[0].en


BROKEN_FILES = {
    "case.yaml": [
        b"",
        b"\xff\xfe\x00",
        b"- just\n- a list\n",
        b"slug: [unclosed\n",
        b"42\n",
        b"slug: x\n" * 40000,
        "title: {th: \ud800}".encode("utf-8", "surrogatepass"),
    ],
    "th.md": [b"\xc3\x28 broken", b"", b"<SCRIPT src=x>"],
}


@pytest.mark.parametrize("name, content", [(n, c) for n, cs in BROKEN_FILES.items() for c in cs])
def test_broken_files_never_crash_the_cli(project, name, content):
    (project / CASE / name).write_bytes(content)
    result = cli("--root", str(project), "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{CASE}/{name}:" in result.stderr
    assert "problem(s) found" in result.stderr


def test_a_broken_record_stops_the_build_and_writes_nothing(project):
    (project / CASE / "case.yaml").write_text("slug: [\n", "utf-8")
    docs = staging.staging_dir(project, project / "site")
    with pytest.raises(pipeline.ArchiveInvalid):
        pipeline.build_docs(project, docs, repo_url="https://example.org/repo")
    assert not docs.exists()


def test_a_record_folder_without_yaml_is_reported_not_skipped(project):
    (project / "cases" / "half-done").mkdir()
    (project / "cases" / "half-done" / "th.md").write_text("## หัวข้อ\n", "utf-8")
    _, report = pipeline.validate(project)
    assert [p.file for p in report.problems] == ["cases/half-done/case.yaml"]
    assert "case.yaml is missing" in report.problems[0].en


def test_yaml_nested_hundreds_deep_gets_its_own_clear_error(tmp_path):
    loaded, problems = load(tmp_path, "a: " + "[" * 400 + "]" * 400 + "\n")
    assert loaded is None and len(problems) == 1
    assert "nested far too deeply" in problems[0].en and problems[0].th


@pytest.mark.parametrize("slug", ["index", "browse", "media"])
def test_reserved_slugs_are_refused(project, slug):
    (project / CASE).rename(project / "cases" / slug)
    path = project / "cases" / slug / "case.yaml"
    path.write_text(path.read_text("utf-8").replace("slug: eef-equity-partnership", f"slug: {slug}"), "utf-8")
    _, report = pipeline.validate(project)
    assert any(p.field == "slug" and "reserved" in p.en for p in report.problems), report.format()


@pytest.mark.parametrize(
    "escape, name", [("\\0", "U+0000"), ("\\e", "U+001B"), ("\\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\\ud800", "U+D800")]
)
def test_yaml_escapes_cannot_smuggle_invisible_characters(tmp_path, escape, name):
    loaded, problems = load(tmp_path, f'title:\n  en: "a{escape}b"\n')
    assert loaded is None and [p.field for p in problems] == ["title.en"] and name in problems[0].en
