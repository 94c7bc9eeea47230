"""Semantic checks on top of the JSON Schema: references, slugs, dates, sources, narratives."""

from __future__ import annotations

import difflib
import json
import os
from datetime import date
from pathlib import Path

from . import dates, media, narrative
from .archive import LANGUAGES, Archive, Record, thai_provinces
from .problems import Report, join_path

MODELINE = "# yaml-language-server: $schema="
# Folder names that would replace a generated page or folder of the site (cases/index.md, browse/, media/ ...).
RESERVED_SLUGS = {
    "index",
    "browse",
    "data",
    "media",
    "schema",
    "assets",
    "pagefind",
    "partials",
    "downloads",
    "search",
    "404",
    "en",
    "th",
}


def check_archive(
    archive: Archive, report: Report, schema_base_url: str, seeds_dir: Path | None, cache: dict | None = None
) -> None:
    """cache (kept by `serve`, see pipeline.Cache): record folder -> (record, context, problems). A record loaded
    again (archive.load_archive) or a change in what the checks read beyond it (`_context`) checks it again."""
    for path, loaded in archive.vocab_files.values():
        for i, entry in enumerate(loaded.data):
            source_ids = _check_sources(entry.get("sources", []), (i, "sources"), path, loaded, report, seeds_dir)
            for j, claim in enumerate(entry.get("tool_set", {}).get("claims", [])):
                if claim["source"] not in source_ids:
                    line, col = loaded.where((i, "tool_set", "claims", j, "source"))
                    report.add(
                        path,
                        line,
                        col,
                        join_path((i, "tool_set", "claims", j, "source")),
                        f"'{claim['source']}' is not one of this entry's sources: {', '.join(source_ids)}.",
                        f"'{claim['source']}' ไม่อยู่ในแหล่งอ้างอิงของรายการนี้: {', '.join(source_ids)}",
                    )
            for j, org in enumerate(entry.get("organisations", [])):
                _ref(org, archive.vocab["organisations"], "organisation", (i, "organisations", j), path, loaded, report)
    if "regions" in archive.vocab_files:
        _check_regions(*archive.vocab_files["regions"], report)
    case_slugs = {c.slug: c for c in archive.cases}
    tool_slugs = {t.slug for t in archive.tools}
    context = _context(archive, schema_base_url, seeds_dir) if cache is not None else None
    for record in archive.records:
        if cache is None:
            _check_record(archive, record, report, case_slugs, tool_slugs, schema_base_url, seeds_dir)
        elif record.folder in cache and cache[record.folder][0] is record and cache[record.folder][1] == context:
            report.problems.extend(cache[record.folder][2])
        else:
            start = len(report.problems)
            _check_record(archive, record, report, case_slugs, tool_slugs, schema_base_url, seeds_dir)
            cache[record.folder] = (record, context, report.problems[start:])


def _context(archive: Archive, schema_base_url: str, seeds_dir: Path | None) -> str:
    """Everything `_check_record` reads beyond the record itself: vocabularies, the slugs, levels and former
    addresses of the other records, the seed articles, today's date."""
    cases = [(c.slug, c.data.get("level"), c.data.get("moved_from", [])) for c in archive.cases]
    seeds = sorted(os.listdir(seeds_dir)) if seeds_dir and seeds_dir.is_dir() else None
    facts = [archive.vocab, cases, [t.slug for t in archive.tools], schema_base_url, str(seeds_dir), seeds]
    return json.dumps([*facts, date.today().isoformat()], sort_keys=True, default=str)


