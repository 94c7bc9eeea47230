"""Search benchmark (issue 4): synthetic archives of 100 and 2,000 cases per language.

Prints, per size: build time without search and the time the search indexing adds, index size (total and
per language), query-dictionary size, and in Debian's Chromium (Playwright): bytes downloaded from opening
search to the first result on screen (every request the page started before the first result appeared, by
resource timing; counted per response, raw as served and gzip-equivalent, since any real host compresses
JS/text), the same for the whole first page of 5 results, and query time (cold: first query, including
loading; warm: later queries). "racy" is the method of runs 1-3 (responses Python had received when it noticed
the first result), kept for comparison: it can include responses that arrived just after the first result.

    .venv/bin/python benchmarks/search_bench.py            # 100 and 2000
    .venv/bin/python benchmarks/search_bench.py 100        # one size
"""
from __future__ import annotations

import functools
import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.synthetic import make_archive  # noqa: E402
from edupartners import search  # noqa: E402

QUERIES = {"th": ["ชุมชน", "ความเหลื่อมล้ำ", "โรงเรียนร่วมพัฒนา", "หลักสูตรท้องถิ่น", "นครสวรรค์"],
           "en": ["community", "partnership school", "Nakhon Sawan"]}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PRECOMPRESSED = (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment")  # Pagefind gzips these itself


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _dir_size(path: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file())


def build(project: Path, site: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EP_SEARCH="off")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "edupartners.cli", "build", "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    plain = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    start = time.perf_counter()
    figures = search.build_index(site, project)
    indexing = time.perf_counter() - start
    bundle = site / search.BUNDLE
    return {"build_s": plain, "index_s": indexing, **figures,
            "index_bytes": _dir_size(bundle),
            "index_th_bytes": _dir_size(bundle / "index", "th_*") + _dir_size(bundle / "fragment", "th_*"),
            "index_en_bytes": _dir_size(bundle / "index", "en_*") + _dir_size(bundle / "fragment", "en_*"),
            "dictionary_bytes": _dir_size(bundle / search.DICT_DIR),
            "dictionary_files": sum(1 for _ in (bundle / search.DICT_DIR).iterdir())}


_MARK_FIRST = """() => {
  const box = document.querySelector('[data-ep-search]');
  new MutationObserver((_, o) => {
    if (box.hasAttribute('data-ep-first')) { window.epFirstAt = performance.now(); o.disconnect(); }
  }).observe(box, {attributes: true});
}"""
_STARTED_BEFORE_FIRST = """() => performance.getEntriesByType('resource')
  .filter(e => e.startTime <= window.epFirstAt).map(e => e.name)"""


def _served(site: Path, url: str, body: bytes) -> bytes:
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    return file.read_bytes() if file.is_file() else body


def _wire(responses: list[tuple[str, bytes]]) -> int:
    """gzip-equivalent bytes: Pagefind's own files as served (already gzip), the rest gzip -6."""
    return sum(len(b) if u.endswith(PRECOMPRESSED) else len(gzip.compress(b, 6)) for u, b in responses)


def browse(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        for lang, queries in QUERIES.items():
            for n, query in enumerate(queries):
                context = browser.new_context()  # a fresh cache for the cold query of each language
                page = context.new_page()
                page.goto(f"{url}{'/' if lang == 'th' else '/en/'}")
                seen: list[tuple[str, bytes]] = []
                page.on("response", lambda r: seen.append((r.url, r.body())) if r.ok else None)
                page.evaluate(_MARK_FIRST)
                start = time.perf_counter()
                field = page.locator(".md-search__input")
                field.click()  # opening search: this is what loads the search script
                field.fill(query)
                field.press("Enter")
                page.wait_for_function("document.querySelector('[data-ep-search]').hasAttribute('data-ep-first')",
                                       timeout=60000)
                cold = time.perf_counter() - start
                racy = list(seen)  # run 1-3 method: what Python had seen when it noticed the first result
                page.wait_for_function("document.querySelector('[data-ep-search]').dataset.epState === 'done'")
                # Exact: every request the page started before the first result was on screen (resource timing,
                # stamped in the page by _MARK_FIRST), counted once all of them have arrived.
                # Sizes as the server sends them: the site's own file where there is one. (Playwright's body() is
                # the decoded text, re-encoded: a .txt served without a charset grows ~2x.)
                seen = [(u, _served(site, u, b)) for u, b in seen]
                racy = [(u, _served(site, u, b)) for u, b in racy]
                started = set(page.evaluate(_STARTED_BEFORE_FIRST))
                first = [(u, b) for u, b in seen if u in started]
                raw = sum(len(b) for _, b in first)
                wire = _wire(first)
                page_wire = _wire(seen)
                if os.environ.get("EP_BENCH_DETAIL"):
                    for u, b in sorted(first, key=lambda x: -len(x[1]))[:12]:
                        print(f"     {len(b):>8} {u.split('/', 3)[-1]}")
                count = page.locator("[data-ep-url]").count()
                warm = []
                for again in queries[:3]:
                    field.fill(again + " ")
                    start = time.perf_counter()
                    field.press("Enter")
                    page.wait_for_function("document.querySelector('[data-ep-search]').dataset.epState === 'done'")
                    warm.append(time.perf_counter() - start)
                rows.append({"lang": lang, "query": query, "results": count, "requests": len(first),
                             "raw_bytes": raw, "gzip_bytes": wire, "racy_gzip_bytes": _wire(racy),
                             "page_gzip_bytes": page_wire, "cold_s": cold,
                             "warm_ms": 1000 * sorted(warm)[len(warm) // 2]})
                context.close()
                if n >= 2:
                    break
        browser.close()
    server.shutdown()
    return rows


def main(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"ep-bench-{size}-") as tmp:
            start = time.perf_counter()
            project = make_archive(Path(tmp) / "project", size)
            made = time.perf_counter() - start
            site = Path(tmp) / "site"
            b = build(project, site)
            pages = sum(1 for _ in search.site_pages(site))
            print(f"\n== {size} cases per language ({pages} pages in all; archive made in {made:.1f} s)")
            print(f"build without search: {b['build_s']:.1f} s; search indexing adds {b['index_s']:.1f} s "
                  f"(with search: {b['build_s'] + b['index_s']:.1f} s)")
            print(f"index: {b['index_bytes'] / 1e6:.2f} MB in all (th {b['index_th_bytes'] / 1e6:.2f} MB, "
                  f"en {b['index_en_bytes'] / 1e6:.2f} MB); query dictionary {b['dictionary_words']} words, "
                  f"{b['dictionary_bytes'] / 1e3:.0f} KB in {b['dictionary_files']} files")
            print(f"{'lang':4} {'query':22} {'results':>7} {'requests':>8} {'raw KB':>7} {'gzip KB':>7} "
                  f"{'racy gz':>7} {'5 res gz':>8} {'cold s':>6} {'warm ms':>7}")
            for r in browse(site):
                print(f"{r['lang']:4} {r['query']:22} {r['results']:>7} {r['requests']:>8} "
                      f"{r['raw_bytes'] / 1e3:>7.1f} {r['gzip_bytes'] / 1e3:>7.1f} {r['racy_gzip_bytes'] / 1e3:>7.1f} "
                      f"{r['page_gzip_bytes'] / 1e3:>8.1f} {r['cold_s']:>6.2f} "
                      f"{r['warm_ms']:>7.0f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 2000])
