"""Content rules that a machine can check on the real archive (issue 3)."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, real_archive
from edupartners import generate, pipeline
from edupartners.archive import LANGUAGES

ARCHIVE, REPORT = real_archive()
RECORDS = ARCHIVE.records
IDS = [f"{r.kind}:{r.slug}" for r in RECORDS]
SEEDS = ("000", "001", "002", "003", "004")


def test_the_archive_is_valid():
    assert REPORT.ok, REPORT.format()


def test_one_programme_case_per_seed_article():
    cited = {
        s["seed"][:3] for c in ARCHIVE.cases if c.data["level"] == "programme" for s in c.data["sources"] if "seed" in s
    }
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
    intro = {
        "th": f"เครื่องมือในคลัง {len(ARCHIVE.tools)} รายการ ยืนยันแล้ว {confirmed} รายการ",
        "en": f"{len(ARCHIVE.tools)} tools in the archive, {confirmed} of them confirmed.",
    }[lang]
    assert intro in tools


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_no_student_is_named(record):
    """Adults may be named where a source names them; the records never name or describe individual students."""
    text = " ".join(record.narrative.values())
    assert not re.search(r"(เด็กหญิง|เด็กชาย|ด\.ญ\.|ด\.ช\.)\s*\S", text)
    assert not re.search(r"\b(student|pupil)\s+(named|called)\b", text, re.I)


# ------------------------------------------------------------------------------ issue 13: content you can cite


def _all_sources():
    """(file, source) for every source of every record and vocabulary entry."""
    for record in RECORDS:
        for source in record.data["sources"]:
            yield record.yaml_path.relative_to(REPO).as_posix(), source
    for path, loaded in ARCHIVE.vocab_files.values():
        for entry in loaded.data:
            for source in entry.get("sources", []):
                yield path.relative_to(REPO).as_posix(), source


def _trail() -> dict[str, dict]:
    """dev/sources.md, the research trail: web address (or id) -> its row."""
    rows = {}
    for line in (REPO / "dev" / "sources.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 6 and cells[0] not in ("source (id)", "---"):
            rows[cells[1] if cells[1].startswith("http") else cells[0]] = {"id": cells[0], "published": cells[2]}
    return rows


def test_every_web_address_is_byte_identical_to_the_research_trail():
    """A URL is an identifier: never "corrected". Each one is recorded, byte for byte, in dev/sources.md."""
    trail = _trail()
    missing = sorted({(f, s["url"]) for f, s in _all_sources() if "url" in s and s["url"] not in trail})
    assert not missing, missing


def test_a_date_is_a_publication_date_with_evidence_and_never_an_access_date():
    trail = _trail()
    for file, source in _all_sources():
        row = trail[source.get("url", source["id"])]
        if "date" in source:
            assert row["published"] == str(source["date"]), (file, source["id"], row)
        else:
            assert row["published"] == "undated" and "accessed" in source, (file, source["id"])


def test_the_same_source_is_described_the_same_way_everywhere():
    seen: dict[str, dict] = {}
    for file, source in _all_sources():
        public = {k: v for k, v in source.items() if k not in ("language", "confirms_membership")}
        assert seen.setdefault(source["id"], public) == public, (file, source["id"])


THAI = re.compile("[\u0e00-\u0e7f]")


def test_thai_pages_describe_sources_in_thai():
    for file, source in _all_sources():
        for key in ("description", "date_note"):
            if key in source:
                assert THAI.search(source[key]["th"]), (file, source["id"], key)  # never English-only on Thai pages


def test_no_seed_file_name_reaches_a_reader(built_site):
    leaked = [
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*")
        if p.suffix in (".html", ".json", ".csv", ".xml")
        and re.search(r"\d{3}_[0-9a-f]{16}\.txt", p.read_text("utf-8"))
    ]
    assert not leaked, leaked


def test_json_ld_never_claims_an_access_date_as_publication(built_site):
    import json

    for case in ARCHIVE.cases:
        page = built_site / "en" / "cases" / case.slug / "index.html"
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text("utf-8"), re.S)
        for citation in json.loads(block.group(1))["citation"]:
            assert citation.get("datePublished", "") != "2026", page


SHARE_LIMIT = 0.05  # of a narrative's characters inside 40-character runs that also stand in a seed article
RUN = 40


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_narratives_are_in_our_own_words(record):
    """Names and titles may repeat a seed; sentences may not. Needs the seeds (../shared/seeds) to run."""
    folder = pipeline.seeds_dir(REPO)
    if folder is None:
        pytest.skip("no seed articles beside the checkout")
    seeds = [" ".join(p.read_text("utf-8").split()) for p in sorted(folder.glob("*.txt"))]
    grams = {s[i : i + RUN] for s in seeds for i in range(len(s) - RUN + 1)}
    for lang, raw in record.narrative.items():
        text = " ".join(raw.split())
        covered = set()
        for i in range(len(text) - RUN + 1):
            if text[i : i + RUN] in grams:
                covered.update(range(i, i + RUN))
        assert len(covered) <= SHARE_LIMIT * len(text), (lang, f"{len(covered) / len(text):.1%} repeats a seed")


@pytest.mark.parametrize("record", [r for r in RECORDS if r.kind == "case"], ids=lambda r: r.slug)
def test_every_case_says_what_evidence_of_results_exists(record):
    """The evidence badge is a claim like any other: every published case classifies it (the schema lets drafts wait)."""
    assert "kind" in record.data.get("evidence", {}), f"{record.slug}: add evidence.kind"
