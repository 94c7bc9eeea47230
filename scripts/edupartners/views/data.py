"""The data dictionary page, and the files generate writes beside the pages: open data (data/), each record's
pictures (media/), the JSON Schemas (schema/), citation files and preview pictures, and the subset fonts."""

from __future__ import annotations

from collections.abc import Iterator

from .. import cite, datadict, exports, fonts, jsoncache
from ..archive import LANGUAGES, Archive
from ..memo import Keep, fresh
from ..ui import UI
from .context import KIND_DIRS, Context, Site


def dictionary(ctx: Context) -> dict[str, str]:
    return ctx.page(
        "data/dictionary",
        "data_dictionary.md.j2",
        "schema/, vocab/ and exports.py",
        **datadict.page_values(ctx.archive, ctx.lang),
    )


def open_data(archive: Archive, site: Site, keep: Keep = fresh) -> Iterator[tuple[str, str | bytes]]:
    """data/: the cases and tools as JSON and CSV, the CSV's CSVW metadata and an Atom feed per language; cite/
    and og/: each record's citation files and preview pictures. `keep`: `serve`'s memo (memo.py)."""
    url = site.site_url
    yield "data/cases.json", exports.cases_json(archive, url, keep)
    yield "data/cases.csv", exports.cases_csv(archive, url, keep=keep)
    yield "data/cases-excel.csv", exports.cases_csv(archive, url, excel=True, keep=keep)
    yield "data/cases.csv-metadata.json", datadict.csv_metadata(archive, url)
    yield "data/tools.json", exports.tools_json(archive, url)
    yield from cite.files(archive, url, archive.root / ".cache" / "og", pictures=site.pictures, keep=keep)
    for lang in LANGUAGES:
        yield f"data/feed-{lang}.xml", exports.atom_feed(archive, url, lang, UI[lang]["site_name"], keep)


def media(archive: Archive) -> Iterator[tuple[str, bytes]]:
    """Each record's pictures, under media/<cases|tools>/<slug>/."""
    for r in archive.records:
        for item in r.data.get("media", []):
            yield f"media/{KIND_DIRS[r.kind]}/{r.slug}/{item['file']}", (r.folder / item["file"]).read_bytes()


def schemas(archive: Archive) -> dict[str, bytes]:
    return {f"schema/{p.name}": p.read_bytes() for p in sorted((archive.root / "schema").glob("*.schema.json"))}


def font_files(archive: Archive) -> dict[str, bytes]:
    cache = archive.root / jsoncache.CACHE / "fonts"
    return {f"assets/fonts/{name}": data for name, data in fonts.files(cache).items()}
