"""Open data: cases.json, cases.csv, tools.json, Atom feeds and schema.org JSON-LD, all from the records."""

from __future__ import annotations

import csv
import io
import json
from functools import partial
from xml.etree import ElementTree as ET

from .archive import LANGUAGES, Archive, Record, lang_prefix
from .memo import Keep, fresh

FORMAT_VERSION = 1  # bump on any incompatible change; documented in docs/open-data.*.md
CSV_COLUMNS = [
    "slug",
    "level",
    "part_of",
    "programme",
    "title_th",
    "title_en",
    "summary_th",
    "summary_en",
    "provinces",
    "province_names_th",
    "province_names_en",
    "regions",
    "period_start",
    "period_end",
    "organisations",
    "tools",
    "themes",
    "grade_levels",
    "verification",
    "reviewed",
    "evidence",
    "status",
    "source_urls",
    "url_th",
    "url_en",
]


# Names beside ids: after each column of vocabulary ids, the names in Thai and English, in the same order.
NAME_COLUMNS = {
    "programme": ["programme_name"],
    "regions": ["region_names"],
    "tools": ["tool_names"],
    "organisations": ["organisation_names", "organisation_roles"],
    "themes": ["theme_names"],
    "grade_levels": ["grade_level_names"],
}
LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
CREDIT = "หุ้นส่วนการศึกษา / Education Partners"
DICTIONARY_PAGE = (
    "data/dictionary/"  # the data dictionary (datadict.py), relative to the site (Thai; English under en/)
)


def csv_columns() -> list[str]:
    """The CSV header: CSV_COLUMNS with the name columns after their id columns."""
    return [
        name
        for column in CSV_COLUMNS
        for name in [column, *(f"{stem}_{lang}" for stem in NAME_COLUMNS.get(column, []) for lang in LANGUAGES)]
    ]


def about(site_url: str) -> dict:
    """What every JSON export says about itself: licence, how to credit, where it is documented."""
    return {
        "licence": LICENCE,
        "credit": CREDIT,
        "source": site_url,
        "documentation": {"th": f"{site_url}{DICTIONARY_PAGE}", "en": f"{site_url}en/{DICTIONARY_PAGE}"},
    }


def page_url(site_url: str, kind: str, slug: str, lang: str) -> str:
    return f"{site_url}{lang_prefix(lang)}{'cases' if kind == 'case' else 'tools'}/{slug}/"


def _record(archive: Archive, record: Record, site_url: str) -> dict:
    d, vocab = record.data, archive.vocab
    out = {
        "slug": record.slug,
        "url": {lang: page_url(site_url, record.kind, record.slug, lang) for lang in LANGUAGES},
        "title": d["title"],
        "short_title": d.get("short_title"),
        "summary": d["summary"],
        "organisations": [
            {"id": o["id"], "name": vocab["organisations"][o["id"]]["name"], "role": o["role"]}
            for o in d["organisations"]
        ],
        "themes": d.get("themes", []),
        "grade_levels": d.get("grade_levels", []),
        "figures": d.get("figures", []),
        "sources": [public_source(s) for s in d["sources"]],
        "review": d["review"],
        "gaps": d.get("gaps", []),
        "for_schools": d.get("for_schools", {}),
        "translation_pending": d.get("translation_pending", []),
    }
    if record.kind == "case":
        out.update(
            {
                "level": d["level"],
                "part_of": d.get("part_of"),
                "programme": {"id": d["programme"], "name": vocab["programmes"][d["programme"]]["name"]},
                "provinces": [
                    {
                        "code": c,
                        "name": {lang: archive.province_name(c, lang) for lang in LANGUAGES},
                        "region": archive.region_of(c),
                        "inferred": c in d.get("provinces_inferred", []),
                    }
                    for c in d.get("provinces", [])
                ],
                "period": {"start": d["period"].get("start"), "end": d["period"].get("end")},
                "tools": d.get("tools", []),
                "school_context": d.get("school_context", {}),
                "milestones": d.get("milestones", []),
                "evidence": d.get("evidence"),
            }
        )
    else:
        out.update(
            {
                "collection": d["collection"],
                "membership": d["membership"],
                "used_by_cases": sorted(c.slug for c in archive.cases_using_tool(record.slug)),
            }
        )
    return out


def record_keys(archive: Archive, kind: str) -> list[str]:
    """The top-level fields of the exported records of one kind ("case" or "tool"), in export order: `_record`
    gives every record of a kind the same fields, so the first one tells (none without records)."""
    records = archive.cases if kind == "case" else archive.tools
    return list(_record(archive, records[0], "")) if records else []


def public_source(source: dict) -> dict:
    """A source as published: the seed file name is the project's provenance, not something a reader can follow."""
    return {k: v for k, v in source.items() if k != "seed"}


