"""Images in records: each one lives in the record's folder, has alt text in both languages, and, when it shows
people, the record says they agreed to be published.

A record lists its images under `media:` (see `media` in schema/common.schema.json):

    media:
      - file: classroom.jpg          # beside case.yaml / tool.yaml
        alt: {th: ..., en: ...}      # what the picture shows, for people who cannot see it
        credit: Photographer or owner
        licence: CC BY 4.0
        people: true                 # does it show people who could be recognised?
        consent: true                # required when people: true

The JSON Schema only checks the shape; this module owns the rules, so that every mistake gets its own plain,
bilingual message with file, line and field (a blank or missing alt text is not a generic "required field").
"""
from __future__ import annotations

from pathlib import Path

from .problems import Report, join_path

LANGUAGE_NAMES = {"th": ("Thai", "ภาษาไทย"), "en": ("English", "ภาษาอังกฤษ")}


def check_media(record, report: Report) -> None:
    """Report every problem with the images a record lists (record: an archive.Record)."""
    items = record.data.get("media") or []
    loaded, path = record.loaded, record.yaml_path
    folder = Path(record.folder)

    def add(field_path: tuple, en: str, th: str) -> None:
        line, col = loaded.where(field_path)
        report.add(path, line, col, join_path(field_path), en, th)

    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue  # the schema has already said what is wrong
        base = ("media", i)
        name = item.get("file")
        if isinstance(name, str):
            target = folder / name
            inside = target.resolve().parent == folder.resolve()
            if not inside or not target.is_file():
                add(base + ("file",), f"the image '{name}' is not in this record's folder "
                    f"{folder.name}/; put the file beside {path.name} or correct the name.",
                    f"ไม่พบรูป '{name}' ในโฟลเดอร์ {folder.name}/ ของรายการนี้ "
                    f"ให้วางไฟล์ไว้คู่กับ {path.name} หรือแก้ชื่อไฟล์ให้ถูกต้อง")
            if name in seen:
                add(base + ("file",), f"the image '{name}' is already listed as media[{seen[name]}]; list it once.",
                    f"รูป '{name}' มีอยู่แล้วใน media[{seen[name]}] ให้ระบุเพียงครั้งเดียว")
            seen.setdefault(name, i)
        alt = item.get("alt")
        alt = alt if isinstance(alt, dict) else {}
        for lang, (lang_en, lang_th) in LANGUAGE_NAMES.items():
            text = alt.get(lang)
            if isinstance(text, str) and text.strip():
                continue
            where = base + ("alt", lang) if lang in alt else base + ("alt",)
            add(where, f"the image '{name}' needs alt text in {lang_en} (alt.{lang}): say what the picture "
                "shows, for readers who cannot see it.",
                f"รูป '{name}' ต้องมีข้อความแทนภาพ{lang_th} (alt.{lang}) บอกว่าภาพแสดงอะไร "
                "สำหรับผู้อ่านที่มองไม่เห็นภาพ")
        if item.get("people") is True and item.get("consent") is not True:
            where = base + ("consent",) if "consent" in item else base + ("people",)
            add(where, f"the image '{name}' shows people: publish it only with their consent (or their "
                "guardians' for children) and write consent: true.",
                f"รูป '{name}' มีบุคคลอยู่ในภาพ เผยแพร่ได้เมื่อได้รับความยินยอมจากบุคคลนั้น "
                "(หรือผู้ปกครองในกรณีเด็ก) แล้วเท่านั้น และให้ระบุ consent: true")
