"""The data dictionary of the open data: every CSV column and JSON field, with its type and allowed values, in Thai
and English. It is a page per language (data/dictionary/) and the CSV's W3C CSVW metadata file
(cases.csv-metadata.json), both made at build time.

Nothing that the code already knows is listed here by hand: the CSV columns come from `exports.csv_columns()`, the
JSON fields from the exported records (`exports.record_keys`) read through the JSON Schema (schema/) and the few
shapes the export adds (EXPORT_SHAPES), allowed values from the schema's enums and patterns and from the
vocabularies. Only the descriptions are written here, and tests/test_open_data.py fails when a column or field has
none in either language, so the dictionary cannot fall behind the files.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import exports, provincemap
from .archive import LANGUAGES, Archive
from .ui import UI

T = dict[str, str]  # {"th": ..., "en": ...}

TYPES: dict[str, T] = {
    "text": {"th": "ข้อความ", "en": "text"},
    "localized": {"th": "ข้อความภาษาไทยและภาษาอังกฤษ (th, en)", "en": "text in Thai and English (th, en)"},
    "code": {"th": "รหัส", "en": "code"},
    "date": {"th": "ปีหรือวันที่ ค.ศ.", "en": "CE year or date"},
    "day": {"th": "วันที่ ค.ศ.", "en": "CE date"},
    "number": {"th": "ตัวเลข", "en": "number"},
    "number_or_text": {"th": "ตัวเลขหรือข้อความสั้น", "en": "number or short text"},
    "boolean": {"th": "จริงหรือเท็จ (true, false)", "en": "true or false"},
    "url": {"th": "ที่อยู่เว็บ", "en": "web address"},
    "object": {"th": "กลุ่มข้อมูล (object)", "en": "object"},
    "list": {"th": "รายการ (array) แต่ละรายการเป็น{item}", "en": "list (array); each item: {item}"},
    "objects": {"th": "กลุ่มข้อมูล", "en": "object"},
    "codes": {"th": "รหัส คั่นด้วย ;", "en": "codes separated by ;"},
    "texts": {"th": "ข้อความ คั่นด้วย ;", "en": "texts separated by ;"},
    "urls": {"th": "ที่อยู่เว็บ คั่นด้วย ;", "en": "web addresses separated by ;"},
}
NULLABLE: T = {"th": " หรือ null", "en": " or null"}

# Patterns the schema uses, in words (anything else is shown as the pattern itself)
PATTERNS: dict[str, T] = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": {
        "th": "a–z, 0–9 และ - เช่น <code>eef-equity-partnership</code>",
        "en": "a–z, 0–9 and -, e.g. <code>eef-equity-partnership</code>",
    },
    "^TH-[0-9]{2}$": {
        "th": 'รหัส ISO 3166-2:TH เช่น <code>TH-84</code> (ดู<a href="#list-provinces">รายชื่อจังหวัด</a>)',
        "en": 'ISO 3166-2:TH code, e.g. <code>TH-84</code> (see the <a href="#list-provinces">province list</a>)',
    },
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": {"th": "<code>YYYY-MM-DD</code> (ค.ศ.)", "en": "<code>YYYY-MM-DD</code> (CE)"},
}
DATE_VALUES: T = {
    "th": "<code>2019</code>, <code>2019-05</code> หรือ <code>2019-05-20</code> (ค.ศ.)",
    "en": "<code>2019</code>, <code>2019-05</code> or <code>2019-05-20</code> (CE)",
}

# Code lists shown at the end of the page: vocabulary -> heading
LISTS: dict[str, T] = {
    "programmes": {"th": "โครงการ", "en": "Programmes"},
    "organisations": {"th": "องค์กร", "en": "Organisations"},
    "roles": {"th": "บทบาทขององค์กร", "en": "Roles of organisations"},
    "themes": {"th": "ประเด็น", "en": "Themes"},
    "grade_levels": {"th": "ระดับชั้น", "en": "Grade levels"},
    "regions": {"th": "ภาค", "en": "Regions"},
    "provinces": {"th": "จังหวัด", "en": "Provinces"},
}
# JSON paths and CSV columns whose values are ids from a vocabulary, or slugs of records
VOCAB_PATHS = {
    "programme.id": "programmes",
    "collection": "programmes",
    "organisations[].id": "organisations",
    "organisations[].role": "roles",
    "themes": "themes",
    "grade_levels": "grade_levels",
    "provinces[].region": "regions",
    "provinces[].code": "provinces",
    "programme": "programmes",
    "organisations": "organisations",
    "regions": "regions",
    "provinces": "provinces",
}
RECORD_PATHS: dict[str, T] = {
    "tools": {"th": "slug ของเครื่องมือใน tools.json", "en": "slug of a tool in tools.json"},
    "part_of": {"th": "slug ของกรณีศึกษาระดับโครงการใน cases.json", "en": "slug of a programme-level case in cases.json"},
    "used_by_cases": {"th": "slug ของกรณีศึกษาใน cases.json", "en": "slug of a case in cases.json"},
}

# What the export writes differently from the source files (exports._record), as JSON Schema
_SLUG = {"$ref": "common.schema.json#/$defs/slug"}
_LOCALIZED = {"$ref": "common.schema.json#/$defs/localized"}
_URL = {"type": "string", "pattern": "^https?://\\S+$"}
EXPORT_SHAPES = {
    "slug": _SLUG,
    "url": {"type": "object", "properties": {"th": _URL, "en": _URL}},
    "programme": {"type": "object", "properties": {"id": _SLUG, "name": _LOCALIZED}},
    "organisations": {
        "type": "array",
        "items": {"type": "object", "properties": {"id": _SLUG, "name": _LOCALIZED, "role": _SLUG}},
    },
    "provinces": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "pattern": "^TH-[0-9]{2}$"},
                "name": _LOCALIZED,
                "region": {**_SLUG, "nullable": True},
                "inferred": {"type": "boolean"},
            },
        },
    },
    "period": {
        "type": "object",
        "properties": {
            "start": {"$ref": "common.schema.json#/$defs/date", "nullable": True},
            "end": {"$ref": "common.schema.json#/$defs/date", "nullable": True},
        },
    },
    "part_of": {**_SLUG, "nullable": True},
    "evidence": {"$ref": "common.schema.json#/$defs/evidence", "nullable": True},
    "used_by_cases": {"type": "array", "items": _SLUG},
}
NOT_EXPORTED = {"sources[].seed"}  # exports.public_source leaves the seed file name out

# Descriptions: by JSON path (cases and tools share them), then by the last part of the path
FIELDS: dict[str, T] = {
    "slug": {"th": "ชื่อเฉพาะของรายการ ใช้ในที่อยู่เว็บ ไม่ซ้ำกัน", "en": "Unique name of the record, used in its web address"},
    "url": {"th": "ที่อยู่หน้าเว็บของรายการนี้ในแต่ละภาษา", "en": "Address of the record's page in each language"},
    "title": {"th": "ชื่อเรื่องเต็ม", "en": "Full title"},
    "short_title": {"th": "ชื่อสั้นสำหรับหัวข้อและรายการ (ถ้ามี)", "en": "Short title for headings and lists (if any)"},
    "summary": {"th": "สรุปหนึ่งถึงสองประโยค", "en": "One- or two-sentence summary"},
    "level": {
        "th": "programme = ทั้งโครงการ, school = โรงเรียนหรือคู่ความร่วมมือหนึ่งแห่ง",
        "en": "programme = a whole programme; school = one school or pairing",
    },
    "part_of": {"th": "กรณีศึกษาระดับโครงการที่กรณีนี้เป็นส่วนหนึ่ง", "en": "The programme-level case this case belongs to"},
    "programme": {"th": "โครงการที่กรณีศึกษานี้อยู่", "en": "The programme the case belongs to"},
    "programme.id": {"th": "รหัสโครงการ", "en": "Programme id"},
    "programme.name": {"th": "ชื่อโครงการ", "en": "Programme name"},
    "collection": {"th": "โครงการที่เป็นเจ้าของชุดเครื่องมือ", "en": "The programme whose tool set this tool belongs to"},
    "membership": {
        "th": "confirmed = แหล่งอ้างอิงยืนยันว่าอยู่ในชุด, linked = เกี่ยวข้องแต่ยังไม่ยืนยัน",
        "en": "confirmed = a source says it is in the set; linked = related, not confirmed",
    },
    "used_by_cases": {"th": "กรณีศึกษาที่ระบุว่าใช้เครื่องมือนี้", "en": "Cases that say they use this tool"},
    "organisations": {"th": "องค์กรที่เกี่ยวข้องและบทบาท", "en": "Organisations involved and their roles"},
    "organisations[].id": {"th": "รหัสองค์กร", "en": "Organisation id"},
    "organisations[].name": {"th": "ชื่อองค์กร", "en": "Organisation name"},
    "organisations[].role": {"th": "รหัสบทบาทขององค์กรในกรณีนี้", "en": "Id of the organisation's role here"},
    "provinces": {
        "th": "จังหวัดของกรณีศึกษา (ว่างเมื่อเป็นระดับประเทศหรือแหล่งข้อมูลไม่ระบุ)",
        "en": "Provinces of the case (empty when national or not stated)",
    },
    "provinces[].code": {"th": "รหัสจังหวัด", "en": "Province code"},
    "provinces[].name": {"th": "ชื่อจังหวัด", "en": "Province name"},
    "provinces[].region": {"th": "รหัสภาคของจังหวัด", "en": "Id of the province's region"},
    "provinces[].inferred": {
        "th": "true เมื่อไม่มีแหล่งใดระบุจังหวัดนี้ตรง ๆ แต่อนุมานได้ (ดู gaps)",
        "en": "true when no source names this province and it was inferred (see gaps)",
    },
    "period": {"th": "ช่วงเวลาของกรณีศึกษา", "en": "Period of the case"},
    "period.start": {"th": "ปีหรือวันที่เริ่ม (null เมื่อแหล่งข้อมูลไม่ระบุ)", "en": "Start (null when no source gives it)"},
    "period.end": {"th": "ปีหรือวันที่สิ้นสุด (null เมื่อยังดำเนินอยู่หรือไม่ทราบ)", "en": "End (null when ongoing or unknown)"},
    "milestones": {"th": "เหตุการณ์สำคัญที่มีวันที่และแหล่งอ้างอิง", "en": "Dated events, each with its source"},
    "milestones[].date": {"th": "วันที่ของเหตุการณ์", "en": "Date of the event"},
    "milestones[].label": {"th": "เหตุการณ์", "en": "What happened"},
    "figures": {"th": "ตัวเลขสำคัญ แต่ละตัวมีแหล่งอ้างอิง", "en": "Key figures, each with its source"},
    "figures[].value": {"th": "ค่าตัวเลขตามแหล่งอ้างอิง", "en": "The value as the source gives it"},
    "figures[].label": {"th": "ตัวเลขนี้นับอะไร", "en": "What the figure counts"},
    "tools": {"th": "เครื่องมือพัฒนานักเรียนที่กรณีนี้ใช้", "en": "Student-development tools the case uses"},
    "themes": {"th": "ประเด็นของรายการ", "en": "Themes of the record"},
    "grade_levels": {"th": "ระดับชั้นที่เกี่ยวข้อง", "en": "Grade levels involved"},
    "school_context": {
        "th": "ข้อมูลของโรงเรียน เฉพาะที่แหล่งอ้างอิงระบุ",
        "en": "Facts about the school(s), only where a source gives them",
    },
    "school_context.affiliation": {"th": "สังกัดของโรงเรียน", "en": "Who runs the school(s)"},
    "school_context.setting": {"th": "ที่ตั้ง: ในเมือง ชนบท หรือพื้นที่ห่างไกล", "en": "Setting: urban, rural or remote"},
    "school_context.size_band": {"th": "ขนาดโรงเรียนตามเกณฑ์ สพฐ.", "en": "OBEC school size band"},
    "sources": {"th": "แหล่งอ้างอิงของรายการ", "en": "Sources of the record"},
    "sources[].id": {"th": "รหัสของแหล่งอ้างอิงภายในรายการนี้", "en": "Id of the source within this record"},
    "sources[].publisher": {"th": "ผู้เผยแพร่", "en": "Publisher"},
    "sources[].title": {"th": "ชื่อของหน้าหรือบทความตามที่เผยแพร่", "en": "The page's own title, as published"},
    "sources[].description": {
        "th": "คำอธิบายแหล่งอ้างอิงเมื่อไม่ได้บันทึกชื่อเรื่อง",
        "en": "What the source is, when its title was not recorded",
    },
    "sources[].date": {"th": "วันที่เผยแพร่ (เฉพาะเมื่อหน้านั้นระบุ)", "en": "Publication date (only when the page shows it)"},
    "sources[].accessed": {"th": "วันที่ทีมงานเข้าถึงหน้านั้น", "en": "When the team read the page"},
    "sources[].date_note": {"th": "หมายเหตุเกี่ยวกับวันที่", "en": "Note on the date"},
    "sources[].url": {"th": "ที่อยู่เว็บของแหล่งอ้างอิง", "en": "Web address of the source"},
    "sources[].language": {"th": "ภาษาของแหล่งอ้างอิง", "en": "Language of the source"},
    "sources[].confirms_membership": {
        "th": "เฉพาะเครื่องมือ: แหล่งนี้ระบุว่าเครื่องมืออยู่ในชุด",
        "en": "Tools only: this source says the tool is one of the set",
    },
    "review": {"th": "การตรวจทานข้อเท็จจริงของคลังนี้", "en": "This archive's check of the facts"},
    "review.verification": {
        "th": "สถานะการตรวจสอบข้อเท็จจริงกับแหล่งอ้างอิง",
        "en": "Whether the facts were checked against the sources",
    },
    "review.reviewed": {"th": "วันที่ตรวจทานล่าสุด", "en": "Date of the last review"},
    "gaps": {"th": "สิ่งที่แหล่งข้อมูลยังไม่ได้บอก", "en": "What the sources do not tell us yet"},
    "translation_pending": {"th": "ภาษาที่ยังไม่มีเนื้อเรื่อง", "en": "Languages whose narrative is not written yet"},
    "for_schools": {"th": "สำหรับโรงเรียนที่สนใจ: เฉพาะที่แหล่งอ้างอิงระบุ", "en": "For schools: only what a source says"},
    "for_schools.eligibility": {"th": "ใครเข้าร่วมได้", "en": "Who can take part"},
    "for_schools.how_to_join": {"th": "วิธีสมัครหรือเริ่มต้น", "en": "How to join or start"},
    "for_schools.contact": {"th": "หน้าติดต่อสาธารณะขององค์กร", "en": "An organisation's public contact page"},
    "for_schools.school_provides": {"th": "สิ่งที่โรงเรียนต้องจัดให้", "en": "What the school must provide"},
    "for_schools.partner_provides": {"th": "สิ่งที่ภาคีจัดให้", "en": "What the partner provides"},
    "for_schools.status": {
        "th": "โครงการยังดำเนินอยู่หรือไม่ ณ วันที่ระบุ",
        "en": "Whether the programme is still running, as of a date",
    },
    "for_schools.status.value": {
        "th": "running = ยังดำเนินอยู่, ended = สิ้นสุดแล้ว, unknown = ไม่ทราบ",
        "en": "running, ended or unknown",
    },
    "for_schools.status.as_of": {"th": "ณ วันที่", "en": "As of"},
    "evidence": {
        "th": "หลักฐานผลลัพธ์ที่มีอยู่ (ต่างจากการตรวจทานข้อเท็จจริง) null เมื่อยังไม่ได้จัดประเภท",
        "en": "Evidence of results that exists (not the same as review); null when not classified yet",
    },
    "evidence.kind": {"th": "ประเภทหลักฐานที่หนักแน่นที่สุดที่เผยแพร่", "en": "The strongest kind of published evidence"},
    "evidence.measures": {"th": "สิ่งที่วัดและผู้วัด", "en": "What was measured, and by whom"},
    "evidence.measures[].what": {"th": "สิ่งที่วัด", "en": "What was measured"},
    "evidence.measures[].by": {"th": "ผู้วัด", "en": "Who measured it"},
}
LEAVES: dict[str, T] = {  # any path ending so
    "th": {"th": "ฉบับภาษาไทย", "en": "Thai version"},
    "en": {"th": "ฉบับภาษาอังกฤษ", "en": "English version"},
    "source": {"th": "รหัสของแหล่งอ้างอิงใน sources ของรายการเดียวกัน", "en": "Id of a source in the same record's sources"},
    "url": {"th": "ที่อยู่เว็บ", "en": "Web address"},
}

# CSV columns (exports.csv_columns()): type, then description; name columns are described from NAME_STEMS
COLUMNS: dict[str, tuple[str, T]] = {
    "slug": ("code", FIELDS["slug"]),
    "level": ("code", FIELDS["level"]),
    "part_of": ("code", FIELDS["part_of"]),
    "programme": ("code", {"th": "รหัสโครงการ", "en": "Programme id"}),
    "title_th": ("text", {"th": "ชื่อเรื่องภาษาไทย", "en": "Title in Thai"}),
    "title_en": ("text", {"th": "ชื่อเรื่องภาษาอังกฤษ", "en": "Title in English"}),
    "summary_th": ("text", {"th": "สรุปภาษาไทย", "en": "Summary in Thai"}),
    "summary_en": ("text", {"th": "สรุปภาษาอังกฤษ", "en": "Summary in English"}),
    "provinces": ("codes", {"th": "รหัสจังหวัด", "en": "Province codes"}),
    "province_names_th": (
        "texts",
        {"th": "ชื่อจังหวัดภาษาไทย ตามลำดับของ provinces", "en": "Province names in Thai, in the order of provinces"},
    ),
    "province_names_en": (
        "texts",
        {"th": "ชื่อจังหวัดภาษาอังกฤษ ตามลำดับของ provinces", "en": "Province names in English, in the order of provinces"},
    ),
    "regions": (
        "codes",
        {"th": "รหัสภาคของจังหวัดเหล่านั้น (ไม่ซ้ำ เรียงตามรหัส)", "en": "Ids of those provinces' regions (each once, sorted)"},
    ),
    "period_start": ("date", {"th": "ปีหรือวันที่เริ่ม (ว่างเมื่อแหล่งข้อมูลไม่ระบุ)", "en": "Start (empty when no source gives it)"}),
    "period_end": (
        "date",
        {"th": "ปีหรือวันที่สิ้นสุด (ว่างเมื่อยังดำเนินอยู่หรือไม่ทราบ)", "en": "End (empty when ongoing or unknown)"},
    ),
    "organisations": (
        "codes",
        {
            "th": "องค์กรและบทบาท เขียนเป็น รหัสองค์กร:รหัสบทบาท",
            "en": "Organisations and roles, written organisation-id:role-id",
        },
    ),
    "tools": ("codes", FIELDS["tools"]),
    "themes": ("codes", FIELDS["themes"]),
    "grade_levels": ("codes", FIELDS["grade_levels"]),
    "verification": ("code", FIELDS["review.verification"]),
    "reviewed": ("day", FIELDS["review.reviewed"]),
    "evidence": (
        "code",
        {
            "th": "ประเภทหลักฐานผลลัพธ์ (ว่างเมื่อยังไม่ได้จัดประเภท)",
            "en": "Kind of evidence of results (empty when not classified yet)",
        },
    ),
    "status": (
        "code",
        {
            "th": "โครงการยังดำเนินอยู่หรือไม่ (ว่างเมื่อแหล่งข้อมูลไม่ระบุ)",
            "en": "Whether the programme is still running (empty when no source says)",
        },
    ),
    "source_urls": ("urls", {"th": "ที่อยู่เว็บของแหล่งอ้างอิง", "en": "Web addresses of the sources"}),
    "url_th": ("url", {"th": "ที่อยู่หน้าภาษาไทย", "en": "Address of the Thai page"}),
    "url_en": ("url", {"th": "ที่อยู่หน้าภาษาอังกฤษ", "en": "Address of the English page"}),
}
# Allowed values of CSV columns that hold a JSON field's codes: column -> JSON path
COLUMN_PATHS = {
    "level": "level",
    "verification": "review.verification",
    "evidence": "evidence.kind",
    "status": "for_schools.status.value",
    "part_of": "part_of",
    "tools": "tools",
    "themes": "themes",
    "grade_levels": "grade_levels",
    "slug": "slug",
    "programme": "programme",
    "organisations": "organisations",
    "provinces": "provinces",
    "regions": "regions",
}
SINGLE_VALUED = {"programme"}  # id columns with one value per row
NAME_STEMS: dict[str, tuple[str, T]] = {  # name column stem -> (its id column, what it names)
    "programme_name": ("programme", {"th": "ชื่อโครงการ", "en": "Programme name"}),
    "region_names": ("regions", {"th": "ชื่อภาค", "en": "Region names"}),
    "organisation_names": ("organisations", {"th": "ชื่อองค์กร", "en": "Organisation names"}),
    "organisation_roles": ("organisations", {"th": "ชื่อบทบาทขององค์กร", "en": "Names of the organisations' roles"}),
    "tool_names": ("tools", {"th": "ชื่อเครื่องมือ", "en": "Tool titles"}),
    "theme_names": ("themes", {"th": "ชื่อประเด็น", "en": "Theme names"}),
    "grade_level_names": ("grade_levels", {"th": "ชื่อระดับชั้น", "en": "Grade level names"}),
}
LANGUAGE_NAMES: dict[str, T] = {"th": {"th": "ภาษาไทย", "en": "Thai"}, "en": {"th": "ภาษาอังกฤษ", "en": "English"}}
COLUMN_ALLOWED: dict[str, T] = {
    "organisations": {
        "th": 'รหัสใน<a href="#list-organisations">รายการองค์กร</a>และ<a href="#list-roles">รายการบทบาท</a>',
        "en": 'ids from the <a href="#list-organisations">list of organisations</a> and the '
        '<a href="#list-roles">list of roles</a>',
    },
}


@dataclass
class Row:
    name: str
    kind: str  # a key of TYPES ("list" rows: the list's own words are in `type`)
    type: T
    description: T | None
    allowed: T = field(default_factory=lambda: {"th": "", "en": ""})
    values: list[str] = field(default_factory=list)  # enum values, shown as code


# --- JSON fields, from the exported records and the schema ---


class _Schemas:
    def __init__(self, folder: Path):
        self.docs = {p.name: json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.schema.json"))}

    def resolve(self, node: dict, doc: str) -> tuple[dict, str, str | None]:
        """Follow $ref; returns the node, the file it is in and the name of the last definition followed."""
        name = None
        extra = {k: v for k, v in node.items() if k != "$ref"}
        while "$ref" in node:
            target, _, fragment = node["$ref"].partition("#")
            doc = target or doc
            node = self.docs[doc]
            for part in fragment.strip("/").split("/"):
                if part:
                    node = node[part]
            name = fragment.rsplit("/", 1)[-1]
        return {**node, **extra}, doc, name


def json_rows(archive: Archive, kind: str) -> list[Row]:
    """One row per field of the exported records of one kind ("case" or "tool"), nested fields included."""
    schemas = _Schemas(archive.root / "schema")
    doc = f"{kind}.schema.json"
    properties = schemas.docs[doc]["properties"]
    rows: list[Row] = []
    for key in exports.record_keys(archive, kind):
        node = EXPORT_SHAPES.get(key) or properties.get(key)
        if node is None:
            rows.append(Row(key, "text", {"th": "?", "en": "?"}, FIELDS.get(key)))
            continue
        _walk(schemas, node, doc, key, rows)
    return rows


def _walk(schemas: _Schemas, node: dict, doc: str, path: str, rows: list[Row]) -> None:
    if path in NOT_EXPORTED:
        return
    node, doc, name = schemas.resolve(node, doc)
    kind, values, allowed = _kind(node, name, path)
    if kind == "list":
        item, item_doc, item_name = schemas.resolve(node.get("items", {}), doc)
        item_kind, values, allowed = _kind(item, item_name, path)
        if item_kind in ("object", "sourced"):
            item_kind = "objects"
        type_ = {lang: TYPES["list"][lang].format(item=TYPES[item_kind][lang]) for lang in LANGUAGES}
        rows.append(Row(path, "list", type_, _describe(path), allowed, values))
        if item_kind == "objects":
            for key, child in item.get("properties", {}).items():
                _walk(schemas, child, item_doc, f"{path}[].{key}", rows)
        return
    type_ = dict(TYPES["object" if kind == "sourced" else kind])
    if node.get("nullable"):
        type_ = {lang: type_[lang] + NULLABLE[lang] for lang in LANGUAGES}
    rows.append(Row(path, kind, type_, _describe(path), allowed, values))
    if kind in ("object", "sourced"):
        for key, child in node.get("properties", {}).items():
            _walk(schemas, child, doc, f"{path}.{key}", rows)


def _kind(node: dict, name: str | None, path: str) -> tuple[str, list[str], T]:
    """(type key, enum values, allowed values in words) of one resolved schema node."""
    allowed = _allowed(path, node)
    if "enum" in node:
        return "code", [str(v) for v in node["enum"]], allowed
    if name == "localized":
        return "localized", [], allowed
    if name == "date":
        return "date", [], DATE_VALUES
    if name == "sourced_text":
        return "sourced", [], allowed
    types = {node.get("type")} | {alt.get("type") for alt in node.get("oneOf", []) + node.get("anyOf", [])}
    if node.get("type") == "array":
        return "list", [], allowed
    if node.get("type") == "object" or "properties" in node:
        return "object", [], allowed
    if "boolean" in types:
        return "boolean", [], allowed
    if types & {"number", "integer"}:
        return ("number_or_text" if "string" in types else "number"), [], allowed
    pattern = node.get("pattern", "")
    if pattern.startswith("^https"):
        return "url", [], allowed
    if pattern == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$":
        return "day", [], allowed
    if name == "slug" or pattern in PATTERNS:
        return "code", [], allowed
    return "text", [], allowed


def _allowed(path: str, node: dict) -> T:
    vocab = VOCAB_PATHS.get(path)
    if vocab:
        return {
            "th": f'รหัสใน<a href="#{anchor(vocab)}">รายการ{LISTS[vocab]["th"]}</a>',
            "en": f'an id from the <a href="#{anchor(vocab)}">list of {LISTS[vocab]["en"].lower()}</a>',
        }
    if path in RECORD_PATHS:
        return RECORD_PATHS[path]
    pattern = node.get("pattern") or node.get("items", {}).get("pattern")
    if pattern in PATTERNS:
        return PATTERNS[pattern]
    return {"th": "", "en": ""}


def anchor(vocab: str) -> str:
    """The id of a code list's heading on the page."""
    return "list-" + vocab.replace("_", "-")


