"""The home page: counts, featured cases, ways in and the latest reviews, all from the records."""

from __future__ import annotations

from .context import Context
from .listings import facet_lists

FEATURED, LATEST = 3, 5  # cases on the home page
WAYS_IN = ("region", "theme", "tool")  # facets offered as ways in


def home(ctx: Context) -> dict[str, str]:
    return ctx.page("index", "home.md.j2", "cases/, tools/ and vocab/", **home_values(ctx))


def home_values(ctx: Context) -> dict:
    ui, cases, lists = ctx.ui, ctx.cases, facet_lists(ctx)
    claimed = sorted(
        {c["count"] for p in ctx.archive.vocab["programmes"].values() for c in p.get("tool_set", {}).get("claims", [])}
    )
    confirmed = sum(t.data["membership"] == "confirmed" for t in ctx.tools)
    rank = {"verified": 0, "partly-verified": 1, "unverified": 2}
    featured = sorted(cases, key=lambda c: (rank[c.data["review"]["verification"]], -len(c.data["sources"]), c.slug))
    latest = sorted(cases, key=lambda c: (c.data["review"]["reviewed"], c.slug), reverse=True)
    return {
        "counts": {
            "cases": len(cases),
            "provinces": len(lists["province"]),
            "programmes": len(lists["programme"]),
            "tools": ui["home_tools_of"].format(confirmed=confirmed, claimed="–".join(map(str, claimed)))
            if claimed
            else confirmed,
        },
        "featured": [{**ctx.item(c), "figure": (ctx.item(c)["figures"] or [None])[0]} for c in featured[:FEATURED]],
        "ways": [{"facet": f, "label": ui[f"facets_{f}"], "choices": lists[f]} for f in WAYS_IN if lists.get(f)],
        "latest": [ctx.item(c) for c in latest[:LATEST]],
    }
