"""The committed issue form, .github/ISSUE_TEMPLATE/new-case.yml, written from FIELDS and the vocabularies.

`edupartners write-issue-form` writes it; tests/test_intake.py compares the committed file with issue_form_text(),
so labels and allowed values cannot drift apart from what the converter reads.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..scaffold import SECTIONS, Choices, Term
from . import yamltext
from .fields import CONSENT, FIELDS, LEVELS, Field

FORM_PATH = Path(".github/ISSUE_TEMPLATE/new-case.yml")
HEADER = (
    "# Written by `edupartners write-issue-form` from scripts/edupartners/intake/ and vocab/.\n"
    "# Edit those and run the command again; `edupartners from-issue` reads the bodies of this form.\n"
)


def issue_form_text(choices: Choices) -> str:
    return HEADER + yamltext.dump(render_issue_form(choices))


def write_form(root: Path, choices: Choices) -> Path:
    """Write the form into the project; its path."""
    path = root / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(issue_form_text(choices).encode("utf-8"))
    return path


def render_issue_form(choices: Choices) -> dict:
    """The GitHub issue form for a new case, built from FIELDS and the vocabularies."""
    return {
        "name": "เสนอกรณีศึกษาใหม่ / Propose a new case",
        "description": "เสนอกรณีศึกษาโดยไม่ต้องใช้ git / Propose a case study without git",
        "title": "[กรณีศึกษาใหม่ / New case]: ",
        "labels": ["new-case", "needs-review"],
        "body": [{"type": "markdown", "attributes": {"value": INTRO}}, *(_element(f, choices) for f in FIELDS)],
    }


INTRO = (
    "ขอบคุณที่เสนอกรณีศึกษา! กรอกแบบฟอร์มนี้ได้โดยไม่ต้องใช้ git ผู้ดูแลจะแปลงเป็นหน้าเว็บด้วย "
    "`edupartners from-issue` และตรวจแหล่งอ้างอิงทุกแหล่งก่อนเผยแพร่\n\n"
    "Thank you for proposing a case! No git needed: a maintainer turns this form into a page with "
    "`edupartners from-issue` and checks every source before it is published.\n\n"
    "- ห้ามใส่ข้อมูลส่วนบุคคลของนักเรียน / No personal data about students.\n"
    "- ไม่รับรูปภาพทางแบบฟอร์มนี้: ผู้ดูแลจะขอหนังสือยินยอมและคำอธิบายภาพสองภาษาก่อน / "
    "No pictures through this form: a maintainer asks for consent and alt text in both languages first.\n"
    "- ปีในเนื้อเรื่องภาษาไทยใช้ พ.ศ. ในภาษาอังกฤษใช้ ค.ศ. / Thai text uses Buddhist Era years; "
    "English text uses Common Era years.\n"
    "- รายละเอียดทั้งหมดอยู่ใน CONTRIBUTING.md / Everything is explained in CONTRIBUTING.md."
)


def _element(field: Field, choices: Choices) -> dict:
    """One field of the form: its type, id, attributes (label, help, options ...) and whether it is required."""
    if field.id == "consent":
        options = [{"label": f"{th} / {en}", "required": True} for th, en in CONSENT]
        return {"type": "checkboxes", "id": field.id, "attributes": {"label": field.label, "options": options}}
    extra = _EXTRA[field.id](field, choices) if field.id in _EXTRA else {}
    attributes = {"label": field.label}
    if help_text := " / ".join(x for x in (field.help_th, field.help_en) if x):
        attributes["description"] = help_text
    attributes.update(extra)
    required = field.required if field.form_required is None else field.form_required
    return {
        "type": "dropdown" if field.kind == "multi" else field.kind,
        "id": field.id,
        "attributes": attributes,
        **({"validations": {"required": True}} if required else {}),
    }


def _option(term_id: str, th: str, en: str) -> str:
    text = f"{term_id} — {th} / {en}"
    return re.sub(r",\s*", " ", text)  # several answers are joined by ", ": keep commas out of the labels


def _md_list(terms: list[Term]) -> str:
    return "\n".join(f"- `{t.id}` {t.th} / {t.en}" for t in terms)


# the attributes of each field beyond its label and help: options, longer descriptions, placeholders, starting text


def _programme(field: Field, choices: Choices) -> dict:
    options = [_option(t.id, t.th, t.en) for t in choices.programmes]
    options.append(_option("other", "ไม่มีในรายการ (เขียนในหมายเหตุ)", "not listed (say so in the notes)"))
    return {
        "description": "ถ้าไม่มีในรายการ ให้เขียนในหมายเหตุ ผู้ดูแลจะเพิ่มให้ / Not listed? Say so in "
        "the notes; a maintainer adds it.",
        "options": options,
    }


def _level(field: Field, choices: Choices) -> dict:
    return {"options": [_option(*lv) for lv in LEVELS]}


def _part_of(field: Field, choices: Choices) -> dict:
    return {"options": choices.programme_cases or ["(none yet)"]}


def _multi(field: Field, choices: Choices) -> dict:
    terms = {"provinces": choices.provinces, "themes": choices.themes, "grade_levels": choices.grade_levels}[field.id]
    return {"multiple": True, "options": [_option(t.id, t.th, t.en) for t in terms]}


def _organisations(field: Field, choices: Choices) -> dict:
    first_org = choices.organisations[0].id if choices.organisations else "eef"
    first_role = choices.roles[0].id if choices.roles else "lead"
    return {
        "description": (
            "หนึ่งบรรทัดต่อหนึ่งองค์กร: `รหัสองค์กร: รหัสบทบาท` / One per line: `organisation-id: role-id`"
            "\n\nองค์กร / Organisations:\n"
            + _md_list(choices.organisations)
            + "\n\nบทบาท / Roles:\n"
            + _md_list(choices.roles)
        ),
        "placeholder": f"{first_org}: {first_role}",
    }


def _sources(field: Field, choices: Choices) -> dict:
    return {
        "description": (
            "หนึ่งบรรทัดต่อหนึ่งแหล่ง: `ผู้เผยแพร่ | ชื่อเรื่องตามต้นฉบับ | วันที่เผยแพร่ | https://ที่อยู่` "
            "ในเนื้อเรื่องอ้างอิงด้วย [1] [2] ตามลำดับบรรทัด / One per line: "
            "`publisher | title as published | publication date | https://address`. In the narratives cite "
            "them as [1], [2] in this order."
        ),
        "placeholder": "มติชนออนไลน์ | ชื่อบทความ | 2563-10 | https://www.matichon.co.th/...",
    }


def _narrative(field: Field, choices: Choices) -> dict:
    lang = field.id[-2:]
    return {
        "description": (
            "เขียนใต้แต่ละหัวข้อ อ้างอิงแหล่งที่มาด้วย [1] [2] ใช้ปี พ.ศ."
            if lang == "th"
            else "Write under each heading; cite sources as [1], [2]; use Common Era years."
        ),
        "value": "\n\n".join(f"## {title}\n" for title in SECTIONS[lang]),
    }


_EXTRA = {
    "programme": _programme,
    "level": _level,
    "part_of": _part_of,
    "provinces": _multi,
    "themes": _multi,
    "grade_levels": _multi,
    "organisations": _organisations,
    "sources": _sources,
    "narrative_th": _narrative,
    "narrative_en": _narrative,
}