def _describe(path: str) -> T | None:
    return FIELDS.get(path) or LEAVES.get(path.rsplit(".", 1)[-1])


# --- CSV columns ---


def csv_rows(archive: Archive) -> list[Row]:
    by_path = {row.name: row for row in json_rows(archive, "case")}
    rows = []
    for column in exports.csv_columns():
        stem, _, lang = column.rpartition("_")
        if stem in NAME_STEMS:
            of, what = NAME_STEMS[stem]
            words = LANGUAGE_NAMES[lang]
            kind = "text" if of in SINGLE_VALUED else "texts"
            rows.append(
                Row(
                    column,
                    kind,
                    TYPES[kind],
                    {
                        "th": f"{what['th']}เป็น{words['th']} ตามลำดับของ {of}",
                        "en": f"{what['en']} in {words['en']}, in the order of {of}",
                    },
                )
            )
            continue
        type_key, description = COLUMNS.get(column, ("text", None))
        source = by_path.get(COLUMN_PATHS.get(column, ""))
        values = source.values if source else []
        if column in COLUMN_ALLOWED:
            allowed = COLUMN_ALLOWED[column]
        elif column in VOCAB_PATHS:
            allowed = _allowed(column, {})
        elif type_key == "date":
            allowed = DATE_VALUES
        else:
            allowed = source.allowed if source else {"th": "", "en": ""}
        rows.append(Row(column, type_key, TYPES[type_key], description, allowed, values))
    return rows


