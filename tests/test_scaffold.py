"""`new-case` / `new-tool`: the scaffold is a marked draft that fails validation only on the fields a person must
fill from real sources, and passes once they are filled (see CONTRIBUTING.md, "What the scaffold writes")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, cli
from edupartners import scaffold

LINTER = [str(REPO / ".venv" / "bin" / "yamllint")] if (REPO / ".venv/bin/yamllint").exists() else ["yamllint"]


def _problem_fields(output: str, folder: str) -> set[str]:
    """'cases/x/case.yaml:24:3  [title.th]' -> 'title.th'; narrative problems -> 'th.md' / 'en.md'."""
    out = set()
    for m in re.finditer(rf"^{re.escape(folder)}/([a-z]+\.(?:yaml|md)):\d+:\d+(?:  \[([^\]]+)\])?", output, re.M):
        name, field = m.groups()
        out.add(field.split("[")[0] if field else name)
    return out


def _fill_case(folder: Path) -> None:
    """What a contributor does: fill the listed fields from a real source, write both pages, drop the draft line."""
    path = folder / "case.yaml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    data["title"] = {"th": "นักเรียนนานาชาติจับคู่โรงเรียนต่างจังหวัด", "en": "International and provincial students"}
    data["summary"] = {"th": "กสศ. จับคู่นักเรียนสองกลุ่ม", "en": "EEF paired two groups of students."}
    data["organisations"] = [{"id": "eef", "role": "lead"}]
    data["period"] = {"start": 2019, "source": "matichon"}
    data["themes"] = ["educational-equity"]
    data["sources"] = [
        {
            "id": "matichon",
            "publisher": "มติชนออนไลน์ (Matichon)",
            "title": "กสศ.ชวน 6 ร.ร.นานาชาติ สร้างนวัตกรรมทางสังคม",
            "date": "2020-10",
            "url": "https://www.matichon.co.th/education/news_2399707",
        }
    ]
    modeline = text.split("\n", 1)[0]
    path.write_text(modeline + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for lang, sentence in (
        ("th", "กสศ. เริ่มโครงการในปี พ.ศ. 2562 [@matichon]"),
        ("en", "EEF started the project in 2019 [@matichon]."),
    ):
        md = folder / f"{lang}.md"
        lines = [ln for ln in md.read_text("utf-8").split("\n") if scaffold.DRAFT_ID not in ln]
        md.write_text("\n".join(lines).replace("<!--", sentence + "\n\n<!--", 1), "utf-8")


def test_case_scaffold_fails_exactly_on_the_listed_fields_then_validates_once_filled(full_project):
    made = cli(
        "--root",
        str(full_project),
        "new-case",
        "ban-nong-bua",
        "--programme",
        "eef-equity-partnership",
        "--provinces",
        "TH-84",
        "--languages",
        "th,en",
    )
    assert made.returncode == 0, made.stderr
    for field, _, _ in scaffold.TODO["case"]:  # the command tells the contributor what to fill
        assert field in made.stdout
    folder = full_project / "cases" / "ban-nong-bua"
    assert sorted(p.name for p in folder.iterdir()) == ["case.yaml", "en.md", "th.md"]

    text = (folder / "case.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://")
    assert "provinces: [TH-84]" in text and "programme: eef-equity-partnership" in text
    assert "verification: unverified" in text
    assert "example.org" not in text and "Publisher name" not in text  # no invented placeholder sources
    for vocab_id in ("educational-equity", "lead", "secondary-lower", "eef", "tcfe", "TH-84"):
        assert vocab_id in text  # the comments list the real allowed ids

    # Round 1: the YAML blanks, and nothing else (so everything the scaffold wrote itself is valid).
    first = cli("--root", str(full_project), "validate")
    assert first.returncode == 1
    yaml_todo = {f for f, _, _ in scaffold.TODO["case"] if not f.endswith(".md")}
    assert _problem_fields(first.stderr, "cases/ban-nong-bua") == yaml_todo, first.stderr

    # Round 2: with the YAML filled but the narratives untouched, only the draft lines are refused.
    _fill_case(folder)
    for lang in ("th", "en"):
        md = folder / f"{lang}.md"
        md.write_text(scaffold.DRAFT_LINE[lang] + "\n" + md.read_text("utf-8"), "utf-8")
    second = cli("--root", str(full_project), "validate")
    assert second.returncode == 1
    assert _problem_fields(second.stderr, "cases/ban-nong-bua") == {"th.md", "en.md"}, second.stderr
    assert scaffold.DRAFT_ID in second.stderr

    # Round 3: draft lines deleted: the archive validates.
    for lang in ("th", "en"):
        md = folder / f"{lang}.md"
        md.write_text("\n".join(ln for ln in md.read_text("utf-8").split("\n") if scaffold.DRAFT_ID not in ln), "utf-8")
    third = cli("--root", str(full_project), "validate")
    assert third.returncode == 0, third.stderr


def test_narratives_use_the_thai_report_headings_thai_first(full_project):
    scaffold.new_record(full_project, "case", "x-case", "tcfe", languages=["th"])
    th = (full_project / "cases/x-case/th.md").read_text("utf-8")
    en = (full_project / "cases/x-case/en.md").read_text("utf-8")
    assert re.findall(r"^## (.+)$", th, re.M) == scaffold.SECTIONS["th"]
    assert re.findall(r"^## (.+)$", en, re.M) == scaffold.SECTIONS["en"]
    assert "translator" in en and "ผู้แปล" not in th  # English was not chosen: marked as wanted
    assert th.startswith(f"[@{scaffold.DRAFT_ID}]")


def test_tool_scaffold_is_a_draft_that_names_its_blanks(full_project):
    made = cli("--root", str(full_project), "new-tool", "reading-kit", "--programme", "tcfe")
    assert made.returncode == 0, made.stderr
    text = (full_project / "tools/reading-kit/tool.yaml").read_text("utf-8")
    assert "collection: tcfe" in text and "membership: linked" in text
    result = cli("--root", str(full_project), "validate")
    yaml_todo = {f for f, _, _ in scaffold.TODO["tool"] if not f.endswith(".md")}
    assert _problem_fields(result.stderr, "tools/reading-kit") == yaml_todo, result.stderr
    assert (
        re.findall(r"^## (.+)$", (full_project / "tools/reading-kit/th.md").read_text("utf-8"), re.M)
        == scaffold.TOOL_SECTIONS["th"]
    )


def test_scaffold_output_passes_yamllint(full_project):
    scaffold.new_record(full_project, "case", "lint-me", "tcfe", provinces=["TH-10", "TH-84"])
    scaffold.new_record(full_project, "tool", "lint-tool", "tcfe")
    result = subprocess.run(
        [
            *LINTER,
            "-c",
            str(REPO / ".yamllint.yaml"),
            "--strict",
            str(full_project / "cases/lint-me/case.yaml"),
            str(full_project / "tools/lint-tool/tool.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["../escape", "--programme", "tcfe"], "slug"),
        (["Bad_Slug", "--programme", "tcfe"], "slug"),
        (["ok-slug", "--programme", "no-such-programme"], "Allowed: eef-equity-partnership"),
        (["ok-slug", "--programme", "tcfe", "--provinces", "TH-99"], "province"),
        (["ok-slug", "--programme", "tcfe", "--languages", "fr"], "language"),
        (["ok-slug", "--programme", "tcfe", "--level", "school"], "--part-of"),
        (["ok-slug", "--programme", "tcfe", "--part-of", "no-such-case"], "part_of"),
    ],
)
def test_bad_values_are_refused_with_a_bilingual_message_and_nothing_is_written(full_project, args, message):
    result = cli("--root", str(full_project), "new-case", *args)
    assert result.returncode == 2
    assert message in result.stderr and "ข้อผิดพลาด" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (full_project / "cases").iterdir()) == sorted(
        p.name for p in (REPO / "cases").iterdir()
    )
    assert not (full_project / "escape").exists()


def test_existing_folder_is_not_overwritten(full_project):
    existing = next(p for p in (full_project / "cases").iterdir() if p.is_dir())
    before = (existing / "case.yaml").read_bytes()
    result = cli("--root", str(full_project), "new-case", existing.name, "--programme", "tcfe")
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (existing / "case.yaml").read_bytes() == before


def test_without_a_terminal_missing_values_are_an_error_not_a_question(full_project):
    result = cli("--root", str(full_project), "new-case")  # subprocess stdin is not a TTY
    assert result.returncode == 2
    assert "--programme" in result.stderr


def test_interactive_questions_show_allowed_ids_and_retry_on_bad_answers(full_project):
    choices = scaffold.load_choices(full_project)
    answers = iter(["Bad Slug", "ban-khao", "nope", "tcfe", "TH-84, TH-10", "th"])
    shown: list[str] = []
    values = scaffold.ask_missing(
        "case",
        {"slug": None, "programme": None, "provinces": None, "languages": None},
        choices,
        ask=lambda prompt: next(answers),
        say=shown.append,
    )
    assert values == {"slug": "ban-khao", "programme": "tcfe", "provinces": ["TH-84", "TH-10"], "languages": ["th"]}
    said = "\n".join(shown)
    assert "eef-equity-partnership" in said and "TH-84" in said  # the allowed ids were listed
    assert "Allowed:" in said  # the bad programme answer was explained


def test_interactive_questions_ask_only_for_what_is_missing(full_project):
    choices = scaffold.load_choices(full_project)
    asked: list[str] = []

    def ask(prompt):
        asked.append(prompt)
        return ""

    values = scaffold.ask_missing(
        "case",
        {"slug": "given", "programme": "tcfe", "provinces": None, "languages": None},
        choices,
        ask=ask,
        say=lambda s: None,
    )
    assert len(asked) == 2 and values["provinces"] == [] and values["languages"] == ["th", "en"]
