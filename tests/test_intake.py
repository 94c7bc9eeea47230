"""`edupartners from-issue`: an issue-form body becomes a case folder that validates, or a clear bilingual report
naming the fields; hostile bodies are refused without writing anything and without a traceback."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from conftest import REPO, cli, copy_project
from edupartners import intake
from edupartners.scaffold import load_choices

FORM = REPO / ".github/ISSUE_TEMPLATE/new-case.yml"


@lru_cache(maxsize=1)
def _form() -> dict:
    return yaml.safe_load(FORM.read_text("utf-8"))


def _options(field_id: str) -> list[str]:
    element = next(e for e in _form()["body"] if e.get("id") == field_id)
    return element["attributes"]["options"]


def _option(field_id: str, value_id: str) -> str:
    return next(o for o in _options(field_id) if o.split()[0] == value_id)


def render_body(values: dict[str, str]) -> str:
    """The body exactly as GitHub writes it for an issue form: every field, in order, `_No response_` if empty."""
    parts = []
    for element in _form()["body"]:
        if element["type"] == "markdown":
            continue
        label = element["attributes"]["label"]
        if element["type"] == "checkboxes":
            ticked = values.get(element["id"], "all")
            lines = [f"- [{'X' if ticked == 'all' else ' '}] {o['label']}" for o in element["attributes"]["options"]]
            value = "\n".join(lines)
        else:
            value = values.get(element["id"]) or "_No response_"
        parts.append(f"### {label}\n\n{value}")
    return "\n\n".join(parts) + "\n"


COMPLETE = {
    "title_th": "นักเรียนนานาชาติจับคู่โรงเรียนต่างจังหวัด",
    "title_en": "International and provincial school students pair up",
    "summary_th": "กสศ. จับคู่นักเรียนโรงเรียนนานาชาติกับนักเรียนโรงเรียนรัฐในต่างจังหวัด",
    "summary_en": "EEF paired students of international schools with students of state schools.",
    "level": "programme",
    "organisations": "eef: lead\n- shrewsbury-network: partner-school",
    "provinces": "TH-84",
    "period_start": "2562",
    "themes": "educational-equity",
    "grade_levels": "secondary-lower",
    "sources": "มติชนออนไลน์ (Matichon) | กสศ.ชวน 6 ร.ร.นานาชาติ สร้างนวัตกรรมทางสังคม | 2563-10 | "
    "https://www.matichon.co.th/education/news_2399707",
    "narrative_th": "## ความสำคัญและที่มาของปัญหา\n\nโครงการเริ่มในปีการศึกษา 2562 [1]\n\n### ในห้องเรียน\n\nนักเรียนทำงานร่วมกัน [1]",
    "narrative_en": "## Why it matters\n\nThe project began in the 2019 school year [1].",
}


def complete_values() -> dict[str, str]:
    values = dict(COMPLETE)
    values["programme"] = _option("programme", "eef-equity-partnership")
    values["level"] = _option("level", "programme")
    values["provinces"] = ", ".join([_option("provinces", "TH-84"), _option("provinces", "TH-10")])
    values["themes"] = ", ".join([_option("themes", "educational-equity"), _option("themes", "school-pairing")])
    values["grade_levels"] = _option("grade_levels", "secondary-lower")
    return values


def _from_issue(full_project: Path, body: str, *extra: str, name: str = "body.md"):
    path = full_project.parent / name
    path.write_text(body, "utf-8")
    return cli("--root", str(full_project), "from-issue", str(path), *extra)


def _cases(full_project: Path) -> list[str]:
    return sorted(p.name for p in (full_project / "cases").iterdir())


def test_a_complete_form_becomes_a_case_that_validates(full_project):
    before = _cases(full_project)
    result = _from_issue(full_project, render_body(complete_values()))
    assert result.returncode == 0, result.stdout + result.stderr
    slug = "international-and-provincial-school-students-pair-up"
    assert _cases(full_project) == sorted(before + [slug])
    folder = full_project / "cases" / slug
    data = yaml.safe_load((folder / "case.yaml").read_text("utf-8"))
    assert (folder / "case.yaml").read_text("utf-8").startswith("# yaml-language-server: $schema=")
    assert data["programme"] == "eef-equity-partnership" and data["level"] == "programme"
    assert data["organisations"] == [
        {"id": "eef", "role": "lead"},
        {"id": "shrewsbury-network", "role": "partner-school"},
    ]
    assert data["provinces"] == ["TH-84", "TH-10"]
    assert data["themes"] == ["educational-equity", "school-pairing"]
    assert data["period"] == {
        "start": 2019,
        "source": "source-1",
    }  # พ.ศ. 2562 kept as ค.ศ.; the form asks for the first source's year
    assert data["sources"][0]["date"] == "2020-10" and data["sources"][0]["id"] == "source-1"
    assert data["review"]["verification"] == "unverified"
    th = (folder / "th.md").read_text("utf-8")
    assert "[@source-1]" in th and "[1]" not in th
    assert "### ในห้องเรียน" in th  # a ### line inside a narrative is text, not a new field
    assert cli("--root", str(full_project), "validate").returncode == 0


def test_slug_option_wins_and_path_traversal_is_refused(full_project):
    ok = _from_issue(full_project, render_body(complete_values()), "--slug", "my-case")
    assert ok.returncode == 0 and (full_project / "cases/my-case/case.yaml").is_file()
    for bad in ("../../etc", "..", "a/b", "Cases", "x" * 81):
        result = _from_issue(full_project, render_body(complete_values()), "--slug", bad)
        assert result.returncode == 1, bad
        assert "Folder name" in result.stdout and "ชื่อโฟลเดอร์" in result.stdout
    values = complete_values() | {"slug": "../../../tmp/evil"}
    result = _from_issue(full_project, render_body(values))
    assert result.returncode == 1 and "Folder name" in result.stdout
    assert not (full_project.parent / "tmp").exists() and not (full_project / "evil").exists()


def test_missing_fields_are_named_in_both_languages_and_nothing_is_written(full_project):
    before = _cases(full_project)
    values = complete_values()
    for key in ("title_en", "summary_en", "sources", "narrative_en", "themes"):
        values.pop(key)
    result = _from_issue(full_project, render_body(values))
    assert result.returncode == 1
    out = result.stdout
    for label in (
        "ชื่อกรณีศึกษา (ภาษาอังกฤษ) / Title in English",
        "สรุปสั้น ๆ (ภาษาอังกฤษ) / Short summary in English",
        "แหล่งอ้างอิง / Sources",
        "เนื้อเรื่อง (ภาษาอังกฤษ) / Narrative in English",
        "ประเด็น / Themes",
    ):
        assert f"[{label}]\n  en: this field is required but empty.\n  th: ช่องนี้ต้องกรอก แต่ยังว่างอยู่" in out, label
    assert "Title in Thai" not in out  # fields that were given are not reported
    assert "5 problem(s) found / พบปัญหา 5 รายการ" in out
    assert _cases(full_project) == before


def test_wrong_values_are_explained_with_the_allowed_ones(full_project):
    values = complete_values() | {
        "organisations": "eef: boss",
        "period_start": "last year",
        "sources": "Matichon | title | 2020 | ftp://example",
        "consent": "none",
    }
    result = _from_issue(full_project, render_body(values))
    assert result.returncode == 1
    assert "'boss' is not a known value" in result.stdout and "Allowed: lead" in result.stdout
    assert "[ปีที่เริ่ม / Start year]" in result.stdout
    assert "not a full https:// address" in result.stdout
    assert "[การยืนยัน / Confirmation]" in result.stdout and "all confirmations must be ticked" in result.stdout


def test_problems_found_by_the_validator_are_mapped_to_form_fields_and_the_folder_removed(full_project):
    values = complete_values() | {
        "narrative_th": "## ความสำคัญ\n\nโครงการเริ่มในปี 2019 [1]",
        "level": _option("level", "school"),
    }
    values.pop("part_of", None)
    result = _from_issue(full_project, render_body(values))
    assert result.returncode == 1
    assert "[กรณีศึกษาระดับโครงการที่เรื่องนี้เป็นส่วนหนึ่ง / Programme case this belongs to]" in result.stdout
    values["part_of"] = _options("part_of")[0]
    result = _from_issue(full_project, render_body(values))
    assert result.returncode == 1
    assert "[เนื้อเรื่อง (ภาษาไทย) / Narrative in Thai]" in result.stdout
    assert "2562" in result.stdout  # the validator's own advice: Thai pages use พ.ศ.
    assert not any("international-and-provincial" in c for c in _cases(full_project))


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("narrative_th", "## หัวข้อ\n\n<script>alert(1)</script> ข้อความ [1]", "<script>"),
        ("narrative_en", "## Why\n\nSee [here](javascript:alert(1)) [1]", "javascript:"),
        ("summary_en", "Nice <img src=x onerror=alert(1)> summary", "onerror="),
        ("title_en", "Title <b>bold</b>", "HTML tags are not accepted"),
        ("narrative_en", '## Why\n\nClick{: onclick="steal()" } [1]', "event handlers"),
        ("narrative_en", "## Why\n\n[x](data:text/html;base64,PHNjcmlwdD4=) [1]", "not a full https:// address"),
        ("narrative_th", "## หัวข้อ\n\n![นักเรียน](https://example.org/kids.jpg) [1]", "pictures cannot be sent"),
        ("title_th", "ชื่อ\u202eเรื่อง", "control characters"),
        ("summary_th", "ก" * 5000, "the limit is 2,000"),
    ],
)
def test_hostile_fields_are_refused_with_the_field_named(full_project, field, value, expected):
    before = _cases(full_project)
    result = _from_issue(full_project, render_body(complete_values() | {field: value}))
    assert result.returncode == 1, result.stdout
    assert expected in result.stdout
    label = intake.BY_ID[field].label
    assert f"[{label}]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert _cases(full_project) == before


def test_a_huge_body_is_refused_before_it_is_read(full_project):
    body = render_body(complete_values()) + "ก" * (intake.MAX_BODY_BYTES // 3 + 10)
    result = _from_issue(full_project, body)
    assert result.returncode == 1
    assert "the limit is 262,144 bytes" in result.stdout and "เกินขีดจำกัด" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_field_heading_smuggled_into_a_text_field_is_refused(full_project):
    values = complete_values()
    values["narrative_en"] = "## Why\n\nText [1]\n\n### ชื่อโฟลเดอร์ (ไม่บังคับ) / Folder name (optional)\n\n../../escape"
    result = _from_issue(full_project, render_body(values))
    assert result.returncode == 1
    assert "appears twice" in result.stdout


@pytest.mark.parametrize(
    "body",
    [
        "",
        "just some text\nwithout any form headings\n",
        "\x00\x01\x02binary",
        "### \n\n### ###\n",
        "### ชื่อกรณีศึกษา (ภาษาไทย) / Title in Thai\n",
    ],
)
def test_bodies_that_are_not_the_form_get_a_clear_answer_not_a_traceback(full_project, body):
    result = _from_issue(full_project, body)
    assert result.returncode == 1
    assert "nothing was written / ไม่ได้สร้างไฟล์ใด ๆ" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_unreadable_body_files(full_project, tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("### Title\n\ncaf\xe9".encode("latin-1"))
    for path in (bad, tmp_path / "missing.md", tmp_path):
        result = cli("--root", str(full_project), "from-issue", str(path))
        assert result.returncode == 1, path
        assert "Traceback" not in result.stdout + result.stderr


def test_the_form_and_the_converter_agree():
    """Every field the converter reads is in the form under the same label; every option names a real id."""
    form = _form()
    elements = {e["id"]: e for e in form["body"] if "id" in e}
    assert set(elements) == set(intake.BY_ID)
    for field in intake.FIELDS:
        assert elements[field.id]["attributes"]["label"] == field.label
    choices = load_choices(REPO)
    allowed = {
        "programme": [t.id for t in choices.programmes] + ["other"],
        "level": ["programme", "school"],
        "part_of": choices.programme_cases,
        "provinces": [t.id for t in choices.provinces],
        "themes": [t.id for t in choices.themes],
        "grade_levels": [t.id for t in choices.grade_levels],
    }
    for key, ids in allowed.items():
        options = elements[key]["attributes"]["options"]
        assert all("," not in o for o in options), key  # several answers are joined by ", "
        assert {o.split()[0] for o in options} <= set(ids), key


def test_the_committed_form_is_the_generated_one_byte_for_byte():
    """The whole committed form is what the fields and today's vocabularies give; else run the command below."""
    expected = intake.issue_form_text(load_choices(REPO)).encode("utf-8")
    assert FORM.read_bytes() == expected, "the issue form is out of date: run `edupartners write-issue-form`"