# --- code lists ---


def code_lists(archive: Archive, lang: str) -> list[dict]:
    out = []
    for vocab, heading in LISTS.items():
        if vocab == "provinces":
            items = [
                {
                    "id": code,
                    "name": archive.province_name(code, lang),
                    "note": archive.vocab["regions"][archive.region_of(code)]["name"][lang]
                    if archive.region_of(code)
                    else "",
                }
                for code in provincemap.provinces()
            ]
        else:
            items = [
                {"id": key, "name": entry["name"][lang], "note": ""}
                for key, entry in sorted(archive.vocab[vocab].items())
            ]
        out.append({"id": vocab, "anchor": anchor(vocab), "heading": heading[lang], "items": items})
    return out


def missing_descriptions(archive: Archive) -> list[str]:
    """Columns and fields the dictionary has no description for, in either language (tests call this)."""
    rows = [("cases.csv", r) for r in csv_rows(archive)]
    rows += [(f"{kind}s.json", r) for kind in ("case", "tool") for r in json_rows(archive, kind)]
    return [
        f"{file}: {r.name}"
        for file, r in rows
        if not r.description or not all(r.description.get(lang) for lang in LANGUAGES)
    ]


# --- the CSV's W3C CSVW metadata (https://www.w3.org/TR/tabular-metadata/) ---

