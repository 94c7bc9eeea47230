"""The YAML parse cache (.cache/yaml/, jsoncache.CACHE / "yaml"): a cached parse is the parse, exactly; problems are
never cached away; the cache is never reached through a link and a damaged entry is ignored. The same for the
search indexer's cuts of Thai runs (.cache/search/cuts.json)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CASE, REPO
from edupartners import jsoncache, narrative, schemas, sourcefile
from edupartners.problems import Report

TRICKY = """# yaml-language-server: $schema=x
slug: a-b
count: 3
ratio: 2.5
whole: 2.0
quoted: "1.0"
yes_word: yes
flag: true
nothing: null
date: 2019-05-20
"1": one
nested:
  - {a: [1, "2", 3.0], b: ~}
  - ข้อความไทย
"""


def _load(root: Path, path: Path) -> tuple[sourcefile.Loaded | None, Report]:
    report = Report(root)
    return sourcefile.load_yaml(path, report), report


def _same(a: sourcefile.Loaded, b: sourcefile.Loaded) -> bool:
    """Equal, with the same types throughout (True == 1 and 2.0 == 2 in Python)."""
    return repr(a.data) == repr(b.data) and a.positions == b.positions and a.first_line == b.first_line


def _entries(root: Path) -> list[Path]:
    return sorted((root / jsoncache.CACHE / "yaml").rglob("*.json"))


def test_a_cached_parse_is_the_parse(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(TRICKY, "utf-8")
    first, report = _load(tmp_path, path)
    assert report.ok and len(_entries(tmp_path)) == 1
    second, report = _load(tmp_path, path)
    assert report.ok and _same(first, second)
    assert (
        isinstance(second.data["whole"], float) and second.data["flag"] is True and second.data["date"] == "2019-05-20"
    )
    assert second.positions[("nested", 0, "a", 1)] == first.positions[("nested", 0, "a", 1)] == (13, 13)


def test_an_edited_file_is_parsed_again(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(TRICKY, "utf-8")
    _load(tmp_path, path)
    path.write_text(TRICKY.replace("count: 3", "count: 4"), "utf-8")
    loaded, _ = _load(tmp_path, path)
    assert loaded.data["count"] == 4 and len(_entries(tmp_path)) == 2


def test_problems_are_reported_on_every_run(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\na: 2\n", "utf-8")
    for _ in range(2):
        loaded, report = _load(tmp_path, path)
        assert loaded is None and not report.ok and "appears twice" in report.format()
    assert _entries(tmp_path) == []


def test_a_damaged_entry_is_ignored(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(TRICKY, "utf-8")
    first, _ = _load(tmp_path, path)
    for damage in ("{", '{"data": 1}', "[]", '{"data": {}, "positions": [[1]], "first_line": ""}'):
        _entries(tmp_path)[0].write_text(damage, "utf-8")
        again, report = _load(tmp_path, path)
        assert report.ok and _same(first, again), damage


def test_the_cache_is_never_reached_through_a_link(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "project"
    (root / ".cache").mkdir(parents=True)
    (root / jsoncache.CACHE / "yaml").symlink_to(elsewhere, target_is_directory=True)
    path = root / "x.yaml"
    path.write_text(TRICKY, "utf-8")
    for _ in range(2):
        loaded, report = _load(root, path)
        assert report.ok and loaded.data["slug"] == "a-b"
    assert list(elsewhere.iterdir()) == []


HOSTILE = '## Title\n\nText <script>alert(1)</script> and <a href="javascript:x">a link</a>.\n'


def test_a_cached_narrative_check_finds_what_the_check_finds(tmp_path):
    fresh = narrative.unsafe(HOSTILE)
    assert len(fresh) >= 2
    for _ in range(2):
        assert narrative.unsafe(HOSTILE, tmp_path) == fresh
    entries = sorted((tmp_path / jsoncache.CACHE / "narratives").rglob("*.json"))
    assert len(entries) == 1
    entries[0].write_text('[["not", "a finding"]]', "utf-8")  # damaged: checked again, not trusted
    assert narrative.unsafe(HOSTILE, tmp_path) == fresh
    assert narrative.unsafe(HOSTILE.replace("<script>", "<b>"), tmp_path) != fresh


def test_only_valid_documents_are_remembered_and_only_for_the_same_schema(tmp_path, monkeypatch):
    report = Report(tmp_path)
    loaded = sourcefile.load_yaml(REPO / CASE / "case.yaml", Report(REPO))
    case_schema = schemas.validator(REPO / "schema", "case")
    assert schemas.check(case_schema, loaded, REPO / CASE / "case.yaml", report) and report.ok
    (entry,) = (tmp_path / jsoncache.CACHE / "schema").rglob("*.json")
    calls = []
    monkeypatch.setattr(type(case_schema), "iter_errors", lambda self, data: calls.append(data) or iter(()))
    assert schemas.check(case_schema, loaded, REPO / CASE / "case.yaml", report)
    assert calls == []  # remembered: not checked again
    monkeypatch.undo()
    broken = sourcefile.Loaded({**loaded.data, "level": "galaxy"}, loaded.positions)
    for _ in range(2):  # errors are never remembered: each run explains them
        report = Report(tmp_path)
        assert not schemas.check(case_schema, broken, REPO / CASE / "case.yaml", report)
        assert "[level]" in report.format()
    tool_schema = schemas.validator(REPO / "schema", "tool")  # another contract: the case is checked, and fails
    assert not schemas.check(tool_schema, loaded, REPO / CASE / "case.yaml", Report(tmp_path))
    assert list((tmp_path / jsoncache.CACHE / "schema").rglob("*.json")) == [entry]


# --- the cuts of Thai runs between search builds (.cache/search/cuts.json, search/cache.py)

RUNS = ("โรงเรียนชุมชน", "ครูและนักเรียน", "หุ้นส่วนการศึกษา", "ชุมชนโรงเรียน", "การศึกษาไทย")
WORDS = ("โรงเรียน", "ชุมชน", "ครู", "และ", "นักเรียน", "หุ้นส่วน", "การศึกษา", "ไทย")


def _cut_all(dictionary) -> dict[str, list[str]]:
    return {run: dictionary.cut(run) for run in RUNS}


def test_saved_cuts_come_back_exactly_whatever_the_slices(tmp_path, monkeypatch):
    from edupartners.search import cache, thai

    monkeypatch.setattr(cache, "SLICE", 2)  # several slices, and one short last one
    first = thai.Dictionary(base=WORDS)
    expected = _cut_all(first)
    cache.save(first, tmp_path)
    saved = json.loads((tmp_path / cache.FILE).read_text("utf-8"))  # one JSON document
    assert set(saved["cuts"]) == set(RUNS)
    again = thai.Dictionary(base=WORDS)
    assert cache.load(again, tmp_path) == len(RUNS)
    assert _cut_all(again) == expected
    assert again.used_cuts() == first.used_cuts()


def test_a_cut_that_does_not_rebuild_its_run_is_not_trusted(tmp_path):
    from edupartners.search import cache, thai

    first = thai.Dictionary(base=WORDS)
    _cut_all(first)
    cache.save(first, tmp_path)
    path = tmp_path / cache.FILE
    saved = json.loads(path.read_text("utf-8"))
    saved["cuts"]["ครูและนักเรียน"] = "ครู และ นัก"  # a damaged entry
    path.write_text(json.dumps(saved, ensure_ascii=False), "utf-8")
    again = thai.Dictionary(base=WORDS)
    assert cache.load(again, tmp_path) == len(RUNS) - 1
    assert again.cut("ครูและนักเรียน") == ["ครู", "และ", "นักเรียน"]


def test_serve_memo_makes_a_value_again_only_when_an_input_is_no_longer_the_same():
    """memo.Kept: a value is kept while every input is the same object or equal to it (lists item by item); a new
    object with other content makes it again, and so does a list of another length."""
    from edupartners import memo

    made = []
    kept = memo.Kept()

    def make(tag):
        return lambda: made.append(tag) or tag

    record, other = {"title": "a"}, {"title": "b"}
    assert kept("k", (record, [other]), make(1)) == 1
    assert kept("k", (record, [other]), make(2)) == 1  # the same objects
    assert kept("k", ({"title": "a"}, [{"title": "b"}]), make(3)) == 1  # equal ones
    assert kept("k", (record, [{"title": "c"}]), make(4)) == 4  # a record it reads changed
    assert kept("k", (record, [{"title": "c"}, other]), make(5)) == 5
    assert kept("k", (record, ({"title": "c"}, other)), make(6)) == 6  # a tuple is not the list it was
    assert kept("other key", (record, ({"title": "c"}, other)), make(7)) == 7
    assert made == [1, 4, 5, 6, 7]
    kept.clear()
    assert kept("k", (record, ({"title": "c"}, other)), make(8)) == 8
    assert memo.fresh("k", (), make(9)) == 9 and made[-1] == 9
