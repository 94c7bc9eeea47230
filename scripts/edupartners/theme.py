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

A light first visit (issue 17, dev/scale.md "Page weight"). Once every language is built, `finish_site` reads the
pages once and writes what they need and no more: the theme's two stylesheets cut to the rules the pages and scripts
can use (`purgecss`), followed by ours (`OWN_CSS`, minified), in two files; and the two Sarabun files cut to the
characters the pages hold (`fonts.subset_site`). The first part holds what a first paint can use; `LATER_CSS` the
rest, in the same order: rules for what only Material's script adds (it comes on a reader's first interaction), rules
that need the reader to act (hover, focus, the search or drawer toggle checked), the insides of the search results
and the language list (hidden until opened), and print. edupartners.js links it after the first paint, right after
the first part (a `<noscript>` link does without JavaScript). Material's own stylesheets are then removed: nothing
links them. Its script is not linked either: edupartners.js loads it on a reader's first interaction.

The first part is inside each page, cut again to that page: the rules it can use, from what it holds and what our
scripts may add (as above, per page; a custom property the later part reads stays). A second pass over the pages,
one at a time, replaces the template's link to `THEME_CSS` with a `<style>` element at the same place (so the order
of the rules does not change), its font addresses written from the page's folder. The page's policy allows exactly
that text by its SHA-256 hash (`csp.allow_style`); a stylesheet holding `</style` is refused. A page that does not
link `THEME_CSS` stays as it is, and the file is not written when no page links it. `serve` keeps the link and the
file: it does not read every page again after an edit. Why: a linked stylesheet costs one more round trip before the first paint (0.4 s at 400 ms
latency), on a first visit and again after every 10 minutes, since GitHub Pages sends `max-age=600` and the browser
then asks again. Inside the page, it costs about 8 KB gzip more on every page view (≈ 0.16 s at 400 kbit/s). With
`benchmarks/page_weight.py --loads 7 5` a case page's largest paint went from 1.28 s to 0.84 s (median of 7
loads; dev/scale.md).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import csp, fonts, purgecss
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


THEME_CSS = "assets/stylesheets/theme.css"  # what the first paint waits for
LATER_CSS = "assets/stylesheets/theme-later.css"  # the rest, linked by edupartners.js after the first paint
OWN_CSS = "assets/stylesheets/edupartners.css"  # docs/assets/stylesheets/edupartners.css, appended whole
# hidden until the reader opens them (search results, the language list): the rules that hide their containers stay
_OPENED = re.compile(r"\.(?:md-search-result(?:__[\w-]+)?|md-select__(?:list|item|link))(?![\w-])")
_THEME_SHEETS = ("main.*.min.css", "palette.*.min.css")  # in this order, as Material links them


# the link the template writes (overrides/main.html): the folder of its address, and what follows (data-later)
_THEME_LINK = re.compile(
    r'<link rel="stylesheet" href="(?P<folder>[^"<>]*?)assets/stylesheets/theme\.css"(?P<rest>[^<>]*)>'
)
_CSS_URL = re.compile(r"""url\(\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<bare>[^\s"')]+))\s*\)""")
_END_TAG = re.compile(r"</style", re.I)
_SELF_CLOSING = re.compile(r"\s*/?$")
_CHARSET = re.compile(r'@charset "[^"]*";')  # only valid first in a file; in a page, the page's encoding applies


class ThemeFilesMissing(RuntimeError):
    """Material's files are not where this version of the theme puts them."""


class UnsafeInlineStyle(RuntimeError):
    """The first-paint stylesheet cannot be placed inside a <style> element as it is."""


def finish_site(site_dir: Path, root: Path, preview: bool = False) -> None:
    """The built site with the purged theme stylesheets in two parts, the first inside each page, and fonts cut to
    its characters (see the module's text). A preview (`serve`) keeps every rule and character, all in THEME_CSS,
    linked, instead: reading every page again after each edit would cost more than the edit (seconds at 2,000 cases),
    and a preview's weight does not matter."""
    site_dir = Path(site_dir)
    held: dict[Path, frozenset] = {}  # each page -> what it holds (purgecss.found_in)
    sheets = site_dir / "assets" / "stylesheets"
    scripts = site_dir / "assets" / "javascripts"
    sources = [_one(sheets, pattern) for pattern in _THEME_SHEETS]
    css = "".join(s.read_text(encoding="utf-8") for s in sources)
    own = purgecss.minify((site_dir / OWN_CSS).read_text(encoding="utf-8"))
    if preview:
        first, later = f"{css}\n{own}", ""
    else:
        used, scripted, written = purgecss.Used(), purgecss.Used(), set()  # scripted: what our scripts may add
        alike: dict[frozenset, frozenset] = {}  # one object for what many pages hold alike
        for page in sorted(site_dir.rglob("*.html")):
            html = page.read_bytes()  # as bytes: about twice as fast over a large archive's pages
            found = purgecss.found_in(html)
            if found not in alike:  # read once for all the pages that hold it
                alike[found] = found
                used.add_found(found)
            held[page] = alike[found]
            written.update(fonts.beyond_ascii(html))
        for script in [*sorted(scripts.glob("*.js")), *sorted((site_dir / "partials").glob("*.js"))]:
            if not script.name.startswith("bundle."):
                text = script.read_text(encoding="utf-8")
                used.add_own_script(text)
                scripted.add_own_script(text)
                written.update(text)
        at_first = used.copy()  # what the pages hold and our scripts may add: no interaction needed
        used.add_theme_script(_one(scripts, "bundle.*.min.js").read_text(encoding="utf-8"))
        theme_first, theme_later = purgecss.split(
            purgecss.purge(css, used), lambda s: purgecss.may_match(s, at_first) and _first_paint(s)
        )
        own_first, own_later = purgecss.split(own, _first_paint)
        first, later = purgecss.move_unread_properties(theme_first + own_first, theme_later + own_later, at_first)
        if (site_dir / "assets" / "fonts").is_dir():
            characters = fonts.characters(["".join(sorted(written))])
            fonts.subset_site(site_dir / "assets" / "fonts", characters, Path(root) / ".cache" / "fonts")
        scripted.add_reads(later)  # a page's own cut keeps what the later stylesheet reads
    if preview or _place_inside_pages(site_dir, first, scripted, held):  # a page still links it
        (site_dir / THEME_CSS).write_text(first, encoding="utf-8")
    (site_dir / LATER_CSS).write_text(later, encoding="utf-8")
    for source in sources:  # and their source maps: no page links them any more
        source.unlink()
        source.with_name(source.name + ".map").unlink(missing_ok=True)


