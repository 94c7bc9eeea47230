"""Cite this page (issue 14, item 3): the visible citation, the BibTeX and RIS downloads read back by real parsers,
Highwire / OpenGraph / Twitter tags in the head of both languages, the preview pictures, print, and hostile text."""

from __future__ import annotations

import datetime
import html
import shutil
import struct
import urllib.parse
import zlib
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from conftest import REPO, cli, copy_project, real_archive
from edupartners import cite, dates, ogimage, pipeline
from edupartners.archive import LANGUAGES

ARCHIVE, REPORT = real_archive()
SITE_URL = pipeline.mkdocs_setting(REPO, "site_url")
RECORDS = [(r.kind, r.slug) for r in ARCHIVE.records]
FOLDER = {"case": "cases", "tool": "tools"}
PAYLOADS: list[str] = yaml.safe_load((Path(__file__).with_name("hostile.yaml")).read_text("utf-8"))["payloads"]
# The payloads of hostile.yaml written against the head and the downloads (an attribute break-out, a BibTeX field,
# LaTeX commands and an unbalanced brace, RIS tags on new lines); the test fails if they are taken out.
HEAD_PAYLOADS = [
    p for p in PAYLOADS if "attacker.example/preview.png" in p or "Mallory" in p or r"\write18" in p or "ER  - " in p
]
assert len(HEAD_PAYLOADS) == 4, HEAD_PAYLOADS


def record(kind: str, slug: str):
    return next(r for r in ARCHIVE.records if r.kind == kind and r.slug == slug)


def page_file(site: Path, lang: str, rel: str) -> Path:
    return site / ("" if lang == "th" else lang) / rel / "index.html"


class Head(HTMLParser):
    """The elements of <head> as (tag, attributes), and the <html lang>."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.lang, self._in_head = [], None, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False

    def meta(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for tag, attrs in self.elements:
            if tag == "meta" and ("property" in attrs or "name" in attrs):
                out.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# What these LaTeX commands print (LaTeX's own meaning, not our table): undone in one pass, as TeX reads them.
LATEX_TEXT = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
}
BIB_FIELDS = {
    "author",
    "title",
    "howpublished",
    "organization",
    "year",
    "month",
    "date",
    "url",
    "language",
    "keywords",
    "abstract",
    "note",
}


def latex_text(value: str) -> str:
    import re

    value = value[1:-1] if value.startswith("{") and value.endswith("}") else value  # {{...}}: a protected title
    return re.sub("|".join(map(re.escape, LATEX_TEXT)), lambda m: LATEX_TEXT[m.group(0)], value)


def read_bibtex(text: str):
    """One entry, read by bibtexparser; fields as {name: text as LaTeX prints it}."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1 and not library.comments, text
    entry = library.entries[0]
    assert entry.entry_type == "misc"
    return {k: latex_text(v.value) if isinstance(v.value, str) else v.value for k, v in entry.fields_dict.items()}


# ------------------------------------------------------------------------------------------------ without a build


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        ("2026-11-24", "th", "พ.ศ. 2569, 24 พฤศจิกายน"),
        ("2026-11-24", "en", "2026, November 24"),
        ("2026-03", "th", "พ.ศ. 2569, มีนาคม"),
        ("2026-03", "en", "2026, March"),
        ("2026", "th", "พ.ศ. 2569"),
    ],
)
def test_citation_dates_follow_apa_and_the_page_language(value, lang, expected):
    assert cite._apa_date(value, lang) == expected


