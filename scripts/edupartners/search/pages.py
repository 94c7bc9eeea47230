"""The built pages as search sees them: address, language, title and the text a reader sees in the article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .thai import cap_marks

FOLDER = "search"  # the index, inside the site (a reserved slug, see checks.RESERVED_SLUGS)
SKIPPED_FOLDERS = (FOLDER, "assets", "pagefind")
# Not searched: Material's buttons, our banner, page furniture repeated on every case page that no reader searches
# for ("Print / save as PDF", the edit links) and citation marks ([1]).
SKIPPED_CLASSES = frozenset(
    {
        "headerlink",
        "md-content__button",
        "ep-banner",
        "ep-actions",
        "ep-contribute",
        "ep-cite",
        "ep-unknown",
        "ep-invite",
    }
)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "button"})
# Elements that end a line of text: their text never runs into the next element's (Thai has no spaces to tell).
BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "blockquote",
        "pre",
        "section",
        "details",
        "summary",
        "hr",
        "img",
        "nav",
        "header",
        "footer",
        "aside",
        "title",
        "text",
    }
)
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track"})
LISTINGS = ("browse",)  # folders of listing pages (besides the case and tool indexes)
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r'<article\b[^>]*\bclass="(?:[^"]*\s)?md-content__inner(?:\s[^"]*)?"')


@dataclass
class Page:
    url: str  # relative to the site root: "cases/x/", "en/tools/y/", "" for the home page
    lang: str  # "th" or "en"
    title: str
    text: str
    listing: bool  # browse pages and the case/tool indexes: they repeat every title and summary


class _Article(HTMLParser):
    """Text of <article class="md-content__inner">, without skipped elements, lines ended at block elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside the article (0: outside)
        self.skip_at = 0  # depth at which a skipped element opened (0: not skipping)
        self.h1_at = 0
        self.text: list[str] = []
        self.title: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if self.depth and not self.skip_at and tag in BLOCKS:
                self.text.append("\n")
            return
        classes = set((dict(attrs).get("class") or "").split())
        if not self.depth:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
            return
        self.depth += 1
        if not self.skip_at and (tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES):
            self.skip_at = self.depth
        if tag == "h1" and not self.h1_at and not self.skip_at:
            self.h1_at = self.depth
        if tag in BLOCKS and not self.skip_at:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if not self.depth or tag in VOID:
            return
        if tag in BLOCKS and not self.skip_at:
            self.text.append("\n")
        if self.skip_at == self.depth:
            self.skip_at = 0
        if self.h1_at == self.depth:
            self.h1_at = -1  # the first h1 only
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip_at:
            self.text.append(data)
            if self.h1_at > 0:
                self.title.append(data)


def clean(text: str) -> str:
    """One space for each run of white space, marks capped: the text that is indexed and shown in results."""
    return cap_marks(_SPACE.sub(" ", text).strip())


def read_page(html: str, url: str) -> Page | None:
    """A built page as search sees it, or None for pages without an article (redirects)."""
    parser = _Article()
    start, end = _ARTICLE.search(html), html.rfind("</article>")
    if start and end > start.start():  # only the article is read: the theme's header and menus are half a page
        html = html[start.start() : end + len("</article>")]
    parser.feed(html)
    parser.close()
    if not parser.text:
        return None
    lang = "en" if url.split("/")[0] == "en" else "th"
    return Page(
        url=url,
        lang=lang,
        title=clean("".join(parser.title)),
        text=clean("".join(parser.text)),
        listing=is_listing(url),
    )


def is_listing(url: str) -> bool:
    parts = [p for p in url.split("/") if p]
    parts = parts[1:] if parts[:1] == ["en"] else parts
    return bool(parts) and (parts[0] in LISTINGS or parts in (["cases"], ["tools"]) or parts[:2] == ["cases", "page"])


def site_pages(site: Path) -> Iterator[Page]:
    """Every page of the built site with an article, in a stable order."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] in SKIPPED_FOLDERS or path.name == "404.html":
            continue
        url = rel.as_posix()
        url = url[: -len("index.html")] if path.name == "index.html" else url
        page = read_page(path.read_text("utf-8"), url)
        if page is not None:
            yield page