def _check_record(archive, record: Record, report, case_slugs, tool_slugs, schema_base_url, seeds_dir):
    data, loaded, path = record.data, record.loaded, record.yaml_path

    def add(field_path: tuple, en: str, th: str) -> None:
        line, col = loaded.where(field_path)
        report.add(path, line, col, join_path(field_path), en, th)

    expected = f"{MODELINE}{schema_base_url}{record.kind}.schema.json"
    if loaded.first_line != expected:
        report.add(
            path,
            1,
            1,
            "",
            f"the first line must be the editor schema line: {expected}",
            f"บรรทัดแรกต้องเป็นบรรทัดระบุ schema สำหรับโปรแกรมแก้ไข: {expected}",
        )

    if record.slug in RESERVED_SLUGS:
        add(
            ("slug",),
            f"'{record.slug}' is reserved for a page the site generates; choose another folder name. "
            f"Reserved: {', '.join(sorted(RESERVED_SLUGS))}.",
            f"ชื่อ '{record.slug}' สงวนไว้สำหรับหน้าที่เว็บไซต์สร้างขึ้นเอง ให้ใช้ชื่อโฟลเดอร์อื่น "
            f"ชื่อที่สงวนไว้: {', '.join(sorted(RESERVED_SLUGS))}",
        )
    if data["slug"] != record.slug:
        add(
            ("slug",),
            f"slug '{data['slug']}' must equal the folder name '{record.slug}'.",
            f"slug '{data['slug']}' ต้องตรงกับชื่อโฟลเดอร์ '{record.slug}'",
        )

    vocab = archive.vocab
    for i, org in enumerate(data["organisations"]):
        _ref(org["id"], vocab["organisations"], "organisation", ("organisations", i, "id"), path, loaded, report)
        _ref(org["role"], vocab["roles"], "role", ("organisations", i, "role"), path, loaded, report)
    for key, table, label in (
        ("themes", vocab["themes"], "theme"),
        ("grade_levels", vocab["grade_levels"], "grade level"),
    ):
        for i, value in enumerate(data.get(key, [])):
            _ref(value, table, label, (key, i), path, loaded, report)

    if record.kind == "case":
        _ref(data["programme"], vocab["programmes"], "programme", ("programme",), path, loaded, report)
        for i, slug in enumerate(data.get("tools", [])):
            _ref(slug, dict.fromkeys(tool_slugs), "tool", ("tools", i), path, loaded, report)
        for i, code in enumerate(data.get("provinces", [])):
            _ref(code, thai_provinces(), "province (ISO 3166-2:TH)", ("provinces", i), path, loaded, report)
        for i, code in enumerate(data.get("provinces_inferred", [])):
            if code not in data.get("provinces", []):
                add(
                    ("provinces_inferred", i),
                    f"{code} is not in provinces; list an inferred province in both places.",
                    f"{code} ไม่อยู่ใน provinces จังหวัดที่อนุมานต้องอยู่ในทั้งสองรายการ",
                )
        _check_part_of(data, record, case_slugs, add)
        _check_moved_from(data, record, case_slugs, add)
        _check_period(data["period"], add)
    else:
        _ref(data["collection"], vocab["programmes"], "programme", ("collection",), path, loaded, report)
        if data["membership"] == "confirmed" and not any(s.get("confirms_membership") for s in data["sources"]):
            add(
                ("membership",),
                "a tool marked confirmed needs a source with confirms_membership: true that says it "
                "is one of the collection's tools; otherwise use membership: linked.",
                "เครื่องมือที่ระบุว่า confirmed ต้องมีแหล่งอ้างอิงที่มี confirms_membership: true ซึ่งยืนยันว่าเป็นหนึ่งใน"
                "เครื่องมือของชุด มิฉะนั้นให้ใช้ membership: linked",
            )
    if record.kind == "case":
        for i, source in enumerate(data["sources"]):
            if "confirms_membership" in source:
                add(
                    ("sources", i, "confirms_membership"),
                    "confirms_membership belongs to tool sources only.",
                    "ช่อง confirms_membership ใช้ได้เฉพาะแหล่งอ้างอิงของเครื่องมือ",
                )

    source_ids = _check_sources(data["sources"], ("sources",), path, loaded, report, seeds_dir)
    if record.kind == "case":
        _check_period_source(data["period"], source_ids, add)
    for key, label_en, label_th in (("figures", "figure", "ตัวเลข"), ("milestones", "milestone", "เหตุการณ์")):
        for i, item in enumerate(data.get(key, [])):
            if item["source"] not in source_ids:
                add(
                    (key, i, "source"),
                    f"{label_en} source '{item['source']}' is not in this record's sources. "
                    f"Known sources: {', '.join(source_ids) or '(none)'}.",
                    f"แหล่งอ้างอิงของ{label_th} '{item['source']}' ไม่อยู่ในรายการ sources ของไฟล์นี้ "
                    f"แหล่งที่มีอยู่: {', '.join(source_ids) or '(ไม่มี)'}",
                )
    for field_path, item in _sourced_items(data):
        if item["source"] not in source_ids:
            add(
                (*field_path, "source"),
                f"source '{item['source']}' is not in this record's sources. "
                f"Known sources: {', '.join(source_ids) or '(none)'}.",
                f"แหล่งอ้างอิง '{item['source']}' ไม่อยู่ในรายการ sources ของไฟล์นี้ "
                f"แหล่งที่มีอยู่: {', '.join(source_ids) or '(ไม่มี)'}",
            )
    if "status" in data.get("for_schools", {}):
        _check_date(data["for_schools"]["status"]["as_of"], ("for_schools", "status", "as_of"), add)
    evidence = data.get("evidence", {})
    if evidence.get("kind") == "none-published" and evidence.get("measures"):
        add(
            ("evidence", "measures"),
            "evidence of kind none-published cannot list measures; choose the kind the sources of these measures show.",
            "หลักฐานประเภท none-published ไม่มีรายการ measures ให้เลือกประเภทตามแหล่งข้อมูลของสิ่งที่วัด",
        )
    for i, milestone in enumerate(data.get("milestones", [])):
        _check_date(milestone["date"], ("milestones", i, "date"), add)
    reviewed = data["review"]["reviewed"]
    try:
        if date.fromisoformat(reviewed) > date.today():
            add(("review", "reviewed"), f"{reviewed} is in the future.", f"วันที่ {reviewed} ยังมาไม่ถึง")
    except ValueError:
        add(("review", "reviewed"), f"{reviewed} is not a real date.", f"{reviewed} ไม่ใช่วันที่ที่มีอยู่จริง")
    media.check_media(record, report)
    _check_narratives(record, source_ids, report)


