"""The home page shows the archive: counts from the data, featured cases, ways in, latest reviews, search first."""

from __future__ import annotations

import re

import pytest
from conftest import real_archive
from edupartners import facets
from edupartners.archive import LANGUAGES

ARCHIVE, _ = real_archive()


def home(site, lang):
    return (site / ("" if lang == "th" else "en") / "index.html").read_text("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counts_come_from_the_records(built_site, lang):
    counts = re.findall(r"<li><strong>([^<]+)</strong>", home(built_site, lang).split('class="ep-counts"')[1])
    index = facets.index(ARCHIVE)
    confirmed = sum(t.data["membership"] == "confirmed" for t in ARCHIVE.tools)
    claimed = sorted(
        {c["count"] for p in ARCHIVE.vocab["programmes"].values() for c in p.get("tool_set", {}).get("claims", [])}
    )
    assert counts[:3] == [str(len(ARCHIVE.cases)), str(len(index["province"])), str(len(index["programme"]))]
    assert re.fullmatch(rf"{confirmed} \D+ {'–'.join(map(str, claimed))}", counts[3]), counts[3]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_featured_and_latest_cases_lead_to_case_pages_in_the_same_language(built_site, lang):
    page = home(built_site, lang)
    featured = re.findall(r'<div class="ep-featured">\s*<h3[^>]*><a href="cases/([a-z0-9-]+)/">', page)
    latest = re.findall(r'<li><a href="cases/([a-z0-9-]+)/">', page.split('id="latest"')[1])
    assert len(featured) == min(3, len(ARCHIVE.cases)) and latest
    newest = max(c.data["review"]["reviewed"] for c in ARCHIVE.cases)
    assert next(c for c in ARCHIVE.cases if c.slug == latest[0]).data["review"]["reviewed"] == newest
    for slug in featured + latest:
        target = built_site / ("" if lang == "th" else "en") / "cases" / slug / "index.html"
        assert f'<html lang="{lang}"' in target.read_text("utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_search_button_opens_search_with_the_cursor_in_the_box(browser, site_url, prefix):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}{prefix}/")
    button = page.locator(".ep-open-search")
    assert button.is_visible() and button.bounding_box()["y"] < 740  # on the first screen of a phone
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
    context.close()
