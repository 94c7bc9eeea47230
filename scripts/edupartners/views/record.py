"""Record pages: a case page and a tool page (one record template, templates/_record.md.j2, that case.md.j2 and
tool.md.j2 extend), and the small page left at each address a case has moved from."""

from __future__ import annotations

from collections.abc import Iterator

from .. import cite, dates, exports, facets, narrative, related
from ..archive import Record
from .context import KIND_DIRS, ROOT_LINK, Context

FOR_SCHOOLS = ("eligibility", "how_to_join", "contact", "school_provides", "partner_provides", "status")


def case_pages(ctx: Context) -> Iterator[tuple[str, str]]:
    return record_pages(ctx, ctx.cases)


def tool_pages(ctx: Context) -> Iterator[tuple[str, str]]:
    return record_pages(ctx, ctx.tools)


def moved_pages(ctx: Context) -> Iterator[tuple[str, str]]:
    """A page at each old address of a case, leading to where it is now."""
    for case in ctx.cases:
        for old in case.data.get("moved_from", []):
            yield from ctx.page(f"cases/{old}", "moved.md.j2", ctx.src(case), r=ctx.item(case)).items()


def record_pages(ctx: Context, records: list[Record]) -> Iterator[tuple[str, str]]:
    for record in records:
        name = f"{KIND_DIRS[record.kind]}/{record.slug}"
        yield from ctx.page(name, f"{record.kind}.md.j2", ctx.src(record), r=ctx.view(record)).items()


def list_view(ctx: Context, record: Record) -> dict:
    """What a list needs to name a record (indexes, browse pages, the home page): cheap, no narrative."""
    d, lang, ui = record.data, ctx.lang, ctx.ui
    view = {
        "kind": record.kind,
        "slug": record.slug,
        "title": ctx.title(record),
        "summary": ctx.t(d["summary"]),
        "url": ctx.link(record.kind, record.slug),
        "missing": d.get("translation_pending", []),
        "figures": [
            {"value": _number(f["value"]), "label": ctx.t(f["label"]), "n": n}
            for n, f in _numbered(d, d.get("figures", []))
        ],
        "reviewed": dates.format_date(d["review"]["reviewed"], lang),
        "edit_url": f"{ctx.site.repo_url}/tree/main/{ctx.src(record)}",
    }
    if record.kind == "case":
        view.update(
            {
                "filter": facets.filter_values(ctx.archive, record),
                "level": ui[f"level_{d['level']}"],
                "provinces": [
                    ctx.archive.province_name(c, lang)
                    + (ui["province_inferred"] if c in d.get("provinces_inferred", []) else "")
                    for c in d.get("provinces", [])
                ],
                "period": dates.format_period(d["period"].get("start"), d["period"].get("end"), lang),
            }
        )
    else:
        view.update({"membership": ui[f"membership_{d['membership']}"], "membership_id": d["membership"]})
    return view


def view_inputs(ctx: Context, record: Record) -> tuple:
    """What a record's view reads besides the record itself: the vocabulary, the site's addresses, the records it
    names, its related cases and its programme path. `serve` keeps a view while these are the same (Context.view),
    so a view that reads anything more must name it here."""
    a, d = ctx.archive, record.data
    if record.kind == "tool":
        return a.vocab, ctx.site, a.cases_using_tool(record.slug)
    return (
        a.vocab,
        ctx.site,
        ctx.by_slug.get(("case", d.get("part_of"))),
        [ctx.by_slug.get(("tool", slug)) for slug in d.get("tools", [])],
        related.dependencies(a, record, ctx.lang),
    )


def record_view(ctx: Context, record: Record) -> dict:
    """Everything a record's own page shows, in one language: the list view and the rest."""
    number = {s["id"]: i for i, s in enumerate(record.data["sources"], 1)}
    view = {**ctx.item(record), **_common(ctx, record, number), "updated": record.data["review"]["reviewed"]}
    view.update(_case(ctx, record, number) if record.kind == "case" else _tool(ctx, record))
    return view


def _numbered(d: dict, items: list[dict]):
    number = {s["id"]: i for i, s in enumerate(d["sources"], 1)}
    return [(number[item["source"]], item) for item in items]