def _sourced_items(data) -> list[tuple[tuple, dict]]:
    """(field path, item) of every "for schools" item and evidence measure: each names a source of the record."""
    items = [(("for_schools", key), item) for key, item in data.get("for_schools", {}).items()]
    items += [(("evidence", "measures", i), m) for i, m in enumerate(data.get("evidence", {}).get("measures", []))]
    return items


def _check_part_of(data, record, case_slugs, add):
    parent = data.get("part_of")
    if data["level"] == "school" and not parent:
        add(
            ("level",),
            "a school-level case needs part_of: the slug of its programme case.",
            "กรณีศึกษาระดับโรงเรียนต้องมี part_of ซึ่งเป็น slug ของกรณีศึกษาระดับโครงการ",
        )
    if parent:
        target = case_slugs.get(parent)
        if target is None or target.data["level"] != "programme" or parent == record.slug:
            allowed = ", ".join(s for s, c in case_slugs.items() if c.data["level"] == "programme")
            add(
                ("part_of",),
                f"'{parent}' is not a programme-level case. Allowed: {allowed}.",
                f"'{parent}' ไม่ใช่กรณีศึกษาระดับโครงการ ค่าที่ใช้ได้: {allowed}",
            )


def _check_moved_from(data, record, case_slugs, add):
    for i, slug in enumerate(data.get("moved_from", [])):
        claimed = [c.slug for c in case_slugs.values() if c is not record and slug in c.data.get("moved_from", [])]
        if slug in case_slugs or slug in RESERVED_SLUGS:
            add(
                ("moved_from", i),
                f"'{slug}' is the address of a case or a generated page; moved_from names only "
                "former cases that no longer exist.",
                f"'{slug}' เป็นที่อยู่ของกรณีศึกษาหรือหน้าที่เว็บไซต์สร้างขึ้น moved_from ใช้ได้เฉพาะกรณีศึกษาเดิมที่ไม่มีแล้ว",
            )
        elif claimed:
            add(
                ("moved_from", i),
                f"'{slug}' is also listed in moved_from of: {', '.join(claimed)}; an old address "
                "can lead to one case only.",
                f"'{slug}' อยู่ใน moved_from ของ {', '.join(claimed)} ด้วย ที่อยู่เดิมหนึ่งที่พาไปได้เพียงกรณีศึกษาเดียว",
            )


