#!/usr/bin/env python3
"""Offline check of the links inside a built site: every internal href/src must name a file that exists, and
every #fragment must name an id on the target page. External links are not fetched (see links-weekly.yml).
No URL attribute (href, src, srcset, action, formaction, xlink:href, ...) of any element may use the javascript:,
data: or vbscript: scheme, however it is spelt: the value is read as a browser reads it (entities decoded,
whitespace and control characters dropped, any letter case).

    python .github/scripts/check_links.py SITE_DIR [--base-path /archive/ | --mkdocs-yml mkdocs.yml]

--base-path is the path part of mkdocs.yml's site_url (or read from --mkdocs-yml); absolute links that start
with it point into SITE_DIR.
Exit 0 when every internal link resolves and no URL is unsafe, 1 otherwise (each one is listed with its page).
Standard library only, so CI can run it with any Python 3.11.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
SKIP_REL = {"preconnect", "dns-prefetch"}
# Attributes that hold a URL on some element (HTML or SVG); srcset holds a list of them. Checked on every element.
URL_ATTRS = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "manifest",
}
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
UNSAFE = "unsafe URL scheme"
# Browsers drop tab and newline anywhere in a URL and trim other C0 controls and spaces; we drop them all (and any
# other whitespace or control character) so no spelling gets past: "java&#x09;script:", " JaVaScRiPt:".
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\s]+")


def unsafe_scheme(value: str) -> str | None:
    """The dangerous scheme a URL (already entity-decoded, as the HTML parser gives it) would run, if any."""
    url = _INVISIBLE.sub("", value).lower()
    return next((scheme for scheme in UNSAFE_SCHEMES if url.startswith(scheme)), None)


def _urls(tag: str, attrs: dict, name: str, value: str) -> list[str]:
    """The URLs one attribute holds (none for an attribute that holds no URL)."""
    if name == "srcset":  # "url 1x, url 2x"; a data: URL's own comma splits it, but its first part starts "data:"
        return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
    if name in URL_ATTRS:
        return [value]
    if tag in ("animate", "set") and name in ("to", "from", "values"):  # SVG animation can set an href
        return value.split(";")
    if tag == "meta" and name == "content" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
        m = re.search(r"url\s*=\s*['\"]?(.*)", value, re.I | re.S)  # content="0; url=..."
        return [m.group(1)] if m else []
    return []


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.unsafe: list[tuple[int, str]] = []  # (line, "javascript: in <a href='...'>")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            for url in _urls(tag, a, name, value or ""):
                if scheme := unsafe_scheme(url):
                    self.unsafe.append((self.getpos()[0], f"{scheme} in <{tag} {name}={value[:80]!r}>"))
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        attr = LINK_ATTRS.get(tag)
        if attr and a.get(attr) is not None and not (tag == "link" and SKIP_REL & set((a.get("rel") or "").split())):
            self.links.append((self.getpos()[0], a[attr]))


def _parse(path: Path, cache: dict) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text("utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def _target(site: Path, page: Path, url_path: str, base_path: str) -> Path | None:
    if url_path.startswith("/"):
        if not url_path.startswith(base_path):
            return None
        candidate = site / url_path[len(base_path) :].lstrip("/")  # /archive//x is served as /archive/x
    else:
        candidate = page.parent / url_path if url_path else page
    candidate = Path(unquote(str(candidate)))
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def check_site(site: Path, base_path: str = "/") -> list[str]:
    """Broken internal links, as 'page:line: link -> reason', and unsafe URLs, as 'page:line: unsafe URL ...'."""
    site = site.resolve()
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    cache: dict = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        for line, what in _parse(page, cache).unsafe:
            broken.append(f"{page.relative_to(site).as_posix()}:{line}: {UNSAFE} {what}")
        for line, link in _parse(page, cache).links:
            if unsafe_scheme(link):
                continue  # reported above
            parts = urlsplit(link.strip())
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:")):
                continue  # external: the weekly workflow checks those
            target = _target(site, page, parts.path, base_path)
            where = f"{page.relative_to(site).as_posix()}:{line}: {link}"
            if target is None:
                broken.append(f"{where} -> outside the site's base path {base_path}")
                continue
            try:
                target.resolve().relative_to(site)
            except ValueError:
                broken.append(f"{where} -> points outside the site folder")
                continue
            if not target.is_file():
                broken.append(f"{where} -> no such file")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in _parse(target, cache).ids:
                broken.append(f"{where} -> no id '{fragment}' on that page")
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--base-path", default=None, help="path part of the site's URL (default /)")
    parser.add_argument("--mkdocs-yml", type=Path, help="read the base path from this file's site_url")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site} is not a folder", file=sys.stderr)
        return 2
    base_path = args.base_path or "/"
    if args.mkdocs_yml:
        m = re.search(r"^site_url:\s*['\"]?(\S+?)['\"]?\s*$", args.mkdocs_yml.read_text("utf-8"), re.M)
        base_path = urlsplit(m.group(1)).path if m else "/"
    broken = check_site(args.site, base_path)
    for item in broken:
        print(item)
    pages = sum(1 for _ in args.site.rglob("*.html"))
    unsafe = sum(UNSAFE in item for item in broken)
    print(f"{len(broken) - unsafe} broken internal link(s) and {unsafe} unsafe URL(s) in {pages} page(s)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
