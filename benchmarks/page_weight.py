"""Page weight of a case page's first visit, measured in Chromium, at 5 and 2,000 cases per language.

For each archive size: build the site (without the offline copy), serve it on 127.0.0.1, open one case page in a
fresh Chromium profile, and record every response. Text responses (HTML, CSS, JS, JSON, SVG) are counted as
gzip -6 would send them (a static host compresses them); fonts and images are counted as they are.
Prints the total, the budget (300 KB compressed), and the case page's own HTML size, which must not grow
with the archive.

    .venv/bin/python benchmarks/page_weight.py            # 5 and 2000 cases per language
    .venv/bin/python benchmarks/page_weight.py 5 500
"""

from __future__ import annotations

import functools
import gzip
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.synthetic import make_archive  # noqa: E402

BUDGET = 300 * 1024
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
    def log_message(self, *args):
        pass


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


def measure(cases: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = make_archive(Path(tmp) / "project", cases)
        site = Path(tmp) / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "edupartners.cli",
                "--root",
                str(root),
                "build",
                "--no-offline",
                "--site-dir",
                str(site),
            ],
            check=True,
            capture_output=True,
        )
        slug = sorted(p.name for p in (root / "cases").iterdir())[0]
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda r: urls.append(r.url))
            page.goto(f"{base}/cases/{slug}/", wait_until="networkidle")
            page.evaluate("document.fonts.ready")
            browser.close()
        server.shutdown()
        outside = [u for u in urls if not u.startswith(base)]
        sizes = [transfer_size(site, u) for u in urls if u.startswith(base)]
        html = (site / "cases" / slug / "index.html").stat().st_size
        return {
            "cases": cases,
            "requests": len(urls),
            "raw": sum(s[0] for s in sizes),
            "sent": sum(s[1] for s in sizes),
            "html": html,
            "outside": outside,
        }


def main(sizes: list[int]) -> None:
    print(f"{'cases/lang':>10} {'requests':>8} {'raw KB':>8} {'sent KB':>8} {'budget':>7} {'case HTML KB':>12}")
    results = [measure(n) for n in sizes]
    for r in results:
        ok = "ok" if r["sent"] <= BUDGET else "OVER"
        print(
            f"{r['cases']:>10} {r['requests']:>8} {r['raw'] / 1024:>8.1f} {r['sent'] / 1024:>8.1f} {ok:>7} "
            f"{r['html'] / 1024:>12.1f}"
        )
        if r["outside"]:
            print("  requests outside the site:", r["outside"])
    growth = results[-1]["html"] - results[0]["html"]
    print(f"case page HTML grows by {growth:+,} bytes from {sizes[0]} to {sizes[-1]} cases per language")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5, 2000])
