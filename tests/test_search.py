"""Search (issue 4): Thai and English queries typed into the real built site in Chromium, plus unit tests of the
Thai segmentation that feeds the Pagefind index (scripts/edupartners/search.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from edupartners import search

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text("utf-8"))
TOP = 10  # the expected page must be among the results the UI shows


# ----------------------------------------------------------------------------------------------- unit

@pytest.fixture(scope="module")
def segmenter(repo):
    return search.ThaiSegmenter(search.custom_words(repo))


def test_custom_dictionary_holds_the_projects_names(repo):
    words = search.custom_words(repo)
    assert {"นครสวรรค์", "แม่ฮ่องสอน", "กรุงเทพมหานคร"} <= words  # provinces (pycountry + vocab)
    assert "ร้อยพลังการศึกษา" in words  # a programme from vocab/programmes.yaml
    assert all(" " not in w for w in words)


def test_proper_nouns_are_not_split(segmenter):
    tokens = segmenter.tokens("โรงเรียนพยุหะพิทยาคมจังหวัดนครสวรรค์")
    assert any("พยุหะพิทยาคม" in t for t in tokens) and "นครสวรรค์" in tokens
    assert "พยุหะพิทยาคม" in segmenter.words  # the school's name without โรงเรียน is a word too


def test_index_copy_finds_inner_words(segmenter):
    text = segmenter.index_text("ลดความเหลื่อมล้ำทางการศึกษา")
    words = text.replace(search.OPEN, " ").replace(search.CLOSE, " ").replace(search.SEP, " ").split()
    assert {"ลด", "ความเหลื่อมล้ำ", "เหลื่อมล้ำ", "การศึกษา", "ศึกษา"} <= set(words)


def test_index_copy_hides_marks_and_repeats_but_keeps_the_text(segmenter):
    text = "ชุมชนเข้มแข็ง " * 5
    copy = segmenter.index_text(text, {})  # {} = one page's counts
    shown = re.sub(f"{search.OPEN}[^{search.CLOSE}]*{search.CLOSE}", "", search.reveal(copy))
    assert shown.replace(search.SEP, "").split() == text.split()  # excerpts read as written
    assert not search.THAI_MARKS.search(copy)  # marks hidden: Pagefind keeps one, mark-free form of each word
    indexed = [re.sub("[\u2e00-\u2e4f]", "", w) for w in copy.replace(search.SEP, " ").split()]
    assert indexed.count("ชมชน") == search.MAX_PER_PAGE  # what Pagefind indexes; later repeats: index-only


def test_query_segmentation_uses_the_index_vocabulary(segmenter):
    segmenter.index_text("หลักสูตรท้องถิ่นเพื่อนักเรียนในชุมชน")
    words = search.segment_query("หลักสูตรท้องถิ่น", segmenter.atoms)  # the finest words the index knows
    assert len(words) >= 2 and "".join(words) == "หลักสูตรท้องถิ่น" and all(w in segmenter.atoms for w in words)
    assert search.segment_query("ชุมชน online", segmenter.atoms) == ["ชุมชน", "online"]


def test_patch_fails_loudly_on_an_unknown_bundle(tmp_path):
    for name in search.PATCHED_FILES:
        (tmp_path / name).write_text("no segmentation list here", "utf-8")
    with pytest.raises(search.SearchBuildError):
        search.patch_bundle(tmp_path)


# ----------------------------------------------------------------------------------------------- built site

def test_build_writes_one_index_per_language_and_no_material_index(built_site):
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"th", "en"}
    assert entry["languages"]["th"]["page_count"] > 5 and entry["languages"]["en"]["page_count"] > 5
    assert not (built_site / "search" / "search_index.json").exists()
    assert (built_site / "pagefind" / "thai" / "e01.txt").is_file()
    assert '["zh","ja"]' in (built_site / "pagefind" / "pagefind.js").read_text("utf-8")


def test_pages_do_not_load_search_until_asked(built_site):
    page = (built_site / "index.html").read_text("utf-8")
    assert "pagefind.js" not in page and '<script src="partials/ep-search.js"' not in page
    assert "data-ep-search" in page


def _search(page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.locator("label.md-header__button[for=__search]").first.click() if page.locator(
        ".md-search__input").is_hidden() else None
    box = page.locator("[data-ep-search]")
    field = page.locator(".md-search__input")
    field.fill(query)
    field.press("Enter")
    page.wait_for_function(
        "q => { const b = document.querySelector('[data-ep-search]');"
        " return b.dataset.epState === 'done' || b.dataset.epState === 'error'; }", arg=query, timeout=15000)
    assert box.get_attribute("data-ep-state") == "done", page.locator(".md-search-result__meta").inner_text()
    return page.eval_on_selector_all("[data-ep-url]", "els => els.map(e => e.getAttribute('data-ep-url'))")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["th", "en"])
def test_queries_find_their_pages_in_the_readers_language(page, site_url, lang):
    prefix = "/" if lang == "th" else "/en/"
    missed = []
    for item in QUERIES[lang]:
        urls = _search(page, f"{site_url}{prefix}", item["query"])
        assert urls, f"no results for {item['query']!r}"
        for url in urls:  # results stay in the language of the page the reader is on
            assert url.startswith("/en/") == (lang == "en"), (item["query"], url)
        if f"{prefix}{item['page']}" not in urls[:TOP]:
            missed.append((item["query"], item["page"], urls[:TOP]))
    assert not missed, "\n".join(f"{q!r} -> {p}: got {u[:4]}" for q, p, u in missed)


@pytest.mark.browser
def test_search_ui_speaks_the_page_language(page, site_url):
    page.goto(f"{site_url}/")
    assert page.locator(".md-search__input").get_attribute("placeholder") == "ค้นหา"
    _search(page, f"{site_url}/", "ไม่มีคำนี้ในคลังแน่นอนxyz")
    th_none = page.locator(".md-search-result__meta").inner_text()
    _search(page, f"{site_url}/en/", "zzzqqqnotaword")
    en_none = page.locator(".md-search-result__meta").inner_text()
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in th_none)
    assert en_none.isascii() and en_none


@pytest.mark.browser
def test_excerpts_hide_the_index_only_text(page, site_url):
    _search(page, f"{site_url}/", "เหลื่อมล้ำ")
    text = page.locator(".md-search-result__list").inner_text()
    assert "เหลื่อมล้ำ" in text
    assert search.OPEN not in text and search.CLOSE not in text and search.SEP not in text


@pytest.mark.browser
def test_nothing_is_fetched_from_outside_the_site(page, site_url):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(site_url) or r.url.startswith("data:")
            else outside.append(r.url))
    _search(page, f"{site_url}/", "ชุมชน")
    assert not outside


# ----------------------------------------------------------------------------------------------- download size

def test_dictionary_is_split_by_prefix_and_the_query_files_hold_every_word_it_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "DICT_BUCKET_BYTES", 300)
    schools = [f"โรงเรียน{name}" for name in ("บ้านนา", "บ้านดอน", "บ้านไร่", "วัดใหม่", "วัดเก่า", "ชุมชนบ้านโคก",
                                             "ชุมชนบ้านหนอง", "พยุหะพิทยาคม", "นครสวรรค์", "ราษฎร์บำรุง")]
    words = set(schools) | {"โรงเรียน", "โรง", "เรียน", "บ้าน", "ชุมชน", "วัด", "ใหม่", "นา", "ดอน", "ไร่"}
    count = search.write_dictionary(tmp_path, words)
    assert count == len(words)
    split = (tmp_path / search.MANIFEST).read_text("utf-8").split("\n")
    assert split and all(len(p) > 1 for p in split)  # the โ file was too large and has been split
    files = {p.name: p.read_text("utf-8").split("\n") for p in tmp_path.glob("*.txt") if p.name != search.MANIFEST}
    stored = [w for ws in files.values() for w in ws if w]
    assert sorted(stored) == sorted(words)  # every word in exactly one file
    assert all(f"{ord(c):x}.txt" in files for c in search.STARTERS)  # no 404 for any first letter
    for prefix in split:  # the files a split prefix names exist, and stay under the limit when they can
        assert search.bucket_name(prefix) in files
    assert max(len("\n".join(ws).encode()) for ws in files.values()) <= search.DICT_BUCKET_BYTES
    for query in ("โรงเรียนวัดใหม่", "ชุมชนบ้านโคก", "บ้านนาโรงเรียนพยุหะพิทยาคม", "โรงเรียน"):
        needed = search.dictionary_files(query, split)
        assert set(needed) <= set(files)
        loaded = {w for name in needed for w in files[name] if w}
        assert search.segment_query(query, loaded) == search.segment_query(query, words), query
        assert len(needed) < len(files)  # a query fetches only part of the dictionary


def test_bucket_names_are_short_and_match_the_browser():
    assert search.bucket_name("โ") == "e42.txt" and search.bucket_name("โรง") == "e42-2307.txt"
    script = (Path(__file__).parents[1] / "overrides" / "partials" / "ep-search.js").read_text("utf-8")
    assert "thai/split.txt" in script and search.MANIFEST == "split.txt"


def test_english_pages_index_a_word_at_most_a_few_times(segmenter):
    body = " ".join(["school community"] * 20) + " Tom &amp; Jerry"
    page = ('<html lang="en"><body><article class="md-content__inner md-typeset">'
            f"<h1>Title</h1><p>{body}</p></article></body></html>")
    copy = search.index_copy(page, segmenter)
    text = re.search(r"<p>(.*)</p>", copy).group(1)
    assert search.reveal(text) == body  # excerpts read as written
    assert text.split().count("school") == search.MAX_LATIN_PER_PAGE  # later ones: not indexed by Pagefind
    assert "&amp;" in text
    thai_page = page.replace('lang="en"', 'lang="th"')  # on Thai pages hidden Latin words would be junk words
    assert re.search(r"<p>(.*)</p>", search.index_copy(thai_page, segmenter)).group(1) == body


def test_repeated_page_furniture_is_not_indexed():
    assert {".ep-actions", ".ep-contribute", ".ep-seed"} <= set(search.EXCLUDE_SELECTORS)


@pytest.mark.browser
def test_first_result_needs_one_fragment_and_only_the_dictionary_files_it_names(page, site_url, built_site):
    split = (built_site / "pagefind" / "thai" / search.MANIFEST).read_text("utf-8").split("\n")
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site_url}/")
    if page.locator(".md-search__input").is_hidden():
        page.locator("label.md-header__button[for=__search]").first.click()
    page.evaluate("""() => { const box = document.querySelector('[data-ep-search]');
      new MutationObserver((_, o) => { if (box.hasAttribute('data-ep-first')) {
        window.epAtFirst = performance.getEntriesByType('resource').map(e => e.name); o.disconnect(); } })
      .observe(box, {attributes: true}); }""")
    query = "โรงเรียนร่วมพัฒนา"
    field = page.locator(".md-search__input")
    field.fill(query)
    field.press("Enter")
    page.wait_for_function("() => document.querySelector('[data-ep-search]').dataset.epState === 'done'", timeout=15000)
    assert page.locator("[data-ep-url]").count() > 1
    at_first = page.evaluate("window.epAtFirst")
    assert sum("/fragment/" in u for u in at_first) == 1  # the other results' texts come after the first is shown
    thai = {u.rsplit("/", 1)[1] for u in requested if "/pagefind/thai/" in u and not u.endswith(search.MANIFEST)}
    assert thai and thai <= set(search.dictionary_files(query, split))
