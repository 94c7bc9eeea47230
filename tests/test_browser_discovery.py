"""In Chromium: the filter narrows the case list, works without JavaScript, and the map links lead somewhere."""

from __future__ import annotations

import re

import pytest
from conftest import real_archive
from edupartners import facets

ARCHIVE, _ = real_archive()
pytestmark = pytest.mark.browser


def visible_cases(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".ep-case-list .ep-case:not([hidden]) a", "links => links.map(a => a.getAttribute('href'))"
        )
    )


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
    page.select_option("select[name=level]", "programme")
    both = {f"{c.slug}/" for c in ARCHIVE.cases if c.data["programme"] == programme and c.data["level"] == "programme"}
    assert visible_cases(page) == both
    page.locator("#ep-filter button[type=reset]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.ep-case-list .ep-case:not([hidden])').length == n", arg=len(everything)
    )  # a function, not a string: the site's CSP forbids eval
    assert visible_cases(page) == everything


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_filter_choices_live_in_the_address_and_counts_follow_the_other_choices(page, site_url, prefix):
    case = ARCHIVE.cases[0].data
    page.goto(f"{site_url}{prefix}/cases/")
    page.select_option("select[name=programme]", case["programme"])
    assert f"programme={case['programme']}" in page.url
    same = [c.data for c in ARCHIVE.cases if c.data["programme"] == case["programme"]]
    for kind in ("none-published", "monitoring-figures"):
        n = sum(d.get("evidence", {}).get("kind") == kind for d in same)
        option = page.locator(f'select[name=evidence] option[value="{kind}"]')
        assert option.inner_text().endswith(f"({n})") and option.is_disabled() == (n == 0)
    shared = page.url
    page.goto(f"{site_url}{prefix}/")
    page.goto(shared)  # a shared link opens the same list
    assert page.locator("select[name=programme]").input_value() == case["programme"]
    assert visible_cases(page) == {f"{c.slug}/" for c in ARCHIVE.cases if c.data["programme"] == case["programme"]}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_no_match_says_which_choice_to_remove(page, site_url, prefix):
    case = ARCHIVE.cases[0].data
    kind = case.get("evidence", {}).get("kind", "unclassified")
    other = "trial" if kind != "trial" else "none-published"
    page.goto(f"{site_url}{prefix}/cases/?programme={case['programme']}&evidence={other}")
    assert visible_cases(page) == set()
    status = page.locator(".ep-filter__count").inner_text()
    alone = sum(c.data["programme"] == case["programme"] for c in ARCHIVE.cases)
    with_other = sum(c.data.get("evidence", {}).get("kind", "unclassified") == other for c in ARCHIVE.cases)

    def label(name):
        return page.locator(f"select[name={name}]").evaluate(
            "s => s.closest('label').querySelector('span').textContent"
        )

    # removing the evidence choice leaves the programme's cases; removing the programme leaves the other kind's
    assert re.search(rf"{re.escape(label('evidence'))}: [^(]+\((จะพบ )?{alone}\b", status), status
    assert re.search(rf"{re.escape(label('programme'))}: [^(]+\((จะพบ )?{with_other}\b", status), status


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
    links = page.locator(".ep-map .ep-map__tile a")
    provinces = facets.index(ARCHIVE)["province"]
    assert links.count() == len(provinces)
    code, members = next(iter(provinces.items()))
    page.locator(f'.ep-map a[href="../province/{facets.page_name(code)}/"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}{prefix}/browse/province/{facets.page_name(code)}/")
    assert page.locator(".ep-case-list .ep-case").count() == len(members)
