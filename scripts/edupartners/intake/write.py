"""Writing a converted body as cases/<slug>/ (case.yaml, th.md, en.md), only there, and only if it validates.

The whole archive is validated with the new folder in it; a folder with any problem is removed again, and the
validator's problems are named by the form fields they come from.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import pipeline
from ..archive import LANGUAGES
from ..problems import Problem
from ..scaffold import record_folder
from . import yamltext
from .fields import IntakeError, problem


def case_yaml(data: dict, schema_url: str) -> str:
    return (
        f"# yaml-language-server: $schema={schema_url}\n"
        "# Written by `edupartners from-issue` from an issue form; review.verification stays unverified until a\n"
        "# maintainer has checked every source. / สร้างจากแบบฟอร์ม issue รอผู้ดูแลตรวจแหล่งอ้างอิง\n" + yamltext.dump(data)
    )


_FILE_FIELDS = {  # a field of case.yaml, as the validator names it -> the form field it came from
    "title.th": "title_th",
    "title.en": "title_en",
    "summary.th": "summary_th",
    "summary.en": "summary_en",
    "programme": "programme",
    "organisations": "organisations",
    "provinces": "provinces",
    "period.start": "period_start",
    "period.end": "period_end",
    "themes": "themes",
    "grade_levels": "grade_levels",
    "sources": "sources",
    "level": "level",
    "part_of": "part_of",
    "slug": "slug",
}


def _field_of(p: Problem) -> str:
    """The form field a validator problem in the new folder comes from ("" for the body as a whole)."""
    name = p.file.rsplit("/", 1)[-1]
    if name in ("th.md", "en.md"):
        return f"narrative_{name[:2]}"
    for prefix, field in _FILE_FIELDS.items():
        if p.field == prefix or p.field.startswith((prefix + ".", prefix + "[")):
            return field
    return ""


def write_case(root: Path, slug: str, data: dict, narratives: dict[str, str]) -> Path:
    """Write cases/<slug>/ and validate the archive with it; on any problem in it, remove it and raise."""
    root = Path(root).resolve()
    folder = record_folder(root, "case", slug)
    if folder.exists():
        raise IntakeError(
            [
                problem(
                    "slug",
                    f"cases/{slug} already exists; choose another folder name with --slug.",
                    f"มีโฟลเดอร์ cases/{slug} อยู่แล้ว ให้เลือกชื่ออื่นด้วย --slug",
                )
            ]
        )
    folder.mkdir(parents=True)
    try:
        (folder / "case.yaml").write_text(case_yaml(data, f"{pipeline.schema_base_url(root)}case.schema.json"), "utf-8")
        for lang in LANGUAGES:
            (folder / f"{lang}.md").write_text(narratives[lang], "utf-8")
        _, report = pipeline.validate(root)
        prefix = f"cases/{slug}/"
        mine = [p for p in report.problems if p.file.startswith(prefix)]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if mine:
        shutil.rmtree(folder, ignore_errors=True)
        raise IntakeError([problem(_field_of(p), p.en, p.th) for p in sorted(set(mine))])
    return folder
