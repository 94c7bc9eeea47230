"""Index and listing pages: the cases index with "schools like mine", the tools index, the browse index, a page
per facet value, the province map, the timeline and translation coverage."""

from __future__ import annotations

import json
from collections import Counter

from .. import dates, facets, provincemap
from ..archive import Archive, Record
from .context import Context
from .paging import paged

TIMELINE_PER_PAGE = 60  # events (one line each) on a page of the timeline


def cases_index(ctx: Context) -> dict[str, str]:
    """cases/ over numbered pages, "schools like mine" on the first, and the data the filter reads."""
    items = [ctx.item(c) for c in ctx.cases]
    out = paged(ctx, "cases/index", "cases_index.md.j2", "cases/", items, first={"filters": filters(ctx, items)})
    out[f"cases/filter-{ctx.lang}.json"] = filter_data(ctx, items)  # templates/cases_index.md.j2 names it
    return out


def filter_data(ctx: Context, items: list[dict]) -> str:
    """What the filter's script fetches (edupartners.js): every case's address, title, facts line and filter
    values, nothing else: {"fields": [...], "cases": [[slug, title, facts, [values of field 1], ...], ...]}."""
    fields = [f.name for f in facets.FILTERS]
    cases = [[i["slug"], i["title"], _facts_line(i), *(i["filter"][f] for f in fields)] for i in items]
    return json.dumps({"fields": fields, "cases": cases}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _facts_line(item: dict) -> str:
    """As the case list writes it (_macros_list.j2): level · period · provinces."""
    return " · ".join([item["level"], item["period"], *([", ".join(item["provinces"])] if item["provinces"] else [])])


def filters(ctx: Context, case_views: list[dict]) -> list[dict]:
    """The 'schools like mine' filter, from the registered facets: one select per field, every choice a reader
    may look for (with its count, 0 included), and "not stated" for cases whose sources do not say."""
    ui, views, out = ctx.ui, [view["filter"] for view in case_views], []
    for facet in facets.FILTERS:
        counts = Counter(v for view in views for v in set(view[facet.name]))  # value -> the cases that have it
        values = facet.choices(ctx.archive) + ([facets.UNSTATED] if counts[facets.UNSTATED] else [])
        options = [
            {
                "value": v,
                "label": ui["filter_unstated"] if v == facets.UNSTATED else facet.label(ctx.archive, v, ctx.lang),
                "count": counts[v],
            }
            for v in values
        ]
        out.append({"field": facet.name, "label": ui[f"filter_{facet.name}"], "options": options})
    return out


def tools_index(ctx: Context) -> dict[str, str]:
    tools = ctx.tools
    return ctx.page(
        "tools/index",
        "tools_index.md.j2",
        "tools/",
        sets=tool_sets(ctx),
        total=len(tools),
        confirmed=sum(t.data["membership"] == "confirmed" for t in tools),
    )


def tool_sets(ctx: Context) -> list[dict]:
    """Tools grouped by the programme whose set they belong to, with what the sources say about its size."""
    out = []
    for pid, programme in ctx.archive.vocab["programmes"].items():
        members = [ctx.item(t) for t in ctx.tools if t.data["collection"] == pid]
        tool_set = programme.get("tool_set")
        if not members and not tool_set:
            continue
        number = {s["id"]: ctx.source(s) for s in programme["sources"]}
        out.append(
            {
                "programme": ctx.t(programme["name"]),
                "name": ctx.t(tool_set["name"]) if tool_set else ctx.t(programme["name"]),
                "claims": [
                    {"count": c["count"], "said": ctx.t(c["said"]), "source": number[c["source"]]}
                    for c in (tool_set or {}).get("claims", [])
                ],
                "tools": members,
                "confirmed": sum(m["membership_id"] == "confirmed" for m in members),
                "linked": sum(m["membership_id"] == "linked" for m in members),
            }
        )
    return out


def facet_lists(ctx: Context) -> dict[str, list[dict]]:
    """facet -> its values that have cases, each with its page name, label and count (browse index, home)."""
    return {
        f: [
            {"key": k, "name": facets.page_name(k), "label": facets.label(ctx.archive, f, k, ctx.lang), "count": len(v)}
            for k, v in values.items()
        ]
        for f, values in ctx.by_facet.items()
    }


def browse_index(ctx: Context) -> dict[str, str]:
    return ctx.page("browse/index", "browse_index.md.j2", "cases/ and vocab/", facets=facet_lists(ctx))


def facet_pages(ctx: Context) -> dict[str, str]:
    """browse/<facet>/<value>: the cases with that value, over numbered pages."""
    out: dict[str, str] = {}
    for facet, values in ctx.by_facet.items():
        for key, members in values.items():
            out.update(
                paged(
                    ctx,
                    f"browse/{facet}/{facets.page_name(key)}",
                    "facet.md.j2",
                    "cases/ and vocab/",
                    [ctx.item(c) for c in members],
                    facet=facet,
                    title=facets.label(ctx.archive, facet, key, ctx.lang),
                )
            )
    return out


def placement(archive: Archive, case: Record) -> tuple:
    """What of a case decides which list pages exist (its values of facets with pages, its events on the timeline,
    a translation pending): while it stays the same, an edit of the case's facts leaves the same files
    (pipeline.StagedDocs.edit)."""
    events = (case.data["period"].get("start") is not None) + len(case.data.get("milestones", []))
    return facets.case_keys(archive, case), events, bool(case.data.get("translation_pending"))


def map_page(ctx: Context) -> dict[str, str]:
    """The schematic province map and the table beside it."""
    archive, lang = ctx.archive, ctx.lang
    counts = {k: len(v) for k, v in ctx.by_facet["province"].items()}
    provinces = [
        {
            "code": code,
            "name": archive.province_name(code, lang),
            "count": counts.get(code, 0),
            "region": facets.label(archive, "region", archive.region_of(code), lang)
            if archive.region_of(code)
            else "—",
            "page": facets.page_name(code),
        }
        for code in sorted(counts)
    ]
    tile_map = provincemap.draw(
        archive, counts, lang, lambda facet, key: f"../{facet}/{facets.page_name(key)}/", ctx.ui
    )
    return ctx.page("browse/map", "map.md.j2", "cases/ and vocab/regions.yaml", tile_map=tile_map, provinces=provinces)


def timeline(ctx: Context) -> dict[str, str]:
    """browse/timeline: every dated start and milestone by year, over numbered pages."""
    events = [dict(e, year=y["year"], year_id=y["id"]) for y in timeline_years(ctx) for e in y["events"]]
    return paged(ctx, "browse/timeline", "timeline.md.j2", "cases/", events, per_page=TIMELINE_PER_PAGE, shape=_years)


def _years(events: list[dict]) -> dict:
    years: list[dict] = []
    for e in events:
        if not years or years[-1]["id"] != e["year_id"]:
            years.append({"year": e["year"], "id": e["year_id"], "events": []})
        years[-1]["events"].append(e)
    return {"years": years}


def timeline_years(ctx: Context) -> list[dict]:
    """Years with the cases that started then and the dated milestones of every case."""
    years: dict[int, list[dict]] = {}
    for case in ctx.cases:
        inputs = (case, ctx.item(case))  # what _events reads
        for year, event in ctx.keep(("timeline", ctx.lang, case.slug), inputs, lambda case=case: _events(ctx, case)):
            years.setdefault(year, []).append(event)
    return [
        {"year": dates.format_date(y, ctx.lang), "id": y, "events": sorted(e, key=lambda x: x["sort"])}
        for y, e in sorted(years.items())
    ]


def _events(ctx: Context, case) -> list[tuple[int, dict]]:
    """(year, event) of the case's dated start and milestones (an unknown start stays off the timeline)."""
    view, start, out = ctx.item(case), case.data["period"].get("start"), []
    if start is not None:
        out.append(
            (
                dates.parts(start)[0],
                {
                    "sort": dates.sort_key(start),
                    "kind": "start",
                    "label": view["title"],
                    "url": view["url"],
                    "date": dates.format_date(start, ctx.lang),
                },
            )
        )
    for m in case.data.get("milestones", []):
        out.append(
            (
                dates.parts(m["date"])[0],
                {
                    "sort": dates.sort_key(m["date"]),
                    "kind": "milestone",
                    "label": ctx.t(m["label"]),
                    "url": view["url"],
                    "case": view["title"],
                    "date": dates.format_date(m["date"], ctx.lang),
                },
            )
        )
    return out


def translations(ctx: Context) -> dict[str, str]:
    """Translation coverage: the records still waiting for a language."""
    records = ctx.cases + ctx.tools
    pending = [ctx.item(r) for r in records if r.data.get("translation_pending")]
    return paged(ctx, "browse/translations", "translations.md.j2", "cases/ and tools/", pending, records=len(records))
