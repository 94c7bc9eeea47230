"""Open data: exports match the records, the feeds parse with a real feed parser, JSON-LD is valid JSON."""
from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import pytest

from conftest import REPO
from edupartners import exports, pipeline
from edupartners.archive import LANGUAGES

ARCHIVE, REPORT = pipeline.validate(REPO)
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


def test_cases_csv_has_one_row_per_case_and_thai_and_english_columns(built_site):
    raw = (built_site / "data" / "cases.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert len(rows) == len(ARCHIVE.cases)
    assert list(rows[0]) == exports.CSV_COLUMNS
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
    href = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html).group(1)
    assert not href.startswith("http")
    assert ((built_site / page).parent / href).resolve() == (built_site / "data" / f"feed-{lang}.xml").resolve()


@pytest.mark.parametrize("page", ["open-data/index.html", "en/open-data/index.html"])
def test_open_data_page_links_resolve_to_real_files(built_site, page):
    html = (built_site / page).read_text("utf-8")
    links = re.findall(r'href="([^"]+\.(?:json|csv|xml|zip))"', html)
    assert len([l for l in links if not l.startswith("http")]) >= 5
    for href in links:
        if not href.startswith("http"):
            assert ((built_site / page).parent / href).resolve().is_file(), href
