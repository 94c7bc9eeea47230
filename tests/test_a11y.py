"""Accessibility: axe-core, run in Debian's Chromium, finds no serious or critical problem on the pages a reader uses.

axe-core comes from the PyPI package axe-playwright-python, which ships axe.min.js inside the wheel: nothing is
fetched at test time. Every page is checked in both languages and in both colour schemes (the site follows the
reader's light/dark preference).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import real_archive

pytestmark = pytest.mark.browser

ARCHIVE, _ = real_archive()
BLOCKING = ("serious", "critical")
SCHEMES = {"light": "default", "dark": "slate"}  # Playwright colour scheme -> Material's data-md-color-scheme


def _pages() -> list[str]:
    pages = ["", "cases/", "tools/", "browse/", "browse/map/", "browse/timeline/", "open-data/", "data/dictionary/"]
    if ARCHIVE.cases:
        pages.append(f"cases/{ARCHIVE.cases[0].slug}/")
    if ARCHIVE.tools:
        pages.append(f"tools/{ARCHIVE.tools[0].slug}/")
    return pages


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _run(axe, page) -> list[dict]:
    # colours in mid-transition (the theme animates the search overlay and the colour scheme) are not what a reader
    # reads: let every running animation and transition finish first
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)"
        ".map(a => a.finished.catch(() => null)))"
    )
    return axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) on {len(v['nodes'])} element(s)")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[1:2]}")
    return "\n".join(lines)


def test_axe_core_is_shipped_with_the_package(axe):
    from axe_playwright_python import base

    script = Path(base.AXE_FILE_PATH)
    assert script.is_file() and script.stat().st_size > 100_000
    assert script.read_text("utf-8", errors="replace").startswith("/*! axe v4")


def test_axe_finds_a_known_problem(browser, axe):
    """The check can fail: an image without alt text and a nameless button are critical."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></body></html>'
    )
    ids = {v["id"] for v in _run(axe, page) if v["impact"] in BLOCKING}
    context.close()
    assert {"image-alt", "button-name"} <= ids


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("rel", _pages())
def test_no_serious_or_critical_violations(browser, site_url, axe, rel, lang, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((site_url, "data:")) else None)
    url = f"{site_url}/{'' if lang == 'th' else 'en/'}{rel}"
    page.goto(url)
    page.evaluate("document.fonts.ready")
    try:
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        violations = _run(axe, page)
    finally:
        context.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{url} ({scheme}):\n{_describe(blocking)}"
    assert outside == [], outside
