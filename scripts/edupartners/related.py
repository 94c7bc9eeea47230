"""Related cases at the end of a case page, and the path through a programme's cases (previous / next).

Related: every other case that shares something with this one, ranked by what it shares (the wider case or a case
within it, the programme, a tool, a province, a region, themes), each with the reasons in the page's language.
The path: a programme's cases by start year (unknown years last), then title.
"""

from __future__ import annotations

from collections.abc import Callable

from . import dates
from .archive import Archive, Record
from .ui import UI

LIMIT = 4  # a few, not a second index
WEIGHTS = {"part_of": 6, "programme": 4, "tool": 3, "province": 3, "region": 2, "theme": 1}  # per shared value


def _regions(archive: Archive, case: Record) -> set[str]:
    return {r for r in map(archive.region_of, case.data.get("provinces", [])) if r}


def reasons(archive: Archive, case: Record, other: Record, lang: str) -> tuple[int, list[str]]:
    """How strongly `other` is related to `case`, and why, in words of the page's language."""
    d, o, ui, vocab = case.data, other.data, UI[lang], archive.vocab
    score, why = 0, []

    def add(kind: str, names: list[str]) -> None:
        nonlocal score
        if names:
            score += WEIGHTS[kind] * len(names)
            why.append(ui[f"related_{kind}"].format(names=", ".join(names)))

    if o.get("part_of") == case.slug:
        score += WEIGHTS["part_of"]
        why.append(ui["related_part"])
    if d.get("part_of") == other.slug:
        score += WEIGHTS["part_of"]
        why.append(ui["related_whole"])
    add("programme", [vocab["programmes"][d["programme"]]["name"][lang]] if d["programme"] == o["programme"] else [])
    tools = {t.slug: t for t in archive.tools}
    add("tool", [tools[s].data["title"][lang] for s in d.get("tools", []) if s in o.get("tools", []) and s in tools])
    provinces = [c for c in d.get("provinces", []) if c in o.get("provinces", [])]
    add("province", [archive.province_name(c, lang) for c in provinces])
    shared_regions = _regions(archive, case) & _regions(archive, other)
    covered = {archive.region_of(c) for c in provinces}  # a shared province already says the region
    add("region", [vocab["regions"][r]["name"][lang] for r in sorted(shared_regions - covered)])
    add("theme", [vocab["themes"][t]["name"][lang] for t in d.get("themes", []) if t in o.get("themes", [])])
    return score, why


def _title(case: Record, lang: str) -> str:
    """The title lists use: the short one when the record has it (as in generate.py)."""
    return case.data.get("short_title", case.data["title"])[lang]


def _order(case: Record, lang: str) -> tuple:
    start = case.data["period"].get("start")
    return (dates.sort_key(start)[0], " ".join(case.data["title"][lang].split()).casefold(), case.slug)


def related(archive: Archive, case: Record, lang: str, link: Callable[[str, str], str]) -> list[dict]:
    """The LIMIT most related cases: strongest first, then by start year and title."""
    found = []
    for other in archive.cases:
        if other.slug == case.slug:
            continue
        score, why = reasons(archive, case, other, lang)
        if score:
            found.append((-score, _order(other, lang), other, why))
    found.sort(key=lambda f: f[:2])
    return [
        {"title": _title(other, lang), "url": link("case", other.slug), "why": why}
        for _, _, other, why in found[:LIMIT]
    ]


def programme_path(archive: Archive, case: Record, lang: str, link: Callable[[str, str], str]) -> dict | None:
    """Where this case stands among its programme's cases, with the one before and after (None if it is alone)."""
    members = sorted(
        (c for c in archive.cases if c.data["programme"] == case.data["programme"]), key=lambda c: _order(c, lang)
    )
    if len(members) < 2:
        return None
    i = next(n for n, c in enumerate(members) if c.slug == case.slug)

    def entry(other: Record | None) -> dict | None:
        return {"title": _title(other, lang), "url": link("case", other.slug)} if other else None

    return {
        "programme": archive.vocab["programmes"][case.data["programme"]]["name"][lang],
        "position": UI[lang]["path_position"].format(n=i + 1, total=len(members)),
        "previous": entry(members[i - 1] if i > 0 else None),
        "next": entry(members[i + 1] if i + 1 < len(members) else None),
    }
