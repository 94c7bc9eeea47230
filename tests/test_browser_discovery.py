"""In Chromium: the filter narrows the case list, works without JavaScript, and the map links lead somewhere."""
from __future__ import annotations

import pytest

from conftest import REPO
from edupartners import facets, pipeline

ARCHIVE, _ = pipeline.validate(REPO)
pytestmark = pytest.mark.browser


def visible_cases(page) -> set[str]:
    return set(page.eval_on_selector_all(
        ".ep-case-list .ep-case:not([hidden]) a", "links => links.map(a => a.getAttribute('href'))"))


@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "/en")])
def test_filter_narrows_the_list_to_matching_cases(page, site_url, lang, prefix):
    page.goto(f"{site_url}{prefix}/cases/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#ep-filter").is_visible()
    everything = visible_cases(page)
    assert len(everything) == len(ARCHIVE.cases)
    programme = ARCHIVE.cases[0].data["programme"]
    page.select_option("select[name=programme]", programme)
    expected = {f"{c.slug}/" for c in ARCHIVE.cases if c.data["programme"] == programme}
    assert visible_cases(page) == expected
    status = page.locator(".ep-filter__count").inner_text()
    assert str(len(expected)) in status and str(len(ARCHIVE.cases)) in status
    page.select_option("select[name=level]", "school")
    both = {f"{c.slug}/" for c in ARCHIVE.cases if c.data["programme"] == programme and c.data["level"] == "school"}
    assert visible_cases(page) == both
    page.locator("#ep-filter button[type=reset]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.ep-case-list .ep-case:not([hidden])').length == n",
                           arg=len(everything))  # a function, not a string: the site's CSP forbids eval
    assert visible_cases(page) == everything


def test_without_javascript_every_case_is_listed_and_the_filter_is_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/cases/")
    assert not page.locator("#ep-filter").is_visible()
    assert len(visible_cases(page)) == len(ARCHIVE.cases)
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_map_links_open_province_pages(page, site_url, prefix):
    page.goto(f"{site_url}{prefix}/browse/map/")
    links = page.locator("svg.ep-map a")
    provinces = facets.index(ARCHIVE)["province"]
    assert links.count() == len(provinces)
    code, members = next(iter(provinces.items()))
    page.locator(f'svg.ep-map a[href="../province/{facets.page_name(code)}/"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}{prefix}/browse/province/{facets.page_name(code)}/")
    assert page.locator(".ep-case-list .ep-case").count() == len(members)
