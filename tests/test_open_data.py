"""Open data: exports match the records, the feeds parse with a real feed parser, JSON-LD is valid JSON."""

from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import pytest
from conftest import REPO, real_archive
from edupartners import datadict, exports, pipeline
from edupartners.archive import LANGUAGES

ARCHIVE, REPORT = real_archive()
SITE_URL = pipeline.mkdocs_setting(REPO, "site_url")


def test_cases_json_has_one_entry_per_valid_case(built_site):
    data = json.loads((built_site / "data" / "cases.json").read_text("utf-8"))
    assert data["format"] == "education-partners/cases" and data["version"] == exports.FORMAT_VERSION
    assert data["count"] == len(data["cases"]) == len(ARCHIVE.cases)
    by_slug = {c["slug"]: c for c in data["cases"]}
    for case in ARCHIVE.cases:
        entry = by_slug[case.slug]
        assert entry["title"] == case.data["title"]
        assert entry["sources"] == [{k: v for k, v in s.items() if k != "seed"} for s in case.data["sources"]]
        assert [p["code"] for p in entry["provinces"]] == case.data.get("provinces", [])
        assert entry["url"]["en"] == f"{SITE_URL}en/cases/{case.slug}/"


@pytest.mark.parametrize("name", ["cases", "tools"])
@pytest.mark.parametrize("count", [0, 1, None])
def test_json_files_are_laid_out_as_json_dumps_with_indent_one(name, count):
    """Each record's part is written (and kept by `serve`) on its own: the file is still what json.dumps(indent=1)
    writes for the whole, with no records, one, or all."""
    records = getattr(ARCHIVE, name)[:count]
    archive = exports.Archive(ARCHIVE.root, ARCHIVE.vocab, ARCHIVE.vocab_files, ARCHIVE.cases, ARCHIVE.tools)
    setattr(archive, name, records)
    text = getattr(exports, f"{name}_json")(archive, SITE_URL)
    assert json.loads(text)["count"] == len(records)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def test_cases_csv_has_one_row_per_case_and_thai_and_english_columns(built_site):
    raw = (built_site / "data" / "cases.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert len(rows) == len(ARCHIVE.cases)
    assert list(rows[0]) == exports.csv_columns()
    header = iter(rows[0])  # every earlier column is still there, in the same order (readers by name keep working)
    assert all(column in header for column in exports.CSV_COLUMNS)
    by_slug = {r["slug"]: r for r in rows}
    for case in ARCHIVE.cases:
        row = by_slug[case.slug]
        assert row["title_th"] == case.data["title"]["th"] and row["title_en"] == case.data["title"]["en"]
        assert row["provinces"].split(";") == (case.data.get("provinces") or [""])


def test_tools_json_matches_the_records(built_site):
    data = json.loads((built_site / "data" / "tools.json").read_text("utf-8"))
    assert data["count"] == len(ARCHIVE.tools)
    assert {t["slug"]: t["membership"] for t in data["tools"]} == {t.slug: t.data["membership"] for t in ARCHIVE.tools}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_parses_and_lists_every_case(built_site, lang):
    feed = feedparser.parse((built_site / "data" / f"feed-{lang}.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    links = {e.link for e in feed.entries}
    assert links == {f"{SITE_URL}{'' if lang == 'th' else 'en/'}cases/{c.slug}/" for c in ARCHIVE.cases}
    titles = {e.title for e in feed.entries}
    assert titles == {c.data["title"][lang] for c in ARCHIVE.cases}


@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "en/")])
def test_every_case_page_carries_valid_json_ld(built_site, lang, prefix):
    for case in ARCHIVE.cases:
        html = (built_site / prefix / "cases" / case.slug / "index.html").read_text("utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1
        data = json.loads(blocks[0])
        assert data["@type"] == "Article" and data["inLanguage"] == lang
        assert data["headline"] == case.data["title"][lang]
        assert len(data["citation"]) == len(case.data["sources"])
        assert data["about"][0]["name"] == ARCHIVE.vocab["programmes"][case.data["programme"]]["name"][lang]
        assert [p["identifier"] for p in data.get("spatialCoverage", [])] == case.data.get("provinces", [])


@pytest.mark.parametrize("page", ["index.html", "en/index.html", "cases/index.html", "en/browse/map/index.html"])
def test_feed_is_announced_in_the_page_head_with_a_working_relative_link(built_site, page):
    html = (built_site / page).read_text("utf-8")
    lang = "en" if page.startswith("en/") else "th"
    href = re.search(r'<link rel="alternate ?" type="application/atom\+xml" href="([^"]+)"', html).group(1)
    assert not href.startswith("http")
    assert ((built_site / page).parent / href).resolve() == (built_site / "data" / f"feed-{lang}.xml").resolve()


@pytest.mark.parametrize("page", ["open-data/index.html", "en/open-data/index.html"])
def test_open_data_page_links_resolve_to_real_files(built_site, page):
    html = (built_site / page).read_text("utf-8")
    links = re.findall(r'href="([^"]+\.(?:json|csv|xml|zip))"', html)
    assert len([link for link in links if not link.startswith("http")]) >= 5
    for href in links:
        if not href.startswith("http"):
            assert ((built_site / page).parent / href).resolve().is_file(), href


# --- issue 14, item 9: names beside ids, an Excel copy, licence and version in the files, a data dictionary ---


def _csv_rows(built_site, name: str = "cases.csv") -> list[dict]:
    return list(csv.DictReader(io.StringIO((built_site / "data" / name).read_bytes().decode("utf-8-sig"))))


def test_csv_has_thai_and_english_names_beside_every_column_of_ids(built_site):
    vocab = ARCHIVE.vocab
    titles = {t.slug: t.data["title"] for t in ARCHIVE.tools}
    rows = {r["slug"]: r for r in _csv_rows(built_site)}
    for case in ARCHIVE.cases:
        row, d = rows[case.slug], case.data
        for lang in LANGUAGES:

            def cell(column, row=row, lang=lang):
                return row[f"{column}_{lang}"].split(";") if row[f"{column}_{lang}"] else []

            assert row[f"programme_name_{lang}"] == vocab["programmes"][d["programme"]]["name"][lang]
            assert cell("organisation_names") == [
                vocab["organisations"][o["id"]]["name"][lang] for o in d["organisations"]
            ]
            assert cell("organisation_roles") == [vocab["roles"][o["role"]]["name"][lang] for o in d["organisations"]]
            assert cell("theme_names") == [vocab["themes"][t]["name"][lang] for t in d["themes"]]
            assert cell("grade_level_names") == [
                vocab["grade_levels"][g]["name"][lang] for g in d.get("grade_levels", [])
            ]
            assert cell("tool_names") == [titles[t][lang] for t in d.get("tools", [])]
            regions = row["regions"].split(";") if row["regions"] else []
            assert cell("region_names") == [vocab["regions"][r]["name"][lang] for r in regions]


def test_excel_copy_is_the_same_table_with_a_byte_order_mark_and_crlf(built_site):
    raw = (built_site / "data" / "cases-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= len(ARCHIVE.cases) + 1 and b"\n" not in raw.replace(b"\r\n", b"")
    assert _csv_rows(built_site, "cases-excel.csv") == _csv_rows(built_site, "cases.csv")


@pytest.mark.parametrize("name", ["cases.json", "tools.json"])
def test_json_files_say_their_licence_version_and_where_they_are_documented(built_site, name):
    data = json.loads((built_site / "data" / name).read_text("utf-8"))
    assert data["version"] == exports.FORMAT_VERSION
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/" and data["credit"]
    for lang, url in data["documentation"].items():
        assert url == f"{SITE_URL}{'' if lang == 'th' else lang + '/'}data/dictionary/"
        assert (built_site / url.removeprefix(SITE_URL) / "index.html").is_file()


def test_csv_metadata_describes_every_column_with_licence_and_version(built_site):
    meta = json.loads((built_site / "data" / "cases.csv-metadata.json").read_text("utf-8"))
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    assert meta["dc:license"] == {"@id": exports.LICENCE["url"]} and meta["schema:version"] == str(
        exports.FORMAT_VERSION
    )
    columns = meta["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == list(_csv_rows(built_site)[0])
    for c in columns:
        assert {d["@language"] for d in c["dc:description"] if d["@value"]} == set(LANGUAGES), c["name"]
    assert {t["url"] for t in meta["tables"]} == {"cases.csv", "cases-excel.csv"}
    assert all((built_site / "data" / t["url"]).is_file() for t in meta["tables"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feeds_carry_the_licence(built_site, lang):
    feed = feedparser.parse((built_site / "data" / f"feed-{lang}.xml").read_bytes())
    assert exports.LICENCE["url"] in feed.feed.rights


def test_every_column_and_field_has_a_description_in_both_languages():
    assert datadict.missing_descriptions(ARCHIVE) == []


def test_a_field_without_a_description_is_reported(monkeypatch):
    monkeypatch.delitem(datadict.FIELDS, "review.reviewed")
    monkeypatch.setitem(datadict.COLUMNS, "level", ("code", {"th": "ระดับ", "en": ""}))
    assert set(datadict.missing_descriptions(ARCHIVE)) >= {
        "cases.json: review.reviewed",
        "tools.json: review.reviewed",
        "cases.csv: level",
    }


def _paths(value, path: str = "") -> set[str]:
    """The field paths of exported JSON, written as the dictionary writes them (a.b, a[].b)."""
    out = {path} if path else set()
    if isinstance(value, dict) and not (value and set(value) <= set(LANGUAGES)):  # Thai + English text: one field
        for key, inner in value.items():
            out |= _paths(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                out |= _paths(item, path + "[]") - {path + "[]"}
    return out


@pytest.mark.parametrize("name, kind", [("cases.json", "case"), ("tools.json", "tool")])
def test_dictionary_documents_every_field_the_files_hold(built_site, name, kind):
    data = json.loads((built_site / "data" / name).read_text("utf-8"))
    held = {p for record in data[name.split(".")[0]] for p in _paths(record)}
    documented = {row.name for row in datadict.json_rows(ARCHIVE, kind)}
    assert held - documented == set()


def test_dictionary_takes_allowed_values_from_the_schema(tmp_path):
    """Add a value to the schema: the dictionary lists it, with nothing else changed."""
    from conftest import copy_project

    root = copy_project(tmp_path / "p")
    path = root / "schema" / "common.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["$defs"]["review"]["properties"]["verification"]["enum"].append("re-checked")
    path.write_text(json.dumps(schema), "utf-8")
    archive, report = pipeline.validate(root)
    assert report.ok
    row = next(r for r in datadict.json_rows(archive, "case") if r.name == "review.verification")
    assert row.values == ["verified", "partly-verified", "unverified", "re-checked"]
    assert next(r for r in datadict.csv_rows(archive) if r.name == "verification").values == row.values


@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "en/")])
def test_dictionary_page_lists_every_column_field_and_code_in_its_language(built_site, lang, prefix):
    html = (built_site / prefix / "data" / "dictionary" / "index.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in html
    for column in exports.csv_columns():
        assert re.search(f"<code[^>]*>{re.escape(column)}</code>", html), column
    for row in datadict.json_rows(ARCHIVE, "case"):
        assert re.search(f"<code[^>]*>{re.escape(row.name)}</code>", html), row.name
        for value in row.values:
            assert re.search(f"<code[^>]*>{re.escape(value)}</code>", html), value
    for key, entry in ARCHIVE.vocab["themes"].items():
        assert re.search(f"<code[^>]*>{re.escape(key)}</code>", html) and entry["name"][lang] in html
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    words = re.sub(r"<code>.*?</code>|<[^>]+>", " ", article)
    if lang == "en":  # the English page is English throughout (codes aside)
        assert not re.findall(r"\S*[\u0e00-\u0e7f]\S*", words)
    assert ("พจนานุกรมข้อมูล" if lang == "th" else "Data dictionary") in article
    for href in re.findall(r'href="([^"#]+\.(?:json|csv|xml))"', article):
        assert ((built_site / prefix / "data" / "dictionary") / href).resolve().is_file(), href


@pytest.mark.parametrize("page", ["open-data/index.html", "en/open-data/index.html"])
def test_open_data_page_links_the_dictionary_and_the_excel_copy(built_site, page):
    html = (built_site / page).read_text("utf-8")
    assert "cases-excel.csv" in html and "cases.csv-metadata.json" in html
    href = re.search(r'href="([^"]*data/dictionary/)"', html).group(1)
    assert ((built_site / page).parent / href / "index.html").resolve().is_file()