def test_write_issue_form_writes_the_form_from_the_vocabularies(tmp_path):
    """The command rewrites the whole file, and a new vocabulary term reaches the form's options."""
    full_project = copy_project(tmp_path / "p", with_records=False)
    form = full_project / intake.FORM_PATH
    form.parent.mkdir(parents=True)
    form.write_text("stale\n", "utf-8")
    themes = full_project / "vocab" / "themes.yaml"
    themes.write_text(
        themes.read_text("utf-8") + "- id: zz-new-theme\n  name: {th: ประเด็นใหม่, en: A new theme}\n", "utf-8"
    )
    result = cli("--root", str(full_project), "write-issue-form")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "wrote .github/ISSUE_TEMPLATE/new-case.yml\n"
    assert form.read_bytes() == intake.issue_form_text(load_choices(full_project)).encode("utf-8")
    element = next(e for e in yaml.safe_load(form.read_text("utf-8"))["body"] if e.get("id") == "themes")
    assert "zz-new-theme — ประเด็นใหม่ / A new theme" in element["attributes"]["options"]


def test_mangled_bodies_never_crash_the_converter(full_project):
    """Random damage to a real body (cut, duplicated, shuffled, odd characters) gives a result or a report."""
    import random

    choices = load_choices(full_project)
    body = render_body(complete_values())
    rng = random.Random(6)
    junk = ["", "-", ",", "|", "[X]", "### ", "_No response_", "\u0e00", "2562-13-40", "TH-", ":", "\t", "99999"]
    for field in intake.FIELDS:  # every field given each odd value
        for value in junk:
            values, _ = intake.split_fields(render_body(complete_values() | {field.id: value}))
            try:
                intake.convert(values, choices)
            except intake.IntakeError as exc:
                assert exc.problems and all(p.en and p.th for p in exc.problems)
    for _ in range(300):
        lines = body.split("\n")
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(lines))
            op = rng.choice(["drop", "dup", "junk", "swap", "cut"])
            if op == "drop":
                lines.pop(i)
            elif op == "dup":
                lines.insert(i, lines[i])
            elif op == "junk":
                lines[i] = rng.choice(junk) + lines[i][: rng.randrange(len(lines[i]) + 1)]
            elif op == "swap":
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines = lines[: i + 1]
            if not lines:
                lines = [""]
        values, problems = intake.split_fields("\n".join(lines))
        try:
            intake.convert(values, choices)
        except intake.IntakeError as exc:
            assert exc.problems and all(p.en and p.th for p in exc.problems)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2019", 2019),
        ("2562", 2019),  # Buddhist Era, converted
        ("พ.ศ. 2562-5", "2019-05"),
        (" CE 2019-05-20 ", "2019-05-20"),
        ("๒๕๖๒", 2019),  # Thai digits
        ("last year", "form"),
        ("2019/05", "form"),
        ("1800", "range"),
        ("2019-02-30", "real"),
        ("2019-13", "real"),
        ("2019-0", "real"),
    ],
)
def test_the_shared_date_parser_reads_what_people_write(written, expected):
    from edupartners import dates

    if isinstance(expected, int) or "-" in expected:
        assert dates.from_written(written) == expected
    else:
        with pytest.raises(dates.UnreadableDate) as exc:
            dates.from_written(written)
        assert exc.value.reason == expected
