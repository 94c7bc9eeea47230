"""What Material for MkDocs and mkdocs-static-i18n write that we adjust: alternate links the theme must not follow,
and one "page not found" page per language.

Alternate links. Material's script fetches `sitemap.xml` next to every `<link rel="alternate">` it finds
(`document.querySelectorAll("link[rel=alternate]")`), to make its language selector page-aware. static-i18n's
switcher already is, and no page folder holds a sitemap, so every page asked for 2–4 missing files. The links are
kept, written `rel="alternate "`: `rel` is a set of space-separated words, so browsers, validators and search
engines read the same "alternate", while the theme's exact-match selector no longer picks them up.

Page not found. MkDocs writes `404.html` at the site root in each language's build, so the last language won.
The default language's page stays at the root (GitHub Pages serves it for every miss); each other language's goes
into its own folder (`en/404.html`), and a small script on the root page sends readers of that folder there.
"""

from __future__ import annotations

import re
from pathlib import Path

from .archive import LANGUAGES

_ALTERNATE = re.compile(r'<link rel="alternate"(?=[\s>])')
HIDDEN_REL = '<link rel="alternate "'
NOT_FOUND = "404.html"


def hide_alternates(html: str) -> str:
    """Every `<link rel="alternate" …>` written so that Material's script does not fetch a sitemap beside it."""
    return _ALTERNATE.sub(HIDDEN_REL, html)


def place_not_found(html: str, lang: str, site_dir: Path) -> str:
    """The 404 page of one language build: the default language's is returned (MkDocs writes it at the root);
    another language's is written to `<lang>/404.html` and the root page already on disk is returned unchanged."""
    if lang == LANGUAGES[0]:
        return html
    target = Path(site_dir) / lang / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    root_page = Path(site_dir) / NOT_FOUND
    return root_page.read_text(encoding="utf-8") if root_page.is_file() else html