def _check_date(value, field_path: tuple, add) -> bool:
    try:
        year, _, _ = dates.parts(value)
    except ValueError:
        add(
            field_path,
            f"{value} is not a real date; use 2019, 2019-05 or 2019-05-20.",
            f"{value} ไม่ใช่วันที่ที่มีอยู่จริง ให้ใช้รูปแบบ 2019, 2019-05 หรือ 2019-05-20",
        )
        return False
    if dates.MIN_CE + dates.BE_OFFSET <= year <= dates.MAX_CE + dates.BE_OFFSET:
        ce = year - dates.BE_OFFSET
        add(
            field_path,
            f"{year} looks like a Buddhist Era year (พ.ศ.); this field takes Common Era: use {ce}.",
            f"{year} ดูเหมือนเป็นปี พ.ศ. ช่องนี้ใช้ปี ค.ศ. ให้ใช้ {ce}",
        )
        return False
    if not dates.MIN_CE <= year <= dates.MAX_CE:
        add(
            field_path,
            f"{year} is outside {dates.MIN_CE}–{dates.MAX_CE}.",
            f"ปี {year} อยู่นอกช่วง {dates.MIN_CE}–{dates.MAX_CE}",
        )
        return False
    return True


def _check_period_source(period: dict, source_ids: list[str], add) -> None:
    """A start year is a fact like any other: it names the source that gives it."""
    if "start" in period and period.get("source") not in source_ids:
        where = ("period", "source") if "source" in period else ("period", "start")
        add(
            where,
            f"give period.source: the id of the source that gives the start year. Sources of this record: "
            f"{', '.join(source_ids)}. If no source gives the start, leave start out.",
            f"ให้ระบุ period.source คือรหัสของแหล่งอ้างอิงที่ระบุปีที่เริ่ม แหล่งอ้างอิงของรายการนี้: {', '.join(source_ids)} "
            "ถ้าไม่มีแหล่งใดระบุปีที่เริ่ม ให้ละช่อง start ไว้",
        )


def _check_period(period: dict, add) -> None:
    ok = "start" in period and _check_date(period["start"], ("period", "start"), add)
    if "end" in period:
        ok = _check_date(period["end"], ("period", "end"), add) and ok
        if ok and dates.sort_key(period["end"]) < dates.sort_key(period["start"]):
            add(
                ("period", "end"),
                f"the end ({period['end']}) is before the start ({period['start']}).",
                f"วันสิ้นสุด ({period['end']}) มาก่อนวันเริ่มต้น ({period['start']})",
            )


def _check_sources(sources, base: tuple, path, loaded, report, seeds_dir) -> list[str]:
    ids: list[str] = []

    def add(field_path: tuple, en: str, th: str) -> None:
        line, col = loaded.where(field_path)
        report.add(path, line, col, join_path(field_path), en, th)

    for i, source in enumerate(sources):
        if source["id"] in ids:
            add(
                base + (i, "id"),
                f"source id '{source['id']}' is used twice in this file.",
                f"รหัสแหล่งอ้างอิง '{source['id']}' ซ้ำกันในไฟล์นี้",
            )
        ids.append(source["id"])
        for key in ("date", "accessed"):
            if key in source:
                _check_date(source[key], base + (i, key), add)
        seed = source.get("seed")
        if seed and seeds_dir and seeds_dir.is_dir() and not (seeds_dir / seed).is_file():
            add(
                base + (i, "seed"),
                f"no seed article named {seed} in {seeds_dir.name}/.",
                f"ไม่พบบทความต้นทางชื่อ {seed} ใน {seeds_dir.name}/",
            )
    return ids


def _check_regions(path: Path, loaded, report: Report) -> None:
    seen: dict[str, str] = {}
    for i, region in enumerate(loaded.data):
        for j, code in enumerate(region["provinces"]):
            _ref(code, thai_provinces(), "province (ISO 3166-2:TH)", (i, "provinces", j), path, loaded, report)
            if code in seen:
                line, col = loaded.where((i, "provinces", j))
                report.add(
                    path,
                    line,
                    col,
                    join_path((i, "provinces", j)),
                    f"{code} is already in region '{seen[code]}'; a province belongs to one region.",
                    f"{code} อยู่ในภาค '{seen[code]}' แล้ว จังหวัดหนึ่งอยู่ได้เพียงภาคเดียว",
                )
            seen[code] = region["id"]


