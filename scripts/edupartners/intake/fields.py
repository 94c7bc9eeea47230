"""The fields of the "new case" issue form: the one contract between the committed form and the converter.

A problem with an issue body is named by the field it is about (its Thai / English label), not by a place in a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem


@dataclass(frozen=True)
class Field:
    id: str
    th: str
    en: str
    kind: str  # input | textarea | dropdown | multi | checkboxes
    required: bool  # required by the converter; the form may leave English fields optional for Thai-only writers
    max_chars: int
    form_required: bool | None = None
    help_th: str = ""
    help_en: str = ""

    @property
    def label(self) -> str:
        return f"{self.th} / {self.en}"


FIELDS = [
    Field("title_th", "ชื่อกรณีศึกษา (ภาษาไทย)", "Title in Thai", "input", True, 200),
    Field(
        "title_en",
        "ชื่อกรณีศึกษา (ภาษาอังกฤษ)",
        "Title in English",
        "input",
        True,
        200,
        form_required=False,
        help_th="ถ้าเขียนภาษาอังกฤษไม่ได้ เว้นว่างไว้ ผู้ดูแลจะช่วยแปล",
        help_en="Leave empty if you cannot write English; a maintainer will translate.",
    ),
    Field(
        "summary_th",
        "สรุปสั้น ๆ (ภาษาไทย)",
        "Short summary in Thai",
        "textarea",
        True,
        2000,
        help_th="หนึ่งถึงสองประโยค",
        help_en="One or two sentences.",
    ),
    Field("summary_en", "สรุปสั้น ๆ (ภาษาอังกฤษ)", "Short summary in English", "textarea", True, 2000, form_required=False),
    Field("programme", "โครงการ", "Programme", "dropdown", True, 300),
    Field("level", "ระดับของกรณีศึกษา", "Level of the case", "dropdown", True, 300),
    Field(
        "part_of",
        "กรณีศึกษาระดับโครงการที่เรื่องนี้เป็นส่วนหนึ่ง",
        "Programme case this belongs to",
        "dropdown",
        False,
        300,
        help_th="ต้องเลือกเมื่อระดับเป็น school",
        help_en="Required when the level is school.",
    ),
    Field("organisations", "องค์กรและบทบาท", "Organisations and roles", "textarea", True, 3000),
    Field("provinces", "จังหวัด", "Provinces", "multi", False, 3000),
    Field(
        "period_start",
        "ปีที่เริ่ม",
        "Start year",
        "input",
        True,
        40,
        help_th="พ.ศ. หรือ ค.ศ. เช่น 2562 หรือ 2019 (หรือ 2562-05) ตามที่แหล่งอ้างอิงแหล่งแรกระบุ",
        help_en="Buddhist or Common Era, e.g. 2562 or 2019 (or 2019-05), as your first source gives it.",
    ),
    Field(
        "period_end",
        "ปีที่สิ้นสุด",
        "End year",
        "input",
        False,
        40,
        help_th="เว้นว่างถ้ายังดำเนินการอยู่",
        help_en="Leave empty while the work goes on.",
    ),
    Field("themes", "ประเด็น", "Themes", "multi", True, 3000),
    Field("grade_levels", "ระดับชั้น", "Grade levels", "multi", False, 3000),
    Field("sources", "แหล่งอ้างอิง", "Sources", "textarea", True, 6000),
    Field("narrative_th", "เนื้อเรื่อง (ภาษาไทย)", "Narrative in Thai", "textarea", True, 30000),
    Field("narrative_en", "เนื้อเรื่อง (ภาษาอังกฤษ)", "Narrative in English", "textarea", True, 30000, form_required=False),
    Field(
        "slug",
        "ชื่อโฟลเดอร์ (ไม่บังคับ)",
        "Folder name (optional)",
        "input",
        False,
        80,
        help_th="อักษร a-z ตัวเล็ก ตัวเลข และขีด - เช่น ban-nong-bua-library ถ้าเว้นว่าง ผู้ดูแลจะตั้งให้",
        help_en="Lower-case a-z, 0-9 and hyphens, e.g. ban-nong-bua-library. Left empty, a maintainer picks one.",
    ),
    Field(
        "notes",
        "หมายเหตุถึงผู้ดูแล",
        "Notes for the maintainers",
        "textarea",
        False,
        5000,
        help_th="ไม่แสดงบนเว็บไซต์",
        help_en="Not shown on the site.",
    ),
    Field("consent", "การยืนยัน", "Confirmation", "checkboxes", True, 2000),
]
BY_ID = {f.id: f for f in FIELDS}
CONSENT = [
    (
        "ไม่มีข้อมูลส่วนบุคคลของนักเรียน (ชื่อ รูปใบหน้า เลขประจำตัว ที่อยู่)",
        "There is no personal data about students (names, faces, ID numbers, addresses)",
    ),
    (
        "ทุกข้อเท็จจริงมาจากแหล่งอ้างอิงที่ระบุ และเขียนด้วยคำของฉันเอง",
        "Every fact comes from the listed sources and is written in my own words",
    ),
    ("ฉันยินยอมให้เผยแพร่ข้อความนี้ภายใต้สัญญาอนุญาต CC BY 4.0", "I agree that this text is published under CC BY 4.0"),
]
LEVELS = [
    ("programme", "ทั้งโครงการ", "a whole programme"),
    ("school", "โรงเรียนหรือคู่โรงเรียนหนึ่งในโครงการ", "one school or pairing inside a programme"),
]

BODY = "issue body / เนื้อหาของ issue"  # where a problem about the body as a whole is shown


def problem(field_id: str, en: str, th: str) -> Problem:
    """A bilingual problem about one form field ("" for the body as a whole), shown as `[label]`."""
    return Problem("", 0, 0, BY_ID[field_id].label if field_id in BY_ID else BODY, en, th)


def is_about(p: Problem, field_id: str) -> bool:
    return p.field == BY_ID[field_id].label


class IntakeError(Exception):
    """The body cannot become a case; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
