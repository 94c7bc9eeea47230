"""Related cases at the end of a case page, and the path through a programme's cases (previous / next).

Related: every other case that shares something with this one, ranked by what it shares (the wider case or a case
within it, the programme, a tool, a province, a region, themes), each with the reasons in the page's language.
The path: a programme's cases by start year (unknown years last), then title.
"""

from __future__ import annotations

import heapq
import weakref
from collections import Counter
from collections.abc import Callable

from . import dates
from .archive import LANGUAGES, Archive, Record
from .ui import UI

LIMIT = 4  # a few, not a second index
COUNTED = 20  # a path of more cases says no "case n of N": one case more or moved would renumber every page of it
CARRY_LIMIT = 50  # edited cases beyond which a new index keeps nothing of the last (_Index._carry)
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


class _Index:
    """What the cases share, indexed once per archive: for one case, the scores of all others are summed from the
    lists of cases holding each of its values (the programme, a province, a theme...) instead of comparing every
    pair, and the reasons are put in words only for the few shown. `score` is the pairwise form, kept for the tests.
    Cases are numbered (slots) and ranked per language once, so the per-case work is on integers.

    Made after `previous` (the index of `serve`'s last archive), it keeps what it proves unchanged (`_carry`)."""

    def __init__(self, archive: Archive, previous: _Index | None = None):
        self.vocab, self.tools = archive.vocab, archive.tools  # what `_carry` compares
        tools = {t.slug for t in archive.tools}
        self.region: dict[str, str] = {}
        for rid, region in archive.vocab["regions"].items():
            for code in region.get("provinces", []):
                self.region.setdefault(code, rid)  # as Archive.region_of: the first region that lists it
        self.cases = archive.cases
        self.slugs = [c.slug for c in self.cases]
        self.slot = {slug: n for n, slug in enumerate(self.slugs)}
        self.features = [
            {
                "programme": frozenset([c.data["programme"]]),
                "province": frozenset(c.data.get("provinces", [])),
                "region": frozenset(self.region[p] for p in c.data.get("provinces", []) if p in self.region),
                "tool": frozenset(s for s in c.data.get("tools", []) if s in tools),
                "theme": frozenset(c.data.get("themes", [])),
            }
            for c in self.cases
        ]
        self.holders: dict[tuple[str, str], list[int]] = {}  # (kind, value) -> slots of the cases holding it
        self.parts: dict[str, list[int]] = {}  # slug -> slots of the cases that are part of it
        for n, (case, features) in enumerate(zip(self.cases, self.features)):
            for kind, values in features.items():
                for value in values:
                    self.holders.setdefault((kind, value), []).append(n)
            if case.data.get("part_of"):
                self.parts.setdefault(case.data["part_of"], []).append(n)
        self.ranked: dict[str, list[int]] = {}  # lang -> slots by start year and title
        self.rank: dict[str, list[int]] = {}  # lang -> slot -> its place in that order
        for lang in LANGUAGES:
            orders = [_order(c, lang) for c in self.cases]
            self.ranked[lang] = sorted(range(len(self.cases)), key=orders.__getitem__)
            self.rank[lang] = [0] * len(self.cases)
            for place, n in enumerate(self.ranked[lang]):
                self.rank[lang][n] = place
        self.nearest: dict[tuple[str, str], list[Record]] = {}  # (slug, lang) -> the LIMIT most related
        self.why: dict[tuple[str, str], list[list[str]]] = {}  # (slug, lang) -> the reasons of each, in words
        self.members: dict[tuple[str, str], tuple[list[Record], dict[str, int]]] = {}
        if previous is not None:
            self._carry(previous)

    def _carry(self, previous: _Index) -> None:
        """Keep the previous index's related cases of every case they provably did not change for: after an edit of
        a few cases (new Record objects; the vocabulary, the tools and the list of slugs the same objects and order),
        a case's list changes only if an edited case is in it, or now shares something with it and would rank
        above its last (the others keep their scores and their order among themselves)."""
        if previous.vocab is not self.vocab or len(previous.tools) != len(self.tools) or previous.slugs != self.slugs:
            return
        if any(a is not b for a, b in zip(previous.tools, self.tools)):
            return
        edited = [n for n, (a, b) in enumerate(zip(previous.cases, self.cases)) if a is not b]
        if len(edited) > CARRY_LIMIT:
            return
        size, stale = len(self.cases), set(edited)
        for x in edited:
            old, new = previous.cases[x], self.cases[x]
            near = {
                n for kind, values in previous.features[x].items() for v in values for n in previous.holders[kind, v]
            }
            near |= {n for kind, values in self.features[x].items() for v in values for n in self.holders[kind, v]}
            near |= {*previous.parts.get(old.slug, []), *self.parts.get(new.slug, [])}
            near |= {self.slot[p] for p in (old.data.get("part_of"), new.data.get("part_of")) if p in self.slot}
            for y in near - stale:
                case = self.cases[y]
                for lang, rank in self.rank.items():
                    shown = previous.nearest.get((case.slug, lang))
                    if shown is None or any(c is old for c in shown):
                        stale.add(y)
                        break
                    s = self.score(case, new)
                    if s > 0 and (
                        len(shown) < LIMIT
                        or rank[x] - s * size < rank[self.slot[shown[-1].slug]] - self.score(case, shown[-1]) * size
                    ):
                        stale.add(y)
                        break
        for (slug, lang), cases in previous.nearest.items():
            if self.slot[slug] not in stale:
                self.nearest[slug, lang] = cases
                if (slug, lang) in previous.why:
                    self.why[slug, lang] = previous.why[slug, lang]

    def score(self, case: Record, other: Record) -> int:
        """The score `reasons` gives, from the sets alone, for one pair."""
        mine, theirs = self.features[self.slot[case.slug]], self.features[self.slot[other.slug]]
        shared = mine["province"] & theirs["province"]
        return (
            WEIGHTS["part_of"] * ((other.data.get("part_of") == case.slug) + (case.data.get("part_of") == other.slug))
            + WEIGHTS["programme"] * (case.data["programme"] == other.data["programme"])
            + WEIGHTS["tool"] * len(mine["tool"] & theirs["tool"])
            + WEIGHTS["province"] * len(shared)
            + WEIGHTS["region"] * len((mine["region"] & theirs["region"]) - {self.region.get(c) for c in shared})
            + WEIGHTS["theme"] * len(mine["theme"] & theirs["theme"])
        )

    def scores(self, case: Record) -> dict[int, int]:
        """slot -> score of every other case that shares something with this one."""
        here = self.slot[case.slug]
        features = self.features[here]
        total: Counter[int] = Counter()
        for kind, values in features.items():
            for value in values:
                for _ in range(WEIGHTS[kind]):  # Counter.update counts in C: once per point of weight
                    total.update(self.holders[kind, value])
        covered: dict[int, set[str]] = {}
        for code in features["province"]:
            if code in self.region:
                for n in self.holders["province", code]:
                    covered.setdefault(n, set()).add(self.region[code])
        for n, regions in covered.items():  # a shared province already says its region
            total[n] -= WEIGHTS["region"] * len(regions)
        for n in self.parts.get(case.slug, []):
            total[n] += WEIGHTS["part_of"]
        if case.data.get("part_of") in self.slot:
            total[self.slot[case.data["part_of"]]] += WEIGHTS["part_of"]
        total.pop(here, None)
        return total

    def most_related(self, case: Record, lang: str) -> list[Record]:
        """The LIMIT most related cases: strongest first, then by start year and title (every language at once)."""
        if (case.slug, lang) not in self.nearest:
            total, size = self.scores(case), len(self.cases)
            for language, rank in self.rank.items():
                keys = heapq.nsmallest(LIMIT, [rank[n] - s * size for n, s in total.items() if s > 0])
                self.nearest[case.slug, language] = [self.cases[self.ranked[language][k % size]] for k in keys]
        return self.nearest[case.slug, lang]

    def reasons(self, archive: Archive, case: Record, lang: str) -> list[list[str]]:
        """The reasons of each of the most related, in words (kept with the index)."""
        if (case.slug, lang) not in self.why:
            self.why[case.slug, lang] = [reasons(archive, case, o, lang)[1] for o in self.most_related(case, lang)]
        return self.why[case.slug, lang]

    def programme(self, programme: str, lang: str) -> tuple[list[Record], dict[str, int]]:
        """The programme's cases in path order, and each one's place in it."""
        if (programme, lang) not in self.members:
            members = [self.cases[n] for n in self.ranked[lang] if self.cases[n].data["programme"] == programme]
            self.members[programme, lang] = members, {c.slug: i for i, c in enumerate(members)}
        return self.members[programme, lang]