CSV_FILES = {"cases.csv": "\n", "cases-excel.csv": "\r\n"}  # file -> line ends (the Excel copy also has a BOM)


def csv_metadata(archive: Archive, site_url: str) -> str:
    def both(text: T) -> list[dict]:
        return [{"@value": text[lang], "@language": lang} for lang in LANGUAGES]

    columns = []
    for row in csv_rows(archive):
        column = {
            "name": row.name,
            "titles": row.name,
            "dc:description": both(row.description or {"th": "", "en": ""}),
            "datatype": "date" if row.kind == "day" else "string",
        }
        if row.kind in ("codes", "texts", "urls"):
            column["separator"] = ";"
        columns.append(column)
    data = {
        "@context": "http://www.w3.org/ns/csvw",
        "dc:title": both({"th": "หุ้นส่วนการศึกษา: กรณีศึกษา", "en": "Education Partners: case studies"}),
        "dc:license": {"@id": exports.LICENCE["url"]},
        "dc:publisher": exports.CREDIT,
        "dc:source": site_url,
        "schema:version": str(exports.FORMAT_VERSION),
        "rdfs:seeAlso": [{"@id": url} for url in exports.about(site_url)["documentation"].values()],
        "tableSchema": {"columns": columns, "primaryKey": "slug"},
        "tables": [
            {"url": name, "dialect": {"encoding": "utf-8", "lineTerminators": [ends], "header": True}}
            for name, ends in CSV_FILES.items()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def page_values(archive: Archive, lang: str) -> dict:
    """What the dictionary page's template needs in one language. `allowed` and `licence` are HTML (ours)."""

    def show(rows: list[Row]) -> list[dict]:
        return [
            {
                "name": r.name,
                "type": r.type[lang],
                "description": (r.description or {}).get(lang, ""),
                "allowed": Markup(r.allowed.get(lang, "")),
                "codes": r.values,
            }
            for r in rows
        ]

    licence = Markup(html.escape(UI[lang]["dd_licence_body"])).format(
        licence=exports.LICENCE["name"],
        url=exports.LICENCE["url"],
        version=exports.FORMAT_VERSION,
        rights=Markup("<code>rights</code>"),
        fields=Markup(", ").join(Markup("<code>{}</code>").format(k) for k in _TOP_LEVEL),
    )
    return {
        "csv": show(csv_rows(archive)),
        "cases": show(json_rows(archive, "case")),
        "tools": show(json_rows(archive, "tool")),
        "lists": code_lists(archive, lang),
        "licence": licence,
    }


_TOP_LEVEL = ("format", "version", *exports.about("").keys(), "count")