def _place_inside_pages(site_dir: Path, css: str, scripted: purgecss.Used, held: dict[Path, frozenset]) -> bool:
    """Every page's link to THEME_CSS replaced, where it stands, by a <style> element holding the rules of `css`
    that page can use (purgecss: what it holds, `held`, and what our scripts may add to it, `scripted`), and the
    page's policy allowing exactly that text. One page at a time; the rules are cut once for all pages that hold the
    same classes, elements and attribute values. Whether a page still names THEME_CSS after that."""
    cut: dict[frozenset, str] = {}  # what a page holds -> the rules it can use
    inside: dict[tuple[str, str], str] = {}  # (folder the link names, rules) -> the CSS as it reads from there
    still_linked = False
    for page in sorted(site_dir.rglob("*.html")):
        html, placed = page.read_text(encoding="utf-8"), set()
        found = held[page]  # read by the first pass, over the same pages
        if found not in cut:
            used = scripted.copy()
            used.add_found(found)
            cut[found] = purgecss.purge(css, used)
        rules = cut[found]

        def element(m: re.Match, placed=placed, rules=rules) -> str:
            folder = m.group("folder")
            if (folder, rules) not in inside:
                inside[folder, rules] = inline_css(rules, folder + "assets/stylesheets/")
            placed.add(inside[folder, rules])
            attributes = _SELF_CLOSING.sub("", m.group("rest"))  # data-later: what edupartners.js links after it
            return f"<style{attributes}>{inside[folder, rules]}</style>"

        html = _THEME_LINK.sub(element, html)
        if placed:
            for text in placed:
                html = csp.allow_style(html, text)
            page.write_text(html, encoding="utf-8")
        still_linked = still_linked or "assets/stylesheets/theme.css" in html
    return still_linked


def inline_css(css: str, folder: str) -> str:
    """A stylesheet that sits in `folder` (as a page names it: "../assets/stylesheets/"), as it must read inside
    that page's <style> element: its relative addresses (the fonts) made to start from the page, and no @charset (the
    page's own encoding applies). Refused if its text could end the element."""
    if folder and not folder.endswith("/"):
        raise ValueError(f"the folder must end with '/': {folder!r}")

    def move(value: str) -> str:
        parts = urlsplit(value)
        if not value or parts.scheme or parts.netloc or value.startswith(("/", "#")):
            return value  # data:, another site, the site's root, or this document: the same from anywhere
        if urlsplit(folder).scheme or folder.startswith("//"):
            return urljoin(folder, value)
        return posixpath.normpath(posixpath.join(folder, parts.path)) + value[len(parts.path) :]

    out = move_addresses(_CHARSET.sub("", css), move)
    if _END_TAG.search(out):
        raise UnsafeInlineStyle(
            "สไตล์ชีตสำหรับการแสดงผลครั้งแรกมีข้อความ '</style' ซึ่งจะปิดอีลิเมนต์ <style> ในหน้า / the first-paint stylesheet "
            f"holds '</style', which would end its <style> element in the page: remove it from the CSS ({OWN_CSS} "
            "or the theme's)"
        )
    return out


def move_addresses(css: str, move) -> str:
    """The stylesheet with the address of each url() replaced by move(address), quoted as it was."""

    def one(m: re.Match) -> str:
        quote = '"' if m.group("d") is not None else "'" if m.group("s") is not None else ""
        value = m.group("d") if quote == '"' else m.group("s") if quote == "'" else m.group("bare")
        moved = move(value)
        return m.group(0) if moved == value else f"url({quote}{moved}{quote})"

    return _CSS_URL.sub(one, css)


def _first_paint(selector: str) -> bool:
    """Whether a rule with this selector may style the first paint (before any interaction)."""
    return not purgecss.after_action(selector) and not _OPENED.search(selector)


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise ThemeFilesMissing(f"expected one {pattern} in {folder}, found {len(found)}: has the theme changed?")
    return found[0]
