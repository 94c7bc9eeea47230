"""The browser cuts a query the way the index was cut (issue 12): ep-search.js `terms`, running in Chromium on the
built site with the dictionary files it fetches, gives the same words as search/words.py `query_terms`, and a
run of Thai gives the very words the index holds for that run (thai.Dictionary.cut). Checked on every Thai run of
the real site and on queries made to be awkward."""

from __future__ import annotations

import pytest
from edupartners.search import thai, words
from edupartners.search.reader import Reader
from test_search import QUERIES, _open_search

AWKWARD = [
    "โรงเรียนขนาดเล็ก",
    "ฟุตบอล",
    "ซีพีออลล์",
    "ซีพี ออลล์",
    "Education SANDBOX",
    "7-Eleven",
    "schools' boxes",
    "ก" + "\u0e48" * 9 + "ข",
    "เดิน",
    "เขา",
    "กขคงจฉ",
    "ชุมชนกขคงจ",
    "พยุหะพิทยาคม",
    "แม่ฮ่องสอน2567",
    "ปีการศึกษา 2562",
    "ๆ ฯ ฯลฯ",
    "ครูผู้สอนภาษาอังกฤษ",
    "studies in Mae Hong Son",
    "ำาะ",
    "ไไไ",
    "\u212aelvin İstanbul ＳＣＨＯＯＬ café",
]


def _browser_terms(page, site_url: str, queries: list[str]) -> list[list[str]]:
    page.goto(f"{site_url}/")
    _open_search(page)
    page.locator(".md-search__input").focus()
    page.wait_for_function("() => !!document.querySelector('[data-ep-search]').epTerms")
    return page.evaluate(
        "qs => Promise.all(qs.map(q => document.querySelector('[data-ep-search]').epTerms(q)))", queries
    )


@pytest.mark.browser
def test_the_browser_cuts_every_thai_run_of_the_site_as_the_index_did(page, site_url, built_site):
    reader = Reader(built_site)  # the dictionary as the browser gets it: read back from the written files
    runs = sorted(
        {
            run
            for lang in ("th", "en")
            for i in range(reader.meta[lang]["pages"])
            for run in thai.THAI.findall(words.normal(reader.page(lang, i)["text"]))
        }
    )
    assert len(runs) > 500
    got = _browser_terms(page, site_url, runs)
    different = [(run, js) for run, js in zip(runs, got) if js != list(dict.fromkeys(reader.thai.cut(run)))]
    assert not different, different[:10]


@pytest.mark.browser
def test_the_browser_and_python_give_the_same_terms_for_queries(page, site_url, built_site):
    reader = Reader(built_site)
    queries = AWKWARD + [q["query"] for lang in ("th", "en") for q in QUERIES[lang]]
    got = _browser_terms(page, site_url, queries)
    different = [
        (q, js, words.query_terms(q, reader.thai))
        for q, js in zip(queries, got)
        if js != words.query_terms(q, reader.thai)
    ]
    assert not different, different


def test_the_dictionary_the_browser_gets_is_the_one_the_index_used(built_site, repo):
    from edupartners.search.build import project_words

    assert Reader(built_site).thai.words == project_words(repo, built_site)[0].words