def _check_narratives(record: Record, source_ids: list[str], report: Report) -> None:
    pending = record.data.get("translation_pending", [])
    if len(pending) == len(LANGUAGES):
        line, col = record.loaded.where(("translation_pending",))
        report.add(
            record.yaml_path,
            line,
            col,
            "translation_pending",
            "at least one language needs a narrative.",
            "ต้องมีเนื้อเรื่องอย่างน้อยหนึ่งภาษา",
        )
    for lang in LANGUAGES:
        path = record.narrative_path(lang)
        if lang in pending:
            if path.is_file():
                line, col = record.loaded.where(("translation_pending",))
                report.add(
                    record.yaml_path,
                    line,
                    col,
                    "translation_pending",
                    f"{lang}.md exists, so remove '{lang}' from translation_pending.",
                    f"มีไฟล์ {lang}.md แล้ว ให้ลบ '{lang}' ออกจาก translation_pending",
                )
            continue
        if not path.is_file():
            report.add(
                path,
                1,
                1,
                "",
                f"{lang}.md is missing; write it, or list '{lang}' under translation_pending "
                "in the YAML file so the page is published with a call for translators.",
                f"ไม่พบไฟล์ {lang}.md ให้เขียนไฟล์นี้ หรือระบุ '{lang}' ใน translation_pending ของไฟล์ YAML "
                "เพื่อเผยแพร่หน้าพร้อมเชิญชวนผู้ช่วยแปล",
            )
            continue
        text = record.narrative.get(lang)
        if text is None:
            continue  # unreadable: already reported
        if not text.strip():
            report.add(path, 1, 1, "", f"{lang}.md is empty.", f"ไฟล์ {lang}.md ว่างเปล่า")
            continue
        for line, col, en, th in narrative.unsafe(text, report.root):
            report.add(path, line, col, "", en, th)
        for line, col, cited in narrative.citations(text):
            if cited not in source_ids:
                report.add(
                    path,
                    line,
                    col,
                    "",
                    f"citation [@{cited}] names no source of this record. Known sources: {', '.join(source_ids)}.",
                    f"การอ้างอิง [@{cited}] ไม่ตรงกับแหล่งอ้างอิงใดของรายการนี้ แหล่งที่มี: {', '.join(source_ids)}",
                )
        for line in narrative.headings_level_one(text):
            report.add(
                path,
                line,
                1,
                "",
                "the page title comes from the YAML file; start sections with '## '.",
                "ชื่อหน้ามาจากไฟล์ YAML ให้เริ่มหัวข้อด้วย '## '",
            )
        for line, col, found, use in narrative.wrong_era_years(text, lang):
            if lang == "th":
                report.add(
                    path,
                    line,
                    col,
                    "",
                    f"{found} looks like a Common Era year; Thai pages use พ.ศ.: write {use} "
                    "(or write ค.ศ. before it).",
                    f"{found} ดูเหมือนปี ค.ศ. หน้าภาษาไทยใช้ พ.ศ. ให้เขียน {use} (หรือเขียน ค.ศ. นำหน้า)",
                )
            else:
                report.add(
                    path,
                    line,
                    col,
                    "",
                    f"{found} looks like a Buddhist Era year (พ.ศ.); English pages use "
                    f"Common Era: write {use} (or write B.E. before it).",
                    f"{found} ดูเหมือนปี พ.ศ. หน้าภาษาอังกฤษใช้ ค.ศ. ให้เขียน {use} (หรือเขียน B.E. นำหน้า)",
                )


_LABEL_TH = {
    "organisation": "องค์กร",
    "role": "บทบาท",
    "theme": "ประเด็น",
    "grade level": "ระดับชั้น",
    "programme": "โครงการ",
    "tool": "เครื่องมือ",
    "province (ISO 3166-2:TH)": "จังหวัด (ISO 3166-2:TH)",
}


def _ref(value, table: dict, label: str, field_path: tuple, path, loaded, report: Report) -> None:
    if value in table:
        return
    line, col = loaded.where(field_path)
    keys = sorted(table)
    close = difflib.get_close_matches(str(value), keys, n=3)
    allowed = ", ".join(keys) if len(keys) <= 30 else f"{len(keys)} values; closest: {', '.join(close) or '-'}"
    hint_en = f" Did you mean {close[0]}?" if close else ""
    hint_th = f" หมายถึง {close[0]} หรือไม่" if close else ""
    report.add(
        path,
        line,
        col,
        join_path(field_path),
        f"unknown {label} '{value}'.{hint_en} Allowed: {allowed}.",
        f"ไม่รู้จัก{_LABEL_TH[label]} '{value}'{hint_th} ค่าที่ใช้ได้: {allowed}",
    )