def cases_json(archive: Archive, site_url: str, keep: Keep = fresh) -> str:
    """`keep` (memo.py): each case's part, made again only when the case or the vocabulary changed."""
    return _collection_json(archive, "cases", archive.cases, site_url, keep)


def tools_json(archive: Archive, site_url: str) -> str:
    return _collection_json(archive, "tools", archive.tools, site_url)  # a tool's part lists the cases using it


def _collection_json(archive: Archive, name: str, records: list[Record], site_url: str, keep: Keep = fresh) -> str:
    """The collection as json.dumps(indent=1) writes it, each record's part written on its own (and kept)."""
    head = {"format": f"education-partners/{name}", "version": FORMAT_VERSION, **about(site_url)}
    text = _json({**head, "count": len(records), name: []})
    items = [
        keep((name, r.slug), (r, archive.vocab, site_url), partial(_record_json, archive, r, site_url))
        for r in sorted(records, key=lambda r: r.slug)
    ]
    if items:  # the list is the last field, two levels deep: "[]\n}" becomes its items, indented two spaces more
        items_text = ",\n  ".join(item.replace("\n", "\n  ") for item in items)
        text = text[: -len("[]\n}")] + "[\n  " + items_text + "\n ]\n}"
    return text + "\n"


def _record_json(archive: Archive, record: Record, site_url: str) -> str:
    return _json(_record(archive, record, site_url))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=1)


def spreadsheet_safe(cell) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula: OWASP's advice is a leading apostrophe for
    cells that begin with = + - @ (or a tab or carriage return)."""
    cell = str(cell)
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def cases_csv(archive: Archive, site_url: str, excel: bool = False, keep: Keep = fresh) -> str:
    """One row per case. `excel`: the same table with a byte-order mark and CRLF line ends, which Excel needs to
    read UTF-8 (Thai) text correctly when the file is opened with a double click. `keep` (memo.py): each row."""
    lines = [_csv_line(None, excel)]
    for case in sorted(archive.cases, key=lambda c: c.slug):
        inputs = (case, archive.vocab, archive.tools, site_url)  # the tools: their names are cells
        row = partial(_csv_row, archive, case, site_url)
        lines.append(keep(("csv", excel, case.slug), inputs, lambda row=row: _csv_line(row(), excel)))
    return ("\ufeff" if excel else "") + "".join(lines)


def _csv_line(row: dict[str, str] | None, excel: bool) -> str:
    """One row of the table as text, or (None) its header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\r\n" if excel else "\n")
    writer.writerow(row) if row is not None else writer.writeheader()
    return buffer.getvalue()


def _csv_row(archive: Archive, case: Record, site_url: str) -> dict[str, str]:
    d = case.data
    provinces = d.get("provinces", [])
    return {
        k: spreadsheet_safe(v)
        for k, v in {
            "slug": case.slug,
            "level": d["level"],
            "part_of": d.get("part_of", ""),
            "programme": d["programme"],
            "title_th": d["title"]["th"],
            "title_en": d["title"]["en"],
            "summary_th": d["summary"]["th"],
            "summary_en": d["summary"]["en"],
            "provinces": ";".join(provinces),
            "province_names_th": ";".join(archive.province_name(c, "th") for c in provinces),
            "province_names_en": ";".join(archive.province_name(c, "en") for c in provinces),
            "regions": ";".join(sorted({r for r in map(archive.region_of, provinces) if r})),
            "period_start": d["period"].get("start", ""),
            "period_end": d["period"].get("end", ""),
            "organisations": ";".join(f"{o['id']}:{o['role']}" for o in d["organisations"]),
            "tools": ";".join(d.get("tools", [])),
            "themes": ";".join(d["themes"]),
            "grade_levels": ";".join(d.get("grade_levels", [])),
            "verification": d["review"]["verification"],
            "reviewed": d["review"]["reviewed"],
            "evidence": d.get("evidence", {}).get("kind", ""),
            "status": d.get("for_schools", {}).get("status", {}).get("value", ""),
            "source_urls": ";".join(s["url"] for s in d["sources"] if "url" in s),
            "url_th": page_url(site_url, "case", case.slug, "th"),
            "url_en": page_url(site_url, "case", case.slug, "en"),
            **{k: v for lang in LANGUAGES for k, v in _name_cells(archive, d, lang).items()},
        }.items()
    }


