"""One failing fixture per validation rule: each asserts the message, the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASE, TOOL, cli
from edupartners import pipeline


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace text once in a file; return the 1-based line where the new text starts."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    return text[: text.index(new)].count("\n") + 1


def problems(root: Path):
    _, report = pipeline.validate(root)
    return report.problems


def only(root: Path, rel: str, line: int, *words: str, field: str | None = None):
    """Exactly one problem, in this file and line, whose English and Thai messages contain these words."""
    found = problems(root)
    assert len(found) == 1, "\n".join(p.format() for p in found)
    p = found[0]
    assert (p.file, p.line) == (rel, line), p.format()
    for word in words:
        assert word in p.en + " " + p.th, p.format()
    assert p.th and p.en and p.th != p.en
    if field is not None:
        assert p.field == field, p.format()
    return p


def test_the_fixture_is_valid(project):
    assert problems(project) == []


def test_unknown_programme_lists_allowed_values(project):
    line = edit(project, f"{CASE}/case.yaml", "programme: eef-equity-partnership", "programme: eef-equity")
    p = only(
        project,
        f"{CASE}/case.yaml",
        line,
        "unknown programme 'eef-equity'",
        "eef-equity-partnership",
        "ไม่รู้จักโครงการ",
        field="programme",
    )
    assert "Did you mean eef-equity-partnership" in p.en


def test_unknown_organisation_and_role(project):
    line = edit(
        project,
        f"{CASE}/case.yaml",
        "  - id: jd-central\n    role: sales-platform",
        "  - id: jd-centrel\n    role: seller",
    )
    found = sorted(problems(project))
    assert [(p.line, p.field) for p in found] == [(line, "organisations[3].id"), (line + 1, "organisations[3].role")]
    assert "unknown organisation 'jd-centrel'" in found[0].en and "jd-central" in found[0].en
    assert "unknown role 'seller'" in found[1].en and "sales-platform" in found[1].en


def test_unknown_theme_tool_grade(project):
    edit(project, f"{CASE}/case.yaml", "themes: [educational-equity,", "themes: [equity,")
    edit(project, f"{CASE}/case.yaml", "grade_levels: [secondary-lower,", "grade_levels: [m1-3,")
    edit(project, f"{CASE}/case.yaml", "provinces: [TH-84]", "provinces: [TH-84]\ntools: [teach-for-thai]")
    messages = " ".join(p.en for p in problems(project))
    assert "unknown theme 'equity'" in messages
    assert "unknown grade level 'm1-3'" in messages
    assert "unknown tool 'teach-for-thai'" in messages and "teach-for-thailand" in messages


def test_province_must_be_an_iso_code_known_to_pycountry(project):
    line = edit(project, f"{CASE}/case.yaml", "provinces: [TH-84]", "provinces: [TH-99]")
    only(project, f"{CASE}/case.yaml", line, "unknown province (ISO 3166-2:TH) 'TH-99'", field="provinces[0]")


def test_province_in_wrong_form(project):
    line = edit(project, f"{CASE}/case.yaml", "provinces: [TH-84]", "provinces: [Surat Thani]")
    only(project, f"{CASE}/case.yaml", line, "ISO 3166-2:TH", "TH-84", field="provinces[0]")


def test_slug_must_equal_folder(project):
    line = edit(project, f"{CASE}/case.yaml", "slug: eef-equity-partnership", "slug: eef-partnership")
    only(project, f"{CASE}/case.yaml", line, "must equal the folder name 'eef-equity-partnership'", field="slug")


def test_buddhist_era_year_in_common_era_field_gets_a_hint(project):
    line = edit(project, f"{CASE}/case.yaml", "  start: 2019", "  start: 2562")
    only(
        project,
        f"{CASE}/case.yaml",
        line,
        "2562 looks like a Buddhist Era year",
        "use 2019",
        "ให้ใช้ 2019",
        field="period.start",
    )


def test_buddhist_era_date_in_a_source(project):
    line = edit(project, f"{TOOL}/tool.yaml", "    accessed: 2026-11\n", "    accessed: 2569-11\n")
    only(
        project,
        f"{TOOL}/tool.yaml",
        line,
        "2569 looks like a Buddhist Era year",
        "use 2026",
        field="sources[0].accessed",
    )


def test_impossible_date(project):
    line = edit(project, f"{CASE}/case.yaml", "  start: 2019", "  start: 2019-02-30")
    only(project, f"{CASE}/case.yaml", line, "not a real date", field="period.start")


def test_end_before_start(project):
    line = edit(project, f"{CASE}/case.yaml", "  start: 2019", "  start: 2019-06\n  end: 2019-01")
    only(project, f"{CASE}/case.yaml", line + 1, "is before the start", field="period.end")


def test_missing_language_file(project):
    (project / CASE / "en.md").unlink()
    only(project, f"{CASE}/en.md", 1, "en.md is missing", "translation_pending", "ไม่พบไฟล์ en.md")


def test_a_pending_translation_is_allowed_when_declared(project):
    (project / CASE / "en.md").unlink()
    edit(project, f"{CASE}/case.yaml", "level: programme", "level: programme\ntranslation_pending: [en]")
    assert problems(project) == []


def test_translation_pending_must_be_true(project):
    line = edit(project, f"{CASE}/case.yaml", "level: programme", "level: programme\ntranslation_pending: [en]")
    only(project, f"{CASE}/case.yaml", line + 1, "en.md exists, so remove 'en'", field="translation_pending")


def test_a_record_needs_at_least_one_narrative(project):
    for lang in ("th", "en"):
        (project / CASE / f"{lang}.md").unlink()
    line = edit(project, f"{CASE}/case.yaml", "level: programme", "level: programme\ntranslation_pending: [th, en]")
    only(project, f"{CASE}/case.yaml", line + 1, "at least one language", field="translation_pending")


def test_milestone_needs_a_known_source_and_a_common_era_date(project):
    line = edit(
        project,
        f"{CASE}/case.yaml",
        "milestones:\n",
        "milestones:\n  - date: 2567-05\n    label: {th: ก, en: a}\n    source: nowhere\n",
    )
    found = sorted(problems(project))
    assert [(p.line, p.field) for p in found] == [(line + 1, "milestones[0].date"), (line + 3, "milestones[0].source")]
    assert "2567 looks like a Buddhist Era year" in found[0].en and "milestone source 'nowhere'" in found[1].en


def test_a_province_belongs_to_one_region(project):
    path = project / "vocab" / "regions.yaml"
    text = path.read_text("utf-8").replace("    - TH-84  # Surat Thani\n", "    - TH-84\n    - TH-10\n", 1)
    path.write_text(text, "utf-8")
    found = problems(project)
    assert len(found) == 1 and "TH-10 is already in region 'bangkok-vicinity'" in found[0].en


def test_empty_language_file(project):
    (project / TOOL / "th.md").write_text("  \n\n", "utf-8")
    only(project, f"{TOOL}/th.md", 1, "th.md is empty")


def test_case_needs_a_source(project):
    text = (project / CASE / "case.yaml").read_text("utf-8")
    start = text.index("sources:\n")
    end = text.index("review:\n")
    (project / CASE / "case.yaml").write_text(text[:start] + "sources: []\n" + text[end:], "utf-8")
    found = problems(project)
    assert any(p.field == "sources" and "must not be empty" in p.en for p in found)


def test_source_needs_publisher_title_date_and_url_or_seed(project):
    edit(project, f"{TOOL}/tool.yaml", "    url: https://tft.vh-projects.com/?p=13141\n", "")
    line = edit(project, f"{TOOL}/tool.yaml", "  - id: tft-fellows", "  - id: tft-fellows")
    only(project, f"{TOOL}/tool.yaml", line, "give one of: url or seed", "url หรือ seed", field="sources[1]")


def test_figure_must_name_a_known_source(project):
    line = edit(
        project,
        f"{CASE}/case.yaml",
        "    source: bangkok-post-barriers\n  - value: 11",
        "    source: bangkok-post\n  - value: 11",
    )
    only(
        project,
        f"{CASE}/case.yaml",
        line,
        "figure source 'bangkok-post' is not in this record's sources",
        "bangkok-post-barriers",
        field="figures[3].source",
    )


def test_figure_without_source_is_a_schema_error(project):
    edit(project, f"{TOOL}/tool.yaml", "    source: yuvabadhana-tft\nsources:", "sources:")
    found = problems(project)
    assert len(found) == 1 and "required field(s) missing: source" in found[0].en
    assert found[0].field == "figures[0]"


def test_confirmed_tool_needs_a_confirming_source(project):
    edit(project, f"{TOOL}/tool.yaml", "    confirms_membership: true\n", "")
    line = next(
        i
        for i, text in enumerate((project / TOOL / "tool.yaml").read_text().split("\n"), 1)
        if text.startswith("membership:")
    )
    only(project, f"{TOOL}/tool.yaml", line, "confirms_membership: true", "membership: linked", field="membership")


def test_unknown_field_lists_allowed_fields(project):
    line = edit(project, f"{CASE}/case.yaml", "level: programme", "level: programme\nlevle: school")
    p = only(project, f"{CASE}/case.yaml", line + 1, "unknown field(s): levle", "Allowed fields:", field="levle")
    assert "slug" in p.en and "themes" in p.en


def test_enum_lists_allowed_values(project):
    line = edit(project, f"{CASE}/case.yaml", "level: programme", "level: national")
    only(project, f"{CASE}/case.yaml", line, "Allowed values: programme, school", field="level")


def test_missing_required_field(project):
    edit(project, f"{CASE}/case.yaml", "programme: eef-equity-partnership\n", "")
    p = only(project, f"{CASE}/case.yaml", 2, "required field(s) missing: programme", "ขาดช่องที่ต้องกรอก")
    assert p.field == ""  # the whole record: the position is its first line


def test_school_case_needs_part_of_a_programme_case(project):
    line = edit(project, f"{CASE}/case.yaml", "level: programme", "level: school")
    only(project, f"{CASE}/case.yaml", line, "needs part_of", field="level")


def test_missing_modeline(project):
    text = (project / TOOL / "tool.yaml").read_text("utf-8")
    (project / TOOL / "tool.yaml").write_text(text.split("\n", 1)[1], "utf-8")
    only(project, f"{TOOL}/tool.yaml", 1, "yaml-language-server: $schema=", "tool.schema.json")


def test_citation_must_name_a_source(project):
    line = edit(project, f"{CASE}/en.md", "[@eef-five-years].\n", "[@eef-5-years].\n")
    only(project, f"{CASE}/en.md", line, "citation [@eef-5-years] names no source")


@pytest.mark.parametrize(
    "snippet, word",
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<iframe src="https://example.org"></iframe>', "<iframe>"),
        ("<style>body{display:none}</style>", "<style>"),
        ('<img src="x.png" onerror="alert(1)">', "onerror="),
        ("[click](javascript:alert(1))", "href=javascript:"),
        ('[x](https://example.org){: onclick="alert(1)" }', "onclick="),
        ("*hover*{: onmouseover=alert(1) }", "onmouseover="),
        ('<a href="JavaScript:alert(1)">x</a>', "href=JavaScript:"),
    ],
)
def test_unsafe_markdown_is_reported_not_stripped(project, snippet, word):
    path = project / CASE / "th.md"
    text = path.read_text("utf-8")
    path.write_text(text + "\nย่อหน้าใหม่ " + snippet + "\n", "utf-8")
    line = text.count("\n") + 2
    p = only(project, f"{CASE}/th.md", line, word)
    assert p.column > len("ย่อหน้าใหม่ ")
    assert path.read_text("utf-8").endswith(snippet + "\n")  # reported, never stripped


def test_title_heading_in_narrative(project):
    (project / CASE / "en.md").write_text("# My title\n\nText.\n", "utf-8")
    only(project, f"{CASE}/en.md", 1, "start sections with '## '")


def test_common_era_year_in_thai_narrative(project):
    path = project / CASE / "th.md"
    text = path.read_text("utf-8")
    path.write_text(text + "\nโครงการเริ่มในปี 2019 และ ค.ศ. 2020 ก็ยังดำเนินอยู่\n", "utf-8")
    p = only(project, f"{CASE}/th.md", text.count("\n") + 2, "2019 looks like a Common Era year", "2562")
    assert p.column == len("โครงการเริ่มในปี ") + 1


def test_buddhist_era_year_in_english_narrative(project):
    path = project / CASE / "en.md"
    text = path.read_text("utf-8")
    path.write_text(text + "\nIt began in 2562, under the Act of B.E. 2561.\n", "utf-8")
    only(project, f"{CASE}/en.md", text.count("\n") + 2, "2562 looks like a Buddhist Era year", "write 2019")


def test_vocabulary_entry_needs_a_source(project):
    path = project / "vocab" / "organisations.yaml"
    path.write_text(path.read_text("utf-8") + "- id: new-org\n  name: {th: องค์กรใหม่, en: New organisation}\n", "utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].file == "vocab/organisations.yaml"
    assert "required field(s) missing: sources" in found[0].en


def test_all_errors_are_reported_in_one_run(project):
    edit(project, f"{CASE}/case.yaml", "programme: eef-equity-partnership", "programme: nope")
    edit(project, f"{CASE}/case.yaml", "  start: 2019", "  start: 2562")
    edit(project, f"{TOOL}/tool.yaml", "collection: tcfe", "collection: tcfx")
    (project / CASE / "en.md").write_text("<script>x</script>\n", "utf-8")
    result = cli("--root", str(project), "validate")
    assert result.returncode == 1
    err = result.stderr
    for expected in ("unknown programme 'nope'", "2562 looks like", "tcfx", "<script>", "4 problem(s) found"):
        assert expected in err, err
    assert "Traceback" not in err


def test_valid_project_passes_the_cli(project):
    result = cli("--root", str(project), "validate")
    assert result.returncode == 0, result.stderr
    assert "OK: 1 cases, 1 tools" in result.stdout


def test_a_start_year_names_the_source_that_gives_it(project):
    line = edit(project, f"{CASE}/case.yaml", "  start: 2019\n  source: seed-000\n", "  start: 2019\n")
    only(project, f"{CASE}/case.yaml", line, "give period.source", field="period.start")


def test_a_case_may_leave_its_start_out(project):
    path = project / CASE / "case.yaml"
    text = path.read_text("utf-8")
    start = text.index("period:\n")
    end = text.index("\n", text.index("  source: ", start)) + 1
    path.write_text(text[:start] + "period: {}\n" + text[end:], "utf-8")
    _, report = pipeline.validate(project)
    assert report.ok, report.format()