@pytest.mark.parametrize("value", PAYLOADS + ["{{{", "}}}", "100% $5 #1 a_b ^ ~ & \\", "ทดสอบ ที่นี่ {ปู่}"])
def test_bibtex_and_ris_read_back_exactly_what_was_written(value):
    """Contributor text cannot open or close a BibTeX field or start a RIS tag: real parsers read it back."""
    case = ARCHIVE.cases[0]
    data = yaml.safe_load(case.yaml_path.read_text("utf-8"))
    data["title"] = {"th": value, "en": value}
    data["summary"] = {"th": value, "en": value}
    fake = type(case)(case.kind, case.folder, case.yaml_path, _Loaded(data))
    flat = " ".join(value.split())
    for lang in LANGUAGES:
        fields = read_bibtex(cite.bibtex(ARCHIVE, fake, SITE_URL, lang))
        assert set(fields) == BIB_FIELDS  # no field added, none cut off
        assert fields["title"] == flat and fields["abstract"] == flat
        assert fields["author"] == {"th": "หุ้นส่วนการศึกษา", "en": "Education Partners"}[lang]
        assert fields["url"] == f"{SITE_URL}{'' if lang == 'th' else 'en/'}cases/{case.slug}/"
        entries = rispy.loads(cite.ris(ARCHIVE, fake, SITE_URL, lang))
        assert len(entries) == 1
        assert entries[0]["title"] == flat and entries[0]["abstract"] == flat
        assert entries[0]["type_of_reference"] == "ELEC" and entries[0]["authors"] == [fields["author"]]


class _Loaded:
    def __init__(self, data):
        self.data = data


def test_a_hand_written_page_cannot_put_tags_in_the_head():
    """`head` in front matter counts only on generated case and tool pages, and only for preview/citation names."""

    class Page:
        title, canonical_url = "About", "https://example.org/about/"
        meta = {
            "head": [
                ["http-equiv", "refresh", "0;url=https://attacker.example/"],
                ["property", "og:image", "https://attacker.example/x.png"],
            ]
        }
        file = type("File", (), {"src_uri": "about.en.md"})()

    config = {"site_url": SITE_URL, "site_name": "Education Partners", "site_description": "An archive"}
    out = str(cite.head_meta(Page(), config, "en"))
    assert "refresh" not in out and "attacker" not in out
    assert f'<meta property="og:image" content="{SITE_URL}og/site-en.png">' in out
    without = str(cite.head_meta(Page(), {**config, "site_url": ""}, "en"))  # no address to give: no picture
    assert "og:image" not in without and '<meta name="twitter:card" content="summary">' in without
    Page.file.src_uri = "cases/x.en.md"
    Page.meta = {
        "head": [
            ["http-equiv", "refresh", "0"],
            ["name", "citation_title", '"><script>alert(1)</script>'],
            ["name", "viewport", "x"],
            ["property", "og:title", "A & B"],
        ]
    }
    out = str(cite.head_meta(Page(), config, "en"))
    assert out == (
        '<meta name="citation_title" content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">\n'
        '<meta property="og:title" content="A &amp; B">'
    )


def test_thai_is_shaped_before_it_is_drawn():
    """HarfBuzz applies Sarabun's Thai rules: a consonant loses its tail under a lower vowel, a tone mark over an
    upper vowel takes its small form. Without shaping, the glyphs would be the plain ones of the character map."""
    from fontTools.ttLib import TTFont

    font = TTFont(ogimage._font_path("SemiBold"))
    order, cmap = font.getGlyphOrder(), font.getBestCmap()
    for text in ("ญุ", "ที่"):
        shaped = [order[g[0]] for g in ogimage._shape(text, "SemiBold")]
        plain = [cmap[ord(c)] for c in text]
        assert shaped != plain, text


def test_a_band_drawn_in_parts_is_the_band_drawn_at_once(monkeypatch):
    """FreeType counts an outline's points in a short: a long band is filled in parts, with the same result."""
    lines = ("ห้องเรียนพ่อแม่ ชุมชนที่ปรึกษา", "ผู้ใหญ่บ้านกี่ปี ๆ ฟื้นฟู Education")
    whole = ogimage._band.__wrapped__(lines, "SemiBold", 54, 380, 100)
    assert sum(whole) > 100_000  # text was drawn
    monkeypatch.setattr(ogimage, "MAX_POINTS", 120)
    parts = ogimage._band.__wrapped__(lines, "SemiBold", 54, 380, 100)
    differing = sum(a != b for a, b in zip(whole, parts))
    assert len(parts) == len(whole) and differing < len(whole) // 1000  # glyphs that touch may blend differently


