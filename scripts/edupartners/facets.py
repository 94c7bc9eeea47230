"""Which index pages a case belongs to: programme, organisation, region, province, tool, theme, year, status."""

from __future__ import annotations

from collections import defaultdict

from . import dates
from .archive import Archive, Record

FACETS = ("programme", "organisation", "region", "province", "tool", "theme", "year", "verification")


def case_keys(archive: Archive, case: Record) -> dict[str, list[str]]:
    d = case.data
    provinces = d.get("provinces", [])
    regions = sorted({r for r in (archive.region_of(c) for c in provinces) if r})
    return {
        "programme": [d["programme"]],
        "organisation": sorted({o["id"] for o in d["organisations"]}),
        "region": regions,
        "province": list(provinces),
        "tool": list(d.get("tools", [])),
        "theme": list(d["themes"]),
        "year": [str(dates.parts(d["period"]["start"])[0])] if "start" in d["period"] else [],
        "verification": [d["review"]["verification"]],
    }


def index(archive: Archive) -> dict[str, dict[str, list[Record]]]:
    """facet -> value -> cases, only for values that have at least one case (no empty pages)."""
    out: dict[str, dict[str, list[Record]]] = {f: defaultdict(list) for f in FACETS}
    for case in sorted(archive.cases, key=lambda c: c.slug):
        for facet, keys in case_keys(archive, case).items():
            for key in keys:
                out[facet][key].append(case)
    return {f: dict(sorted(values.items())) for f, values in out.items()}


def label(archive: Archive, facet: str, key: str, lang: str) -> str:
    vocab = archive.vocab
    if facet == "programme":
        return vocab["programmes"][key]["name"][lang]
    if facet == "organisation":
        org = vocab["organisations"][key]
        short = org.get("short", {}).get(lang)
        return f"{org['name'][lang]} ({short})" if short else org["name"][lang]
    if facet == "region":
        return vocab["regions"][key]["name"][lang]
    if facet == "province":
        return archive.province_name(key, lang)
    if facet == "tool":
        return next(t.data.get("short_title", t.data["title"])[lang] for t in archive.tools if t.slug == key)
    if facet == "theme":
        return vocab["themes"][key]["name"][lang]
    if facet == "year":
        return dates.format_date(int(key), lang)
    if facet == "verification":
        from .ui import UI

        return UI[lang][key]
    raise KeyError(facet)


def page_name(key: str) -> str:
    """URL-safe file name of a facet value: TH-84 -> th-84."""
    return key.lower()
