"""The downloadable offline copy opens from the file system, and says that search needs the online site."""

from __future__ import annotations

import zipfile

import pytest
from conftest import real_archive
from edupartners import bundle

ARCHIVE, _ = real_archive()


@pytest.fixture(scope="module")
def unpacked(built_site, tmp_path_factory):
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / "downloads" / bundle.BUNDLE_NAME) as archive:
        assert all(not name.startswith(("/", "..")) and ".." not in name.split("/") for name in archive.namelist())
        archive.extractall(target)
    return target / "education-partners"


def test_offline_copy_holds_every_case_as_a_plain_file(unpacked):
    for case in ARCHIVE.cases:
        assert (unpacked / "cases" / f"{case.slug}.html").is_file()
        assert (unpacked / "en" / "cases" / f"{case.slug}.html").is_file()


@pytest.mark.browser
def test_a_case_opens_from_file_url_with_styles_and_working_links(page, unpacked):
    case = ARCHIVE.cases[0]
    page.goto((unpacked / "cases" / f"{case.slug}.html").as_uri())
    assert page.locator("h1").inner_text().strip("¶ \n") == case.data["title"]["th"]
    assert page.evaluate("getComputedStyle(document.querySelector('.ep-facts')).borderLeftStyle") == "solid"
    assert "ออฟไลน์" in page.locator(".md-banner").inner_text()
    assert not page.locator(".md-search").is_visible()
    with page.expect_navigation():
        page.locator(".md-header [hreflang='en']").first.dispatch_event("click")
    assert page.url.endswith(f"/en/cases/{case.slug}.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "search does not work here" in page.locator(".md-banner").inner_text()


@pytest.mark.browser
def test_print_button_and_a4_print_layout(page, site_url):
    case = ARCHIVE.cases[0]
    page.goto(f"{site_url}/en/cases/{case.slug}/")
    assert page.locator(".ep-print").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".ep-print").is_visible()
    assert page.locator(".ep-sources li").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
