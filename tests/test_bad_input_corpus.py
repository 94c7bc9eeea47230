"""The bad-input corpus (tests/bad_input/, see its README): every rule gives exactly its own located, bilingual error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import copy_project
from edupartners import pipeline

CORPUS = Path(__file__).with_name("bad_input")
BASE = CORPUS / "_base"
ENTRIES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
FIELDS = ("file", "line", "column", "field", "en", "th")


def load(name: str) -> dict:
    return yaml.safe_load((CORPUS / name / "expected.yaml").read_text("utf-8"))


def apply_edits(root: Path, edits: list[dict]) -> dict[str, tuple[int, int]]:
    """Apply the edits; return, for each file appended to, how many lines and list entries it had before (for
    '+N' lines and '[+N]' fields)."""
    before: dict[str, tuple[int, int]] = {}
    for op in edits:
        path = root / op["file"]
        if "append" in op and op["file"] not in before:
            text = path.read_text("utf-8")
            entries = yaml.safe_load(text) if path.suffix == ".yaml" else None
            before[op["file"]] = (text.count("\n"), len(entries) if isinstance(entries, list) else 0)
        if "old" in op:
            text = path.read_text("utf-8")
            assert op["old"] in text, f"{op['file']} no longer contains {op['old']!r}: update the corpus base or entry"
            path.write_text(text.replace(op["old"], op["new"], 1), "utf-8")
        elif "append" in op:
            path.write_text(path.read_text("utf-8") + op["append"] * op.get("times", 1), "utf-8")
        elif "write" in op:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(op["write"], "utf-8")
        elif op.get("delete"):
            path.unlink()
        else:
            raise AssertionError(f"unknown edit {op}")
    return before


def build(tmp_path: Path, name: str | None, monkeypatch) -> tuple[Path, dict[str, int]]:
    root = copy_project(tmp_path / "project", with_records=False)
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    seeds = tmp_path / "seeds"  # by default there is no seeds folder, so seed names are not looked up
    monkeypatch.setenv("EP_SEEDS_DIR", str(seeds))
    if name is None:
        return root, {}
    entry = load(name)
    appended = apply_edits(root, entry.get("edits", []))
    files = CORPUS / name / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    if entry.get("seeds"):
        seeds.mkdir()
        for vocab in (root / "vocab").glob("*.yaml"):
            for seed in re.findall(r"seed: ([0-9]{3}_[0-9a-f]{16}\.txt)", vocab.read_text("utf-8")):
                (seeds / seed).write_text("", "utf-8")
    return root, appended


def test_the_base_is_valid(tmp_path, monkeypatch):
    _, report = pipeline.validate(build(tmp_path, None, monkeypatch)[0])
    assert report.ok, report.format()


def test_every_entry_is_well_formed():
    assert len(ENTRIES) >= 60
    for name in ENTRIES:
        entry = load(name)
        assert set(entry) <= {"rule", "edits", "expect", "seeds"} and entry.get("rule"), name
        assert entry.get("edits") or (CORPUS / name / "files").is_dir(), f"{name}: changes nothing"
        for e in entry["expect"]:
            line = e["line"]
            assert isinstance(line, int) and line >= 1 or re.fullmatch(r"\+[1-9][0-9]*", str(line)), name
            assert set(e) == set(FIELDS) and e["en"] and e["th"], name


@pytest.mark.parametrize("name", ENTRIES)
def test_corpus_entry_gives_exactly_its_error(tmp_path, monkeypatch, name):
    entry = load(name)
    root, appended = build(tmp_path, name, monkeypatch)
    _, report = pipeline.validate(root)
    found = sorted(report.problems)
    for e in entry["expect"]:  # '+N', '[+N]': the Nth line, entry of the text appended to a growing vocabulary
        if isinstance(e["line"], str):
            e["line"] = appended[e["file"]][0] + int(e["line"])
        first = appended.get(e["file"], (0, 0))[1]
        e["field"] = re.sub(r"^\[\+(\d+)\]", lambda m, first=first: f"[{first + int(m.group(1))}]", e["field"])
    shown = "\n".join(p.format() for p in found) or "(no problems)"
    assert len(found) == len(entry["expect"]), (
        f"{name} ({entry['rule']}): expected {len(entry['expect'])}, got\n{shown}"
    )
    for want, got in zip(
        sorted(entry["expect"], key=lambda e: (e["file"], e["line"], e["column"], e["field"], e["en"])), found
    ):
        where = (got.file, got.line, got.column, got.field)
        assert where == (want["file"], want["line"], want["column"], want["field"]), f"{name}:\n{shown}"
        assert want["en"] in got.en, f"{name}: English message changed:\n{got.format()}"
        assert want["th"] in got.th, f"{name}: Thai message changed:\n{got.format()}"
