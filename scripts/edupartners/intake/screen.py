"""Screening untrusted text: what is refused in any field of an issue body, before anything else looks at it.

Oversized text, invisible control characters, HTML, event-handler attribute lists, pictures and links to anything
but a full http(s) address; plus everything the narrative rules would remove from a page (narrative.unsafe).
"""

from __future__ import annotations

import re

from .. import narrative
from ..problems import Problem
from .fields import Field, problem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# an HTML tag, comment or declaration, or an autolink to anything but http(s): <script, </b, <!--, <?, <data:...>
_HTML = re.compile(r"<(?:(?!https?://)[a-z][a-z0-9-]*[\s/>:]|[a-z][a-z0-9-]*$|!|\?|/\s*[a-z])", re.I | re.M)
_ATTR_HANDLER = re.compile(r"\{[^}\n]*\bon[a-z]+\s*=", re.I)  # attr_list would turn this into an event handler
_IMAGE = re.compile(r"!\[")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
URL = re.compile(r"^https?://[^\s<>\"'`]+$")


def screen(field: Field, value: str) -> list[Problem]:
    """Refuse active content, oversized text and invisible control characters in one field."""
    out = []

    def add(en: str, th: str):
        out.append(problem(field.id, en, th))

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
        if target and not target.startswith("#") and not URL.match(target):
            add(
                f"the link target '{target[:60]}' is not a full https:// address.",
                f"ปลายทางของลิงก์ '{target[:60]}' ไม่ใช่ที่อยู่ https:// แบบเต็ม",
            )
            break
    return out
