"""A schematic tile map of Thailand's provinces, grouped by region: HTML lists laid out by CSS, no drawing.

Schematic on purpose: no openly licensed province boundaries could be had from the package registries
(see HACKING.md). Each region is a block of province tiles; on a wide screen the blocks sit roughly where the
regions lie (edupartners.css, `.ep-map`), on a phone they stack into a readable list. Real text, real links: the
labels keep the reader's font size, and every tile with cases is a link a keyboard or a screen reader can reach.
"""

from __future__ import annotations

import re
from html import escape

from pythainlp.util import collate

from .archive import Archive, thai_provinces

# Provinces have two-digit ISO 3166-2:TH codes (76 provinces and Bangkok). Pattaya (TH-S, a "special
# administrative city") is a city inside Chon Buri province, not a province, so it has no tile.
PROVINCE_CODE = re.compile(r"TH-[0-9]{2}")
# Block order: north to south, the order a phone shows them in (the CSS places them by these names)
REGION_ORDER = ("north", "northeast", "west", "central", "bangkok-vicinity", "east", "south")
SHADES = ((0, "0"), (1, "1"), (2, "2"), (4, "4"))  # case counts from which a tile gets darker


def shade(count: int) -> str:
    return "ep-map__tile--" + [name for low, name in SHADES if count >= low][-1]


def provinces() -> list[str]:
    return sorted(code for code in thai_provinces() if PROVINCE_CODE.fullmatch(code))


def groups(archive: Archive) -> dict[str | None, list[str]]:
    """region id -> province codes; None holds provinces the region list does not cover (none, today)."""
    order = [r for r in REGION_ORDER if r in archive.vocab["regions"]]
    order += sorted(r for r in archive.vocab["regions"] if r not in order)
    out: dict[str | None, list[str]] = {rid: [] for rid in [*order, None]}
    for code in provinces():
        out[archive.region_of(code)].append(code)
    return {rid: codes for rid, codes in out.items() if codes}


def draw(archive: Archive, counts: dict[str, int], lang: str, link: callable, text: dict) -> str:
    """HTML of the tile map; `link(facet, key)` gives a browse page URL, used only for pages that exist (with cases)."""
    parts = ['<div class="ep-map">']
    for rid, codes in groups(archive).items():
        name = archive.vocab["regions"][rid]["name"][lang] if rid else text["no_region"]
        heading_id = f"ep-map-{rid or 'none'}"
        has_cases = any(counts.get(code) for code in codes)
        title = f'<a href="{escape(link("region", rid))}">{escape(name)}</a>' if rid and has_cases else escape(name)
        names = {code: archive.province_name(code, lang) for code in codes}
        ordered = collate(list(names.values())) if lang == "th" else sorted(names.values())
        by_name = {v: k for k, v in names.items()}
        tiles = []
        for label in ordered:
            code = by_name[label]
            n = counts.get(code, 0)
            if n:
                body = (
                    f'<a href="{escape(link("province", code))}">{escape(label)}'
                    f'<span class="ep-map__n" aria-hidden="true">{n}</span>'
                    f'<span class="ep-sr"> ({escape(text["cases_n"].format(n=n))})</span></a>'
                )
            else:
                body = escape(label)
            tiles.append(f'<li class="ep-map__tile {shade(n)}"">{body}</li>')
        parts.append(
            f'<div class="ep-map__region ep-map__region--{rid or "none"}">'
            f'<h2 class="ep-map__name" id="{heading_id}">{title}</h2>'
            f'<ul class="ep-map__tiles" aria-labelledby="{heading_id}">{"".join(tiles)}</ul></div>'
        )
    parts.append("</div>")
    return "".join(parts)