_cached: tuple[weakref.ref, _Index] | None = None  # the last archive (not kept alive by this) and its index


def _index(archive: Archive) -> _Index:
    """One _Index per archive object (`serve` makes a new Archive for each rebuild), made after the last one."""
    global _cached
    if _cached is None or _cached[0]() is not archive:
        _cached = (weakref.ref(archive), _Index(archive, _cached[1] if _cached else None))
    return _cached[1]


def related(archive: Archive, case: Record, lang: str, link: Callable[[str, str], str]) -> list[dict]:
    """The LIMIT most related cases: strongest first, then by start year and title."""
    index = _index(archive)
    return [
        {"title": _title(other, lang), "url": link("case", other.slug), "why": why}
        for other, why in zip(index.most_related(case, lang), index.reasons(archive, case, lang))
    ]


def dependencies(archive: Archive, case: Record, lang: str) -> tuple:
    """Everything `related` and `programme_path` give this case, as the records and reasons they come from (a
    `serve` memo compares these, cheaply, instead of the results)."""
    index = _index(archive)
    return index.most_related(case, lang), index.reasons(archive, case, lang), _path(archive, case, lang)


def _path(archive: Archive, case: Record, lang: str) -> tuple[int | None, int | None, Record | None, Record | None]:
    """(its place, counted from 1, and the number of cases: both None in a programme of more than COUNTED cases;
    the case before it; the case after it) in its programme's path."""
    members, place = _index(archive).programme(case.data["programme"], lang)
    i, counted = place[case.slug], len(members) <= COUNTED
    before, after = members[i - 1] if i > 0 else None, members[i + 1] if i + 1 < len(members) else None
    return (i + 1 if counted else None), (len(members) if counted else None), before, after


def programme_path(archive: Archive, case: Record, lang: str, link: Callable[[str, str], str]) -> dict | None:
    """Where this case stands among its programme's cases, with the one before and after (None if it is alone)."""
    n, total, before, after = _path(archive, case, lang)
    if before is None and after is None:
        return None

    def entry(other: Record | None) -> dict | None:
        return {"title": _title(other, lang), "url": link("case", other.slug)} if other else None

    return {
        "programme": archive.vocab["programmes"][case.data["programme"]]["name"][lang],
        "position": UI[lang]["path_position"].format(n=n, total=total) if n else UI[lang]["path_order"],
        "previous": entry(before),
        "next": entry(after),
    }
