"""The province map (issue 14, item 7): every province in its cited region, no city as a province, no English on
Thai pages, and labels a reader can read on a 360 px phone and on a desktop, in both languages."""

from __future__ import annotations

import copy
import re

import pytest
from conftest import real_archive
from edupartners import facets, provincemap
from edupartners.archive import LANGUAGES, thai_provinces
from edupartners.ui import UI

ARCHIVE, _ = real_archive()
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def draw(archive, lang: str) -> str:
    counts = {code: len(cases) for code, cases in facets.index(archive)["province"].items()}
    return provincemap.draw(archive, counts, lang, lambda facet, key: f"../{facet}/{key}/", UI[lang])


def test_every_province_has_a_region_and_cities_are_not_provinces():
    provinces = provincemap.provinces()
    assert len(provinces) == 77  # 76 provinces and Bangkok
    assert "TH-S" in thai_provinces() and "TH-S" not in provinces  # Pattaya: a city inside Chon Buri
    groups = provincemap.groups(ARCHIVE)
    assert None not in groups, f"provinces without a region: {groups.get(None)}"
    assert sorted(code for codes in groups.values() for code in codes) == provinces


def test_bueng_kan_is_in_the_north_east_with_a_source_that_names_it():
    assert ARCHIVE.region_of("TH-38") == "northeast"
    region = ARCHIVE.vocab["regions"]["northeast"]
    naming = [
        s for s in region["sources"] if "Bueng Kan" in s["description"]["en"] and "บึงกาฬ" in s["description"]["th"]
    ]
    assert naming and all(s["url"].startswith("https://") for s in naming)
    assert ARCHIVE.province_name("TH-38", "th") == "บึงกาฬ"


def test_a_province_no_region_names_is_shown_apart_not_dropped():
    archive = copy.copy(ARCHIVE)
    archive.vocab = copy.deepcopy(ARCHIVE.vocab)
    archive.vocab["regions"]["northeast"]["provinces"].remove("TH-38")
    assert provincemap.groups(archive)[None] == ["TH-38"]
    html = draw(archive, "en")
    assert UI["en"]["no_region"] in html and ">Bueng Kan</li>" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_speaks_only_the_page_language(lang):
    text = re.sub(r"<[^>]+>", " ", draw(ARCHIVE, lang))
    other = r"[A-Za-z]" if lang == "th" else r"[\u0e00-\u0e7f]"
    assert not re.findall(rf"\S*{other}\S*", text)
    assert len(re.findall(r'<li class="ep-map__tile ', draw(ARCHIVE, lang))) == 77


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_labels_are_readable_and_fit_the_screen(browser, site_url, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(f"{site_url}/{'' if lang == 'th' else 'en/'}browse/map/")
    page.evaluate("document.fonts.ready")
    tiles = page.locator(".ep-map__tile")
    assert tiles.count() == 77
    width = VIEWPORTS[viewport]["width"]
    report = page.evaluate("""() => [...document.querySelectorAll('.ep-map__tile')].map(li => {
        const r = li.getBoundingClientRect();
        return {text: li.innerText, size: parseFloat(getComputedStyle(li).fontSize), left: r.left, right: r.right,
                fits: li.scrollWidth <= li.clientWidth + 1, visible: r.width > 0 && r.height > 0};
    })""")
    small = [t["text"] for t in report if t["size"] < 12]
    assert not small, f"labels under 12 px: {small[:5]}"
    assert all(t["visible"] and t["fits"] for t in report), [t["text"] for t in report if not t["fits"]][:5]
    assert all(0 <= t["left"] and t["right"] <= width for t in report)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    blocks = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.ep-map__region')].map(
        b => [b.className.match(/ep-map__region--(\\S+)/)[1], b.getBoundingClientRect().left]))""")
    if viewport == "phone":  # one readable list: every region block starts at the same left edge
        assert len(set(round(x) for x in blocks.values())) == 1
    else:  # a rough map: the north-east sits to the right of the north
        assert blocks["northeast"] > blocks["north"]
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_on_a_phone_has_no_serious_accessibility_problem(browser, site_url, lang):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(f"{site_url}/{'' if lang == 'th' else 'en/'}browse/map/")
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    context.close()
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
