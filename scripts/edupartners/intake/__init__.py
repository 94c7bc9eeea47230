"""`edupartners from-issue`: turn the body of a "new case" issue form into cases/<slug>/, or say exactly what is
missing; `edupartners write-issue-form` writes that form.

The body is untrusted text from the public. Everything is checked before anything is written: sizes, control
characters, HTML, script links, and the folder name. Files are written only inside cases/<slug>/ and only after
all checks pass; then the whole archive is validated, and a folder that does not validate is removed again.

    fields.py   the form's fields (the contract between form and converter); IntakeError
    form.py     the committed issue form (.github/ISSUE_TEMPLATE/new-case.yml), written from the fields and vocab/
    body.py     reading an untrusted body and splitting it into field values
    screen.py   what is refused in any field: size, controls, HTML, event handlers, pictures, odd links
    convert.py  field values -> case data and narratives, one step a field
    write.py    writing cases/<slug>/ and validating it
    yamltext.py YAML as a person writes it (case.yaml and the form)
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import Problem, count_line
from ..scaffold import load_choices
from .body import MAX_BODY_BYTES, read_body, split_fields
from .convert import convert
from .fields import BY_ID, FIELDS, IntakeError
from .form import FORM_PATH, issue_form_text, write_form
from .write import write_case

__all__ = [
    "BY_ID",
    "FIELDS",
    "FORM_PATH",
    "MAX_BODY_BYTES",
    "IntakeError",
    "convert",
    "format_report",
    "issue_form_text",
    "read_body",
    "run",
    "split_fields",
    "write_case",
    "write_form",
]


def format_report(problems: list[Problem], heading: str) -> str:
    """The heading, every problem in the order found, and their number."""
    return "\n".join([heading, *(p.format() for p in problems), count_line(len(problems))])


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
