"""The real site, built by the real CLI: both languages, every record, switcher, hreflang, sitemap, schema URL."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, real_archive
from edupartners import pipeline
from edupartners.archive import LANGUAGES

ARCHIVE, REPORT = real_archive()
SITE_URL = pipeline.mkdocs_setting(REPO, "site_url")
RECORDS = [(r.kind, r.slug, r.data) for r in ARCHIVE.records]
FOLDER = {"case": "cases", "tool": "tools"}


def page_path(site: Path, lang: str, rel: str) -> Path:
    return site / ("" if lang == "th" else "en") / rel / "index.html"


def html(site: Path, lang: str, rel: str) -> str:
    path = page_path(site, lang, rel)
    assert path.is_file(), f"missing page {path.relative_to(site)}"
    return path.read_text("utf-8")


def test_the_real_archive_is_valid():
    assert REPORT.ok, REPORT.format()
    assert ARCHIVE.cases and ARCHIVE.tools


MOVED = [(old, c.slug) for c in ARCHIVE.cases for old in c.data.get("moved_from", [])]


@pytest.mark.parametrize("old, new", MOVED)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_folded_case_keeps_its_address_and_leads_to_its_new_case(built_site, old, new, lang):
    text = html(built_site, lang, f"cases/{old}")
    assert f'<html lang="{lang}"' in text
    assert re.search(rf'<a href="\.\./{re.escape(new)}/">', text), "the old address must link to the case it moved into"


@pytest.mark.parametrize("kind, slug, data", RECORDS, ids=[f"{k}:{s}" for k, s, _ in RECORDS])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_record_has_a_page_in_each_language(built_site, kind, slug, data, lang):
    text = html(built_site, lang, f"{FOLDER[kind]}/{slug}")
    assert f'<html lang="{lang}"' in text
    assert data["title"][lang] in text.replace("&#39;", "'").replace("&quot;", '"')
    assert 'class="ep-facts"' in text and 'id="src-1"' in text
    # every figure's label is shown with a link to its numbered source
    numbers = {s["id"]: i for i, s in enumerate(data["sources"], 1)}
    for figure in data.get("figures", []):
        assert f'href="#src-{numbers[figure["source"]]}"' in text


@pytest.mark.parametrize("kind, slug, data", RECORDS, ids=[f"{k}:{s}" for k, s, _ in RECORDS])
def test_switcher_and_hreflang_lead_to_the_same_page_in_the_other_language(built_site, kind, slug, data):
    rel = f"{FOLDER[kind]}/{slug}"
    expected = {lang: page_path(built_site, lang, rel).parent.resolve() for lang in LANGUAGES}
    for lang in LANGUAGES:
        here = page_path(built_site, lang, rel).parent
        text = html(built_site, lang, rel)
        alternates = dict(
            (code, h) for h, code in re.findall(r'<link rel="alternate ?" href="([^"]+)" hreflang="([a-z-]+)">', text)
        )
        switcher = dict(
            (code, h) for h, code in re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link"', text)
        )
        assert (here / alternates["x-default"]).resolve() == expected["th"]
        for other in LANGUAGES:
            assert (here / alternates[other]).resolve() == expected[other]
            assert (here / switcher[other]).resolve() == expected[other]


def test_years_follow_the_language(built_site):
    case = ARCHIVE.cases[0]
    start = int(str(case.data["period"]["start"])[:4])
    rel = f"cases/{case.slug}"
    assert f"{start + 543}" in html(built_site, "th", rel)
    assert "พ.ศ." in html(built_site, "th", rel)
    en = html(built_site, "en", rel)
    facts = en[en.index('class="ep-facts"') : en.index("</div>", en.index('class="ep-facts"'))]
    assert str(start) in facts and str(start + 543) not in facts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_lists_every_case_and_tool(built_site, lang):
    cases = html(built_site, lang, "cases")
    for case in ARCHIVE.cases:
        assert f'href="{case.slug}/"' in cases
    tools = html(built_site, lang, "tools")
    for tool in ARCHIVE.tools:
        assert f'href="{tool.slug}/"' in tools


def test_case_pages_are_not_listed_in_the_navigation(built_site):
    home = html(built_site, "th", "")
    # navigation entries: the theme's nav links that lead to another page (the table of contents links to "#…")
    nav = [href for href in re.findall(r'<a href="([^"#][^"]*)" class="md-nav__link', home)]
    for case in ARCHIVE.cases:
        assert not any(case.slug in href for href in nav), case.slug
    assert "cases/" in nav  # the index is


def test_sitemap_is_bilingual(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = {
        u.findtext("s:loc", namespaces=ns): {x.get("hreflang"): x.get("href") for x in u.findall("x:link", ns)}
        for u in tree.getroot().findall("s:url", ns)
    }
    for kind, slug, _ in RECORDS:
        th = f"{SITE_URL}{FOLDER[kind]}/{slug}/"
        assert th in locs and locs[th]["en"] == f"{SITE_URL}en/{FOLDER[kind]}/{slug}/"


def test_sitemap_dates_a_page_by_its_record_review_never_by_the_build(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in tree.getroot()}
    expected = {
        f"{SITE_URL}{prefix}{FOLDER[kind]}/{slug}/": data["review"]["reviewed"]
        for kind, slug, data in RECORDS
        for prefix in ("", "en/")
    }
    assert {loc: lastmod[loc] for loc in expected} == expected
    undated = [loc for loc, day in lastmod.items() if loc not in expected and day is not None]
    assert undated == []  # a hand-written or listing page has no review date, so the sitemap gives it none


@pytest.mark.parametrize("kind", ["case", "tool"])
def test_schema_is_published_at_the_url_every_record_names(built_site, kind):
    published = json.loads((built_site / "schema" / f"{kind}.schema.json").read_text("utf-8"))
    url = f"{SITE_URL}schema/{kind}.schema.json"
    assert published["$id"] == url
    for record in getattr(ARCHIVE, f"{kind}s"):
        first = record.yaml_path.read_text("utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema={url}"


def test_nothing_is_fetched_from_outside(built_site):
    outside = re.compile(r'(?:src|href)="(https?:)?//(?!education-partners\.github\.io)[^"]*\.(?:css|js|woff2?|ttf)"')
    for path in built_site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not outside.search(text), path
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
    assert (built_site / "assets" / "fonts" / "Sarabun-Regular.woff2").stat().st_size > 10_000


def test_navigation_instant_is_off():
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert not re.search(r"^\s*-\s*navigation\.instant\s*$", config, re.M)


def test_generated_pages_are_not_committed():
    import subprocess

    from edupartners.generate import GENERATED_DIRS

    ignored = (REPO / ".gitignore").read_text("utf-8").split()
    assert ".cache/" in ignored and "site/" in ignored  # generated pages live in .cache/docs/, never in docs/
    tracked = subprocess.run(
        ["git", "ls-files", *(f"docs/{f}" for f in GENERATED_DIRS), "site", ".cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if tracked.returncode == 0:  # in a git checkout
        assert tracked.stdout == ""


def test_every_internal_link_of_the_built_site_resolves(built_site):
    """The same offline link check the pull-request workflow runs."""
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            str(REPO / ".github/scripts/check_links.py"),
            str(built_site),
            "--mkdocs-yml",
            str(REPO / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


FOR_SCHOOLS_HEADING = {"th": "สำหรับโรงเรียนที่สนใจ", "en": "For schools"}
UNKNOWN = {"th": "แหล่งข้อมูลยังไม่ระบุ", "en": "The sources do not say yet"}


@pytest.mark.parametrize("kind, slug, data", RECORDS, ids=[f"{k}:{s}" for k, s, _ in RECORDS])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_answers_for_schools_item_by_item(built_site, kind, slug, data, lang):
    """Six items, each either sourced (with a citation mark) or said to be unknown; never silently left out."""
    text = html(built_site, lang, f"{FOLDER[kind]}/{slug}")
    section = text.split('id="for-schools"', 1)[1].split("<h2", 1)[0]
    assert FOR_SCHOOLS_HEADING[lang] in text
    given = data.get("for_schools", {})
    assert section.count("<dt>") == 6
    assert section.count(UNKNOWN[lang]) == 6 - len(given)
    assert section.count('class="ep-cite"') == len(given)
    if kind == "case":
        kind_id = data.get("evidence", {}).get("kind", "unclassified")
        assert f"ep-evidence--{kind_id}" in text
