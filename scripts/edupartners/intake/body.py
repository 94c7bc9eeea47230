"""Reading an issue body: untrusted Markdown as GitHub writes an issue form, split into the values of its fields.

`### <field label>` headings, each followed by the value; `_No response_` for an empty field; dropdowns with several
answers joined by ", "; checkboxes as `- [X] ...`. Only headings that are labels of the form start a field.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..problems import Problem
from .fields import FIELDS, IntakeError, problem

MAX_BODY_BYTES = 256 * 1024  # GitHub caps an issue body at 65,536 characters; Thai text is 3 bytes a character
NO_RESPONSE = "_No response_"


def read_body(path: Path) -> str:
    """The body file's text; raises IntakeError with a clear reason (too big, not a file, not UTF-8)."""

    def fail(en: str, th: str):
        raise IntakeError([problem("", en, th)])

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


def norm_label(label: str) -> str:
    """A label as compared: NFC, single spaces, case-folded."""
    return " ".join(unicodedata.normalize("NFC", label).split()).casefold()


def split_fields(text: str) -> tuple[dict[str, str], list[Problem]]:
    """Field id -> raw value ('' when empty or _No response_). Only headings that are form labels start a field,
    so a `###` line inside a narrative stays part of it; a label seen twice is refused."""
    labels = {norm_label(f.label): f for f in FIELDS}
    values: dict[str, list[str]] = {}
    problems: list[Problem] = []
    current: str | None = None
    for line in text.split("\n"):
        m = re.match(r"^\s{0,3}###\s+(.+?)\s*#*\s*$", line)
        field = labels.get(norm_label(m.group(1))) if m else None
        if field:
            if field.id in values:
                problems.append(
                    problem(
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
            problem(
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
