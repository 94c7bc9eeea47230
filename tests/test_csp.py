"""The Content-Security-Policy: on every built page, enforced by Chromium with zero violations on the real site
(home, a case, map, timeline, the cases index, search open with results, the offline copy), and blocking what it
is there to block."""

from __future__ import annotations

import re

import pytest
from test_offline import unpacked  # noqa: F401  (fixture: the offline copy, unpacked)
from test_search import _search

WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));"
)


def test_every_built_page_has_the_policy_first_in_its_head(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text("utf-8")
        head = re.search(r"<head[^>]*>\s*(<meta[^>]*>)", html)
        assert head and 'http-equiv="Content-Security-Policy"' in head.group(1), path
        policy = head.group(1)
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, path
        for part in (
            "default-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
            "style-src 'self'",
            "font-src 'self'",
            "img-src 'self' data:",
        ):
            assert part in policy, (path, part)


def _open(browser, url: str, action=None) -> list[str]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if action:
        action(page)
    page.wait_for_timeout(200)
    violations = page.evaluate("window.__csp")
    context.close()
    return violations


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["", "en/", "cases/", "en/cases/eef-equity-partnership/", "browse/map/", "en/browse/timeline/", "tools/"]
)
def test_pages_load_with_zero_violations(browser, site_url, path):
    assert _open(browser, f"{site_url}/{path}") == []


@pytest.mark.browser
@pytest.mark.parametrize("path, query", [("", "โรงเรียน"), ("en/", "school")])
def test_search_with_results_runs_under_the_policy(browser, site_url, path, query):
    def search(page):
        assert _search(page, f"{site_url}/{path}", query)

    assert _open(browser, f"{site_url}/{path}", search) == []


@pytest.mark.browser
def test_the_offline_copy_works_under_the_policy(browser, unpacked):  # noqa: F811
    assert _open(browser, (unpacked / "cases" / "eef-equity-partnership.html").as_uri()) == []


@pytest.mark.browser
def test_the_policy_blocks_an_injected_inline_script_and_a_foreign_stylesheet(browser, site_url):
    """The check can fail: what the policy must refuse, it refuses (and reports)."""

    def inject(page):
        page.evaluate("""() => {
            const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);
            const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = 'https://example.org/x.css';
            document.head.append(l);
        }""")
        assert page.evaluate("window.__ran") is None

    violations = _open(browser, f"{site_url}/en/", inject)
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("style-src") for v in violations), violations
