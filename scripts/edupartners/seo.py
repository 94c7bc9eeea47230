"""Post-processing of rendered HTML: root-relative links, and an x-default alternate (Thai) beside static-i18n's
hreflang links.

The head keeps static-i18n's relative alternates on purpose: Material fetches sitemap.xml next to each
alternate URL, and absolute URLs would make previews and the offline copy call the production host.
Absolute alternates for search engines are in sitemap.xml.
"""

from __future__ import annotations

import posixpath
import re

from .generate import ROOT_LINK

_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([a-z-]+)">')
DEFAULT_LANGUAGE = "th"


def add_x_default(html: str) -> str:
    links = list(_ALTERNATE.finditer(html))
    default = next((m.group(1) for m in links if m.group(2) == DEFAULT_LANGUAGE), None)
    if default is None or 'hreflang="x-default"' in html:
        return html
    end = links[-1].end()
    return html[:end] + f'\n<link rel="alternate" href="{default}" hreflang="x-default">' + html[end:]


def resolve_root_links(html: str, page_url: str) -> str:
    """`ep-root:media/x.jpg` -> a path relative to this page, so it works for /, /en/ and the offline copy."""
    if ROOT_LINK not in html:
        return html
    folder = "/" + (page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url))
    root = posixpath.relpath("/", folder.rstrip("/") or "/")
    return html.replace(ROOT_LINK, "" if root == "." else root + "/")
