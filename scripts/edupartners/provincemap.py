"""A schematic tile map of Thailand's ISO 3166-2:TH subdivisions, grouped by region, drawn at build time as SVG.

Schematic on purpose: no openly licensed province boundaries could be had from the package registries
(see HACKING.md), so tiles sit in region blocks placed roughly where the regions lie, not on real borders.
"""
from __future__ import annotations

from html import escape

from .archive import Archive, thai_provinces

TILE_W, TILE_H, GAP, HEADER = 124, 38, 4, 24
# region id -> (column, row, columns wide), in tile units; roughly north at the top, south at the bottom
LAYOUT = {
    "north": (0, 0, 4),
    "northeast": (5, 0, 5),
    "west": (0, 6, 2),
    "central": (2, 6, 3),
    "east": (5, 6, 3),
    "bangkok-vicinity": (2, 9, 3),
    "south": (1, 12, 3),
    None: (5, 10, 3),  # subdivisions the region list does not cover
}
SHADES = ((0, "ep-map__tile--0"), (1, "ep-map__tile--1"), (2, "ep-map__tile--2"), (4, "ep-map__tile--4"))


def shade(count: int) -> str:
    return [name for low, name in SHADES if count >= low][-1]


def draw(archive: Archive, counts: dict[str, int], lang: str, link: callable, text: dict) -> str:
    """SVG markup; `link(code)` gives the province page URL, used only for provinces that have cases."""
    groups: dict[str | None, list[str]] = {rid: [] for rid in LAYOUT}
    for code in sorted(thai_provinces()):
        groups[archive.region_of(code) if archive.region_of(code) in LAYOUT else None].append(code)
    parts, bottom, right = [], 0, 0
    for rid, codes in groups.items():
        if not codes:
            continue
        col, row, width = LAYOUT[rid]
        x0, y0 = col * (TILE_W + GAP), row * (TILE_H + GAP)
        name = archive.vocab["regions"][rid]["name"][lang] if rid else text["no_region"]
        parts.append(f'<text class="ep-map__region" x="{x0}" y="{y0 + 17}">{escape(name)}</text>')
        for i, code in enumerate(codes):
            x = x0 + (i % width) * (TILE_W + GAP)
            y = y0 + HEADER + (i // width) * (TILE_H + GAP)
            bottom, right = max(bottom, y + TILE_H), max(right, x + TILE_W)
            label = archive.province_name(code, lang)
            n = counts.get(code, 0)
            tip = escape(f"{label}: {text['cases_n'].format(n=n)}")
            tile = (f'<rect class="ep-map__tile {shade(n)}" x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" rx="4"/>'
                    f'<text class="ep-map__label" x="{x + TILE_W / 2}" y="{y + TILE_H / 2 + 5}" '
                    f'text-anchor="middle">{escape(label)}{f" ({n})" if n else ""}</text>')
            if n:
                parts.append(f'<a href="{escape(link(code))}" class="ep-map__link"><title>{tip}</title>{tile}</a>')
            else:
                parts.append(f'<g><title>{tip}</title>{tile}</g>')
    return (f'<svg class="ep-map" viewBox="0 0 {right} {bottom}" xmlns="http://www.w3.org/2000/svg" '
            f'aria-labelledby="ep-map-title ep-map-desc">'
            f'<title id="ep-map-title">{escape(text["map_title"])}</title>'
            f'<desc id="ep-map-desc">{escape(text["map_desc"])}</desc>' + "".join(parts) + "</svg>")