def test_a_thai_title_breaks_between_words_and_fits():
    title = record("case", ARCHIVE.cases[0].slug).data["title"]["th"] + " " + "ความร่วมมือระหว่างโรงเรียนและชุมชน" * 3
    lines = ogimage.wrap(title, "SemiBold", 54, ogimage.WIDTH - 2 * ogimage.MARGIN)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    for line in lines:
        assert ogimage._width(line, "SemiBold", 54) <= ogimage.WIDTH - 2 * ogimage.MARGIN
    words = set(ogimage._words(title))
    assert all(any(line.endswith(w) for w in words) for line in lines)  # no line ends inside a word


def test_pictures_are_cached_by_content_and_never_through_a_link(tmp_path):
    cache = tmp_path / ".cache" / "og"
    first = ogimage.picture(cache, "หุ้นส่วนการศึกษา", "กรณีศึกษา", "ทดสอบ", "example.org")
    assert png_size(first) == (1200, 630)
    (stored,) = cache.glob("*.png")
    stored.write_bytes(first + b"cached")  # a second call reads the cache, not the renderer
    assert ogimage.picture(cache, "หุ้นส่วนการศึกษา", "กรณีศึกษา", "ทดสอบ", "example.org") == first + b"cached"
    assert ogimage.picture(cache, "หุ้นส่วนการศึกษา", "กรณีศึกษา", "ทดสอบ 2", "example.org") != first
    assert len(list(cache.glob("*.png"))) == 2
    ogimage.prune(cache, {ogimage.cache_key("หุ้นส่วนการศึกษา", "กรณีศึกษา", "ทดสอบ 2", "example.org")})
    assert [p.stem for p in cache.glob("*.png")] == [
        ogimage.cache_key("หุ้นส่วนการศึกษา", "กรณีศึกษา", "ทดสอบ 2", "example.org")
    ]
    shutil.rmtree(cache)
    target = tmp_path / "elsewhere"
    target.mkdir()
    cache.symlink_to(target)
    with pytest.raises(ValueError):
        ogimage.picture(cache, "a", "b", "c", "d")
    assert not any(target.iterdir())


def test_the_picture_decodes_and_shows_text():
    data = ogimage.render("Education Partners", "Case study", "A title", "example.org/archive")
    assert png_size(data) == (1200, 630)
    chunks, at = {}, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        chunks[kind] = chunks.get(kind, b"") + data[at + 8 : at + 8 + length]
        assert (
            zlib.crc32(kind + data[at + 8 : at + 8 + length]) & 0xFFFFFFFF
            == struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0]
        )
        at += 12 + length
    rows = zlib.decompress(chunks[b"IDAT"])
    assert len(rows) == 630 * 1201 and len(chunks[b"PLTE"]) == 3 * ogimage.LEVELS
    title_rows = [rows[y * 1201 + 1 : (y + 1) * 1201] for y in range(150, 530)]
    assert sum(any(r) for r in title_rows) > 30  # the title is drawn, in the band kept for it
    assert max(max(r) for r in title_rows) == ogimage.LEVELS - 1


# ------------------------------------------------------------------------------------------------ the built site


