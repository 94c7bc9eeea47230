"""In Chromium: the filter narrows the case list, works without JavaScript, and the map links lead somewhere."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from conftest import real_archive
from edupartners import facets
from edupartners.ui import UI
from edupartners.views import paging

ARCHIVE, _ = real_archive()
FIRST_PAGE = min(len(ARCHIVE.cases), paging.PER_PAGE)  # cases listed on /cases/ itself; the rest on /cases/page/n/
pytestmark = pytest.mark.browser


def visible_cases(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".ep-case-list .ep-case:not([hidden]) a", "links => links.map(a => a.getAttribute('href'))"
        )
    )


def settled(page):
    """The filter's script has shown what the choices select (it fetches the archive's data on first use)."""
    page.wait_for_selector("#ep-filter:not([aria-busy])", state="attached")


def choose(page, name: str, value: str) -> None:
    page.select_option(f"select[name={name}]", value)
    settled(page)


@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "/en")])
def test_filter_narrows_the_list_to_matching_cases(page, site_url, lang, prefix):
    page.goto(f"{site_url}{prefix}/cases/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#ep-filter").is_visible()
    everything = visible_cases(page)
    assert len(everything) == FIRST_PAGE
    programme = ARCHIVE.cases[0].data["programme"]
    choose(page, "programme", programme)
    expected = {f"{c.slug}/" for c in ARCHIVE.cases if c.data["programme"] == programme}
    assert visible_cases(page) == expected
    status = page.locator(".ep-filter__count").inner_text()
    assert str(len(expected)) in status and str(len(ARCHIVE.cases)) in status
    choose(page, "level", "programme")
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
    choose(page, "programme", case["programme"])
    assert f"programme={case['programme']}" in page.url
    same = [c.data for c in ARCHIVE.cases if c.data["programme"] == case["programme"]]
    for kind in ("none-published", "monitoring-figures"):
        n = sum(d.get("evidence", {}).get("kind") == kind for d in same)
        option = page.locator(f'select[name=evidence] option[value="{kind}"]')
        assert option.inner_text().endswith(f"({n})") and option.is_disabled() == (n == 0)
    shared = page.url
    page.goto(f"{site_url}{prefix}/")
    page.goto(shared)  # a shared link opens the same list
    settled(page)
    assert page.locator("select[name=programme]").input_value() == case["programme"]
    assert visible_cases(page) == {f"{c.slug}/" for c in ARCHIVE.cases if c.data["programme"] == case["programme"]}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_no_match_says_which_choice_to_remove(page, site_url, prefix):
    case = ARCHIVE.cases[0].data
    kind = case.get("evidence", {}).get("kind", "unclassified")
    other = "trial" if kind != "trial" else "none-published"
    page.goto(f"{site_url}{prefix}/cases/?programme={case['programme']}&evidence={other}")
    settled(page)
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
    first = visible_cases(page)
    listed, url = [], page.url
    while url:  # the numbered pages, one after the other, by their "next page" link
        page.goto(url)
        listed += [urljoin(page.url, href) for href in visible_cases(page)]
        step = page.locator(".ep-pager a", has_text=UI["th"]["pager_next"])
        url = urljoin(page.url, step.get_attribute("href")) if step.count() else None
    assert len(first) == FIRST_PAGE
    assert len(listed) == len(set(listed)) == len(ARCHIVE.cases)
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_filter_fetches_its_data_only_when_used(page, site_url, prefix):
    """The first visit carries one page of cases; the whole archive's titles and values come when the reader uses
    the form, from one small JSON file of the page's language, and the counts then still add up."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "filter-" in r.url else None)
    page.goto(f"{site_url}{prefix}/cases/")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.locator("select[name=level]").focus()
    choose(page, "level", "programme")
    assert [u.rsplit("/", 1)[1] for u in fetched] == [f"filter-{'en' if prefix else 'th'}.json"]
    expected = {f"{c.slug}/" for c in ARCHIVE.cases if c.data["level"] == "programme"}
    assert visible_cases(page) == expected
    titles = page.eval_on_selector_all(".ep-case-list .ep-case a", "links => links.map(a => a.textContent)")
    lang = "en" if prefix else "th"
    assert set(titles) == {
        c.data.get("short_title", c.data["title"])[lang] for c in ARCHIVE.cases if c.data["level"] == "programme"
    }


def test_when_the_data_cannot_be_loaded_the_list_stays_and_the_reader_is_told(page, site_url):
    page.route("**/filter-*.json", lambda route: route.abort())
    page.goto(f"{site_url}/cases/")
    choose(page, "level", "programme")
    status = page.locator(".ep-filter__count")
    assert "ออนไลน์" in status.inner_text()
    assert len(visible_cases(page)) == FIRST_PAGE  # the page's own list, untouched


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
