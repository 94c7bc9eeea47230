"""`new-case` / `new-tool`: write a record folder from the annotated template."""
from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from .archive import KINDS, LANGUAGES

SECTIONS = {  # the Thai best-practice report structure, same order in both languages
    "th": ["ความสำคัญและที่มาของปัญหา", "วัตถุประสงค์และเป้าหมาย", "กระบวนการดำเนินงาน", "ผลการดำเนินงาน",
           "ปัจจัยความสำเร็จ", "บทเรียนที่ได้รับ", "การเผยแพร่และการได้รับการยอมรับ"],
    "en": ["Why it matters", "Objectives and targets", "Process", "Results", "Success factors",
           "Lessons learned", "Dissemination and recognition"],
}


def new_record(root: Path, kind: str, slug: str, programme: str) -> Path:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ValueError(f"slug '{slug}' must use lower-case a-z, 0-9 and single hyphens "
                         f"/ slug ต้องใช้อักษร a-z ตัวเล็ก ตัวเลข และขีด -")
    folder = root / KINDS[kind] / slug
    if folder.exists():
        raise FileExistsError(f"{folder.relative_to(root)} already exists / มีโฟลเดอร์นี้อยู่แล้ว")
    from .pipeline import schema_base_url

    env = Environment(loader=PackageLoader("edupartners", "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True)
    folder.mkdir(parents=True)
    (folder / f"{kind}.yaml").write_text(env.get_template(f"new_{kind}.yaml.j2").render(
        slug=slug, programme=programme, schema_url=f"{schema_base_url(root)}{kind}.schema.json"), "utf-8")
    for lang in LANGUAGES:
        body = "\n".join(f"## {title}\n\n" for title in SECTIONS[lang]) if kind == "case" else ""
        (folder / f"{lang}.md").write_text(body or "## \n", "utf-8")
    return folder
