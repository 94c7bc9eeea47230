"""Counts stay true as the archive grows (issue 12): on a synthetic archive of a few hundred cases
(benchmarks/synthetic.py), the number of results for common Thai and English words is the number of pages that
contain them. The Pagefind index this replaced returned 125 of the 174 pages holding ความร่วมมือ at 100 cases
per language, and 0 of 2 for อาหารกลางวัน.

"Contain" is judged on each page's article text read straight from the built HTML: Thai as written, Latin as a
whole word (plural endings aside)."""

from __future__ import annotations

import functools
import sys
import threading

import pytest
from conftest import REPO, _QuietHandler, _QuietServer, cli
from edupartners.search.reader import Reader
from test_search import _search
from test_search_precision import _ARTICLE, contains

sys.path.insert(0, str(REPO))
from benchmarks.synthetic import make_archive  # noqa: E402

CASES_PER_LANGUAGE = 150
WORDS = {
    "th": ["ความร่วมมือ", "อาหารกลางวัน", "ชุมชน", "นักเรียน", "โรงเรียน", "การศึกษา", "มูลนิธิ", "สพฐ", "ห้องสมุด", "นครสวรรค์"],
    "en": [
        "community",
        "school",
        "teacher",
        "partnership",
        "library",
        "foundation",
        "nutrition",
        "students",
        "teacher training",
        "online",
    ],
}
IN_THE_BROWSER = {"th": ["ความร่วมมือ", "อาหารกลางวัน"], "en": ["community", "teacher training"]}


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """A built archive of CASES_PER_LANGUAGE cases per language, and a server for it."""
    tmp = tmp_path_factory.mktemp("grown")
    project = make_archive(tmp / "project", CASES_PER_LANGUAGE)
    site = tmp / "site"
    result = cli("--root", str(project), "build", "--site-dir", str(site), "--no-offline")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def holding(grown):
    """lang -> word -> the addresses of the pages whose text contains it."""
    import html
    import re

    site, _ = grown
    texts: dict[str, dict[str, str]] = {"th": {}, "en": {}}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        found = None if rel.startswith(("search/", "assets/")) else _ARTICLE.search(path.read_text("utf-8"))
        if found:
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())
            texts["en" if rel.startswith("en/") else "th"]["/" + rel[: -len("index.html")]] = text
    assert len(texts["th"]) > CASES_PER_LANGUAGE and len(texts["en"]) > CASES_PER_LANGUAGE
    return {
        lang: {w: {url for url, text in texts[lang].items() if contains(text, w)} for w in WORDS[lang]}
        for lang in WORDS
    }


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_that_holds_a_common_word_is_found(grown, holding, lang):
    site, _ = grown
    reader = Reader(site)
    wrong = {}
    for word, pages in holding[lang].items():
        found = {"/" + reader.page(lang, i)["url"] for i in reader.search(lang, word)}
        if found != pages:
            wrong[word] = (len(found), len(pages), sorted(pages - found)[:3], sorted(found - pages)[:3])
    assert all(len(pages) > 1 for pages in holding[lang].values())  # common words, on many pages
    assert not wrong, wrong  # word: (found, holding, missed, invented)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_count_shown_is_the_number_of_pages_that_hold_the_words(page, grown, holding, lang):
    _, url = grown
    prefix = "/" if lang == "th" else "/en/"
    for word in IN_THE_BROWSER[lang]:
        urls = _search(page, f"{url}{prefix}", word)
        count = int(page.locator("[data-ep-search]").get_attribute("data-ep-count"))
        assert count == len(holding[lang][word]), word
        assert count < 2 or str(count) in page.locator(".md-search-result__meta").inner_text()
        assert all(u.startswith("/en/") == (lang == "en") for u in urls)
        assert set(urls) <= holding[lang][word]
