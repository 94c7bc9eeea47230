"""The Thai reader's (and the English reader's) experience around the content (issue 14, item 8): the page-not-found
page in the reader's language, the theme's words (footer, colour-scheme toggle, language switcher) in the page's
language only, and no request for a sitemap that does not exist, while the hreflang alternates stay."""

from __future__ import annotations

import functools
import io
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, real_archive
from edupartners import pipeline, theme

ARCHIVE, _ = real_archive()
BASE = "/" + pipeline.mkdocs_setting(REPO, "site_url").split("://", 1)[1].split("/", 1)[1]  # /archive/
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
PAGES = ["", "cases/", f"cases/{ARCHIVE.cases[0].slug}/", "browse/map/", "open-data/", "data/dictionary/"]
ALLOWED_LATIN_ON_THAI = {"CC", "BY"}  # the licence's name, "CC BY 4.0"


class _PagesHandler(SimpleHTTPRequestHandler):
    """GitHub Pages for a project site: the site under /archive/, and /archive/404.html, with status 404, for
    every missing address (in every language folder)."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(BASE):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(BASE) :])

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0]))
        if path.is_file() or (path.is_dir() and (path / "index.html").is_file()):
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="module")
def pages_url(built_site):
    server = _Server(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    server.shutdown()


# --- page not found ---


def test_each_language_has_its_own_not_found_page(built_site):
    for rel, lang, heading in (("404.html", "th", "ไม่พบหน้านี้"), ("en/404.html", "en", "Page not found")):
        html = (built_site / rel).read_text("utf-8")
        assert f'<html lang="{lang}"' in html and f"<h1>{heading}</h1>" in html
        alternates = dict(
            (code, h) for h, code in re.findall(r'<link rel="alternate ?" href="([^"]+)" hreflang="([a-z-]+)">', html)
        )
        assert alternates == {"th": BASE, "en": f"{BASE}en/"}  # the language homes, not the last page built
    assert "ep-404.js" in (built_site / "404.html").read_text("utf-8")
    assert "ep-404.js" not in (built_site / "en" / "404.html").read_text("utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    "missing, lang, heading",
    [
        ("cases/no-such-case/", "th", "ไม่พบหน้านี้"),
        ("no-such-page.html", "th", "ไม่พบหน้านี้"),
        ("en/cases/no-such-case/", "en", "Page not found"),
        ("en/browse/nothing", "en", "Page not found"),
    ],
)
def test_a_missing_page_answers_in_the_readers_language(browser, pages_url, missing, lang, heading, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    response = page.goto(pages_url + missing)
    assert response.status == 404
    if lang != "th":  # GitHub Pages served the Thai page; its script sends this reader to the English one
        page.wait_for_url(f"{pages_url}{lang}/404.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").inner_text() == heading
    home = page.locator("article li a").first
    assert home.get_attribute("href") == (BASE if lang == "th" else f"{BASE}en/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    context.close()


@pytest.mark.browser
def test_without_javascript_the_thai_not_found_page_points_english_readers_home(browser, pages_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(pages_url + "en/cases/no-such-case/")
    assert page.locator("article h1").inner_text() == "ไม่พบหน้านี้"
    english = page.locator('article [lang="en"] a')
    assert english.get_attribute("href") == f"{BASE}en/"
    context.close()


# --- the theme's words in the page's language only ---

# The theme's own words: everything outside the content, except what repeats the content (the page's title in the
# header and the tab, the table of contents); words marked with another `lang` are that language's, on purpose.
_CONTENT = ".md-content, script, style, [data-md-component='header-topic'], .md-nav--secondary .md-nav__list"
_CHROME_WORDS = """([pageLang, content]) => {
  const own = el => { const l = el.closest('[lang]'); return !l || l.getAttribute('lang') === pageLang; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el.closest(content) && own(el) && n.textContent.trim()) out.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (el.closest(content) || !own(el)) continue;
    for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  out.push(document.title.split(' - ').pop());  // the site's name, after the page's title
  return out;
}"""


def _foreign_words(words: list[str], lang: str) -> list[str]:
    if lang == "th":
        found = {w for text in words for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)}
        return sorted(found - ALLOWED_LATIN_ON_THAI)
    return sorted({text for text in words if re.search(r"[\u0e00-\u0e7f]", text)})


def test_the_language_check_can_fail():
    assert _foreign_words(["โหมดมืด / Dark mode", "Made with Material for MkDocs"], "th") == [
        "Dark",
        "Made",
        "Material",
        "MkDocs",
        "for",
        "mode",
        "with",
    ]
    assert _foreign_words(["ไทย", "Switch to dark mode"], "en") == ["ไทย"]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_theme_words_are_in_the_page_language_only(browser, pages_url, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    for rel in [*PAGES, "no-such-page/"]:
        page.goto(pages_url + ("" if lang == "th" else "en/") + rel)
        if rel == "no-such-page/" and lang != "th":
            page.wait_for_url(f"{pages_url}{lang}/404.html")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == lang, rel
        foreign = _foreign_words(page.evaluate(_CHROME_WORDS, [lang, _CONTENT]), lang)
        assert not foreign, f"{lang}/{rel}: {foreign}"
        toggle = page.locator("label[for^='__palette']").first.get_attribute("title")
        assert toggle == {"th": "เปลี่ยนเป็นโหมดมืด", "en": "Switch to dark mode"}[lang]
        # the switcher names each language in that language, marked as such
        for other, name in (("th", "ไทย"), ("en", "English")):
            link = page.locator(f".md-select__link[hreflang='{other}']")
            assert link.get_attribute("lang") == other and link.inner_text().strip() == name
    context.close()


# --- no request for a sitemap that does not exist; the alternates stay ---


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_pages_make_no_failing_request_and_fetch_no_sitemap(browser, pages_url, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    failed, sitemaps = [], []
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    context.on("request", lambda r: sitemaps.append(r.url) if "sitemap" in r.url else None)
    page = context.new_page()
    for rel in PAGES:
        page.goto(pages_url + ("" if lang == "th" else "en/") + rel)
        page.wait_for_load_state("networkidle")
        # the alternates are still there, and the browser reads them as rel=alternate
        hreflangs = page.evaluate("""() => [...document.querySelectorAll('link[hreflang]')]
            .filter(l => l.relList.contains('alternate')).map(l => l.hreflang).sort()""")
        assert hreflangs == ["en", "th", "x-default"] or (rel == "" and hreflangs == ["en", "th"]), (rel, hreflangs)
    context.close()
    assert failed == [] and sitemaps == []


def test_alternate_links_are_hidden_from_the_theme_only():
    html = (
        '<link rel="alternate" href="../en/" hreflang="en">\n'
        '<link rel="alternate" type="application/atom+xml" href="../data/feed-th.xml">\n'
        '<link rel="alternates" href="x"><link rel="stylesheet" href="a.css">'
    )
    out = theme.hide_alternates(html)
    assert out.count('<link rel="alternate " ') == 2
    assert '<link rel="alternates" href="x">' in out and '<link rel="stylesheet"' in out


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["no-such-page/", "en/no-such-page/", "data/dictionary/", "en/data/dictionary/"])
def test_not_found_and_dictionary_pages_on_a_phone_have_no_serious_accessibility_problem(browser, pages_url, rel):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(pages_url + rel)
    if rel.startswith("en/no-such"):
        page.wait_for_url(f"{pages_url}en/404.html")
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    context.close()
    assert not [(v["id"], v["nodes"][0]["target"]) for v in violations if v["impact"] in ("serious", "critical")]