@pytest.mark.parametrize("kind, slug", RECORDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_record_pages_carry_citation_and_preview_tags(built_site, kind, slug, lang):
    r = record(kind, slug)
    path = page_file(built_site, lang, f"{FOLDER[kind]}/{slug}")
    head = Head(path.read_text("utf-8"))
    meta = head.meta()
    title = " ".join(r.data["title"][lang].split())
    url = f"{SITE_URL}{'' if lang == 'th' else 'en/'}{FOLDER[kind]}/{slug}/"
    assert head.lang == lang
    assert meta["citation_title"] == [title] and meta["og:title"] == [title] and meta["twitter:title"] == [title]
    assert meta["citation_author"] == [{"th": "หุ้นส่วนการศึกษา", "en": "Education Partners"}[lang]]
    assert meta["citation_language"] == [lang]
    reviewed = dates.parts(r.data["review"]["reviewed"])
    assert meta["citation_publication_date"] == ["/".join(str(p) for p in reviewed if p)]
    assert meta["og:description"] == [" ".join(r.data["summary"][lang].split())]
    assert meta["og:url"] == [url] == meta["citation_fulltext_html_url"]
    canonical = [a["href"] for t, a in head.elements if t == "link" and a.get("rel") == "canonical"]
    assert canonical == [url]
    assert meta["og:locale"] == [{"th": "th_TH", "en": "en_US"}[lang]]
    assert meta["og:type"] == ["article"] and meta["twitter:card"] == ["summary_large_image"]
    image = meta["og:image"][0]
    assert meta["twitter:image"] == [image] and image.startswith(SITE_URL)
    local = built_site / urllib.parse.urlsplit(image).path.removeprefix(urllib.parse.urlsplit(SITE_URL).path)
    data = local.read_bytes()
    assert png_size(data) == (1200, 630) and meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    assert len(data) < 80_000


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("rel", ["", "cases", "browse/map", "about"])
def test_other_pages_share_the_site_preview(built_site, lang, rel):
    meta = Head(page_file(built_site, lang, rel).read_text("utf-8")).meta()
    assert meta["og:image"] == [f"{SITE_URL}og/site-{lang}.png"]
    assert png_size((built_site / "og" / f"site-{lang}.png").read_bytes()) == (1200, 630)
    assert meta["og:type"] == ["website"] and meta["og:title"][0] and meta["og:description"][0]
    assert meta["og:site_name"] == [{"th": "หุ้นส่วนการศึกษา", "en": "Education Partners"}[lang]]
    assert "citation_title" not in meta


class Links(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.hrefs = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.mark.parametrize("kind, slug", RECORDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_citation_block_and_downloads_match_the_record(built_site, kind, slug, lang):
    r = record(kind, slug)
    path = page_file(built_site, lang, f"{FOLDER[kind]}/{slug}")
    text = path.read_text("utf-8")
    block = text[text.index('<div class="ep-citation">') :]
    block = block[: block.index("</div>")]
    plain = html.unescape(block)
    year = dates.parts(r.data["review"]["reviewed"])[0]
    assert (f"(พ.ศ. {year + 543}," if lang == "th" else f"({year},") in plain
    assert dates.format_date(r.data["review"]["reviewed"], lang) in plain
    assert "CC BY 4.0" in plain
    url = f"{SITE_URL}{'' if lang == 'th' else 'en/'}{FOLDER[kind]}/{slug}/"
    downloads = [h for h in Links(block).hrefs if h.endswith((".bib", ".ris"))]
    assert len(downloads) == 2
    for href in downloads:
        target = (path.parent / href).resolve()
        assert target.is_file(), href
        content = target.read_text("utf-8")
        if href.endswith(".bib"):
            fields = read_bibtex(content)
            assert fields["title"] == " ".join(r.data["title"][lang].split())
            assert fields["author"] == {"th": "หุ้นส่วนการศึกษา", "en": "Education Partners"}[lang]
            assert fields["year"] == str(year) and fields["url"] == url
        else:
            (entry,) = rispy.loads(content)
            assert entry["title"] == " ".join(r.data["title"][lang].split())
            assert entry["authors"] == [{"th": "หุ้นส่วนการศึกษา", "en": "Education Partners"}[lang]]
            assert entry["urls"] == [url] and entry["year"] == str(year) and entry["language"] == lang


# ------------------------------------------------------------------------------------------------ hostile text


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A small project whose case has hostile text in its title, summary and theme name, built for real."""
    tmp = tmp_path_factory.mktemp("cite-hostile")
    root = copy_project(tmp / "project", with_records=False)
    for rel in ("cases/eef-equity-partnership", "tools/teach-for-thailand"):
        shutil.copytree(REPO / rel, root / rel)
    path = root / "cases/eef-equity-partnership/case.yaml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    title = "quetzalcite " + " ".join(PAYLOADS[1:3] + HEAD_PAYLOADS)
    data["title"] = {"th": title, "en": title}
    data["summary"] = {"th": PAYLOADS[13], "en": PAYLOADS[12]}
    path.write_text(text.split("\n", 1)[0] + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    site = tmp / "site"
    result = cli("--root", str(root), "build", "--site-dir", str(site), "--no-offline")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site, title, data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hostile_titles_stay_text_in_the_head_and_the_downloads(hostile_site, lang):
    site, title, data = hostile_site
    flat = " ".join(title.split())
    clean = Head(page_file(site, "th", "cases/eef-equity-partnership").read_text("utf-8"))
    head = Head(page_file(site, lang, "cases/eef-equity-partnership").read_text("utf-8"))
    meta = head.meta()
    assert meta["citation_title"] == [flat] and meta["og:title"] == [flat]
    assert meta["og:description"] == [" ".join(data["summary"][lang].split())]
    assert meta["og:image"] == [f"{SITE_URL}og/cases/eef-equity-partnership-{lang}.png"]
    url = f"{SITE_URL}{'' if lang == 'th' else 'en/'}cases/eef-equity-partnership/"
    assert meta["og:url"] == meta["citation_fulltext_html_url"] == [url]  # addresses stay ours
    assert meta["twitter:image"] == meta["og:image"]
    kinds = sorted((t, a.get("http-equiv", "")) for t, a in head.elements if t != "meta" or "http-equiv" in a)
    assert kinds == sorted(
        (t, a.get("http-equiv", "")) for t, a in clean.elements if t != "meta" or "http-equiv" in a
    )  # the same elements as the Thai page: none added
    assert not any(
        t in ("base", "iframe", "object") or a.get("http-equiv", "").lower() == "refresh" for t, a in head.elements
    )
    fields = read_bibtex((site / f"cite/cases/eef-equity-partnership-{lang}.bib").read_text("utf-8"))
    assert fields["title"] == flat and set(fields) == BIB_FIELDS and "Mallory" not in fields["author"]
    assert fields["url"] == f"{SITE_URL}{'' if lang == 'th' else 'en/'}cases/eef-equity-partnership/"
    (ris_entry,) = rispy.loads((site / f"cite/cases/eef-equity-partnership-{lang}.ris").read_text("utf-8"))
    assert ris_entry["title"] == flat
    assert ris_entry["urls"] == [f"{SITE_URL}{'' if lang == 'th' else 'en/'}cases/eef-equity-partnership/"]
    assert png_size((site / f"og/cases/eef-equity-partnership-{lang}.png").read_bytes()) == (1200, 630)


# ------------------------------------------------------------------------------------------------ print, in Chromium


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_printed_case_carries_its_address_licence_and_dates(page, site_url, lang):
    case = ARCHIVE.cases[0]
    page.set_viewport_size({"width": 794, "height": 1123})
    page.goto(f"{site_url}/{'' if lang == 'th' else 'en/'}cases/{case.slug}/")
    page.emulate_media(media="print")
    record_line = page.locator(".ep-citation__record")
    assert record_line.is_visible() and page.locator(".ep-citation__text").is_visible()
    assert not page.locator(".md-header").is_visible() and not page.locator(".ep-citation__downloads").is_visible()
    text = record_line.inner_text()
    today = datetime.date.today()  # the reader's date, written by edupartners.js
    assert f"{SITE_URL}{'' if lang == 'th' else 'en/'}cases/{case.slug}/" in text
    assert "CC BY 4.0" in text
    assert dates.format_date(case.data["review"]["reviewed"], lang) in text
    assert dates.format_date(today.isoformat(), lang) in text
    apa = page.locator(".ep-citation__text").inner_text()
    shown = dates.format_date(today.isoformat(), "th") if lang == "th" else f"{today:%B} {today.day}, {today.year}"
    assert shown in apa
