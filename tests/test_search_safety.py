"""Search safety (scripts/edupartners/search/, overrides/partials/ep-search.js): contributed text stays text in
search results, whatever it looks like, and no text makes indexing slow."""

from __future__ import annotations

import functools
import json
import shutil
import threading

import pytest
from conftest import REPO, _QuietHandler, _QuietServer, cli, copy_project
from edupartners.search import pages, thai, words
from test_search import _search

CASE = "cases/eef-equity-partnership"
WORD = "xylophonequail"  # on the hostile page only
MARKUP = "<img src=x onerror=alert(1)>"
# The markup as pairs of Supplemental Punctuation (U+2E00.., U+2E30..): what the search UI once decoded into HTML.
PAIRS = "".join(chr(0x2E00 + ord(c) // 32) + chr(0x2E30 + ord(c) % 32) for c in MARKUP)
# Shown on the page (and so in excerpts) exactly as this, after Markdown.
SHOWN = f"{WORD} {MARKUP} {PAIRS} {PAIRS[:6]}\u2e2a &lt;b&gt; \u2045kept\u2046 end"
NARRATIVE = (
    f"{WORD} &lt;img src=x onerror=alert(1)&gt; {PAIRS} "
    + "".join(f"&#x{ord(c):X};" for c in PAIRS[:6])
    + "\u2e2a &amp;lt;b&amp;gt; \u2045kept\u2046 end [@seed-000]"
)


# ----------------------------------------------------------------------------------------------- unit


def test_runs_of_combining_marks_are_capped_before_segmentation():
    tone = "\u0e48"
    text = "ก" + tone * 50_000
    capped = thai.cap_marks(text)
    assert capped == "ก" + tone * thai.MAX_MARKS
    assert thai.cap_marks("ที่นี่ก็ได้ผู้ใหญ่") == "ที่นี่ก็ได้ผู้ใหญ่"  # real Thai is untouched
    assert thai.cap_marks("e" + "\u0301" * 9 + "\u20dd" * 9 + "x") == "e" + "\u0301" * 3 + "x"  # Mn and Me
    assert thai.cap_marks("a" + "\U0001d167" * 5 + "b") == "a" + "\U0001d167" * 3 + "b"  # beyond the BMP
    small = thai.Dictionary(base=["ก่อน"])
    assert "".join(words.words(text, small)) == capped  # cutting returns at once (it took minutes uncapped)
    assert thai.words_of(["โรงเรียน" + text]) >= {"โรงเรียน" + capped}
    page = pages.read_page(f'<article class="md-content__inner"><p>{text}</p></article>', "x/")
    assert page.text == capped  # what is indexed and shown


def test_contributed_text_is_read_and_stored_exactly_as_shown():
    html = f'<html lang="en"><body><article class="md-content__inner md-typeset"><h1>T</h1><p>{NARRATIVE}</p></article>'
    page = pages.read_page(html, "en/cases/x/")
    assert page.text == f"T {SHOWN} [@seed-000]"  # entities decoded once, as the browser shows the page
    stored = json.loads(json.dumps({"text": page.text}, ensure_ascii=False))  # the page file (store.py)
    assert stored["text"] == page.text


# ----------------------------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory):
    """The real build of a project whose one case carries text made to turn into markup in search results."""
    tmp = tmp_path_factory.mktemp("hostile")
    root = copy_project(tmp / "project", with_records=False)
    shutil.copytree(REPO / CASE, root / CASE)
    shutil.copytree(REPO / "tools/teach-for-thailand", root / "tools/teach-for-thailand")
    for lang in ("th", "en"):
        path = root / CASE / f"{lang}.md"
        head, sep, rest = path.read_text("utf-8").partition("\n## ")
        head2, sep2, rest2 = rest.partition("\n## ")  # after the first section's text
        path.write_text(head + sep + head2.rstrip("\n") + "\n\n" + NARRATIVE + "\n" + sep2 + rest2, "utf-8")
    site = tmp / "site"
    result = cli("--root", str(root), "build", "--site-dir", str(site), "--no-offline")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_hostile_text_stays_text_in_search_results(page, hostile_site_url, prefix):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    urls = _search(page, f"{hostile_site_url}{prefix}", WORD)
    assert f"{prefix}{CASE}/" in urls
    results = page.locator(".md-search-result__list")
    page.wait_for_timeout(500)  # an onerror would have fired by now
    assert not dialogs
    tags = set(results.evaluate("l => [...l.querySelectorAll('*')].map(e => e.tagName)"))
    assert tags <= {"LI", "A", "ARTICLE", "H1", "P", "MARK", "BUTTON"}, tags
    assert results.locator("img, script, iframe, object, embed, svg").count() == 0
    handlers = results.evaluate(
        "l => [...l.querySelectorAll('*')].flatMap(e => e.getAttributeNames().filter(n => /^on/i.test(n)))"
    )
    assert not handlers
    for href in results.evaluate("l => [...l.querySelectorAll('a')].map(a => a.href)"):
        assert href.startswith(hostile_site_url + "/")
    excerpt = page.locator(f"[data-ep-url='{prefix}{CASE}/'] p").inner_text()
    assert SHOWN in excerpt.replace("\n", " ")  # the hostile text, as literal text, exactly as on the page
    assert results.locator("mark").first.inner_text().lower().startswith(WORD)


@pytest.mark.browser
def test_a_result_that_does_not_link_to_this_site_is_not_shown(page, hostile_site_url, tmp_path):
    """The page files are ours, but the UI does not trust them: a result whose address would leave the site, or
    use another scheme, is dropped."""
    page.route(
        "**/search/th/p/*.json*",
        lambda route: route.fulfill(
            content_type="application/json",
            body=json.dumps({"url": "javascript:alert(1)//", "title": "<b>x</b>", "text": f"{WORD} text"}),
        ),
    )
    page.route(
        "**/search/en/p/*.json*",
        lambda route: route.fulfill(
            content_type="application/json",
            body=json.dumps({"url": "https://example.org/", "title": "x", "text": f"{WORD} text"}),
        ),
    )
    for prefix in ("/", "/en/"):
        assert _search(page, f"{hostile_site_url}{prefix}", WORD) == []
        assert page.locator(".md-search-result__list a").count() == 0
