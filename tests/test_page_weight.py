"""A light first visit (issue 17, dev/scale.md "Page weight"): the purged theme stylesheet in two parts (what the first
paint needs, inside each page in a <style> element its policy allows by hash, and the rest linked after it), the
theme's script loaded on a reader's first interaction, fonts cut to the characters the pages hold, and the theme's
features still there. Times are measured by benchmarks/page_weight.py, not asserted here; the size of what the first
paint waits for is held to a budget."""

from __future__ import annotations

import base64
import gzip
import hashlib
import posixpath
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import real_archive
from edupartners import csp, fonts, pipeline, purgecss, theme
from test_offline import unpacked  # noqa: F401  (fixture: the offline copy, unpacked)

ARCHIVE, _ = real_archive()
CASE = ARCHIVE.cases[0]
PREFIX = urlparse(pipeline.mkdocs_setting(Path(__file__).parents[1], "site_url")).path  # "/archive/": 404 pages
PHONE = {"width": 360, "height": 740}
# what a case page may link: anything more is weight every reader pays (the first-paint CSS is inside the page)
ALLOWED_STYLESHEETS: set[str] = set()
# what the first paint of a page may wait for, compressed: each kilobyte is ≈ 20 ms at 400 kbit/s (dev/scale.md)
FIRST_PAINT_CSS_BUDGET = 9 * 1024
ALLOWED_SCRIPTS = {"assets/javascripts/edupartners.js"}


