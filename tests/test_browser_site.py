"""What a reader sees, in Debian's Chromium: Thai font, language switcher, a phone-sized screen."""

from __future__ import annotations

import pytest
from conftest import real_archive

ARCHIVE, _ = real_archive()
CASE = ARCHIVE.cases[0]

pytestmark = pytest.mark.browser


def test_switcher_goes_to_the_same_case_in_english_and_back(page, site_url):
    page.goto(f"{site_url}/cases/{CASE.slug}/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text().strip("¶ \n") == CASE.data["title"]["th"]
    page.locator(".md-header [hreflang='en']").first.dispatch_event("click")
    page.wait_for_url(f"{site_url}/en/cases/{CASE.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().strip("¶ \n") == CASE.data["title"]["en"]
    page.locator(".md-header [hreflang='th']").first.dispatch_event("click")
    page.wait_for_url(f"{site_url}/cases/{CASE.slug}/")


def test_thai_text_uses_the_shipped_sarabun_font(page, site_url):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{site_url}/cases/{CASE.slug}/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'โรงเรียน')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Sarabun') && f.status == 'loaded').length"
    )
    assert loaded >= 1
    outside = [u for u in fetched if not u.startswith(site_url) and not u.startswith("data:")]
    assert outside == []


def test_case_page_fits_a_phone_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_url}/cases/{CASE.slug}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0
