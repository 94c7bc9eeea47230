"""Page weight of a first visit on a phone, measured in Chromium, at 5 and 2,000 cases per language.

For each archive size: build the site (without the offline copy), serve it on 127.0.0.1, and open four pages in a
fresh Chromium profile with a 360 x 740 viewport: the home page, one case, the cases index and one facet (province)
page. The network is throttled as a slow phone connection sees it (Chromium's own emulation over CDP: 400 kbit/s
down and up, 400 ms added to every request). Every response until the network is idle is recorded. Text responses
(HTML, CSS, JS, JSON, SVG) are counted as gzip -6 would send them (a static host compresses them); fonts and pictures
as they are. Requests that fail (4xx/5xx) are counted and named. Prints, per page, the requests, failed requests, raw
and sent KB against the budget (60 KB compressed: issue 17), the largest contentful paint (ms after navigation
start, budget 1.2 s), what the first scroll of the page fetches afterwards (the theme's script loads on a reader's
first interaction), and the page's own HTML size, which must not grow with the archive. With `--loads N`, each page
is opened N times (a fresh profile each time) and the LCP printed is the median, with the lowest and highest: one
load moves by ±0.1 s on a busy machine.

    .venv/bin/python benchmarks/page_weight.py            # 5 and 2000 cases per language
    .venv/bin/python benchmarks/page_weight.py 5 500
    .venv/bin/python benchmarks/page_weight.py --loads 7 5
"""

from __future__ import annotations

import functools
import gzip
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.synthetic import make_archive  # noqa: E402

BUDGET = 60 * 1024  # a case page's first visit (issue 17); listing pages are held to the same
LCP_BUDGET = 1200  # ms, largest contentful paint at 400 kbit/s and 400 ms latency
THROTTLE = {  # Network.emulateNetworkConditions: bytes per second and ms per request
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
LCP = """() => new Promise(done => new PerformanceObserver(list => {
    const entries = list.getEntries(); done(entries[entries.length - 1].startTime);
}).observe({type: "largest-contentful-paint", buffered: true}))"""
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", "/")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Quiet(SimpleHTTPRequestHandler):
    """A static host as GitHub Pages is one: text sent gzip-compressed (so the throttled network carries what
    `transfer_size` counts), everything else as it is."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to the folder's address
            path = path / "index.html"
        name = path.name if path.suffix else "/"
        if not path.is_file() or not (name.endswith(TEXT) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def transfer_size(site: Path, url: str) -> tuple[int, int]:
    """(bytes on disk, bytes sent with gzip for text types) of one same-origin URL."""
    path = urlparse(url).path
    file = site / path.lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():  # a 404 (Material probes sitemap.xml next to each language link)
        return 0, 0
    data = file.read_bytes()
    compressed = len(gzip.compress(data, 6)) if path.endswith(TEXT) else len(data)
    return len(data), compressed


def _wait_for_quiet(page, responses: list, quiet_ms: int = 2000, limit_ms: int = 20000) -> None:
    """Until no response has come for `quiet_ms` (a throttled request takes 400 ms before its first byte)."""
    waited, seen = 0, -1
    while waited < limit_ms:
        if len(responses) == seen:
            return
        seen = len(responses)
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms


def _lcp_only(browser, url: str) -> float:
    """The largest contentful paint of one more load, in a fresh profile, throttled the same way."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    page.goto(url, wait_until="networkidle")
    lcp = page.evaluate(LCP)
    context.close()
    return lcp


def measure(cases: int, loads: int = 1) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = make_archive(Path(tmp) / "project", cases)
        site = Path(tmp) / "site"
        command = [sys.executable, "-m", "edupartners.cli", "--root", str(root), "build", "--no-offline"]
        subprocess.run([*command, "--site-dir", str(site)], check=True, capture_output=True)
        slug = sorted(p.name for p in (root / "cases").iterdir())[0]
        province = sorted(p.name for p in (site / "browse" / "province").iterdir())[0]
        pages = {
            "home": "/",
            "case": f"/cases/{slug}/",
            "cases index": "/cases/",
            "facet": f"/browse/province/{province}/",
        }
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        out = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, path in pages.items():
                context = browser.new_context(viewport={"width": 360, "height": 740})  # a fresh profile per page
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", THROTTLE)
                responses: list[tuple[str, int]] = []
                page.on("response", lambda r, responses=responses: responses.append((r.url, r.status)))
                page.goto(f"{base}{path}", wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                lcp = page.evaluate(LCP)
                first = len(responses)
                page.mouse.move(180, 400)
                page.mouse.wheel(0, 600)  # a reader's first scroll: what it fetches comes after the first paint
                _wait_for_quiet(page, responses)
                later = [transfer_size(site, u)[1] for u, status in responses[first:] if u.startswith(base)]
                responses = responses[:first]
                context.close()
                lcps = [lcp] + [_lcp_only(browser, f"{base}{path}") for _ in range(loads - 1)]
                sizes = [transfer_size(site, u) for u, status in responses if u.startswith(base) and status < 400]
                out.append(
                    {
                        "cases": cases,
                        "page": name,
                        "requests": len(responses),
                        "failed": [u.removeprefix(base) for u, status in responses if status >= 400],
                        "raw": sum(s[0] for s in sizes),
                        "sent": sum(s[1] for s in sizes),
                        "lcp": statistics.median(lcps),
                        "lcp_range": (min(lcps), max(lcps)),
                        "on_scroll": sum(later),
                        "html": (site / path.strip("/") / "index.html").stat().st_size,
                        "outside": [u for u, _ in responses if not u.startswith(base)],
                    }
                )
            browser.close()
        server.shutdown()
        return out


def main(sizes: list[int], loads: int = 1) -> None:
    print(
        f"{'cases/lang':>10} {'page':>12} {'requests':>8} {'failed':>6} {'raw KB':>8} {'sent KB':>8} {'budget':>7} "
        f"{'LCP ms':>7} {'budget':>7} {'scroll KB':>9} {'HTML KB':>8}" + ("  LCP min–max" if loads > 1 else "")
    )
    results = [r for n in sizes for r in measure(n, loads)]
    for r in results:
        ok = "ok" if r["sent"] <= BUDGET else "OVER"
        lcp_ok = "ok" if r["lcp"] <= LCP_BUDGET else "OVER"
        print(
            f"{r['cases']:>10} {r['page']:>12} {r['requests']:>8} {len(r['failed']):>6} {r['raw'] / 1024:>8.1f} "
            f"{r['sent'] / 1024:>8.1f} {ok:>7} {r['lcp']:>7.0f} {lcp_ok:>7} {r['on_scroll'] / 1024:>9.1f} "
            f"{r['html'] / 1024:>8.1f}" + (f"  {r['lcp_range'][0]:.0f}–{r['lcp_range'][1]:.0f}" if loads > 1 else "")
        )
        for label, urls in (("failed", r["failed"]), ("outside the site", r["outside"])):
            if urls:
                print(f"  requests {label}: {urls}")
    case = [r for r in results if r["page"] == "case"]
    growth = case[-1]["html"] - case[0]["html"]
    print(f"case page HTML grows by {growth:+,} bytes from {sizes[0]} to {sizes[-1]} cases per language")


if __name__ == "__main__":
    args = sys.argv[1:]
    loads = 1
    if "--loads" in args:
        at = args.index("--loads")
        loads, args = int(args[at + 1]), args[:at] + args[at + 2 :]
    main([int(a) for a in args] or [5, 2000], loads)