def _name_cells(archive: Archive, d: dict, lang: str) -> dict[str, str]:
    """The name columns of one case in one language (see NAME_COLUMNS), in the order of their id columns."""
    vocab, titles = archive.vocab, {t.slug: t.data["title"][lang] for t in archive.tools}
    regions = sorted({r for r in map(archive.region_of, d.get("provinces", [])) if r})  # as in "regions"

    def names(kind: str, keys) -> str:
        return ";".join(vocab[kind][k]["name"][lang] for k in keys)

    return {
        f"programme_name_{lang}": names("programmes", [d["programme"]]),
        f"region_names_{lang}": names("regions", regions),
        f"organisation_names_{lang}": names("organisations", [o["id"] for o in d["organisations"]]),
        f"organisation_roles_{lang}": names("roles", [o["role"] for o in d["organisations"]]),
        f"tool_names_{lang}": ";".join(titles[slug] for slug in d.get("tools", [])),
        f"theme_names_{lang}": names("themes", d["themes"]),
        f"grade_level_names_{lang}": names("grade_levels", d.get("grade_levels", [])),
    }


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(archive: Archive, site_url: str, lang: str, title: str, keep: Keep = fresh) -> str:
    """New and updated cases, newest review first. `keep` (memo.py): each case's entry."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    cases = sorted(archive.cases, key=lambda c: (c.data["review"]["reviewed"], c.slug), reverse=True)
    home = f"{site_url}{lang_prefix(lang)}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{site_url}data/feed-{lang}.xml"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": f"{site_url}data/feed-{lang}.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": home})
    updated = cases[0].data["review"]["reviewed"] if cases else "2026-01-01"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{updated}T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = title
    ET.SubElement(feed, f"{{{ATOM}}}rights").text = f"{LICENCE['name']} ({LICENCE['url']})"
    entries = [
        keep(
            ("atom", lang, case.slug),
            (case, archive.vocab, site_url),
            partial(_atom_entry, archive, case, site_url, lang),
        )
        for case in cases
    ]
    head = ET.tostring(feed, encoding="unicode").removesuffix("</feed>")  # what ElementTree writes, entries after
    return '<?xml version="1.0" encoding="utf-8"?>\n' + head + "".join(entries) + "</feed>\n"


def _atom_entry(archive: Archive, case: Record, site_url: str, lang: str) -> str:
    """The entry as ElementTree writes it inside the feed (whose element declares the namespace)."""
    d = case.data
    entry = ET.Element(f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}title").text = d["title"][lang]
    ET.SubElement(entry, f"{{{ATOM}}}id").text = page_url(site_url, "case", case.slug, "th")
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": page_url(site_url, "case", case.slug, lang)})
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{d['review']['reviewed']}T00:00:00Z"
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = d["summary"][lang]
    for theme in d["themes"]:
        label = archive.vocab["themes"][theme]["name"][lang]
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": theme, "label": label})
    return ET.tostring(entry, encoding="unicode").replace(f' xmlns="{ATOM}"', "", 1)


def json_ld(archive: Archive, record: Record, site_url: str, lang: str) -> dict:
    """schema.org Article for a case or tool page (the theme writes it into the head with `tojson`, which escapes <)."""
    d = record.data
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": d["title"][lang],
        "description": d["summary"][lang],
        "inLanguage": lang,
        "url": page_url(site_url, record.kind, record.slug, lang),
        "dateModified": d["review"]["reviewed"],
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isPartOf": {"@type": "WebSite", "name": "หุ้นส่วนการศึกษา / Education Partners", "url": site_url},
        "keywords": [archive.vocab["themes"][t]["name"][lang] for t in d.get("themes", [])],
        "citation": [_citation(s, lang) for s in d["sources"]],
    }
    programme = d.get("programme") or d.get("collection")
    data["about"] = [{"@type": "Thing", "name": archive.vocab["programmes"][programme]["name"][lang]}]
    data["mentions"] = [
        {"@type": "Organization", "name": archive.vocab["organisations"][o["id"]]["name"][lang]}
        for o in d["organisations"]
    ]
    if d.get("provinces"):
        data["spatialCoverage"] = [
            {
                "@type": "Place",
                "name": archive.province_name(c, lang),
                "identifier": c,
                "containedInPlace": {"@type": "Country", "name": "Thailand"},
            }
            for c in d["provinces"]
        ]
    if record.kind == "case" and "start" in d["period"]:
        data["temporalCoverage"] = f"{d['period']['start']}/{d['period'].get('end', '..')}"
    return data


def _citation(source: dict, lang: str) -> dict:
    """schema.org CreativeWork; datePublished only for a real publication date, never an access date."""
    name = source.get("title") or source["description"][lang]
    out = {"@type": "CreativeWork", "name": name, "publisher": {"@type": "Organization", "name": source["publisher"]}}
    if "date" in source:
        out["datePublished"] = str(source["date"])
    if source.get("url"):
        out["url"] = source["url"]
    return out
