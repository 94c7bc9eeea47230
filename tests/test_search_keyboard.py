"""Search by keyboard only, in Chromium (issue 12): Tab reaches the box and the results, the arrow keys move among
them, Enter opens one, Escape closes search and gives focus back; the count is announced; focus is visible; "more
results" is a real target."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
FOCUSED_URL = (
    "() => { const a = document.activeElement; const li = a && a.closest('[data-ep-url]');"
    " return li ? li.getAttribute('data-ep-url') : (a ? a.className || a.tagName : null); }"
)


def _tab_to_search(page, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.md-search__input')"):
            return
    raise AssertionError("Tab never reached the search box")


def _type_and_wait(page, query: str) -> list[str]:
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('[data-ep-search]').dataset.epState === 'done'", timeout=15000)
    return page.eval_on_selector_all("[data-ep-url]", "els => els.map(e => e.getAttribute('data-ep-url'))")


def test_tab_and_arrow_keys_reach_the_results_and_enter_opens_one(page, site_url):
    page.goto(f"{site_url}/")
    _tab_to_search(page)
    urls = _type_and_wait(page, "ชุมชน")
    assert len(urls) >= 3
    page.keyboard.press("Tab")  # Tab: from the box to the first result
    assert page.evaluate(FOCUSED_URL) == urls[0]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_URL) == urls[0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_URL) == urls[2]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED_URL) == urls[1]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site_url}{urls[1]}"


def test_escape_closes_search_and_gives_focus_back(page, site_url):
    page.goto(f"{site_url}/en/")
    link = page.locator(".md-content a[href]").first
    link.focus()  # the reader is somewhere on the page
    page.keyboard.press("/")  # the site's shortcut to search; the first time, it also loads the search script
    page.wait_for_function("() => document.querySelector('[data-ep-search]').epReady === true")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    # The loader saw where focus came from before the search script was there: focus goes back to the link.
    assert link.evaluate("a => a === document.activeElement")
    link.focus()
    page.keyboard.press("/")
    assert page.evaluate("() => document.getElementById('__search').checked")
    _type_and_wait(page, "school")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")  # from a result: search closes, focus goes back to where the reader was
    assert not page.evaluate("() => document.getElementById('__search').checked")
    assert link.evaluate("a => a === document.activeElement")


def test_the_count_is_announced_and_focus_is_visible(page, site_url):
    page.goto(f"{site_url}/en/")
    _tab_to_search(page)
    _type_and_wait(page, "school")
    status = page.locator(".md-search-result__meta")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    count = page.locator("[data-ep-search]").get_attribute("data-ep-count")
    assert count in status.inner_text()
    page.keyboard.press("ArrowDown")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] != "none" and ring[1] >= 2, ring


def test_more_results_is_a_real_target_and_moves_focus_to_the_new_results(page, site_url):
    page.goto(f"{site_url}/en/")
    _tab_to_search(page)
    urls = _type_and_wait(page, "school")
    more = page.locator(".ep-more__button")
    assert len(urls) == 5 and more.count() == 1
    box = more.bounding_box()
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.ep-more__button')).fontSize)")
    assert box["height"] >= 44 and box["width"] >= 44 and size >= 14, (box, size)  # it was 54 x 13 px at 10 px
    for _ in range(len(urls) + 1):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.matches('.ep-more__button')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement.closest('[data-ep-url]')")
    assert (
        page.evaluate(FOCUSED_URL)
        == page.eval_on_selector_all("[data-ep-url]", "els => els.map(e => e.getAttribute('data-ep-url'))")[5]
    )


@pytest.mark.parametrize(
    "prefix, query, scheme",
    [("/", "ชุมชน", "light"), ("/en/", "school", "dark"), ("/", "ฟุตบอล", "light"), ("/en/", "football", "dark")],
)
def test_axe_finds_nothing_serious_in_search_with_results_or_none(browser, site_url, prefix, query, scheme):
    from axe_playwright_python.sync_playwright import Axe
    from test_a11y import BLOCKING, _describe, _run

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}{prefix}")
    _tab_to_search(page)
    _type_and_wait(page, query)
    violations = [v for v in _run(Axe(), page) if v["impact"] in BLOCKING]
    context.close()
    assert not violations, _describe(violations)
