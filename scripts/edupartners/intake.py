"""`from-issue`: turn the body of a "new case" issue form into cases/<slug>/, or say exactly what is missing.

The body is Markdown as GitHub renders an issue form: `### <field label>` headings, each followed by the value;
`_No response_` for an empty field; dropdowns with several answers joined by ", "; checkboxes as `- [X] ...`.
The form itself (.github/ISSUE_TEMPLATE/new-case.yml) is written from FIELDS below and the vocabularies by
`python -m edupartners.intake write-form`, so labels and allowed values cannot drift apart.

The body is untrusted text from the public. Everything is checked before anything is written: sizes, control
characters, HTML, script links, and the folder name. Files are written only inside cases/<slug>/ and only after
all checks pass; then the whole archive is validated, and a folder that does not validate is removed again.
"""

from __future__ import annotations

import difflib
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from . import narrative, pipeline
from .archive import LANGUAGES
from .dates import BE_OFFSET, MAX_CE, MIN_CE
from .problems import Problem
from .scaffold import SECTIONS, Choices, check_slug, load_choices, record_folder

MAX_BODY_BYTES = 256 * 1024  # GitHub caps an issue body at 65,536 characters; Thai text is 3 bytes a character
NO_RESPONSE = "_No response_"
FORM_PATH = Path(".github/ISSUE_TEMPLATE/new-case.yml")


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

# Untrusted text: what is refused anywhere in the body.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# an HTML tag, comment or declaration, or an autolink to anything but http(s): <script, </b, <!--, <?, <data:...>
_HTML = re.compile(r"<(?:(?!https?://)[a-z][a-z0-9-]*[\s/>:]|[a-z][a-z0-9-]*$|!|\?|/\s*[a-z])", re.I | re.M)
_ATTR_HANDLER = re.compile(r"\{[^}\n]*\bon[a-z]+\s*=", re.I)  # attr_list would turn this into an event handler
_IMAGE = re.compile(r"!\[")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")
_NUMBER_CITE = re.compile(r"\[(\d{1,2})\](?!\()")


@dataclass(frozen=True)
class IntakeProblem:
    field: str  # a form field id, or "" for the body as a whole
    en: str
    th: str

    def format(self) -> str:
        where = BY_ID[self.field].label if self.field in BY_ID else "issue body / เนื้อหาของ issue"
        return f"[{where}]\n  en: {self.en}\n  th: {self.th}"


