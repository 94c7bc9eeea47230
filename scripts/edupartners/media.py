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

A picture is checked for what it is, not what it is called: its first bytes must be those of a JPEG, PNG, GIF or
WebP matching its name (SVG is refused: it can carry script), at most MAX_FILE_BYTES each and MAX_RECORD_BYTES for
all the pictures of one record (stated in CONTRIBUTING).
"""

from __future__ import annotations

from pathlib import Path

from .problems import Report, join_path

LANGUAGE_NAMES = {"th": ("Thai", "ภาษาไทย"), "en": ("English", "ภาษาอังกฤษ")}
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_RECORD_BYTES = 10 * 1024 * 1024
# kind -> (file name endings, test on the first bytes)
KINDS = {
    "JPEG": ((".jpg", ".jpeg"), lambda head: head.startswith(b"\xff\xd8\xff")),
    "PNG": ((".png",), lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "GIF": ((".gif",), lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    "WebP": ((".webp",), lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
}


def sniff(head: bytes) -> str | None:
    """The picture format the bytes really are, or None."""
    return next((kind for kind, (_, test) in KINDS.items() if test(head)), None)


def check_media(record, report: Report) -> None:
    """Report every problem with the images a record lists (record: an archive.Record)."""
    items = record.data.get("media") or []
    loaded, path = record.loaded, record.yaml_path
    folder = Path(record.folder)

    def add(field_path: tuple, en: str, th: str) -> None:
        line, col = loaded.where(field_path)
        report.add(path, line, col, join_path(field_path), en, th)

    seen: dict[str, int] = {}
    total = 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue  # the schema has already said what is wrong
        base = ("media", i)
        name = item.get("file")
        if isinstance(name, str):
            target = folder / name
            inside = target.resolve().parent == folder.resolve()
            if not inside or not target.is_file():
                add(
                    base + ("file",),
                    f"the image '{name}' is not in this record's folder "
                    f"{folder.name}/; put the file beside {path.name} or correct the name.",
                    f"ไม่พบรูป '{name}' ในโฟลเดอร์ {folder.name}/ ของรายการนี้ ให้วางไฟล์ไว้คู่กับ {path.name} หรือแก้ชื่อไฟล์ให้ถูกต้อง",
                )
            elif name not in seen:
                total += _check_file(target, name, base + ("file",), add)
            if name in seen:
                add(
                    base + ("file",),
                    f"the image '{name}' is already listed as media[{seen[name]}]; list it once.",
                    f"รูป '{name}' มีอยู่แล้วใน media[{seen[name]}] ให้ระบุเพียงครั้งเดียว",
                )
            seen.setdefault(name, i)
        alt = item.get("alt")
        alt = alt if isinstance(alt, dict) else {}
        for lang, (lang_en, lang_th) in LANGUAGE_NAMES.items():
            text = alt.get(lang)
            if isinstance(text, str) and text.strip():
                continue
            where = base + ("alt", lang) if lang in alt else base + ("alt",)
            add(
                where,
                f"the image '{name}' needs alt text in {lang_en} (alt.{lang}): say what the picture "
                "shows, for readers who cannot see it.",
                f"รูป '{name}' ต้องมีข้อความแทนภาพ{lang_th} (alt.{lang}) บอกว่าภาพแสดงอะไร สำหรับผู้อ่านที่มองไม่เห็นภาพ",
            )
        if item.get("people") is True and item.get("consent") is not True:
            where = base + ("consent",) if "consent" in item else base + ("people",)
            add(
                where,
                f"the image '{name}' shows people: publish it only with their consent (or their "
                "guardians' for children) and write consent: true.",
                f"รูป '{name}' มีบุคคลอยู่ในภาพ เผยแพร่ได้เมื่อได้รับความยินยอมจากบุคคลนั้น "
                "(หรือผู้ปกครองในกรณีเด็ก) แล้วเท่านั้น และให้ระบุ consent: true",
            )
    if total > MAX_RECORD_BYTES:
        add(
            ("media",),
            f"the pictures of this record add up to {total:,} bytes; the limit is {MAX_RECORD_BYTES:,} "
            "bytes per record. Make them smaller or keep fewer.",
            f"รูปทั้งหมดของรายการนี้รวมกัน {total:,} ไบต์ เกินขีดจำกัด {MAX_RECORD_BYTES:,} ไบต์ต่อรายการ ให้ย่อขนาดรูปหรือลดจำนวนรูป",
        )


def _check_file(target: Path, name: str, field: tuple, add) -> int:
    """Size and real format of one picture; returns its size."""
    size = target.stat().st_size
    if size > MAX_FILE_BYTES:
        add(
            field,
            f"the image '{name}' is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes per picture. "
            "Make it smaller (about 1600 pixels wide is plenty).",
            f"รูป '{name}' มีขนาด {size:,} ไบต์ เกินขีดจำกัด {MAX_FILE_BYTES:,} ไบต์ต่อรูป ให้ย่อขนาดลง "
            "(กว้างประมาณ 1600 พิกเซลก็เพียงพอ)",
        )
        return size
    with target.open("rb") as handle:
        kind = sniff(handle.read(16))
    allowed = ", ".join(KINDS)
    if kind is None:
        add(
            field,
            f"'{name}' is not a JPEG, PNG, GIF or WebP picture (its content says otherwise, whatever its "
            f"name); SVG is not accepted because it can carry script. Allowed: {allowed}.",
            f"'{name}' ไม่ใช่รูปแบบ JPEG, PNG, GIF หรือ WebP (เนื้อไฟล์ไม่ตรงกับชื่อ) ไม่รับไฟล์ SVG เพราะอาจมีสคริปต์แฝง "
            f"รูปแบบที่รับ: {allowed}",
        )
    elif not name.lower().endswith(KINDS[kind][0]):
        add(
            field,
            f"'{name}' is really a {kind} picture; name it with {' or '.join(KINDS[kind][0])}.",
            f"'{name}' เป็นรูปแบบ {kind} จริง ๆ ให้ตั้งชื่อลงท้ายด้วย {' หรือ '.join(KINDS[kind][0])}",
        )
    return size
