"""Search (issues 4 and 12): the Thai cut and the index (scripts/edupartners/search/), and Thai and English queries
typed into the real built site in Chromium. Precision, keyboard use, parity with the browser and counts on a grown
archive have their own files (tests/test_search_*.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from edupartners import search
from edupartners.search import names, pages, store, thai, words
from edupartners.search.reader import Reader

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text("utf-8"))
TOP = 10  # the expected page must be among the results the UI shows


# ----------------------------------------------------------------------------------------------- unit


@pytest.fixture(scope="module")
def dictionary(repo, built_site):
    return search.build.project_words(repo, built_site)[0]


def test_dictionary_holds_the_projects_names(dictionary):
    assert {"นครสวรรค์", "แม่ฮ่องสอน", "กรุงเทพมหานคร"} <= dictionary.atoms  # provinces, never split
    assert "ร้อยพลังการศึกษา" in dictionary.names  # a programme (vocab/programmes.yaml)
    assert "อีสาน" in dictionary.words and "ออลล์" in dictionary.names  # aliases (vocab/*.yaml `aliases`)
    assert all(thai.THAI_WORD.match(w) for w in dictionary.words)


def test_unknown_letters_stay_one_word():
    small = thai.Dictionary(base=["โรงเรียน", "ขนาด", "เล็ก", "ชุมชน"])
    assert small.cut("โรงเรียนกขคงจชุมชน") == ["โรงเรียน", "กขคงจ", "ชุมชน"]
    assert small.cut("ขนาดเล็ก") == ["ขนาด", "เล็ก"]
    # a word never starts after a leading vowel nor before a vowel sign: ดิน is not cut out of เดิน, nor เข of เขา
    assert thai.Dictionary(base=["ดิน"]).cut("เดิน") == ["เดิน"]
    assert thai.Dictionary(base=["เข"]).cut("เขา") == ["เขา"]


def test_proper_nouns_and_words_the_dictionary_knows_are_not_shattered(dictionary):
    assert dictionary.cut("โรงเรียนขนาดเล็ก") == ["โรงเรียน", "ขนาดเล็ก"]  # not โรง เรียน ข น าดเล็ก ก
    assert "พยุหะพิทยาคม" in dictionary.cut("โรงเรียนพยุหะพิทยาคมจังหวัดนครสวรรค์") or "โรงเรียนพยุหะพิทยาคม" in dictionary.cut(
        "โรงเรียนพยุหะพิทยาคมจังหวัดนครสวรรค์"
    )
    assert "นครสวรรค์" in dictionary.cut("โรงเรียนพยุหะพิทยาคมจังหวัดนครสวรรค์")


def test_the_index_holds_the_words_inside_a_word_only_where_readers_would_call_them_words(dictionary):
    assert "เหลื่อมล้ำ" in dictionary.terms("ความเหลื่อมล้ำ")  # a productive prefix: ความ + word
    assert "การศึกษา" in dictionary.terms("ปีการศึกษา") and "ศึกษา" in dictionary.terms("ปีการศึกษา")
    assert "พยุหะพิทยาคม" in dictionary.terms("โรงเรียนพยุหะพิทยาคม")  # a name: its parts
    assert "แม่ฮ่องสอน" in dictionary.terms("สมาคมพัฒนาการศึกษาจังหวัดแม่ฮ่องสอน")
    for word, inside in (
        ("จังหวัด", "หวัด"),
        ("มูลนิธิ", "มูล"),
        ("ออนไลน์", "ไลน์"),
        ("ข้อมูล", "มูล"),
        ("นครสวรรค์", "สวรรค์"),
        ("เครือข่าย", "ข่าย"),
    ):
        assert inside not in dictionary.terms(word), word  # a query for หวัด must not find จังหวัด


def test_latin_words_lose_only_a_plural_ending():
    assert [words.stem(w) for w in ("schools", "studies", "boxes", "classes", "cases", "bus", "this", "2019")] == [
        "school",
        "study",
        "box",
        "class",
        "case",
        "bus",
        "this",
        "2019",
    ]


def test_query_terms(dictionary):
    assert words.query_terms("สพฐ ชุมชน", dictionary) == ["สพฐ", "ชุมชน"]
    assert words.query_terms("Education  SANDBOX, sandboxes", dictionary) == ["education", "sandbox"]
    assert words.query_terms("สินค้าชุมชน", dictionary) == ["สินค้า", "ชุมชน"]
    assert words.query_terms("7-Eleven", dictionary) == ["7", "eleven"]
    assert words.query_terms("  ", dictionary) == []


def test_page_text_is_the_text_a_reader_sees():
    html = (
        '<html lang="th"><body><nav>เมนู</nav><article class="md-content__inner md-typeset">'
        '<h1>ชื่อเรื่อง<a class="headerlink" href="#x">¶</a></h1><p>ย่อหน้าแรก<sup class="ep-cite">[1]</sup></p>'
        '<p>ย่อหน้า&amp;สอง</p><p class="ep-actions"><button>พิมพ์</button></p><script>x()</script>'
        "</article><footer>ท้าย</footer></body></html>"
    )
    page = pages.read_page(html, "cases/x/")
    assert (page.title, page.lang, page.listing) == ("ชื่อเรื่อง", "th", False)
    assert page.text == "ชื่อเรื่อง ย่อหน้าแรก ย่อหน้า&สอง"
    assert pages.read_page(html, "en/browse/x/").listing and pages.read_page(html, "en/browse/x/").lang == "en"
    assert pages.read_page("<html><body>redirect</body></html>", "x/") is None


# ----------------------------------------------------------------------------------------------- dictionary files


def test_dictionary_is_split_by_prefix_and_the_query_files_hold_every_word_it_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "DICT_BUCKET_BYTES", 300)
    schools = [
        f"โรงเรียน{name}"
        for name in (
            "บ้านนา",
            "บ้านดอน",
            "บ้านไร่",
            "วัดใหม่",
            "วัดเก่า",
            "ชุมชนบ้านโคก",
            "ชุมชนบ้านหนอง",
            "พยุหะพิทยาคม",
            "นครสวรรค์",
            "ราษฎร์บำรุง",
        )
    ]
    known = set(schools) | {"โรงเรียน", "โรง", "เรียน", "บ้าน", "ชุมชน", "วัด", "ใหม่", "นา", "ดอน", "ไร่"}
    assert store.write_dictionary(tmp_path, known) == len(known)
    split = (tmp_path / store.MANIFEST).read_text("utf-8").split("\n")
    assert split and all(len(p) > 1 for p in split)  # the โ file was too large and has been split
    files = {p.name: p.read_text("utf-8").split("\n") for p in tmp_path.glob("*.txt") if p.name != store.MANIFEST}
    stored = [w for ws in files.values() for w in ws if w]
    assert sorted(stored) == sorted(known)  # every word in exactly one file
    assert all(f"{ord(c):x}.txt" in files for c in thai.STARTERS)  # no 404 for any first letter
    assert all(store.bucket_name(prefix) in files for prefix in split)
    assert max(len("\n".join(ws).encode()) for ws in files.values()) <= store.DICT_BUCKET_BYTES
    full = thai.Dictionary(base=known)
    for query in ("โรงเรียนวัดใหม่", "ชุมชนบ้านโคก", "บ้านนาโรงเรียนพยุหะพิทยาคม", "โรงเรียน"):
        needed = store.dictionary_files(query, split)
        assert set(needed) <= set(files) and len(needed) < len(files)  # only part of the dictionary
        loaded = thai.Dictionary(base={w for name in needed for w in files[name] if w})
        assert loaded.cut(query) == full.cut(query), query


def test_file_names_and_hashes_match_the_browser():
    assert store.bucket_name("โ") == "e42.txt" and store.bucket_name("โรง") == "e42-2307.txt"
    assert store.fnv("") == 0x811C9DC5 and store.fnv("a") == 0xE40C292C  # FNV-1a test vectors
    script = (Path(__file__).parents[1] / "overrides" / "partials" / "ep-search.js").read_text("utf-8")
    assert "thai/split.txt" in script and store.MANIFEST == "split.txt" and "0x01000193" in script


# ----------------------------------------------------------------------------------------------- built site


def test_build_writes_one_index_per_language_and_nothing_else(built_site):
    meta = json.loads((built_site / "search" / "meta.json").read_text("utf-8"))
    assert meta["th"]["pages"] > 5 and meta["en"]["pages"] > 5 and len(meta["v"]) == 12
    reader = Reader(built_site)
    urls = {lang: [reader.page(lang, i)["url"] for i in range(meta[lang]["pages"])] for lang in ("th", "en")}
    assert all(u.startswith("en/") for u in urls["en"]) and not any(u.startswith("en/") for u in urls["th"])
    assert (built_site / "search" / "thai" / "e01.txt").is_file()
    assert not (built_site / "pagefind").exists() and not (built_site / "search" / "search_index.json").exists()


def test_pages_do_not_load_search_until_asked(built_site):
    page = (built_site / "index.html").read_text("utf-8")
    assert "meta.json" not in page and '<script src="partials/ep-search.js"' not in page
    assert "data-ep-search" in page


def _open_search(page):
    if page.locator(".md-search__input").is_hidden():
        page.locator("label.md-header__button[for=__search]").first.click()


def _search(page, url: str, query: str) -> list[str]:
    """Type a query into the real search box; the result addresses, in order (the first page of results)."""
    page.goto(url)
    _open_search(page)
    field = page.locator(".md-search__input")
    field.fill(query)
    field.press("Enter")
    page.wait_for_function(
        "() => ['done', 'error'].includes(document.querySelector('[data-ep-search]').dataset.epState)", timeout=15000
    )
    box = page.locator("[data-ep-search]")
    assert box.get_attribute("data-ep-state") == "done", page.locator(".md-search-result__meta").inner_text()
    return page.eval_on_selector_all("[data-ep-url]", "els => els.map(e => e.getAttribute('data-ep-url'))")


def _all_results(page, limit: int = TOP) -> list[str]:
    """After _search: press "more" until `limit` results are shown (or there are no more)."""
    while page.locator("[data-ep-url]").count() < limit and page.locator(".ep-more__button").count():
        shown = page.locator("[data-ep-url]").count()
        page.locator(".ep-more__button").click()
        page.wait_for_function("n => document.querySelectorAll('[data-ep-url]').length > n", arg=shown)
    return page.eval_on_selector_all("[data-ep-url]", "els => els.map(e => e.getAttribute('data-ep-url'))")[:limit]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["th", "en"])
def test_queries_find_their_pages_in_the_readers_language(page, site_url, lang):
    prefix = "/" if lang == "th" else "/en/"
    missed = []
    for item in QUERIES[lang]:
        urls = _search(page, f"{site_url}{prefix}", item["query"])
        assert urls, f"no results for {item['query']!r}"
        urls = _all_results(page)
        for url in urls:  # results stay in the language of the page the reader is on
            assert url.startswith("/en/") == (lang == "en"), (item["query"], url)
        if f"{prefix}{item['page']}" not in urls:
            missed.append((item["query"], item["page"], urls))
    assert not missed, "\n".join(f"{q!r} -> {p}: got {u[:4]}" for q, p, u in missed)


@pytest.mark.browser
def test_search_ui_speaks_the_page_language(page, site_url):
    page.goto(f"{site_url}/")
    assert page.locator(".md-search__input").get_attribute("placeholder") == "ค้นหา"
    _search(page, f"{site_url}/", "ไม่มีคำนี้ในคลังแน่นอนxyz")
    th_none = page.locator(".md-search-result__meta").inner_text()
    _search(page, f"{site_url}/en/", "zzzqqqnotaword")
    en_none = page.locator(".md-search-result__meta").inner_text()
    assert th_none.startswith("ไม่พบ") and "ไม่มีคำนี้ในคลังแน่นอนxyz" in th_none
    assert en_none.startswith("Nothing found") and "zzzqqqnotaword" in en_none


@pytest.mark.browser
def test_excerpts_are_cut_from_the_pages_own_text_with_the_match_highlighted(page, site_url, built_site):
    reader = Reader(built_site)
    texts = {"/" + reader.page("th", i)["url"]: reader.page("th", i)["text"] for i in range(reader.meta["th"]["pages"])}
    for query in ("เหลื่อมล้ำ", "ความร่วมมือ", "สินค้าชุมชน"):
        urls = _search(page, f"{site_url}/", query)
        assert urls
        for item in page.locator("[data-ep-url]").all():
            shown = item.locator("p").inner_text().removeprefix("… ").removesuffix(" …")
            assert shown in texts[item.get_attribute("data-ep-url")], (query, shown)  # no inserted spaces
            marked = item.locator("mark").all_inner_texts()
            assert marked and set(marked) <= set(words.query_terms(query, reader.thai)), (query, marked)


@pytest.mark.browser
def test_nothing_is_fetched_from_outside_the_site(page, site_url):
    outside = []
    page.on(
        "request", lambda r: None if r.url.startswith(site_url) or r.url.startswith("data:") else outside.append(r.url)
    )
    _search(page, f"{site_url}/", "ชุมชน")
    assert not outside


@pytest.mark.browser
def test_first_result_needs_one_page_file_and_only_the_dictionary_files_it_names(page, site_url, built_site):
    split = (built_site / "search" / "thai" / store.MANIFEST).read_text("utf-8").split("\n")
    requested = []
    page.on("request", lambda r: requested.append(r.url.split("?")[0]))
    page.goto(f"{site_url}/")
    _open_search(page)
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
    at_first = page.evaluate("() => window.epAtFirst")
    assert sum("/search/th/p/" in u for u in at_first) == 1  # the other results' pages come after the first is shown
    fetched = {u.rsplit("/", 1)[1] for u in requested if "/search/thai/" in u and not u.endswith(store.MANIFEST)}
    assert fetched and fetched <= set(store.dictionary_files(query, split))


def test_aliases_are_names_on_the_pages_of_their_entries(repo, built_site):
    table = names.page_names(names.load(repo, built_site))
    assert "อีสาน" in table["browse/region/northeast/"]
    assert any("อีสาน" in found for url, found in table.items() if url.startswith("cases/"))
    assert "ซีพี ออลล์" in table["browse/organisation/cp-all/"]
