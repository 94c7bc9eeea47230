"""Search safety (scripts/edupartners/search.py, overrides/partials/ep-search.js): contributed text stays text in
search results, whatever it looks like, and no text makes indexing slow."""
from __future__ import annotations

import functools
import html
import re
import shutil
import threading

import pytest

from conftest import REPO, _QuietHandler, _QuietServer, cli, copy_project
from edupartners import search
from test_search import _search

CASE = "cases/eef-equity-partnership"
WORD = "xylophonequail"  # on the hostile page only
MARKUP = "<img src=x onerror=alert(1)>"
# The markup as pairs of Supplemental Punctuation (U+2E00.., U+2E30..): what the search UI once decoded into HTML.
PAIRS = "".join(chr(0x2E00 + ord(c) // 32) + chr(0x2E30 + ord(c) % 32) for c in MARKUP)
# Shown on the page (and so in excerpts) exactly as this, after Markdown.
SHOWN = f"{WORD} {MARKUP} {PAIRS} {PAIRS[:6]}\u2e2a &lt;b&gt; \u2045kept\u2046 end"
NARRATIVE = (f"{WORD} &lt;img src=x onerror=alert(1)&gt; {PAIRS} "
             + "".join(f"&#x{ord(c):X};" for c in PAIRS[:6]) + "\u2e2a &amp;lt;b&amp;gt; \u2045kept\u2046 end [@seed-000]")


# ----------------------------------------------------------------------------------------------- unit

def test_runs_of_combining_marks_are_capped_before_segmentation():
    tone = "\u0e48"
    text = "ก" + tone * 50_000
    capped = search.cap_marks(text)
    assert capped == "ก" + tone * search.MAX_MARKS
    assert search.cap_marks("ที่นี่ก็ได้ผู้ใหญ่") == "ที่นี่ก็ได้ผู้ใหญ่"  # real Thai is untouched
    assert search.cap_marks("e" + "\u0301" * 9 + "\u20dd" * 9 + "x") == "e" + "\u0301" * 3 + "x"  # Mn and Me
    assert search.cap_marks("a" + "\U0001d167" * 5 + "b") == "a" + "\U0001d167" * 3 + "b"  # beyond the BMP
    seg = search.ThaiSegmenter()
    assert "".join(seg.tokens(text)) == capped  # segmentation returns (it took minutes uncapped)
    assert search.reveal(seg.index_text(text, {})).replace(search.SEP, "") == capped
    assert "".join(search.segment_query(text, seg.atoms)) == capped
    assert search.words_of(["โรงเรียน" + text]) >= {"โรงเรียน" + capped}


def test_contributed_text_is_never_decoded_into_other_characters():
    page = ('<html lang="en"><body><article class="md-content__inner md-typeset"><h1>T</h1>'
            f"<p>{NARRATIVE}</p></article></body></html>")
    text = re.search(r"<p>(.*)</p>", search.index_copy(page, search.ThaiSegmenter())).group(1)
    assert search.reveal(html.unescape(text)) == SHOWN + " [@seed-000]"  # what Pagefind's text reads as
    assert search.hidden("<>&") == "<>&"  # only letters are ever hidden
    assert not set(search.reveal(PAIRS)) & set("<>=() ")  # and a pair decodes only to a letter


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
        "l => [...l.querySelectorAll('*')].flatMap(e => e.getAttributeNames().filter(n => /^on/i.test(n)))")
    assert not handlers
    for href in results.evaluate("l => [...l.querySelectorAll('a')].map(a => a.href)"):
        assert href.startswith(hostile_site_url + "/")
    excerpt = page.locator(f"[data-ep-url='{prefix}{CASE}/'] p").inner_text()
    assert SHOWN in excerpt.replace("\n", " ")  # the hostile text, as literal text, exactly as on the page
    assert results.locator("mark").first.inner_text().lower().startswith(WORD)
