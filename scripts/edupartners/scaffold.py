"""`new-case` / `new-tool`: write a draft record folder from the annotated template.

Design (see CONTRIBUTING.md, "What the scaffold writes"): nothing on the site may be invented, so the scaffold
never writes placeholder facts. It fills in what the contributor told it (slug, programme, provinces, languages,
level), writes every other fact as an empty value marked `← กรอก / fill in`, and puts one draft line at the top of
each narrative. The draft is therefore structurally sound but deliberately does NOT pass `edupartners validate`
until a person has filled the listed fields from real sources and written both narratives; `validate` then names
each remaining field. tests/test_scaffold.py checks exactly that.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from .archive import KINDS, LANGUAGES, load_archive, thai_provinces
from .problems import Report

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PROVINCE = re.compile(r"TH-[0-9]{2}")

SECTIONS = {  # the Thai best-practice report structure (research anchors §B8), same order in both languages
    "th": [
        "ความสำคัญและที่มาของปัญหา",
        "วัตถุประสงค์และเป้าหมาย",
        "กระบวนการดำเนินงาน",
        "ผลการดำเนินงาน",
        "ปัจจัยความสำเร็จ",
        "บทเรียนที่ได้รับ",
        "การเผยแพร่และการได้รับการยอมรับ",
    ],
    "en": [
        "Why it matters",
        "Objectives and targets",
        "Process",
        "Results",
        "Success factors",
        "Lessons learned",
        "Dissemination and recognition",
    ],
}
SECTION_HINTS = {  # shown as HTML comments under each heading; never rendered on the page
    "th": [
        "ปัญหาหรือความต้องการคืออะไร ใครได้รับผลกระทบ ทำไมจึงสำคัญ",
        "โครงการตั้งใจทำอะไร เป้าหมายเป็นตัวเลขเมื่อแหล่งอ้างอิงระบุไว้",
        "ใครทำอะไร เมื่อไร ตามลำดับ (วางแผน ลงมือทำ เรียนรู้ ปรับปรุง)",
        "ผลที่แหล่งอ้างอิงรายงาน ทุกตัวเลขต้องมีการอ้างอิง",
        "สิ่งที่แหล่งอ้างอิงบอกว่าทำให้งานสำเร็จ",
        "สิ่งที่ได้เรียนรู้และสิ่งที่จะปรับปรุงต่อ",
        "การนำไปเผยแพร่ ขยายผล รางวัล หรือการได้รับการยอมรับ",
    ],
    "en": [
        "What problem or need, who was affected, why it matters",
        "What the work set out to do; numeric targets where a source gives them",
        "Who did what and when, in order (approach, deployment, learning, integration)",
        "What the sources report; every number needs a citation",
        "What the sources say made it work",
        "What was learned and what will be improved",
        "How the work was shared or spread, awards and recognition",
    ],
}
TOOL_SECTIONS = {
    "th": ["เครื่องมือนี้คืออะไร", "ทำงานอย่างไร", "เหมาะกับโรงเรียนแบบไหน"],
    "en": ["What it is", "How it works", "Which schools it suits"],
}
TOOL_HINTS = {
    "th": ["เครื่องมือนี้คืออะไร ใครพัฒนา", "โรงเรียนใช้อย่างไร ขั้นตอนหลัก", "โรงเรียนแบบไหนเหมาะจะใช้ ตามที่แหล่งอ้างอิงระบุ"],
    "en": [
        "What the tool is and who developed it",
        "How a school uses it, main steps",
        "Which schools it suits, as the sources say",
    ],
}
# The first line of every scaffolded narrative. It is written as a citation to a source that does not exist, so the
# validator refuses the draft until the contributor has written the page and deleted this line.
DRAFT_ID = "draft-delete-this-line"
DRAFT_LINE = {
    "th": f"[@{DRAFT_ID}] ร่าง: เขียนเนื้อหาใต้แต่ละหัวข้อ อ้างอิงแหล่งที่มาด้วย [@รหัสแหล่งอ้างอิง] แล้วลบบรรทัดนี้",
    "en": f"[@{DRAFT_ID}] Draft: write under each heading, cite sources as [@source-id], then delete this line.",
}
TRANSLATION_NOTE = {
    "th": "<!-- ยังไม่มีผู้เขียนภาษาไทย: ผู้ดูแลหรือผู้แปลจะเขียนหน้านี้จากฉบับภาษาอังกฤษ -->",
    "en": "<!-- Nobody has written the English page yet: a maintainer or translator will write it from the Thai. -->",
}

# What a person must still supply, per kind: (field, Thai, English). Printed after scaffolding and listed in CONTRIBUTING.
TODO = {
    "case": [
        ("title.th", "ชื่อกรณีศึกษาภาษาไทย", "title in Thai"),
        ("title.en", "ชื่อกรณีศึกษาภาษาอังกฤษ", "title in English"),
        ("summary.th", "สรุปภาษาไทย", "summary in Thai"),
        ("summary.en", "สรุปภาษาอังกฤษ", "summary in English"),
        ("organisations", "องค์กรและบทบาท", "organisations and their roles"),
        ("period.start", "ปีที่เริ่ม (ค.ศ.)", "start year (Common Era)"),
        ("period.source", "แหล่งอ้างอิงที่ระบุปีที่เริ่ม", "the source that gives the start year"),
        ("themes", "ประเด็น", "themes"),
        ("sources", "แหล่งอ้างอิง", "sources"),
        ("th.md", "เนื้อเรื่องภาษาไทย (แล้วลบบรรทัดร่าง)", "Thai narrative (then delete the draft line)"),
        ("en.md", "เนื้อเรื่องภาษาอังกฤษ (แล้วลบบรรทัดร่าง)", "English narrative (then delete the draft line)"),
    ],
    "tool": [
        ("title.th", "ชื่อเครื่องมือภาษาไทย", "name in Thai"),
        ("title.en", "ชื่อเครื่องมือภาษาอังกฤษ", "name in English"),
        ("summary.th", "สรุปภาษาไทย", "summary in Thai"),
        ("summary.en", "สรุปภาษาอังกฤษ", "summary in English"),
        ("organisations", "องค์กรและบทบาท", "organisations and their roles"),
        ("sources", "แหล่งอ้างอิง", "sources"),
        ("th.md", "เนื้อเรื่องภาษาไทย (แล้วลบบรรทัดร่าง)", "Thai narrative (then delete the draft line)"),
        ("en.md", "เนื้อเรื่องภาษาอังกฤษ (แล้วลบบรรทัดร่าง)", "English narrative (then delete the draft line)"),
    ],
}


@dataclass(frozen=True)
class Term:
    id: str
    th: str
    en: str


@dataclass
class Choices:
    """The allowed values of every controlled field, read from vocab/*.yaml (and ISO 3166-2:TH)."""

    programmes: list[Term]
    organisations: list[Term]
    roles: list[Term]
    themes: list[Term]
    grade_levels: list[Term]
    provinces: list[Term]
    programme_cases: list[str]
    tools: list[str]


def load_choices(root: Path) -> Choices:
    archive = load_archive(root, Report(root))  # problems elsewhere in the archive do not stop a scaffold

    def terms(name: str) -> list[Term]:
        out = []
        for key, entry in archive.vocab[name].items():
            label = entry.get("name") if isinstance(entry.get("name"), dict) else {}
            out.append(Term(key, str(label.get("th", key)), str(label.get("en", key))))
        return out

    provinces = {code: names for code, names in thai_provinces().items() if PROVINCE.fullmatch(code)}
    for code, entry in archive.vocab["provinces"].items():
        if PROVINCE.fullmatch(code) and isinstance(entry.get("name"), dict):
            provinces[code] = entry["name"]
    return Choices(
        programmes=terms("programmes"),
        organisations=terms("organisations"),
        roles=terms("roles"),
        themes=terms("themes"),
        grade_levels=terms("grade_levels"),
        provinces=[Term(c, n.get("th", c), n.get("en", c)) for c, n in sorted(provinces.items())],
        programme_cases=sorted(c.slug for c in archive.cases if c.data.get("level") == "programme"),
        tools=sorted(t.slug for t in archive.tools),
    )


def _ids(terms: list[Term]) -> list[str]:
    return [t.id for t in terms]


def check_slug(slug: str) -> str:
    if not isinstance(slug, str) or len(slug) > 80 or not SLUG.fullmatch(slug):
        shown = repr(slug)[:60]
        raise ValueError(
            f"slug {shown} must use lower-case a-z, 0-9 and single hyphens (at most 80 characters), "
            f"e.g. ban-nong-bua-library / slug ต้องใช้อักษร a-z ตัวเล็ก ตัวเลข และขีด - (ไม่เกิน 80 ตัว)"
        )
    return slug


def record_folder(root: Path, kind: str, slug: str) -> Path:
    """cases/<slug> or tools/<slug>, and nowhere else."""
    check_slug(slug)
    base = (root / KINDS[kind]).resolve()
    folder = (base / slug).resolve()
    if folder.parent != base:
        raise ValueError(f"refusing to write outside {KINDS[kind]}/ / ไม่เขียนไฟล์นอกโฟลเดอร์ {KINDS[kind]}/")
    return folder


def _need(value: str, allowed: list[str], what_en: str, what_th: str) -> str:
    if value not in allowed:
        raise ValueError(
            f"unknown {what_en} '{value}'. Allowed: {', '.join(allowed) or '(none)'} "
            f"/ ไม่รู้จัก{what_th} '{value}' ค่าที่ใช้ได้: {', '.join(allowed) or '(ไม่มี)'}"
        )
    return value


def split_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [part.strip() for item in items for part in re.split(r"[,\s]+", item) if part.strip()]


def new_record(
    root: Path,
    kind: str,
    slug: str,
    programme: str,
    *,
    provinces: list[str] | None = None,
    languages: list[str] | None = None,
    level: str | None = None,
    part_of: str | None = None,
    today: date | None = None,
    choices: Choices | None = None,
) -> Path:
    """Write cases/<slug>/ (or tools/<slug>/) as a marked draft; raise ValueError/FileExistsError on bad input."""
    root = Path(root).resolve()
    folder = record_folder(root, kind, slug)
    if folder.exists():
        raise FileExistsError(f"{KINDS[kind]}/{slug} already exists / มีโฟลเดอร์ {KINDS[kind]}/{slug} อยู่แล้ว")
    choices = choices or load_choices(root)
    _need(programme, _ids(choices.programmes), "programme", "โครงการ")
    languages = languages or list(LANGUAGES)
    for lang in languages:
        _need(lang, list(LANGUAGES), "language", "ภาษา")
    provinces = list(dict.fromkeys(provinces or []))
    if kind == "case":
        for code in provinces:
            _need(code, _ids(choices.provinces), "province code (ISO 3166-2:TH)", "รหัสจังหวัด")
        level = level or ("school" if part_of else "programme")
        _need(level, ["programme", "school"], "level", "ระดับ")
        if part_of:
            _need(part_of, choices.programme_cases, "programme-level case for part_of", "กรณีศึกษาระดับโครงการ")
        if level == "school" and not part_of:
            raise ValueError(
                "a school-level case needs --part-of, the slug of its programme case. Allowed: "
                f"{', '.join(choices.programme_cases) or '(none yet)'} / กรณีศึกษาระดับโรงเรียนต้องระบุ "
                "--part-of ซึ่งเป็น slug ของกรณีศึกษาระดับโครงการ"
            )
    elif provinces or level or part_of:
        raise ValueError("tools have no provinces, level or part_of / เครื่องมือไม่มีช่องจังหวัด ระดับ หรือ part_of")

    from .pipeline import schema_base_url

    env = Environment(
        loader=PackageLoader("edupartners", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    text = env.get_template(f"new_{kind}.yaml.j2").render(
        slug=slug,
        programme=programme,
        provinces=provinces,
        level=level,
        part_of=part_of,
        languages=languages,
        today=(today or date.today()).isoformat(),
        c=choices,
        schema_url=f"{schema_base_url(root)}{kind}.schema.json",
    )
    folder.mkdir(parents=True)
    (folder / f"{kind}.yaml").write_text(text, "utf-8")
    for lang in LANGUAGES:
        (folder / f"{lang}.md").write_text(
            narrative_draft(kind, lang, written_by_contributor=lang in languages), "utf-8"
        )
    return folder


def narrative_draft(kind: str, lang: str, written_by_contributor: bool = True) -> str:
    titles, hints = (SECTIONS, SECTION_HINTS) if kind == "case" else (TOOL_SECTIONS, TOOL_HINTS)
    parts = [DRAFT_LINE[lang], ""]
    if not written_by_contributor:
        parts += [TRANSLATION_NOTE[lang], ""]
    for title, hint in zip(titles[lang], hints[lang]):
        parts += [f"## {title}", "", f"<!-- {hint} -->", ""]
    return "\n".join(parts)


def todo_report(kind: str, folder: Path, root: Path) -> str:
    rel = folder.relative_to(root).as_posix()
    lines = [
        f"created {rel}/ (a draft: `edupartners validate` will refuse it until these are filled from your sources)",
        f"สร้าง {rel}/ แล้ว (เป็นร่าง: `edupartners validate` จะยังไม่ผ่านจนกว่าจะกรอกช่องต่อไปนี้จากแหล่งอ้างอิง)",
    ]
    lines += [f"  - {field}: {th} / {en}" for field, th, en in TODO[kind]]
    return "\n".join(lines)


# ---------------------------------------------------------------- interactive questions (only when stdin is a TTY)

Ask = Callable[[str], str]


def ask_missing(
    kind: str, values: dict, choices: Choices, ask: Ask = input, say: Callable[[str], None] = print
) -> dict:
    """Ask for each value that is None, showing the allowed ids. Returns a new dict."""
    out = dict(values)

    def question(
        prompt: str, check: Callable[[str], object], allowed: list[Term] | None = None, default: str | None = None
    ) -> str:
        if allowed:
            say("\n".join(f"    {t.id:<28} {t.th} / {t.en}" for t in allowed))
        for _ in range(5):
            try:
                answer = ask(f"{prompt}{f' [{default}]' if default is not None else ''}: ").strip()
            except (EOFError, KeyboardInterrupt):
                raise ValueError("cancelled / ยกเลิกแล้ว") from None
            if not answer and default is not None:
                answer = default
            try:
                check(answer)
                return answer
            except ValueError as exc:
                say(str(exc))
        raise ValueError("too many invalid answers / ตอบไม่ถูกต้องหลายครั้งเกินไป")

    if out.get("slug") is None:
        out["slug"] = question("slug (ชื่อโฟลเดอร์ / folder name, e.g. ban-nong-bua-library)", check_slug)
    if out.get("programme") is None:
        out["programme"] = question(
            "programme (โครงการ)",
            lambda v: _need(v, _ids(choices.programmes), "programme", "โครงการ"),
            choices.programmes,
        )
    if kind == "case" and out.get("provinces") is None:

        def provinces_ok(v: str):
            for code in split_list(v):
                _need(code, _ids(choices.provinces), "province code (ISO 3166-2:TH)", "รหัสจังหวัด")

        say("    province codes / รหัสจังหวัด: " + ", ".join(f"{t.id} {t.en}" for t in choices.provinces))
        out["provinces"] = split_list(
            question("provinces (จังหวัด, comma-separated, empty for none)", provinces_ok, default="")
        )
    if out.get("languages") is None:

        def langs_ok(v: str):
            if not split_list(v):
                raise ValueError("give th, en or both / ระบุ th, en หรือทั้งสองภาษา")
            for lang in split_list(v):
                _need(lang, list(LANGUAGES), "language", "ภาษา")

        out["languages"] = split_list(
            question("languages you will write (ภาษาที่คุณจะเขียน: th, en)", langs_ok, default="th,en")
        )
    return out


def stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
