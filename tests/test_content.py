"""Content rules that a machine can check on the real archive (issue 3)."""
from __future__ import annotations

import re

import pytest

from conftest import REPO
from edupartners import generate, pipeline
from edupartners.archive import LANGUAGES

ARCHIVE, REPORT = pipeline.validate(REPO)
RECORDS = ARCHIVE.records
IDS = [f"{r.kind}:{r.slug}" for r in RECORDS]
SEEDS = ("000", "001", "002", "003", "004")


def test_the_archive_is_valid():
    assert REPORT.ok, REPORT.format()


def test_one_programme_case_per_seed_article():
    cited = {s["seed"][:3] for c in ARCHIVE.cases if c.data["level"] == "programme" for s in c.data["sources"]
             if "seed" in s}
    assert set(SEEDS) <= cited
    assert len({c.data["programme"] for c in ARCHIVE.cases if c.data["level"] == "programme"}) >= 5


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_record_cites_sources_and_every_figure_names_one(record):
    sources = {s["id"] for s in record.data["sources"]}
    assert sources
    for item in record.data.get("figures", []) + record.data.get("milestones", []):
        assert item["source"] in sources


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_paragraph_with_a_number_cites_a_source(record):
    """Numbers are facts: a paragraph or list item that states one must carry a [@source] citation."""
    for lang in LANGUAGES:
        for block in re.split(r"\n\s*\n|\n(?=- )", record.narrative.get(lang, "")):
            text = block.strip()
            if text.startswith("#") or not re.search(r"\d", text):
                continue
            assert "[@" in text, f"{record.slug}/{lang}.md: uncited number in: {text[:120]}"


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_both_languages_or_a_declared_gap(record):
    pending = record.data.get("translation_pending", [])
    for lang in LANGUAGES:
        assert (lang in record.narrative) != (lang in pending), (record.slug, lang)
        assert record.data["title"][lang] and record.data["summary"][lang]


def test_confirmed_tools_have_a_confirming_source_and_no_tool_is_invented():
    for tool in ARCHIVE.tools:
        confirming = [s for s in tool.data["sources"] if s.get("confirms_membership")]
        assert (tool.data["membership"] == "confirmed") == bool(confirming), tool.slug
    confirmed = [t for t in ARCHIVE.tools if t.data["membership"] == "confirmed"]
    claims = ARCHIVE.vocab["programmes"]["tcfe"]["tool_set"]["claims"]
    assert len(confirmed) <= min(c["count"] for c in claims)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_counts_match_the_records(lang):
    pages = generate.render_pages(ARCHIVE, generate.Site(repo_url="https://example.org/r"))
    cases = pages[f"cases/index.{lang}.md"]
    assert len(re.findall(r'<li class="ep-case"', cases)) == len(ARCHIVE.cases)
    assert str(len(ARCHIVE.cases)) in cases.split("\n\n")[2]
    tools = pages[f"tools/index.{lang}.md"]
    assert len(re.findall(r"^- \*\*\[", tools, re.M)) == len(ARCHIVE.tools)
    confirmed = sum(t.data["membership"] == "confirmed" for t in ARCHIVE.tools)
    intro = {"th": f"เครื่องมือในคลัง {len(ARCHIVE.tools)} รายการ ยืนยันแล้ว {confirmed} รายการ",
             "en": f"{len(ARCHIVE.tools)} tools in the archive, {confirmed} of them confirmed."}[lang]
    assert intro in tools


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_no_student_is_named(record):
    """Adults may be named where a source names them; the records never name or describe individual students."""
    text = " ".join(record.narrative.values())
    assert not re.search(r"(เด็กหญิง|เด็กชาย|ด\.ญ\.|ด\.ช\.)\s*\S", text)
    assert not re.search(r"\b(student|pupil)\s+(named|called)\b", text, re.I)
