"""Render the archive into Markdown pages and static files for the staging folder (see staging.py).

`pages` is the site map: which pages and files exist, each made by a small page builder in views/."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from . import cite
from .archive import LANGUAGES, Archive
from .memo import fresh
from .views import data, home, listings, record
from .views.context import BANNER, KIND_DIRS, ROOT_LINK, Context, Rendered, Site, environment, readable_url
from .views.listings import placement

__all__ = [
    "BANNER",
    "GENERATED_DIRS",
    "KIND_DIRS",
    "ROOT_LINK",
    "Site",
    "pages",
    "placement",
    "readable_url",
    "render_pages",
    "render_records",
]

Made = Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]]  # {path: content}, or pairs one at a time
Builder = Callable[[Context], Made]
GENERATED_DIRS = ("cases", "tools", "browse", "data", "media", "schema", "assets/fonts", cite.CITE_DIR, cite.IMAGE_DIR)

RECORD_PAGES = (
    record.case_pages,  # cases/<slug>
    record.tool_pages,  # tools/<slug>
    record.moved_pages,  # cases/<old slug>: where the case is now
)
LISTS = (  # lists of records, each over numbered pages where it can grow with the archive (views/paging.py)
    listings.cases_index,  # cases/ with "schools like mine", and the filter's data cases/filter-<lang>.json
    listings.tools_index,  # tools/
    listings.browse_index,  # browse/
    home.home,  # the home page
    listings.facet_pages,  # browse/<facet>/<value>
    listings.map_page,  # browse/map
    listings.timeline,  # browse/timeline
    listings.translations,  # browse/translations
)
PAGES = (*RECORD_PAGES, *LISTS, data.dictionary)  # per language, in this order


def pages(
    archive: Archive,
    site: Site,
    builders: tuple[Builder, ...] = PAGES,
    files: bool = True,
    rendered: Rendered | None = None,
) -> Iterator[tuple[str, str | bytes]]:
    """Every generated file as (path relative to docs/, content), one at a time (the build writes each as it
    comes, so that the site is never held in memory): the pages `builders` make in each language, and (with
    `files`) the data, media, schema and font files. With `rendered` (`serve`), a page rendered before from the same
    values comes as staging.UNCHANGED."""
    env = rendered.start() if rendered is not None else environment()
    for lang in LANGUAGES:
        ctx = Context(archive, site, lang, env, rendered)
        for build in builders:
            yield from _pairs(build(ctx))
    if files:
        for made in (
            data.open_data(archive, site, rendered.kept if rendered is not None else fresh),
            data.media(archive),
            data.schemas(archive),
            data.font_files(archive),
        ):
            for path, content in _pairs(made):
                yield path, rendered.file(path, content) if rendered is not None else content


def render_pages(
    archive: Archive, site: Site, builders: tuple[Builder, ...] = PAGES, files: bool = True
) -> dict[str, str | bytes]:
    """`pages` as one {path: content} (tests read the site this way)."""
    return dict(pages(archive, site, builders, files))


def _pairs(made: Made) -> Iterable[tuple[str, str | bytes]]:
    return made.items() if isinstance(made, Mapping) else made


def render_records(archive: Archive, site: Site, records: list, rendered: Rendered | None = None) -> dict[str, str]:
    """The pages of these records alone, in each language (`serve`, when only their narratives changed: nothing
    else shows a narrative)."""
    env = rendered.start() if rendered is not None else environment()
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        out.update(record.record_pages(Context(archive, site, lang, env, rendered), records))
    return out
