"""Post-processing of rendered HTML: an x-default alternate (Thai) beside static-i18n's hreflang links.

The head keeps static-i18n's relative alternates on purpose: Material fetches sitemap.xml next to each
alternate URL, and absolute URLs would make previews and the offline copy call the production host.
Absolute alternates for search engines are in sitemap.xml.
"""
from __future__ import annotations

import re

_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([a-z-]+)">')
DEFAULT_LANGUAGE = "th"


def add_x_default(html: str) -> str:
    links = list(_ALTERNATE.finditer(html))
    default = next((m.group(1) for m in links if m.group(2) == DEFAULT_LANGUAGE), None)
    if default is None or 'hreflang="x-default"' in html:
        return html
    end = links[-1].end()
    return html[:end] + f'\n<link rel="alternate" href="{default}" hreflang="x-default">' + html[end:]