def _common(ctx: Context, record: Record, number: dict) -> dict:
    d, vocab, lang, ui = record.data, ctx.archive.vocab, ctx.lang, ctx.ui
    text = narrative.CITATION.sub(
        lambda m: f'<sup class="ep-cite"><a href="#src-{number[m.group(1)]}">[{number[m.group(1)]}]</a></sup>',
        record.narrative.get(lang, ""),
    )
    return {
        "full_title": ctx.t(d["title"]) if "short_title" in d else "",
        "pending": lang in d.get("translation_pending", []),
        "narrative": text.strip(),
        "organisations": [
            {"name": _org_name(ctx, o["id"]), "role": ctx.t(vocab["roles"][o["role"]]["name"])}
            for o in d["organisations"]
        ],
        "themes": [ctx.t(vocab["themes"][x]["name"]) for x in d.get("themes", [])],
        "grade_levels": [ctx.t(vocab["grade_levels"][x]["name"]) for x in d.get("grade_levels", [])],
        "sources": [ctx.source(s) for s in d["sources"]],
        "verification": ui[d["review"]["verification"]],
        "verification_id": d["review"]["verification"],
        "gaps": [ctx.t(g) for g in d.get("gaps", [])],
        "jsonld": exports.json_ld(ctx.archive, record, ctx.site.site_url, lang),
        "cite": cite.view(ctx.archive, record, ctx.site.site_url, lang),
        "media": [
            {
                "src": f"{ROOT_LINK}media/{KIND_DIRS[record.kind]}/{record.slug}/{m['file']}",
                "alt": m["alt"][lang],
                "caption": ctx.t(m["caption"]) if "caption" in m else "",
                "credit": m["credit"],
                "licence": m["licence"],
            }
            for m in d.get("media", [])
        ],
        "for_schools": _for_schools(ctx, d.get("for_schools", {}), number),
        "issue_url": f"{ctx.site.repo_url}/issues/new?title={record.kind}:%20{record.slug}",
    }


def _case(ctx: Context, case: Record, number: dict) -> dict:
    d, lang = case.data, ctx.lang
    part_of = d.get("part_of")
    return {
        "evidence": _evidence(ctx, d.get("evidence", {}), number),
        "milestones": [
            {"date": dates.format_date(m["date"], lang), "label": ctx.t(m["label"]), "n": number[m["source"]]}
            for m in d.get("milestones", [])
        ],
        "programme": ctx.programme(d["programme"]),
        "part_of": {"title": ctx.title(ctx.by_slug[("case", part_of)]), "url": ctx.link("case", part_of)}
        if part_of
        else None,
        "tools": [
            {"title": ctx.title(ctx.by_slug[("tool", s)]), "url": ctx.link("tool", s)} for s in d.get("tools", [])
        ],
        "related": related.related(ctx.archive, case, lang, ctx.link),
        "path": related.programme_path(ctx.archive, case, lang, ctx.link),
    }


def _tool(ctx: Context, tool: Record) -> dict:
    used = sorted(ctx.archive.cases_using_tool(tool.slug), key=lambda c: c.slug)
    return {
        "collection": ctx.programme(tool.data["collection"]),
        "used_in": [{"title": ctx.title(c), "url": ctx.link("case", c.slug)} for c in used],
    }


def _for_schools(ctx: Context, given: dict, number: dict) -> list[dict]:
    """Every "for schools" item in a fixed order; an item no source gives has text None."""
    ui, out = ctx.ui, []
    for key in FOR_SCHOOLS:
        item = given.get(key)
        view = {"key": key, "label": ui[f"fs_{key}"], "text": None, "url": None}
        if item and key == "status":
            as_of = ui["status_as_of"].format(date=dates.format_date(item["as_of"], ctx.lang))
            view.update(text=f"{ui['status_' + item['value']]} ({as_of})", n=number[item["source"]])
        elif item:
            view.update(text=ctx.t(item), n=number[item["source"]], url=item.get("url"))
        out.append(view)
    return out


def _evidence(ctx: Context, given: dict, number: dict) -> dict:
    kind, ui = given.get("kind", "unclassified"), ctx.ui
    return {
        "id": kind,
        "label": ui[f"evidence_{kind}"],
        "explain": ui[f"evidence_{kind}_explain"],
        "measures": [
            {"text": ui["evidence_measure"].format(what=ctx.t(m["what"]), by=ctx.t(m["by"])), "n": number[m["source"]]}
            for m in given.get("measures", [])
        ],
    }


def _org_name(ctx: Context, org_id: str) -> str:
    org = ctx.archive.vocab["organisations"][org_id]
    short = org.get("short", {}).get(ctx.lang)
    name = ctx.t(org["name"])
    return f"{name} ({short})" if short and short != name else name


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