class _Links(HTMLParser):
    """Stylesheets, scripts, preloads and class names of a page, read by an HTML parser (not the purge's regex)."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.preloads, self.classes = [], [], [], set()
        self.blocking: list[str] = []  # scripts the parser waits for
        self.noscript: list[str] = []  # stylesheets only a reader without JavaScript loads
        self.later: list[str] = []  # `data-later` of a stylesheet: what edupartners.js links after the paint
        self.styles: list[str] = []  # the text of each <style> element
        self._in_noscript = 0
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.classes.update((a.get("class") or "").split())
        rel = (a.get("rel") or "").split()
        self._in_noscript += tag == "noscript"
        if tag == "link" and "stylesheet" in rel and self._in_noscript:
            self.noscript.append(a["href"])
        elif tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(a["href"])
            self.later += [a["data-later"]] if a.get("data-later") else []
        if tag == "style":
            self.styles.append("")
            self._in_style = True
            self.later += [a["data-later"]] if a.get("data-later") else []
        if tag == "link" and ("preload" in rel or "modulepreload" in rel):
            self.preloads.append(a["href"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
            self.blocking += [a["src"]] if "defer" not in a and "async" not in a else []

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data

    def handle_endtag(self, tag):
        self._in_noscript -= tag == "noscript" and self._in_noscript > 0
        self._in_style = self._in_style and tag != "style"


def _read(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def _site_path(page: Path, href: str, site: Path) -> str:
    return (page.parent / href).resolve().relative_to(site.resolve()).as_posix()


_URL = re.compile(r"""url\((["']?)([^"')]+)\1\)""")


def _from_root(css: str, folder: str) -> str:
    """A stylesheet's relative addresses (the fonts), read from `folder` of the site, written from its root ("/x"):
    the same text wherever the stylesheet sits."""

    def one(m: re.Match) -> str:
        value = m.group(2)
        if value.startswith(("data:", "/", "#")) or "://" in value:
            return m.group(0)
        return f"url({m.group(1)}/{posixpath.normpath(posixpath.join(folder, value))}{m.group(1)})"

    return _URL.sub(one, css)


def _first_css(site: Path) -> str:
    """The first-paint stylesheet, as the home page holds it, its addresses from the site's root."""
    styles = _read(site / "index.html").styles
    assert len(styles) == 1, "the home page holds no first-paint stylesheet"
    return _from_root(styles[0], "")


def _first_parts(site: Path) -> dict[str, str]:
    """Each page's first-paint stylesheet (its own cut: theme.finish_site), its addresses from the site's root."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        styles = _read(page).styles
        if styles:
            rel = page.relative_to(site).as_posix()
            out[rel] = _from_root(styles[0].replace(f'url("{PREFIX}', 'url("/'), posixpath.dirname(rel))
    return out


def _later_css(site: Path) -> str:
    return _from_root((site / theme.LATER_CSS).read_text(encoding="utf-8"), "assets/stylesheets")


# --- the purge, on small stylesheets ---


def _used(html: str) -> purgecss.Used:
    used = purgecss.Used()
    used.add_html(html)
    return used


def test_rules_for_absent_classes_go_and_rules_for_present_ones_stay():
    used = _used('<body class="md-typeset" data-md-color-primary="teal"><p class="here other"><a>x</a></p></body>')
    css = (
        ".here{color:red}.gone{color:blue}.md-typeset .here>a{margin:0}.md-typeset .gone{x:1}"
        ".here:not(.gone){y:1}:is(.gone,.here) p{z:1}:is(.gone,.absent) p{w:1}.md-typeset kbd{k:1}.here>a:hover{h:1}"
        "[data-md-color-primary=teal]{--c:1}[data-md-color-primary=red]{--c:2}"
        "@media screen{.gone{a:1}.here,.gone{b:2}}@media print{.gone{c:3}}"
        "@font-face{font-family:X;src:url(x.woff2)}@keyframes k{0%{opacity:0}}"
        "p{color:var(--c)}"
    )
    out = purgecss.purge(css, used)
    for kept in (
        ".here{color:red}",
        ".md-typeset .here>a{margin:0}",
        ".here:not(.gone){y:1}",
        ".here>a:hover{h:1}",
        ":is(.gone,.here) p{z:1}",
        "[data-md-color-primary=teal]{--c:1}",
        "@media screen{.here{b:2}}",
        "@font-face{font-family:X;src:url(x.woff2)}",
        "@keyframes k{0%{opacity:0}}",
    ):
        assert kept in out, kept
    for gone in (".gone{color:blue}", ".md-typeset .gone", ":is(.gone,.absent)", "primary=red", "@media print", "kbd"):
        assert gone not in out, gone


def test_custom_properties_nothing_reads_go_even_through_a_chain():
    used = _used('<p class="a">x</p>')
    css = ":root{--icon:url('data:image/svg+xml;charset=utf-8,<svg>{}</svg>');--used:var(--base);--base:1px;--x:2}.a{margin:var(--used)}"
    out = purgecss.purge(css, used)
    assert "--icon" not in out and "--x" not in out
    assert "--used:var(--base)" in out and "--base:1px" in out and ".a{margin:var(--used)}" in out
    used.properties.add("--x")  # a script sets or reads it
    assert "--x:2" in purgecss.purge(css, used)


def test_classes_a_script_adds_keep_their_rules():
    used = _used('<p class="a">x</p>')
    used.add_theme_script('x("div",{class:"md-tooltip2"});e.classList.toggle("is-open",!0);"md-top--x"')
    used.add_own_script('li.className = "ep-result ep-result--new";')
    css = ".md-tooltip2{a:1}.is-open{b:1}.md-top--x{c:1}.ep-result--new{d:1}.ep-never{e:1}"
    out = purgecss.purge(css, used)
    assert out == ".md-tooltip2{a:1}.is-open{b:1}.md-top--x{c:1}.ep-result--new{d:1}"


def _rules(css: str, chain: tuple[str, ...] = ()) -> Counter:
    """Every (enclosing at-rules, selector, declaration) of a stylesheet, counted: what a split must keep."""
    out: Counter = Counter()
    for prelude, body in purgecss._split(purgecss._strip_comments(css)):
        if body is None:
            out[(chain, prelude, "")] += 1
        elif prelude.startswith("@") and prelude.split("(")[0].split()[0].lower() in ("@media", "@supports"):
            out += _rules(body, (*chain, prelude))
        elif prelude.startswith("@"):
            out[(chain, prelude, body)] += 1
        else:
            for selector in purgecss._split_top(prelude, ","):
                for declaration in purgecss._split_top(body, ";"):
                    out[(chain, selector.strip(), declaration.strip())] += 1
    return out


def test_the_split_keeps_every_rule_of_the_theme_once():
    """Material's whole stylesheets split in two, by the first-paint test and by an arbitrary one: each selector
    with each declaration, inside the same at-rules, is in exactly one part; print rules go to the second part."""
    css = _material_css()
    whole = _rules(css)
    assert len(whole) > 1000
    for first in (theme._first_paint, lambda s: len(s) % 2 == 0):
        a, b = purgecss.split(css, first)
        assert _rules(a) + _rules(b) == whole
        assert "@media print" not in a and "@media print" in b
    a, b = purgecss.split(css, theme._first_paint)
    assert ":hover" not in a.replace(":not(:hover)", "") and "[data-md-toggle=drawer]:checked" in b


def test_properties_only_the_second_part_reads_move_there_with_nothing_lost():
    used = _used('<p class="a">x</p>')
    first = ":root{--a:1;--b:var(--c);--c:2;--d:3}.a{color:var(--a)}@media screen{[data-x]{--b:4;--a:5}}"
    rest = ".later{margin:var(--b)}"
    a, b = purgecss.move_unread_properties(first, rest, used)
    assert a == ":root{--a:1}.a{color:var(--a)}@media screen{[data-x]{--a:5}}"
    assert _rules(a) + _rules(b) == _rules(first) + _rules(rest)
    assert b.endswith(rest)  # the rules that declared them come first: the order of the rest is kept


def test_minify_keeps_strings_and_needed_spaces():
    css = '/* x */ .a  >  .b , .c:hover { content: "two  spaces" ; margin: 0  calc(1px + 2px) }\n@media (min-width: 45em) { .d .e { x: 1 } }'
    assert (
        purgecss.minify(css)
        == '.a>.b,.c:hover{content: "two  spaces";margin: 0 calc(1px + 2px)}@media (min-width: 45em){.d .e{x: 1}}'
    )


# --- the built site ---


def test_a_case_page_links_only_the_allowed_stylesheets_and_scripts(built_site):
    for lang in ("", "en/"):
        page = built_site / lang / "cases" / CASE.slug / "index.html"
        links = _read(page)
        assert {_site_path(page, h, built_site) for h in links.stylesheets} == ALLOWED_STYLESHEETS, lang
        assert {_site_path(page, s, built_site) for s in links.scripts} == ALLOWED_SCRIPTS, lang
        assert links.preloads == [], f"{lang}: a preload the first paint does not need"
        assert links.blocking == [], f"{lang}: the parser waits for {links.blocking}"


def test_the_theme_script_is_there_to_load_and_material_stylesheets_are_gone(built_site):
    page = built_site / "cases" / CASE.slug / "index.html"
    found = re.search(r'<div id="ep-theme-script" data-src="([^"]+)" hidden>', page.read_text(encoding="utf-8"))
    assert found, "the address of the theme's script is missing"
    assert re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", _site_path(page, found.group(1), built_site))
    assert (page.parent / found.group(1)).is_file()
    sheets = built_site / "assets" / "stylesheets"
    assert not list(sheets.glob("main.*.css")) and not list(sheets.glob("palette.*.css"))
    own = (Path(__file__).parents[1] / "docs" / theme.OWN_CSS).read_text(encoding="utf-8")
    own = _from_root(purgecss.minify(own), "assets/stylesheets")
    firsts, later = _first_parts(built_site), _later_css(built_site)
    own_first, own_later = purgecss.split(own, theme._first_paint)
    assert not _rules(own_later) - _rules(later)  # ours whole in the later part, and last in each part
    assert purgecss._split(later)[-1] == purgecss._split(own_later)[-1]
    ours = {prelude for prelude, _ in purgecss._split(own_first)}
    assert all(purgecss._split(text)[-1][0] in ours for text in firsts.values())


def _material_css() -> str:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return "".join(next(folder.glob(f"{name}.*.min.css")).read_text(encoding="utf-8") for name in ("main", "palette"))


_CLASSES_ONLY = re.compile(r"\.[\w-]+(?:\s*[ >+~]\s*\.[\w-]+)*")


def test_the_purged_stylesheet_keeps_every_rule_for_classes_the_pages_hold(built_site):
    """Checked independently of the purge, page by page: every top-level rule of Material's stylesheets and of ours
    whose selector is only classes (`.a .b>.c`) that the page holds is still in the page's own first-paint stylesheet
    or in theme-later.css, selector and declarations alike."""
    own = purgecss.minify((Path(__file__).parents[1] / "docs" / theme.OWN_CSS).read_text(encoding="utf-8"))
    rules = [
        (selector, set(re.findall(r"\.([\w-]+)", selector)), [d for d in body.split(";") if d and d[:2] != "--"])
        for prelude, body in purgecss._split(purgecss._strip_comments(_material_css() + own))
        if body is not None and not prelude.startswith("@")
        for selector in prelude.split(",")
        if _CLASSES_ONLY.fullmatch(selector)
    ]
    later, checked, missing = _later_css(built_site), 0, []
    for rel, first in _first_parts(built_site).items():
        classes, purged = _read(built_site / rel).classes, first + later
        for selector, needs, plain in rules:
            if needs <= classes:
                checked += 1
                if selector not in purged or any(d not in purged for d in plain):
                    missing.append((rel, selector))
    assert checked > 50, "too few rules checked: has the theme's stylesheet changed?"
    assert missing[:10] == []


def test_each_page_holds_the_rules_of_what_it_shows_and_not_of_what_it_does_not(built_site):
    """The first-paint stylesheet is cut to each page: a case page holds the rules of its facts block, the home
    page (which has none, and no script of ours names it) does not; both keep the fonts and the theme's colours."""
    firsts = _first_parts(built_site)
    case, home = firsts[f"cases/{CASE.slug}/index.html"], firsts["index.html"]
    assert ".ep-facts" in case and ".ep-facts" not in home
    for text in (case, home):
        assert re.findall(r'url\("(/[^"]+\.woff2)"\)', text) and "--md-primary-fg-color:" in text


def test_the_fonts_hold_every_character_the_pages_use_and_no_more(built_site):
    from fontTools.ttLib import TTFont

    used: set[int] = set()
    for page in built_site.rglob("*.html"):
        used |= {ord(c) for c in page.read_text(encoding="utf-8")}
    wanted = used & set(fonts.FONT_UNICODES)
    drawn_with = {int(p, 16) for c in used for p in unicodedata.decomposition(chr(c)).split() if "<" not in p}
    for name in fonts.FONT_FILES:
        cmap = set(TTFont(built_site / "assets" / "fonts" / f"{name}.woff2").getBestCmap())
        assert wanted - cmap == set(), name
        unused_thai = {c for c in range(0x0E01, 0x0E5C) if c in set(fonts.FONT_UNICODES) - used - drawn_with}
        assert unused_thai and not unused_thai & cmap, f"{name}: Thai characters no page uses are still in"


def test_every_line_of_the_pages_shapes_without_a_missing_glyph(built_site):
    """Shaped as a browser shapes it (HarfBuzz): a character may be drawn with glyphs of other characters (ำ is
    ํ + า), so a font cut to the characters written must still hold those."""
    import html as html_module
    import io

    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    broad = {chr(u) for u in fonts.FONT_UNICODES}
    lines: set[str] = set()
    for page in built_site.rglob("*.html"):
        text = html_module.unescape(re.sub(r"<[^>]+>", "\n", page.read_text(encoding="utf-8")))
        lines.update("".join(c for c in line if c in broad).strip() for line in text.splitlines())
    lines.discard("")
    assert any("ำ" in line for line in lines)
    for name in fonts.FONT_FILES:
        font = TTFont(built_site / "assets" / "fonts" / f"{name}.woff2")
        font.flavor = None
        data = io.BytesIO()
        font.save(data)
        shaper = hb.Font(hb.Face(hb.Blob(data.getvalue())))
        missing = set()
        for line in lines:
            buffer = hb.Buffer()
            buffer.add_str(line)
            buffer.guess_segment_properties()
            hb.shape(shaper, buffer)
            missing.update(line[i.cluster] for i in buffer.glyph_infos if i.codepoint == 0)
        assert missing == set(), f"{name}: no glyph for {sorted(missing)}"


def test_font_subsets_come_from_the_cache_the_second_time(tmp_path, monkeypatch):
    first = fonts._subset("Sarabun-Regular", range(0x20, 0x7F), tmp_path)
    assert len(list(tmp_path.glob("Sarabun-Regular-*.woff2"))) == 1

    def no_subsetting(*args, **kwargs):
        raise AssertionError("subset again")

    from fontTools import subset

    monkeypatch.setattr(subset.Subsetter, "subset", no_subsetting)
    assert fonts._subset("Sarabun-Regular", range(0x20, 0x7F), tmp_path) == first
    with pytest.raises(AssertionError):
        fonts._subset("Sarabun-Regular", range(0x20, 0x80), tmp_path)  # other characters: not in the cache


def _gzip(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def test_what_the_first_paint_waits_for_stays_small_and_the_rest_is_linked_after_it(built_site):
    """The stylesheets a page links (outside <noscript>, for every medium) and holds (<style>) hold the paint back:
    compressed, they stay within the budget. The rest is only named for edupartners.js (`data-later`) and for readers
    without JavaScript."""
    later = built_site / theme.LATER_CSS
    assert later.is_file() and later.stat().st_size > 1000
    for rel in ("index.html", f"cases/{CASE.slug}/index.html", "cases/index.html", "en/index.html"):
        page = built_site / rel
        links = _read(page)
        blocking = sum(_gzip(page.parent / href) for href in links.stylesheets)
        blocking += sum(len(gzip.compress(text.encode("utf-8"), 6)) for text in links.styles)
        assert links.styles, f"{rel}: no first-paint stylesheet inside the page"
        assert blocking <= FIRST_PAINT_CSS_BUDGET, f"{rel}: {blocking} bytes of CSS before the first paint"
        assert [_site_path(page, h, built_site) for h in links.later] == [theme.LATER_CSS], rel
        assert [_site_path(page, h, built_site) for h in links.noscript] == [theme.LATER_CSS], rel


def test_no_rule_of_the_first_part_waits_for_the_reader(built_site):
    first = _first_css(built_site)
    selectors = [s for (_, s, _) in _rules(first) if not s.startswith("@")]
    assert len(selectors) > 300
    assert [s for s in selectors if purgecss.after_action(s) or theme._OPENED.search(s)] == []
    assert "@media print" not in first


_STYLE_BYTES = re.compile(rb"<style(?: [^>]*)?>(.*?)</style>", re.S)
_POLICY_BYTES = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_page_holds_the_first_paint_css_allowed_by_its_exact_hash(built_site):
    """Every page of the build: no link to theme.css (the file is not written); one <style>, the first-paint
    stylesheet cut to what the page can use (pages that hold the same classes share a cut), whose fonts are there
    once its addresses are read from the page's place; its policy allows exactly that element's bytes (hashed here
    with hashlib) and nothing else inline."""
    assert not (built_site / theme.THEME_CSS).exists()
    seen, texts = set(), set()
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        data = page.read_bytes()
        links = _read(page)
        assert not [h for h in links.stylesheets + links.noscript if h.endswith("theme.css")], rel
        styles = _STYLE_BYTES.findall(data)
        if not styles:
            continue
        seen.add(rel)
        assert len(styles) == 1 and [s.encode("utf-8") for s in links.styles] == styles, rel
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(styles[0]).digest()).decode() + "'"
        directive = re.search(r"style-src ([^;]*)", _POLICY_BYTES.search(data).group(1).decode()).group(1)
        assert directive.split() == ["'self'", digest], rel
        text = styles[0].decode("utf-8").replace(f'url("{PREFIX}', 'url("/')  # the 404 pages: from the site's root
        text = _from_root(text, posixpath.dirname(rel))
        for address in set(re.findall(r'url\("(/[^"]+)"\)', text)):
            assert (built_site / address.lstrip("/")).is_file(), (rel, address)
        texts.add(text)
    assert {"index.html", "en/index.html", f"cases/{CASE.slug}/index.html", "404.html", "en/404.html"} <= seen
    assert len(seen) > 50 and 1 < len(texts) < len(seen) / 4, f"{len(texts)} cuts of the first-paint stylesheet"
    assert all(re.findall(r'url\("(/[^"]+\.woff2)"\)', text) for text in texts), "a cut without the fonts"


def test_the_offline_copy_holds_the_first_paint_css_with_its_hash_and_fonts_it_can_reach(unpacked):  # noqa: F811
    """Pages of the offline copy move (cases/x/index.html becomes cases/x.html): the addresses inside the stylesheet
    follow, and so does its hash."""
    pages = [unpacked / "index.html", unpacked / "cases" / f"{CASE.slug}.html", unpacked / "en" / "404.html"]
    for page in pages:
        data = page.read_bytes()
        (style,) = _STYLE_BYTES.findall(data)
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(style).digest()).decode() + "'"
        directive = re.search(r"style-src ([^;]*)", _POLICY_BYTES.search(data).group(1).decode()).group(1)
        assert directive.split() == ["'self'", digest], page
        fonts_named = re.findall(r'url\("([^"]+\.woff2)"\)', style.decode("utf-8"))
        assert fonts_named and all((page.parent / f).is_file() for f in fonts_named), (page, fonts_named)


_WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));"
)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", f"cases/{CASE.slug}/", f"en/cases/{CASE.slug}/"])
def test_a_page_paints_with_its_own_stylesheet_under_the_policy_and_never_asks_for_theme_css(browser, site_url, path):
    """In Chromium, policy enforced: no violation and no console error; no request for theme.css and none that
    fails; the page's <style> applied, its fonts loaded, and theme-later.css linked right after it."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(_WATCH)
    requests, failed, console = [], [], []
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("window.__csp") == [] and console == [] and failed == []
    assert not [r for r in requests if r.endswith("/theme.css")], requests
    assert [r for r in requests if r.endswith("/theme-later.css")] == ["/assets/stylesheets/theme-later.css"]
    first = page.evaluate("""() => {
        const style = document.querySelector("style[data-later]");
        return {rules: style.sheet ? style.sheet.cssRules.length : 0, first: document.styleSheets[0].ownerNode === style,
                next: style.nextElementSibling && style.nextElementSibling.getAttribute("href")};
    }""")
    assert first["rules"] > 100 and first["first"] and first["next"].endswith("assets/stylesheets/theme-later.css")
    faces = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Sarabun" in f for f in faces), faces
    # the policy allows that text only: a <style> with any other text is refused, and reported
    page.evaluate("""() => { const s = document.createElement("style"); s.textContent = "body{color:red}";
                            document.head.append(s); }""")
    page.wait_for_timeout(200)
    assert [v for v in page.evaluate("window.__csp") if v.startswith("style-src")], "another inline style was allowed"
    context.close()


# --- in the browser: nothing lost ---


@pytest.mark.browser
def test_the_theme_script_waits_for_the_reader_and_then_does_its_work(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/cases/{CASE.slug}/", wait_until="networkidle")
    assert not [u for u in requests if "/bundle." in u], "the theme's script loaded before any interaction"
    assert page.evaluate("document.documentElement.className") == "js"  # search button shown (theme CSS: .no-js)
    assert page.locator("label.md-header__button[for='__search']").is_visible()
    page.mouse.move(180, 400)
    with page.expect_response(lambda r: "/bundle." in r.url, timeout=10000) as response:
        page.mouse.wheel(0, 1500)  # the first scroll loads the theme's script
    response.value.finished()
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -200)  # scrolling up shows the back-to-top button (the theme's script does it)
    page.wait_for_function("() => !document.querySelector('.md-top').hidden", timeout=5000)
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme, other", [("light", "slate"), ("dark", "default")])
def test_the_colour_scheme_toggle_works_without_the_theme_script_and_is_remembered(browser, site_url, scheme, other):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    context.route(re.compile(r".*/bundle\.\w+\.min\.js$"), lambda route: route.abort())  # it never arrives
    page = context.new_page()
    page.goto(f"{site_url}/cases/{CASE.slug}/", wait_until="networkidle")
    start = page.evaluate("document.body.dataset.mdColorScheme")
    assert start == {"light": "default", "dark": "slate"}[scheme]  # the system's scheme
    toggle = page.locator("label[for^='__palette']:not([hidden])")
    assert toggle.count() == 1
    toggle.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == other
    assert page.locator("label[for^='__palette']:not([hidden])").count() == 1  # the other toggle shows
    page.goto(f"{site_url}/en/cases/{CASE.slug}/", wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == other  # kept where the theme keeps it
    context.unroute(re.compile(r".*/bundle\.\w+\.min\.js$"))
    page.reload(wait_until="networkidle")
    with page.expect_response(lambda r: "/bundle." in r.url, timeout=10000) as response:
        page.keyboard.press("Tab")  # the theme's script arrives; it agrees with what the reader chose
    response.value.finished()
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.mdColorScheme") == other
    page.locator("label[for^='__palette']:not([hidden])").click()
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.mdColorScheme") == start
    assert page.locator("label[for^='__palette']:not([hidden])").count() == 1
    context.close()


@pytest.mark.browser
def test_the_drawer_opens_on_a_phone_before_the_theme_script(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/cases/{CASE.slug}/", wait_until="networkidle")
    page.evaluate("document.querySelector(\"label.md-header__button[for='__drawer']\").click()")
    page.wait_for_timeout(400)
    box = page.locator(".md-sidebar--primary").bounding_box()
    assert box and box["x"] >= 0 and page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
    context.close()


_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>x</title>\n'
    '  <link rel="stylesheet" href="{up}assets/stylesheets/theme.css" data-later="{up}assets/stylesheets/theme-later.css">\n'
    '  <noscript><link rel="stylesheet" href="{up}assets/stylesheets/theme-later.css"></noscript>\n'
    '</head><body><p class="md-used ep-own">x</p></body></html>'
)


def _small_site(root: Path, own: str = ".ep-own{color:black}") -> Path:
    """Material's files, ours and three pages (the home page, one two folders down, one linking nothing) as MkDocs
    leaves them, each page with its policy."""
    (root / "assets" / "stylesheets").mkdir(parents=True)
    (root / "assets" / "javascripts").mkdir()
    (root / "assets" / "stylesheets" / "main.1.min.css").write_text(".md-used{color:red}.md-unused{color:blue}")
    (root / "assets" / "stylesheets" / "palette.1.min.css").write_text(".md-palette{color:green}")
    (root / "assets" / "javascripts" / "bundle.1.min.js").write_text("var a=1;")
    (root / theme.OWN_CSS).write_text(own)
    (root / "a" / "b").mkdir(parents=True)
    (root / "index.html").write_text(csp.add_policy(_PAGE.format(up="")))
    (root / "a" / "b" / "index.html").write_text(csp.add_policy(_PAGE.format(up="../../")))
    (root / "a" / "plain.html").write_text(csp.add_policy("<html><head><title>p</title></head><body></body></html>"))
    return root


def test_a_preview_keeps_every_rule_and_a_build_purges(tmp_path):
    """`serve` writes theme.css from the whole theme stylesheets without reading the pages again (theme.finish_site
    with preview), and the pages keep linking it; a build keeps only the rules the pages can use, inside each page."""
    for preview, kept in ((True, {".md-used", ".md-unused", ".md-palette"}), (False, {".md-used"})):
        root = _small_site(tmp_path / f"preview-{preview}")
        before = (root / "index.html").read_text()
        theme.finish_site(root, tmp_path, preview=preview)
        if preview:
            css = (root / theme.THEME_CSS).read_text()
            assert (root / "index.html").read_text() == before
        else:
            assert not (root / theme.THEME_CSS).exists(), "written, though no page links it"
            css = _read(root / "index.html").styles[0]
        assert {rule for rule in (".md-used", ".md-unused", ".md-palette") if rule in css} == kept, preview
        assert ".ep-own" in css and not list((root / "assets" / "stylesheets").glob("main.*"))


def _policy(html: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_a_build_puts_the_first_paint_css_where_the_link_was_with_its_hash_and_its_fonts_found(tmp_path):
    own = '@charset "UTF-8";@font-face{font-family:X;src:url("../fonts/x.woff2")}.ep-own{background:url(data:,x)}'
    root = _small_site(tmp_path / "site", own)
    plain = (root / "a" / "plain.html").read_bytes()
    theme.finish_site(root, tmp_path)
    for rel, fonts_at in (("index.html", "assets/fonts/x.woff2"), ("a/b/index.html", "../../assets/fonts/x.woff2")):
        html = (root / rel).read_text()
        style = re.search(r'<style data-later="([^"]*)">(.*?)</style>\n  <noscript>', html, re.S)
        assert style, f"{rel}: no <style> where the link was"
        assert posixpath.normpath(posixpath.join(posixpath.dirname(rel), style.group(1))) == theme.LATER_CSS
        assert f'src:url("{fonts_at}")' in style.group(2) and "url(data:,x)" in style.group(2), rel
        assert "@charset" not in style.group(2) and "theme.css" not in html
        directive = re.search(r"style-src ([^;]*)", _policy(html)).group(1).split()
        assert directive == ["'self'", _sha256(style.group(2))], rel
    assert (root / "a" / "plain.html").read_bytes() == plain  # it linked nothing: left as it was


def test_a_stylesheet_that_could_end_its_element_is_refused(tmp_path):
    for i, end in enumerate(("</style>", "</STYLE ", "</sTyLe/")):
        root = _small_site(tmp_path / f"site-{i}", f'.ep-own::after{{content:"{end}"}}')
        with pytest.raises(theme.UnsafeInlineStyle, match="</style"):
            theme.finish_site(root, tmp_path)
        assert "<style" not in (root / "index.html").read_text()  # nothing written into a page


def test_the_policy_allows_exactly_the_text_given_and_never_unsafe_inline():
    page = csp.add_policy("<html><head><title>x</title></head><body></body></html>")
    allowed = csp.allow_style(page, "p{color:red}")
    assert _sha256("p{color:red}") in _policy(allowed) and _sha256("p{color:red} ") not in _policy(allowed)
    assert csp.allow_style(allowed, "p{color:red}") == allowed  # once
    assert "unsafe-inline" not in allowed
    assert csp.allow_style("<html><head></head></html>", "p{}") == "<html><head></head></html>"  # no policy to change
    with pytest.raises(ValueError, match="style-src"):
        csp.allow_style(page.replace("style-src 'self'; ", ""), "p{}")


# --- in the browser: the split changes nothing a reader sees ---

_PROPERTIES = [
    "display",
    "position",
    "visibility",
    "opacity",
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-bottom-color",
    "width",
    "height",
    "max-width",
    "transform",
    "box-shadow",
    "z-index",
    "overflow-y",
    "text-decoration-line",
    "list-style-type",
    "flex-direction",
    "order",
    "top",
    "left",
    "white-space",
    "outline-style",
    "fill",
]
# margins are read through the boxes: Chromium reports an `auto` margin as 0 or as its width from one load to the next
_STYLES = """([properties, inView]) => {
    const out = {};
    const all = document.body.querySelectorAll("*");
    all.forEach((el, i) => {
        const box = el.getBoundingClientRect();
        if (inView && (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth
                       || box.width === 0 || box.height === 0
                       || !el.checkVisibility({opacityProperty: true, visibilityProperty: true}))) return;
        const style = getComputedStyle(el);
        const key = i + " " + el.tagName + "." + (el.getAttribute("class") || "").trim();
        out[key] = properties.map(p => p + ": " + style.getPropertyValue(p)).concat(
            ["box: " + [box.x, box.y, box.width, box.height].map(Math.round).join(",")]);
    });
    return out;
}"""
_PAGES = ["", f"cases/{CASE.slug}/", "cases/", "en/browse/"]


def _styles(browser, url: str, width: int, route=None, media: str = "screen", in_view: bool = False) -> dict:
    """Styles and boxes of every element (or those in the first viewport)."""
    context = browser.new_context(viewport={"width": width, "height": 740}, bypass_csp=True)
    if route:
        route(context)
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    styles = page.evaluate(_STYLES, [_PROPERTIES, in_view])
    context.close()
    return styles


def _differences(a: dict, b: dict) -> list[str]:
    out = [f"{k}: only in one" for k in sorted(set(a) ^ set(b))]
    for key in sorted(set(a) & set(b)):
        out += [f"{key}: {x} != {y}" for x, y in zip(a[key], b[key]) if x != y]
    return out


def _single_stylesheet(site: Path) -> str:
    """The one stylesheet the site had before the split: the theme's, purged as theme.finish_site purges it, then
    ours whole (the order every rule was written in)."""
    used = purgecss.Used()
    for page in site.rglob("*.html"):
        used.add_html(page.read_bytes())
    scripts = site / "assets" / "javascripts"
    for script in [*scripts.glob("*.js"), *(site / "partials").glob("*.js")]:
        text = script.read_text(encoding="utf-8")
        used.add_theme_script(text) if script.name.startswith("bundle.") else used.add_own_script(text)
    own = (Path(__file__).parents[1] / "docs" / theme.OWN_CSS).read_text(encoding="utf-8")
    return purgecss.purge(_material_css(), used) + "\n" + own


@pytest.mark.browser
@pytest.mark.parametrize("width, media", [(1280, "screen"), (360, "screen"), (1280, "print")])
def test_every_element_is_styled_as_with_the_one_stylesheet_in_its_first_order(
    browser, site_url, built_site, width, media
):
    """Rules moved to theme-later.css come after every rule of the first-paint stylesheet (inside the page), ours
    included: where that could change which rule wins, an element would look different. Every element of four pages,
    once theme-later.css is in, against the same page with the single stylesheet the site had before (the page's
    <style> replaced by a link to theme.css, served with it; theme-later.css empty)."""
    single = _single_stylesheet(built_site)
    relinked: list[str] = []

    def link_again(route):
        response = route.fetch()
        html, count = re.subn(
            r'<style data-later="([^"]*)theme-later\.css">.*?</style>',
            lambda m: f'<link rel="stylesheet" href="{m[1]}theme.css" data-later="{m[1]}theme-later.css">',
            response.text(),
            count=1,
            flags=re.S,
        )
        relinked.extend([route.request.url] * count)
        route.fulfill(response=response, body=html)

    def one_file(context):
        context.route(re.compile(r"^http://127\.0\.0\.1:\d+/(.*/)?$"), link_again)  # the page itself
        context.route(re.compile(r".*/theme\.css$"), lambda r: r.fulfill(body=single, content_type="text/css"))
        context.route(re.compile(r".*/theme-later\.css$"), lambda r: r.fulfill(body="", content_type="text/css"))

    for path in _PAGES:
        split = _styles(browser, f"{site_url}/{path}", width, media=media)
        before = _styles(browser, f"{site_url}/{path}", width, one_file, media=media)
        assert relinked[-1:] == [f"{site_url}/{path}"], f"/{path}: the page's <style> was not replaced"
        assert len(split) > 200, path
        assert _differences(split, before)[:20] == [], f"/{path} at {width} px ({media})"


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_first_view_needs_nothing_from_the_later_stylesheet(browser, site_url, width):
    """What a reader sees before any interaction (the elements in the first viewport, not transparent or hidden) looks
    the same whether theme-later.css has arrived or never does: on a phone, and on a desktop with its navigation and
    contents."""

    def never(context):
        context.route(re.compile(r".*/theme-later\.css$"), lambda r: r.abort())

    for path in _PAGES:
        full = _styles(browser, f"{site_url}/{path}", width, in_view=True)
        first = _styles(browser, f"{site_url}/{path}", width, never, in_view=True)
        assert len(full) > 20, path
        assert _differences(full, first)[:20] == [], f"/{path} at {width} px"
        if width == 1280:
            navigation = [v for key, v in first.items() if "md-sidebar--primary" in key.partition(".")[2].split()]
            assert navigation and navigation[0][0] == "display: block", f"/{path}: no navigation beside the text"
