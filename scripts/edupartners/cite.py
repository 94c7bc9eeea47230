"""Cite this page: the visible citation (APA-like, in the page's language), BibTeX and RIS downloads, the
Highwire (Google Scholar), OpenGraph and Twitter-card tags of the head, and the link-preview pictures.

The project is the corporate author. The date is the last review (a case page has no other publication date);
the retrieval date is the reader's, so the page fills it in the browser (edupartners.js) and the files leave it
out. Every value is contributor text: the files escape it for their own syntax here, `head_meta` escapes the head's
values (overrides/main.html prints them through it), the templates escape the visible block.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from markupsafe import Markup

from . import dates, exports, ogimage
from .archive import LANGUAGES, Archive, Record
from .memo import Keep, fresh
from .ui import UI

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
LICENCE_DEED = {"th": "https://creativecommons.org/licenses/by/4.0/deed.th", "en": LICENCE["url"]}
LOCALES = {"th": "th_TH", "en": "en_US"}  # OpenGraph locales
FOLDERS = {"case": "cases", "tool": "tools"}
CITE_DIR, IMAGE_DIR = "cite", "og"  # generated folders (generate.GENERATED_DIRS)
IMAGE_SIZE = (ogimage.WIDTH, ogimage.HEIGHT)


def download_path(record: Record, lang: str, ext: str) -> str:
    return f"{CITE_DIR}/{FOLDERS[record.kind]}/{record.slug}-{lang}.{ext}"


def image_path(record: Record | None, lang: str) -> str:
    """A record's preview picture, or the site's (record None) for every other page."""
    if record is None:
        return f"{IMAGE_DIR}/site-{lang}.png"
    return f"{IMAGE_DIR}/{FOLDERS[record.kind]}/{record.slug}-{lang}.png"


def _plain(value) -> str:
    """One line of text: whitespace of any kind (newlines, Unicode separators) collapsed."""
    return " ".join(str(value).split())


def _apa_date(value, lang: str) -> str:
    """(2026, November 24) / (พ.ศ. 2569, 24 พฤศจิกายน): the year first, as APA puts it."""
    year, month, day = dates.parts(value)
    shown = f"พ.ศ. {dates.display_year(year, lang)}" if lang == "th" else str(year)
    if month is None:
        return shown
    name = dates._MONTHS[lang][month - 1]  # the month names every page uses
    if day is None:
        return f"{shown}, {name}"
    return f"{shown}, {day} {name}" if lang == "th" else f"{shown}, {name} {day}"


def view(archive: Archive, record: Record, site_url: str, lang: str) -> dict:
    """What the citation block and the head need for one page."""
    d, ui = record.data, UI[lang]
    reviewed = d["review"]["reviewed"]
    url = exports.page_url(site_url, record.kind, record.slug, lang) if site_url else ""
    title, summary = _plain(d["title"][lang]), _plain(d["summary"][lang])
    kind = ui[f"cite_kind_{record.kind}"]
    return {
        "author": ui["site_name"],
        "date": _apa_date(reviewed, lang),
        "title": title,
        "kind": kind,
        "url": url,
        "reviewed": dates.format_date(reviewed, lang),
        "licence": LICENCE["name"],
        "licence_url": LICENCE_DEED[lang],
        "bib": "ep-root:" + download_path(record, lang, "bib"),
        "ris": "ep-root:" + download_path(record, lang, "ris"),
        "head": head(archive, record, site_url, lang, title, summary, url),
    }


def head(archive: Archive, record: Record, site_url: str, lang: str, title: str, summary: str, url: str) -> list:
    """[attribute, name, value] of each <meta> for the head: front matter, printed by `head_meta`."""
    d, ui = record.data, UI[lang]
    reviewed = d["review"]["reviewed"]
    year, month, day = dates.parts(reviewed)
    themes = [archive.vocab["themes"][t]["name"][lang] for t in d.get("themes", [])]
    image = _absolute(site_url, image_path(record, lang))
    alt = ui["og_image_alt"].format(title=title)
    tags = [
        ("name", "citation_title", title),
        ("name", "citation_author", ui["site_name"]),
        ("name", "citation_publication_date", "/".join(str(p) for p in (year, month, day) if p is not None)),
        ("name", "citation_publisher", ui["site_name"]),
        ("name", "citation_language", lang),
        *([("name", "citation_fulltext_html_url", url)] if url else []),
        *([("name", "citation_keywords", "; ".join(themes))] if themes else []),
        ("property", "og:type", "article"),
        ("property", "og:site_name", ui["site_name"]),
        ("property", "og:title", title),
        ("property", "og:description", summary),
        *([("property", "og:url", url)] if url else []),
        ("property", "og:locale", LOCALES[lang]),
        *[("property", "og:locale:alternate", LOCALES[other]) for other in LANGUAGES if other != lang],
        *_image_tags(image, alt),
        ("property", "article:modified_time", str(reviewed)),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", summary),
        *([("name", "twitter:image", image), ("name", "twitter:image:alt", alt)] if image else []),
    ]
    return [list(t) for t in tags]


_META_NAME = re.compile(r"(og|twitter|article):[a-z_:]+|citation_[a-z_]+")
_RECORD_PAGE = re.compile(r"(cases|tools)/[^/]+\.[a-z]{2}\.md")  # generated; docs/ may not hold these folders


def _image_tags(image: str | None, alt: str) -> list[tuple[str, str, str]]:
    """OpenGraph tags of a preview picture (none without one)."""
    if not image:
        return []
    width, height = IMAGE_SIZE
    return [
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(width)),
        ("property", "og:image:height", str(height)),
        ("property", "og:image:alt", alt),
    ]


def head_meta(page, config, lang: str) -> Markup:
    """The <meta> tags of one page's head (a Jinja filter, registered by our MkDocs plugin). A case or tool page
    gives its own (`head` in its front matter, written by `view`); every other page gets the site's preview.
    Only OpenGraph, Twitter-card and Highwire names pass, each value escaped: a hand-written page cannot add
    a refresh, a policy or anything else to the head through its front matter."""
    lang = lang if lang in UI else LANGUAGES[0]
    meta = getattr(page, "meta", None) or {}
    src = getattr(getattr(page, "file", None), "src_uri", "")
    tags = meta.get("head") if _RECORD_PAGE.fullmatch(src or "") else None
    if not isinstance(tags, list):
        tags = _site_head(page, config, lang)
    out = []
    for tag in tags:
        if (
            isinstance(tag, list)
            and len(tag) == 3
            and tag[0] in ("name", "property")
            and isinstance(tag[1], str)
            and _META_NAME.fullmatch(tag[1])
            and isinstance(tag[2], str)
        ):
            out.append(f'<meta {tag[0]}="{tag[1]}" content="{html.escape(tag[2], quote=True)}">')
    return Markup("\n".join(out))


def _site_head(page, config, lang: str) -> list:
    """Every page that is not a case or tool: the site's own preview picture, the page's title and description.
    The plugin has already escaped front matter for the theme, so those are read back to plain text first."""
    site_url = config.get("site_url") or ""
    title = html.unescape(re.sub(r"<[^>]*>", "", str(getattr(page, "title", None) or "")))
    src = getattr(getattr(page, "file", None), "src_uri", "") or ""
    if not title or re.fullmatch(r"index(\.[a-z]{2})?\.md", src):  # the home page is the site itself
        title = UI[lang]["site_name"]
    description = (getattr(page, "meta", None) or {}).get("description") or config.get("site_description") or ""
    description = html.unescape(str(description))
    image = _absolute(site_url, image_path(None, lang))
    url = getattr(page, "canonical_url", None) or ""
    alt = UI[lang]["og_image_alt"].format(title=UI[lang]["site_name"])
    tags = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", UI[lang]["site_name"]),
        ("property", "og:title", " ".join(title.split())),
        ("property", "og:description", " ".join(description.split())),
        *([("property", "og:url", url)] if url else []),
        ("property", "og:locale", LOCALES[lang]),
        *[("property", "og:locale:alternate", LOCALES[other]) for other in LANGUAGES if other != lang],
        *_image_tags(image, alt),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        *([("name", "twitter:image", image), ("name", "twitter:image:alt", alt)] if image else []),
    ]
    return [list(t) for t in tags]


def _absolute(site_url: str, path: str) -> str:
    """Previews need absolute addresses; without a site_url there is none to give."""
    return urllib.parse.urljoin(site_url, path) if site_url else ""


# --- downloads -----------------------------------------------------------------------------------------------------

_BIBTEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",  # braces balanced whatever comes
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\textasciicircum{}",
        "~": r"\textasciitilde{}",
    }
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_text(value) -> str:
    """Text for a braced BibTeX field: LaTeX's special characters written as commands, so no brace, comment or
    field can be opened or closed by contributor text."""
    return _plain(value).translate(_BIBTEX)


def bibtex(archive: Archive, record: Record, site_url: str, lang: str) -> str:
    d, ui = record.data, UI[lang]
    reviewed = d["review"]["reviewed"]
    year, month, day = dates.parts(reviewed)
    url = exports.page_url(site_url, record.kind, record.slug, lang) if site_url else ""
    themes = [archive.vocab["themes"][t]["name"][lang] for t in d.get("themes", [])]
    note = ui["cite_note"].format(reviewed=dates.format_date(reviewed, lang), licence=LICENCE["name"])
    fields = [
        ("author", "{" + bibtex_text(ui["site_name"]) + "}"),  # double braces: a corporate author, not a person
        ("title", "{" + bibtex_text(d["title"][lang]) + "}"),
        ("howpublished", bibtex_text(ui[f"cite_kind_{record.kind}"])),
        ("organization", bibtex_text(ui["site_name"])),
        ("year", str(year)),
        *([("month", None)] if month else []),
        ("date", str(reviewed)),
        *([("url", url)] if url else []),
        ("language", {"th": "thai", "en": "english"}[lang]),
        *([("keywords", bibtex_text(", ".join(themes)))] if themes else []),
        ("abstract", bibtex_text(d["summary"][lang])),
        ("note", bibtex_text(note)),
    ]
    lines = [f"@misc{{edupartners-{record.kind}-{record.slug}-{lang},"]
    for name, value in fields:
        lines.append(f"  {name:<12} = {_MONTHS[month - 1]}," if name == "month" else f"  {name:<12} = {{{value}}},")
    return "\n".join(lines) + "\n}\n"


def ris(archive: Archive, record: Record, site_url: str, lang: str) -> str:
    """RIS (one tag a line): values are single lines, so contributor text cannot start a tag of its own."""
    d, ui = record.data, UI[lang]
    reviewed = d["review"]["reviewed"]
    year, month, day = dates.parts(reviewed)
    url = exports.page_url(site_url, record.kind, record.slug, lang) if site_url else ""
    note = ui["cite_note"].format(reviewed=dates.format_date(reviewed, lang), licence=LICENCE["name"])
    tags = [
        ("TY", "ELEC"),  # web page
        ("AU", ui["site_name"]),  # no comma: a corporate author, not "last, first"
        ("TI", d["title"][lang]),
        ("M3", ui[f"cite_kind_{record.kind}"]),
        ("PB", ui["site_name"]),
        ("PY", str(year)),
        ("DA", "/".join([str(year), f"{month:02d}" if month else "", f"{day:02d}" if day else "", ""])),
        *([("UR", url)] if url else []),
        ("LA", lang),
        *[("KW", archive.vocab["themes"][t]["name"][lang]) for t in d.get("themes", [])],
        ("AB", d["summary"][lang]),
        ("N1", note),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_plain(value)}\r\n" for tag, value in tags)


def files(
    archive: Archive, site_url: str, cache: Path | None, pictures: bool = True, keep: Keep = fresh
) -> Iterator[tuple[str, str | bytes]]:
    """Every generated citation file and (with `pictures`) preview picture, as (path relative to docs/, content),
    one at a time. The picture cache is pruned only by a run that made every picture. `keep` (memo.py): each
    record's files, made again when the record or the vocabulary changed."""
    address, used = _address(site_url), set()

    def picture(path: str, *texts: str) -> tuple[str, bytes]:
        used.add(ogimage.cache_key(*texts, address))
        return path, ogimage.picture(cache, *texts, address)

    for lang in LANGUAGES:
        ui = UI[lang]
        if pictures:
            yield picture(image_path(None, lang), ui["site_name"], "", ui["og_site_title"])
        for record in archive.records:
            inputs = (record, archive.vocab, site_url)
            for ext, write in (("bib", bibtex), ("ris", ris)):
                path = download_path(record, lang, ext)
                yield path, keep(path, inputs, partial(write, archive, record, site_url, lang))
            if pictures:
                title = _plain(record.data["title"][lang])
                yield picture(image_path(record, lang), ui["site_name"], ui[f"cite_kind_{record.kind}"], title)
    if cache is not None and pictures:
        ogimage.prune(cache, used)  # after the last picture: only pictures no page uses any more go


def _address(site_url: str) -> str:
    """The site's address as printed on the pictures: host and path, no scheme."""
    parts = urllib.parse.urlsplit(site_url or "")
    return (parts.netloc + parts.path).rstrip("/")
