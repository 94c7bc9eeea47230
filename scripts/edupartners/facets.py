"""The facets of a case, registered once: each says which values a case has, how a value is named, and whether it
gets browse pages (browse/<facet>/<value>/) and a choice in "schools like mine". Adding a facet is one entry here
plus its words in strings.yaml (`facets_<name>`, `facet_<name>` for pages; `filter_<name>` for the filter)."""

from __future__ import annotations

import json
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import dates
from .archive import Archive, Record

UNSTATED = "unstated"  # the filter's value for a case whose sources do not give the field


@dataclass(frozen=True)
class Facet:
    name: str
    keys: Callable[[Archive, Record], list[str]]  # the values a case has; [] when its sources do not say
    label: Callable[[Archive, str, str], str]  # (archive, value, language) -> the value's name
    pages: bool = False  # a browse page per value that some case has
    choices: Callable[[Archive], list[str]] | None = None  # in the filter: every value a reader may look for


def _ui(prefix: str) -> Callable[[Archive, str, str], str]:
    def label(archive: Archive, key: str, lang: str) -> str:
        from .ui import UI

        return UI[lang][f"{prefix}{key}"]

    return label


def _vocab(name: str) -> Callable[[Archive, str, str], str]:
    return lambda archive, key, lang: archive.vocab[name][key]["name"][lang]


@cache
def _schema(root: Path, name: str) -> dict:
    return json.loads((root / "schema" / f"{name}.schema.json").read_text("utf-8"))


def _enum(name: str, *path: str, extra: tuple[str, ...] = ()) -> Callable[[Archive], list[str]]:
    def values(archive: Archive) -> list[str]:
        node = _schema(archive.root, name)
        for step in path:
            node = node[step]
        return [*node["enum"], *extra]

    return values


def _regions(archive: Archive, case: Record) -> list[str]:
    return sorted({r for r in map(archive.region_of, case.data.get("provinces", [])) if r})


def _organisation(archive: Archive, key: str, lang: str) -> str:
    org = archive.vocab["organisations"][key]
    short = org.get("short", {}).get(lang)
    return f"{org['name'][lang]} ({short})" if short else org["name"][lang]


def _tool(archive: Archive, key: str, lang: str) -> str:
    return next(t.data.get("short_title", t.data["title"])[lang] for t in archive.tools if t.slug == key)


def _school_context(field: str) -> Callable[[Archive, Record], list[str]]:
    return lambda archive, case: [c[field]] if field in (c := case.data.get("school_context", {})) else []


FACETS = [  # browse pages in this order, then the filter in FILTER_ORDER
    Facet(
        "programme",
        lambda a, case: [case.data["programme"]],
        _vocab("programmes"),
        pages=True,
        choices=lambda a: list(a.vocab["programmes"]),
    ),
    Facet(
        "organisation",
        lambda a, case: sorted({o["id"] for o in case.data["organisations"]}),
        _organisation,
        pages=True,
    ),
    Facet("region", _regions, _vocab("regions"), pages=True, choices=lambda a: list(a.vocab["regions"])),
    Facet(
        "province",
        lambda a, case: list(case.data.get("provinces", [])),
        lambda a, k, lang: a.province_name(k, lang),
        pages=True,
    ),
    Facet("tool", lambda a, case: list(case.data.get("tools", [])), _tool, pages=True),
    Facet("theme", lambda a, case: list(case.data["themes"]), _vocab("themes"), pages=True),
    Facet(
        "year",
        lambda a, case: [str(dates.parts(p["start"])[0])] if "start" in (p := case.data["period"]) else [],
        lambda a, key, lang: dates.format_date(int(key), lang),
        pages=True,
    ),
    Facet("verification", lambda a, case: [case.data["review"]["verification"]], _ui(""), pages=True),
    Facet(
        "grade",
        lambda a, case: list(case.data.get("grade_levels", [])),
        _vocab("grade_levels"),
        choices=lambda a: list(a.vocab["grade_levels"]),
    ),
    *(
        Facet(
            field,
            _school_context(field),
            _ui(f"{field}_"),
            choices=_enum("case", "properties", "school_context", "properties", field),
        )
        for field in ("affiliation", "setting", "size_band")
    ),
    Facet("level", lambda a, case: [case.data["level"]], _ui("level_"), choices=_enum("case", "properties", "level")),
    Facet(
        "evidence",
        lambda a, case: [case.data.get("evidence", {}).get("kind", "unclassified")],
        _ui("evidence_"),
        choices=_enum("common", "$defs", "evidence", "properties", "kind", extra=("unclassified",)),
    ),
]
BY_NAME = {f.name: f for f in FACETS}
PAGES = tuple(f.name for f in FACETS if f.pages)
FILTER_ORDER = ("region", "grade", "affiliation", "setting", "size_band", "level", "programme", "evidence")
FILTERS = tuple(BY_NAME[name] for name in FILTER_ORDER)


def case_keys(archive: Archive, case: Record) -> dict[str, list[str]]:
    """The case's values for every facet with pages."""
    return {name: BY_NAME[name].keys(archive, case) for name in PAGES}


def filter_values(archive: Archive, case: Record) -> dict[str, list[str]]:
    """The case's values for every filter field; "unstated" where its sources do not say."""
    return {f.name: f.keys(archive, case) or [UNSTATED] for f in FILTERS}


_last: tuple[weakref.ref, dict] | None = None  # the last archive (not kept alive by this) and its index


def index(archive: Archive) -> dict[str, dict[str, list[Record]]]:
    """facet -> value -> cases, only for values that have at least one case (no empty pages); made once per
    archive object (every language reads it), to be read, not changed."""
    global _last
    if _last is None or _last[0]() is not archive:
        _last = (weakref.ref(archive), _index(archive))
    return _last[1]


def _index(archive: Archive) -> dict[str, dict[str, list[Record]]]:
    out: dict[str, dict[str, list[Record]]] = {f: defaultdict(list) for f in PAGES}
    for case in sorted(archive.cases, key=lambda c: c.slug):
        for facet, keys in case_keys(archive, case).items():
            for key in keys:
                out[facet][key].append(case)
    return {f: dict(sorted(values.items())) for f, values in out.items()}


def label(archive: Archive, facet: str, key: str, lang: str) -> str:
    return BY_NAME[facet].label(archive, key, lang)


def page_name(key: str) -> str:
    """URL-safe file name of a facet value: TH-84 -> th-84."""
    return key.lower()
