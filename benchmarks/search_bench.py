"""Search benchmark (issues 4 and 12): synthetic archives (benchmarks/synthetic.py) of N cases per language.

Prints, per size: build time without search and the time indexing adds, index size, and for every query in
QUERIES (most of them tuned for nothing: not in tests/search_queries.yaml nor in any test):

* results: the count the UI shows, and the pages that hold every word of the query, read from the built HTML
  (a Thai word as written anywhere, a Latin word as a whole word, plural endings aside): "missed" holding pages
  not found (for Thai, mostly the word inside another word: วัด in จังหวัด), "invented" found pages that do
  not hold it (an alias match counts as invented here);
* bytes before the first result in a fresh browser (every request the page started from focusing search until
  the first result was on screen, by resource timing; gzip-equivalent: each file gzip -6, as any host sends it);
* cold: focusing search to the first result, in a fresh browser; warm: Enter to the first result and to all five
  on screen, in a browser that has run one other search (PRIMER) but never this query, so the query's own files
  are fetched.

Figures are printed, not asserted; dev/search.md records them.

    .venv/bin/python benchmarks/search_bench.py                 # 100 and 2000
    .venv/bin/python benchmarks/search_bench.py 100             # one size
    .venv/bin/python benchmarks/search_bench.py --site S --project P   # a site built before (build --no-search)
    .venv/bin/python benchmarks/search_bench.py --site S --project P --keep-index   # browser figures again
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from edupartners import search  # noqa: E402
from edupartners.search.reader import Reader  # noqa: E402
from edupartners.search.words import query_terms, stem  # noqa: E402

from benchmarks.synthetic import make_archive  # noqa: E402

QUERIES = {  # * = also in tests or in the issue; the rest were tuned for nothing
    "th": [
        "ชุมชน*",
        "ความร่วมมือ*",
        "อาหารกลางวัน*",
        "หลักสูตรท้องถิ่น",
        "ผู้อำนวยการ",
        "งบประมาณ",
        "ทักษะอาชีพ",
        "ผู้ปกครอง",
        "ภาษาอังกฤษ",
        "นวัตกรรม",
        "โภชนาการ",
        "เด็กยากจน",
        "ครู ชุมชน",
        "วัด",
        "นครสวรรค์*",
        "โรงเรียนร่วมพัฒนา*",
        "ฟุตบอล*",
    ],
    "en": [
        "community*",
        "teacher training*",
        "reading skills",
        "parents",
        "village temple",
        "digital",
        "evaluation results",
        "mentor",
        "health",
        "agriculture",
        "district",
        "Nakhon Sawan*",
        "football*",
    ],
}
PRIMER = {"th": "โรงเรียน", "en": "school"}  # the warm browser's first query (in no list above)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
_ARTICLE = re.compile(r'<article class="md-content__inner.*?</article>', re.S)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(project: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "edupartners.cli", "build", "--site-dir", str(site), "--no-offline", "--no-search"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    return time.perf_counter() - start


def index(project: Path, site: Path, keep: bool = False) -> dict:
    """Index the site (or, with keep, use the index already there: browser figures only)."""
    bundle = site / "search"
    start = time.perf_counter()
    if keep:
        meta = json.loads((bundle / "meta.json").read_text("utf-8"))
        figures = {
            "pages": meta["th"]["pages"] + meta["en"]["pages"],
            "dictionary_words": sum(
                len(p.read_text("utf-8").split()) for p in (bundle / "thai").glob("*.txt") if p.name != "split.txt"
            ),
        }
    else:
        figures = search.build_index(site, project)
    return {
        **figures,
        "index_s": time.perf_counter() - start,
        "th_bytes": _dir_size(bundle / "th"),
        "en_bytes": _dir_size(bundle / "en"),
        "dictionary_bytes": _dir_size(bundle / "thai"),
        "dictionary_files": sum(1 for _ in (bundle / "thai").iterdir()),
    }


# ----------------------------------------------------------------------------------------------- truth


def page_texts(site: Path) -> dict[str, dict[str, str]]:
    """lang -> address -> article text, straight from the built HTML."""
    out: dict[str, dict[str, str]] = {"th": {}, "en": {}}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        found = None if rel.startswith(("search/", "assets/")) else _ARTICLE.search(path.read_text("utf-8"))
        if found:
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())
            out["en" if rel.startswith("en/") else "th"][rel[: -len("index.html")]] = text
    return out


def holds(text: str, terms: list[str]) -> bool:
    """The text holds every word of the query: a Thai word as written anywhere in it (so also inside another
    word: วัด in จังหวัด, which search rightly does not count), a Latin word as a whole word."""
    latin = {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}
    return all(t in text if re.match(r"[\u0E01-\u0E4E]", t) else t in latin for t in terms)


def check(reader: Reader, lang: str, query: str, texts: dict[str, str]) -> dict:
    found = {reader.page(lang, i)["url"] for i in reader.search(lang, query)}
    terms = query_terms(query, reader.thai)  # the query's words, cut as search cuts them
    holding = {url for url, text in texts.items() if holds(text, terms)}
    return {
        "found": len(found),
        "holding": len(holding),
        "missed": len(holding - found),
        "invented": len(found - holding),
    }


# ----------------------------------------------------------------------------------------------- browser

_STAMPS = """() => {
  const box = document.querySelector('[data-ep-search]');
  window.epStamps = {};
  document.addEventListener('keydown', e => { if (e.key === 'Enter') window.epStamps.enter = performance.now(); },
                            true);
  new MutationObserver(() => {
    if (box.hasAttribute('data-ep-first') && !window.epStamps.first) window.epStamps.first = performance.now();
    if (box.dataset.epState === 'done') window.epStamps.done = performance.now();
  }).observe(box, {attributes: true});
}"""
_STARTED_BETWEEN = """([a, b]) => performance.getEntriesByType('resource')
  .filter(e => e.startTime >= a && e.startTime <= b).map(e => e.name)"""
_DONE = "() => ['done', 'error'].includes(document.querySelector('[data-ep-search]').dataset.epState)"


def _served(site: Path, url: str) -> bytes:
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    return file.read_bytes() if file.is_file() else b""


def _gzip_bytes(site: Path, urls) -> int:
    return sum(len(gzip.compress(_served(site, u), 6)) for u in set(urls))


def _ask(page, query: str) -> None:
    page.evaluate("() => { window.epStamps.first = 0; window.epStamps.done = 0; }")
    field = page.locator(".md-search__input")
    field.fill(query)
    field.press("Enter")
    page.wait_for_function(_DONE, timeout=120000)
    state = page.locator("[data-ep-search]").get_attribute("data-ep-state")
    if state != "done":
        raise SystemExit(f"search said {state!r} for {query!r}: is the site built with this checkout's overrides?")


def browse(site: Path, lang: str, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{'/' if lang == 'th' else '/en/'}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        for query in queries:  # cold: a fresh browser for each query
            context = browser.new_context()
            page = context.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.evaluate(_STAMPS)
            opened = page.evaluate("() => performance.now()")
            page.locator(".md-search__input").click()  # opening search: this is what loads the search script
            _ask(page, query)
            stamps = page.evaluate("() => window.epStamps")
            first = stamps["first"] or stamps["done"]
            before = page.evaluate(_STARTED_BETWEEN, [opened, first])  # every request from opening to first result
            rows.append(
                {
                    "query": query,
                    "count": int(page.locator("[data-ep-search]").get_attribute("data-ep-count")),
                    "gzip_bytes": _gzip_bytes(site, before),
                    "requests": len(before),
                    "cold_ms": first - opened,
                }
            )
            context.close()
        context = browser.new_context()  # warm: one browser, each query new to it
        page = context.new_page()
        page.goto(url)
        page.evaluate(_STAMPS)
        page.locator(".md-search__input").click()
        _ask(page, PRIMER[lang])  # loads the script and meta.json, and shows results once
        for row in rows:
            _ask(page, row["query"])
            stamps = page.evaluate("() => window.epStamps")
            row["warm_first_ms"] = (stamps["first"] or stamps["done"]) - stamps["enter"]
            row["warm_ms"] = stamps["done"] - stamps["enter"]
        context.close()
        browser.close()
    server.shutdown()
    return rows


# ----------------------------------------------------------------------------------------------- report


def report(site: Path, project: Path, label: str, built_s: float | None, keep: bool = False) -> None:
    figures = index(project, site, keep)
    texts, reader = page_texts(site), Reader(site)
    print(f"\n== {label}: {figures['pages']} pages in all")
    if built_s is not None:
        print(f"build without search: {built_s:.1f} s; indexing adds {figures['index_s']:.1f} s")
    elif not keep:
        print(f"indexing: {figures['index_s']:.1f} s")
    print(
        f"index: th {figures['th_bytes'] / 1e6:.1f} MB, en {figures['en_bytes'] / 1e6:.1f} MB; dictionary "
        f"{figures['dictionary_words']} words, {figures['dictionary_bytes'] / 1e6:.2f} MB in "
        f"{figures['dictionary_files']} files"
    )
    print(
        f"{'lang':4} {'query':22} {'shown':>6} {'holding':>7} {'missed':>6} {'invented':>8} {'gzip KB':>7} "
        f"{'requests':>8} {'cold ms':>7} {'warm: 1st':>9} {'all ms':>6}"
    )
    for lang, queries in QUERIES.items():
        plain = [q.rstrip("*") for q in queries]
        for query, row in zip(queries, browse(site, lang, plain)):
            truth = check(reader, lang, row["query"], texts[lang])
            assert truth["found"] == row["count"], (query, truth, row)  # the browser and the Python twin agree
            print(
                f"{lang:4} {query:22} {row['count']:>6} {truth['holding']:>7} {truth['missed']:>6} "
                f"{truth['invented']:>8} {row['gzip_bytes'] / 1e3:>7.1f} {row['requests']:>8} "
                f"{row['cold_ms']:>7.0f} {row['warm_first_ms']:>9.0f} {row['warm_ms']:>6.0f}"
            )
            sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[])
    parser.add_argument("--site", type=Path, help="a site built before with build --no-search (then --project)")
    parser.add_argument("--project", type=Path)
    parser.add_argument("--keep-index", action="store_true", help="with --site: browse the index already there")
    args = parser.parse_args()
    if args.site:
        report(args.site, args.project, f"{args.site}", None, args.keep_index)
        return
    for size in args.sizes or [100, 2000]:
        with tempfile.TemporaryDirectory(prefix=f"ep-bench-{size}-") as tmp:
            project = make_archive(Path(tmp) / "project", size)
            site = Path(tmp) / "site"
            report(site, project, f"{size} cases per language", build(project, site))


if __name__ == "__main__":
    main()