class IntakeError(Exception):
    def __init__(self, problems: list[IntakeProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def format_report(problems: list[IntakeProblem], heading: str) -> str:
    lines = [heading, *(p.format() for p in problems)]
    lines.append(f"{len(problems)} problem(s) found / พบปัญหา {len(problems)} รายการ")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ reading the body


def read_body(path: Path) -> str:
    """The body file's text; raises IntakeError with a clear reason (too big, not a file, not UTF-8)."""

    def fail(en: str, th: str):
        raise IntakeError([IntakeProblem("", en, th)])

    try:
        if not path.is_file():
            fail(f"{path} is not a file.", f"{path} ไม่ใช่ไฟล์")
        size = path.stat().st_size
        if size > MAX_BODY_BYTES:
            fail(
                f"the body is {size:,} bytes; the limit is {MAX_BODY_BYTES:,} bytes.",
                f"เนื้อหามีขนาด {size:,} ไบต์ เกินขีดจำกัด {MAX_BODY_BYTES:,} ไบต์",
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_BODY_BYTES + 1)
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}.", f"อ่านไฟล์ {path} ไม่ได้: {exc.strerror}")
    if len(raw) > MAX_BODY_BYTES:
        fail(f"the body is over {MAX_BODY_BYTES:,} bytes.", f"เนื้อหาเกิน {MAX_BODY_BYTES:,} ไบต์")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail("the body is not UTF-8 text.", "เนื้อหาไม่ใช่ข้อความ UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _norm(label: str) -> str:
    return " ".join(unicodedata.normalize("NFC", label).split()).casefold()


def split_fields(text: str) -> tuple[dict[str, str], list[IntakeProblem]]:
    """Field id -> raw value ('' when empty or _No response_). Only headings that are form labels start a field,
    so a `###` line inside a narrative stays part of it; a label seen twice is refused."""
    labels = {_norm(f.label): f for f in FIELDS}
    values: dict[str, list[str]] = {}
    problems: list[IntakeProblem] = []
    current: str | None = None
    for line in text.split("\n"):
        m = re.match(r"^\s{0,3}###\s+(.+?)\s*#*\s*$", line)
        field = labels.get(_norm(m.group(1))) if m else None
        if field:
            if field.id in values:
                problems.append(
                    IntakeProblem(
                        field.id,
                        "this field appears twice in the body; a text field may "
                        "contain a copy of a field heading. Remove the extra heading.",
                        "ช่องนี้ปรากฏสองครั้งในเนื้อหา ช่องข้อความอาจมีหัวข้อของช่องอื่นปนอยู่ ให้ลบหัวข้อที่เกินออก",
                    )
                )
                current = None
                continue
            current = field.id
            values[current] = []
        elif current is not None:
            values[current].append(line)
    if not values:
        problems.append(
            IntakeProblem(
                "",
                "this is not the body of a 'new case' issue form: none of its `### field` headings were found.",
                "เนื้อหานี้ไม่ใช่แบบฟอร์ม 'เสนอกรณีศึกษาใหม่' ไม่พบหัวข้อ ### ของช่องใดเลย",
            )
        )
    out = {}
    for key, lines in values.items():
        value = "\n".join(lines).strip()
        out[key] = "" if value == NO_RESPONSE else value
    return out, problems


# ------------------------------------------------------------------------------------------------------ checking


def _hostile(field: Field, value: str) -> list[IntakeProblem]:
    """Refuse active content, oversized text and invisible control characters in one field."""
    out = []

    def add(en: str, th: str):
        out.append(IntakeProblem(field.id, en, th))

    if len(value) > field.max_chars:
        add(
            f"the text is {len(value):,} characters long; the limit is {field.max_chars:,}.",
            f"ข้อความยาว {len(value):,} ตัวอักษร เกินขีดจำกัด {field.max_chars:,} ตัวอักษร",
        )
        return out
    if _CONTROL.search(value):
        add(
            "the text contains invisible control characters; retype it as plain text.",
            "ข้อความมีอักขระควบคุมที่มองไม่เห็น ให้พิมพ์ใหม่เป็นข้อความธรรมดา",
        )
    seen = set()
    for _, _, en, th in narrative.unsafe(value):
        if en not in seen:
            seen.add(en)
            add(en.replace(" in a narrative", ""), th.replace("ในเนื้อเรื่อง", ""))
    if _HTML.search(value):
        add(
            "HTML tags are not accepted in the form; write plain text (Markdown for the narratives).",
            "แบบฟอร์มไม่รับแท็ก HTML ให้เขียนเป็นข้อความธรรมดา (เนื้อเรื่องใช้ Markdown ได้)",
        )
    if _ATTR_HANDLER.search(value):
        add(
            "attribute lists with event handlers ({ on...= }) run code and are not accepted.",
            "ไม่รับรายการแอตทริบิวต์ที่มีตัวจัดการเหตุการณ์ ({ on...= }) เพราะเป็นการสั่งรันโค้ด",
        )
    if field.kind == "textarea" and _IMAGE.search(value):
        add(
            "pictures cannot be sent through the form: a maintainer adds photos after the consent of everyone shown "
            "and alt text in Thai and English are confirmed. Remove the picture and say so in the notes.",
            "ส่งรูปภาพผ่านแบบฟอร์มไม่ได้ ผู้ดูแลจะเพิ่มรูปหลังยืนยันความยินยอมของทุกคนในภาพ และมีคำอธิบายภาพ (alt) "
            "ทั้งภาษาไทยและอังกฤษแล้ว ให้ลบรูปออกและแจ้งในช่องหมายเหตุ",
        )
    for target in _LINK_TARGET.findall(value):
        if target and not target.startswith("#") and not _URL.match(target):
            add(
                f"the link target '{target[:60]}' is not a full https:// address.",
                f"ปลายทางของลิงก์ '{target[:60]}' ไม่ใช่ที่อยู่ https:// แบบเต็ม",
            )
            break
    return out


def _missing(field: Field) -> IntakeProblem:
    return IntakeProblem(field.id, "this field is required but empty.", "ช่องนี้ต้องกรอก แต่ยังว่างอยู่")


def _choice(field: Field, token: str, allowed: list[str], problems: list[IntakeProblem]) -> str | None:
    if token in allowed:
        return token
    close = difflib.get_close_matches(token, allowed, n=1)
    hint_en, hint_th = (f" Did you mean {close[0]}?", f" หมายถึง {close[0]} หรือไม่") if close else ("", "")
    shown = ", ".join(allowed) if len(allowed) <= 30 else f"{len(allowed)} values"
    problems.append(
        IntakeProblem(
            field.id,
            f"'{token[:60]}' is not a known value.{hint_en} Allowed: {shown}. "
            "A new one must first be added by a maintainer (see CONTRIBUTING).",
            f"ไม่รู้จักค่า '{token[:60]}'{hint_th} ค่าที่ใช้ได้: {shown} ค่าใหม่ต้องให้ผู้ดูแลเพิ่มก่อน (ดู CONTRIBUTING)",
        )
    )
    return None


def _option_ids(value: str) -> list[str]:
    """'educational-equity — ...' or several joined by ', ' -> ['educational-equity', ...]"""
    out = []
    for part in re.split(r",\s+|\n", value):
        part = part.strip().lstrip("-* ").strip()
        if part:
            out.append(part.split()[0].rstrip(",;:") or part[:60])
    return out or ([value.strip()[:60]] if value.strip() else [])


def _year(field: Field, value: str, problems: list[IntakeProblem]) -> int | str | None:
    """2019, 2562 (converted), 2019-05 or 2019-05-20 -> the Common Era value kept in YAML."""
    m = re.fullmatch(r"(?:พ\.ศ\.|ค\.ศ\.|B\.E\.|BE|CE)?\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not m:
        problems.append(
            IntakeProblem(
                field.id,
                f"'{value[:40]}' is not a year or date; write 2019, 2019-05 or "
                "2019-05-20 (Buddhist Era years such as 2562 are converted).",
                f"'{value[:40]}' ไม่ใช่ปีหรือวันที่ ให้เขียน 2562 หรือ 2019 หรือ 2019-05-20",
            )
        )
        return None
    year = int(m.group(1))
    if MIN_CE + BE_OFFSET <= year <= MAX_CE + BE_OFFSET:
        year -= BE_OFFSET  # พ.ศ. -> ค.ศ.: the data keeps Common Era
    if not MIN_CE <= year <= MAX_CE:
        problems.append(
            IntakeProblem(
                field.id,
                f"{m.group(1)} is outside the years this archive covers.",
                f"ปี {m.group(1)} อยู่นอกช่วงปีที่คลังข้อมูลนี้ครอบคลุม",
            )
        )
        return None
    month, day = m.group(2), m.group(3)
    try:
        if day:
            return date(year, int(month), int(day)).isoformat()
        if month:
            if not 1 <= int(month) <= 12:
                raise ValueError
            return f"{year}-{int(month):02d}"
    except ValueError:
        problems.append(
            IntakeProblem(field.id, f"'{value[:40]}' is not a real date.", f"'{value[:40]}' ไม่ใช่วันที่ที่มีอยู่จริง")
        )
        return None
    return year


def _slug_from_title(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > 60:
            break
        slug = candidate
    return slug


def convert(
    values: dict[str, str], choices: Choices, slug: str | None = None, today: date | None = None
) -> tuple[str, dict, dict[str, str]]:
    """Form values -> (slug, case data, {lang: narrative}); raises IntakeError listing every problem."""
    problems: list[IntakeProblem] = []
    for field in FIELDS:
        value = values.get(field.id, "")
        if value:
            problems += _hostile(field, value)
    if problems:  # nothing from a body with active content or oversized text is looked at further
        raise IntakeError(problems)
    for field in FIELDS:
        if field.required and not values.get(field.id):
            problems.append(_missing(field))

    def get(key: str) -> str:
        return values.get(key, "")

    for key in ("title_th", "title_en", "slug", "period_start", "period_end"):
        if "\n" in get(key):
            problems.append(IntakeProblem(key, "write this on one line.", "ให้เขียนในบรรทัดเดียว"))

    data: dict = {}
    # slug: --slug, else the form's field, else from the English title
    chosen = slug or get("slug") or _slug_from_title(get("title_en"))
    if not chosen and get("title_en"):  # (with no English title, its own report covers this)
        problems.append(
            IntakeProblem(
                "slug",
                "no folder name: give one in the form or with --slug (the English "
                "title is used when it has Latin letters).",
                "ไม่มีชื่อโฟลเดอร์ ให้ระบุในแบบฟอร์มหรือด้วย --slug",
            )
        )
    elif chosen:
        try:
            check_slug(chosen)
        except ValueError as exc:
            en, _, th = str(exc).partition(" / ")
            problems.append(IntakeProblem("slug", en, th or en))
    data["slug"] = chosen

    level = None
    if get("level"):
        level = _choice(BY_ID["level"], _option_ids(get("level"))[0], [lv[0] for lv in LEVELS], problems)
    data["level"] = level
    if get("part_of"):
        part_of = _choice(BY_ID["part_of"], _option_ids(get("part_of"))[0], choices.programme_cases, problems)
        if part_of:
            data["part_of"] = part_of
    if level == "school" and "part_of" not in data and not any(p.field == "part_of" for p in problems):
        problems.append(
            IntakeProblem(
                "part_of",
                "a school-level case must name its programme case.",
                "กรณีศึกษาระดับโรงเรียนต้องระบุกรณีศึกษาระดับโครงการ",
            )
        )
    data["title"] = {"th": get("title_th"), "en": get("title_en")}
    data["summary"] = {"th": get("summary_th"), "en": get("summary_en")}
    if get("programme"):
        data["programme"] = _choice(
            BY_ID["programme"], _option_ids(get("programme"))[0], [t.id for t in choices.programmes], problems
        )

    organisations = []
    org_ids, role_ids = [t.id for t in choices.organisations], [t.id for t in choices.roles]
    lines = [ln.strip().lstrip("-*").strip() for ln in get("organisations").split("\n") if ln.strip()]
    if len(lines) > 30:
        problems.append(IntakeProblem("organisations", "list at most 30 organisations.", "ระบุองค์กรได้ไม่เกิน 30 แห่ง"))
        lines = []
    for line in lines:
        parts = [p.strip() for p in re.split(r"\s*[:—|]\s*|\s+-\s+", line, maxsplit=1)]
        if len(parts) != 2 or not all(parts):
            problems.append(
                IntakeProblem(
                    "organisations",
                    f"'{line[:60]}' should be 'organisation-id: role-id'.",
                    f"'{line[:60]}' ต้องเขียนเป็น 'รหัสองค์กร: รหัสบทบาท'",
                )
            )
            continue
        org = _choice(BY_ID["organisations"], parts[0], org_ids, problems)
        role = _choice(BY_ID["organisations"], parts[1], role_ids, problems)
        if org and role:
            organisations.append({"id": org, "role": role})
    data["organisations"] = organisations

    province_ids = [t.id for t in choices.provinces]
    data["provinces"] = [
        p
        for p in (_choice(BY_ID["provinces"], tok, province_ids, problems) for tok in _option_ids(get("provinces")))
        if p
    ]
    period = {}
    if get("period_start"):
        period["start"] = _year(BY_ID["period_start"], get("period_start"), problems)
        period["source"] = "source-1"  # the form asks for the start year as the first source gives it
    if get("period_end"):
        period["end"] = _year(BY_ID["period_end"], get("period_end"), problems)
    data["period"] = period
    data["themes"] = [
        t
        for t in (
            _choice(BY_ID["themes"], tok, [x.id for x in choices.themes], problems)
            for tok in _option_ids(get("themes"))
        )
        if t
    ]
    data["grade_levels"] = [
        g
        for g in (
            _choice(BY_ID["grade_levels"], tok, [x.id for x in choices.grade_levels], problems)
            for tok in _option_ids(get("grade_levels"))
        )
        if g
    ]

    sources = []
    source_lines = [ln.strip().lstrip("-*").strip() for ln in get("sources").split("\n") if ln.strip()]
    if len(source_lines) > 30:
        problems.append(IntakeProblem("sources", "list at most 30 sources.", "ระบุแหล่งอ้างอิงได้ไม่เกิน 30 รายการ"))
        source_lines = []
    for n, line in enumerate(source_lines, 1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or not all(parts):
            problems.append(
                IntakeProblem(
                    "sources",
                    f"source {n} should be 'publisher | title | date | https://…' (found {len(parts)} part(s)).",
                    f"แหล่งที่ {n} ต้องเขียนเป็น 'ผู้เผยแพร่ | ชื่อเรื่อง | วันที่ | https://…'",
                )
            )
            continue
        publisher, title, when, url = parts
        link = re.fullmatch(r"\[[^\]]*\]\((.+)\)|<(.+)>", url)
        url = (link.group(1) or link.group(2)).strip() if link else url
        if not _URL.match(url):
            problems.append(
                IntakeProblem(
                    "sources",
                    f"source {n}: '{url[:60]}' is not a full https:// address.",
                    f"แหล่งที่ {n}: '{url[:60]}' ไม่ใช่ที่อยู่ https:// แบบเต็ม",
                )
            )
            continue
        sources.append(
            {
                "id": f"source-{n}",
                "publisher": publisher,
                "title": title,
                "date": _year(BY_ID["sources"], when, problems),
                "url": url,
            }
        )
    data["sources"] = sources

    narratives = {}
    for lang in LANGUAGES:
        key = f"narrative_{lang}"
        text = get(key)
        body = "\n".join(ln for ln in text.split("\n") if not ln.lstrip().startswith("#")).strip()
        if text and not body:
            problems.append(
                IntakeProblem(
                    key, "only the headings are there; write the text under them.", "มีแต่หัวข้อ ให้เขียนเนื้อหาใต้หัวข้อ"
                )
            )

        def cite(m: re.Match, key=key) -> str:
            n = int(m.group(1))
            if source_lines and not 1 <= n <= len(source_lines):  # no sources at all: reported once, above
                problems.append(
                    IntakeProblem(
                        key,
                        f"[{n}] cites source {n}, but the sources list has {len(source_lines)}.",
                        f"[{n}] อ้างถึงแหล่งที่ {n} แต่รายการแหล่งอ้างอิงมี {len(source_lines)} รายการ",
                    )
                )
            return f"[@source-{n}]"

        narratives[lang] = _NUMBER_CITE.sub(cite, text).rstrip() + "\n"

    consent = get("consent")
    ticked = re.findall(r"^\s*[-*]\s*\[([ xX])\]\s*(.+)$", consent, re.M)
    agreed = {_norm(label) for mark, label in ticked if mark.lower() == "x"}
    if consent and not all(_norm(f"{th} / {en}") in agreed for th, en in CONSENT):
        problems.append(IntakeProblem("consent", "all confirmations must be ticked.", "ต้องทำเครื่องหมายยืนยันให้ครบทุกข้อ"))
    data["review"] = {"verification": "unverified", "reviewed": (today or date.today()).isoformat()}
    if problems:
        raise IntakeError(problems)
    return chosen, _ordered(data), narratives


def _ordered(data: dict) -> dict:
    order = [
        "slug",
        "level",
        "part_of",
        "title",
        "summary",
        "programme",
        "organisations",
        "provinces",
        "period",
        "themes",
        "grade_levels",
        "sources",
        "review",
    ]
    return {k: data[k] for k in order if k in data and data[k] not in (None, [], {})}


# -------------------------------------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):  # indent lists under their key, like our records
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None  # several lines: a literal block, as a person would write it
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def case_yaml(data: dict, schema_url: str) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    return (
        f"# yaml-language-server: $schema={schema_url}\n"
        "# Written by `edupartners from-issue` from an issue form; review.verification stays unverified until a\n"
        "# maintainer has checked every source. / สร้างจากแบบฟอร์ม issue รอผู้ดูแลตรวจแหล่งอ้างอิง\n" + body
    )


_FILE_FIELDS = {
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


def _field_of(problem: Problem) -> str:
    name = problem.file.rsplit("/", 1)[-1]
    if name in ("th.md", "en.md"):
        return f"narrative_{name[:2]}"
    for prefix, field in _FILE_FIELDS.items():
        if problem.field == prefix or problem.field.startswith((prefix + ".", prefix + "[")):
            return field
    return ""


def write_case(root: Path, slug: str, data: dict, narratives: dict[str, str]) -> Path:
    """Write cases/<slug>/ and validate the archive with it; on any problem in it, remove it and raise."""
    root = Path(root).resolve()
    folder = record_folder(root, "case", slug)
    if folder.exists():
        raise IntakeError(
            [
                IntakeProblem(
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
        raise IntakeError([IntakeProblem(_field_of(p), p.en, p.th) for p in sorted(set(mine))])
    return folder


def run(root: Path, body_file: Path, slug: str | None = None, out=None) -> int:
    """The `from-issue` command. 0: written; 1: the body has problems (nothing written); 3: unexpected failure."""
    out = out or sys.stdout
    try:
        text = read_body(Path(body_file))
        values, problems = split_fields(text)
        if problems:
            raise IntakeError(problems)
        choices = load_choices(root)
        chosen, data, narratives = convert(values, choices, slug=slug)
        folder = write_case(root, chosen, data, narratives)
    except IntakeError as exc:
        print(format_report(exc.problems, f"{body_file}: nothing was written / ไม่ได้สร้างไฟล์ใด ๆ"), file=out)
        return 1
    except Exception as exc:  # untrusted input must never end in a traceback
        print(
            f"internal error while reading {body_file} ({type(exc).__name__}); nothing was written. Please report "
            f"this. / เกิดข้อผิดพลาดภายในระหว่างอ่าน {body_file} ไม่ได้สร้างไฟล์ใด ๆ โปรดแจ้งผู้ดูแล",
            file=out,
        )
        return 3
    rel = folder.relative_to(Path(root).resolve()).as_posix()
    print(
        f"created {rel}/ (case.yaml, th.md, en.md); it validates. review.verification is 'unverified' until a "
        f"maintainer has checked every source.\nสร้าง {rel}/ แล้วและผ่านการตรวจสอบ สถานะยังเป็น 'unverified' "
        "จนกว่าผู้ดูแลจะตรวจแหล่งอ้างอิงทุกแหล่ง",
        file=out,
    )
    return 0


# ------------------------------------------------------------------------------------------ the issue form itself


def _option(term_id: str, th: str, en: str) -> str:
    text = f"{term_id} — {th} / {en}"
    return re.sub(r",\s*", " ", text)  # several answers are joined by ", ": keep commas out of the labels


def _md_list(terms) -> str:
    return "\n".join(f"- `{t.id}` {t.th} / {t.en}" for t in terms)


def render_issue_form(choices: Choices) -> dict:
    """The GitHub issue form for a new case, built from FIELDS and the vocabularies."""

    def attrs(field: Field, **extra) -> dict:
        help_text = " / ".join(x for x in (field.help_th, field.help_en) if x)
        out = {"label": field.label}
        if help_text:
            out["description"] = help_text
        out.update(extra)
        return out

    def validations(field: Field) -> dict:
        required = field.required if field.form_required is None else field.form_required
        return {"validations": {"required": True}} if required else {}

    body: list[dict] = [
        {
            "type": "markdown",
            "attributes": {
                "value": (
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
            },
        }
    ]
    for field in FIELDS:
        if field.id == "programme":
            options = [_option(t.id, t.th, t.en) for t in choices.programmes]
            options.append(_option("other", "ไม่มีในรายการ (เขียนในหมายเหตุ)", "not listed (say so in the notes)"))
            body.append(
                {
                    "type": "dropdown",
                    "id": field.id,
                    "attributes": attrs(
                        field,
                        description="ถ้าไม่มีในรายการ ให้เขียนในหมายเหตุ ผู้ดูแลจะเพิ่มให้ / Not listed? Say so in "
                        "the notes; a maintainer adds it.",
                        options=options,
                    ),
                    **validations(field),
                }
            )
        elif field.id == "level":
            body.append(
                {
                    "type": "dropdown",
                    "id": field.id,
                    "attributes": attrs(field, options=[_option(*lv) for lv in LEVELS]),
                    **validations(field),
                }
            )
        elif field.id == "part_of":
            options = choices.programme_cases or ["(none yet)"]
            body.append(
                {"type": "dropdown", "id": field.id, "attributes": attrs(field, options=options), **validations(field)}
            )
        elif field.kind == "multi":
            terms = {"provinces": choices.provinces, "themes": choices.themes, "grade_levels": choices.grade_levels}[
                field.id
            ]
            body.append(
                {
                    "type": "dropdown",
                    "id": field.id,
                    "attributes": attrs(field, multiple=True, options=[_option(t.id, t.th, t.en) for t in terms]),
                    **validations(field),
                }
            )
        elif field.id == "organisations":
            body.append(
                {
                    "type": "textarea",
                    "id": field.id,
                    "attributes": attrs(
                        field,
                        description=(
                            "หนึ่งบรรทัดต่อหนึ่งองค์กร: `รหัสองค์กร: รหัสบทบาท` / One per line: `organisation-id: role-id`"
                            "\n\nองค์กร / Organisations:\n"
                            + _md_list(choices.organisations)
                            + "\n\nบทบาท / Roles:\n"
                            + _md_list(choices.roles)
                        ),
                        placeholder=f"{choices.organisations[0].id if choices.organisations else 'eef'}: "
                        f"{choices.roles[0].id if choices.roles else 'lead'}",
                    ),
                    **validations(field),
                }
            )
        elif field.id == "sources":
            body.append(
                {
                    "type": "textarea",
                    "id": field.id,
                    "attributes": attrs(
                        field,
                        description=(
                            "หนึ่งบรรทัดต่อหนึ่งแหล่ง: `ผู้เผยแพร่ | ชื่อเรื่องตามต้นฉบับ | วันที่เผยแพร่ | https://ที่อยู่` "
                            "ในเนื้อเรื่องอ้างอิงด้วย [1] [2] ตามลำดับบรรทัด / One per line: "
                            "`publisher | title as published | publication date | https://address`. In the narratives cite "
                            "them as [1], [2] in this order."
                        ),
                        placeholder="มติชนออนไลน์ | ชื่อบทความ | 2563-10 | https://www.matichon.co.th/...",
                    ),
                    **validations(field),
                }
            )
        elif field.id in ("narrative_th", "narrative_en"):
            lang = field.id[-2:]
            body.append(
                {
                    "type": "textarea",
                    "id": field.id,
                    "attributes": attrs(
                        field,
                        description=(
                            "เขียนใต้แต่ละหัวข้อ อ้างอิงแหล่งที่มาด้วย [1] [2] ใช้ปี พ.ศ."
                            if lang == "th"
                            else "Write under each heading; cite sources as [1], [2]; use Common Era years."
                        ),
                        value="\n\n".join(f"## {title}\n" for title in SECTIONS[lang]),
                    ),
                    **validations(field),
                }
            )
        elif field.id == "consent":
            body.append(
                {
                    "type": "checkboxes",
                    "id": field.id,
                    "attributes": {
                        "label": field.label,
                        "options": [{"label": f"{th} / {en}", "required": True} for th, en in CONSENT],
                    },
                }
            )
        else:
            body.append({"type": field.kind, "id": field.id, "attributes": attrs(field), **validations(field)})
    return {
        "name": "เสนอกรณีศึกษาใหม่ / Propose a new case",
        "description": "เสนอกรณีศึกษาโดยไม่ต้องใช้ git / Propose a case study without git",
        "title": "[กรณีศึกษาใหม่ / New case]: ",
        "labels": ["new-case", "needs-review"],
        "body": body,
    }


def issue_form_text(choices: Choices) -> str:
    header = (
        "# Written by `python -m edupartners.intake write-form` from scripts/edupartners/intake.py and vocab/.\n"
        "# Edit those and run the command again; `edupartners from-issue` reads the bodies of this form.\n"
    )
    return header + yaml.dump(
        render_issue_form(choices), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["write-form"]:
        print("usage: python -m edupartners.intake write-form", file=sys.stderr)
        return 2
    root = pipeline.find_root()
    path = root / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(issue_form_text(load_choices(root)), "utf-8")
    print(f"wrote {FORM_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
