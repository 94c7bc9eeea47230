"""Related cases and the programme path (issue 14, item 4): ranked by what cases share, each with its reasons in the
page's language; previous / next by start year (unknown last), then title; every link leads to a page that exists,
in the same language."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import real_archive
from edupartners import related
from edupartners.archive import LANGUAGES, Archive, Record
from edupartners.ui import UI

ARCHIVE, REPORT = real_archive()
THAI = re.compile(r"[\u0E00-\u0E7F]")


class _Loaded:
    def __init__(self, data):
        self.data = data


def make_case(
    slug: str,
    programme: str,
    start=None,
    provinces=(),
    themes=("educational-equity",),
    tools=(),
    part_of=None,
    title=None,
) -> Record:
    base = copy.deepcopy(ARCHIVE.cases[0].data)
    base.update(
        {
            "programme": programme,
            "provinces": list(provinces),
            "themes": list(themes),
            "tools": list(tools),
            "title": {"th": title or f"กรณี {slug}", "en": title or f"Case {slug}"},
            "period": {"start": start} if start is not None else {},
        }
    )
    base.pop("short_title", None)
    if part_of:
        base["part_of"] = part_of
    else:
        base.pop("part_of", None)
    return Record("case", Path("/nonexistent") / slug, Path("/nonexistent") / slug / "case.yaml", _Loaded(base))


def archive_of(*cases: Record) -> Archive:
    return Archive(ARCHIVE.root, ARCHIVE.vocab, ARCHIVE.vocab_files, list(cases), ARCHIVE.tools)


def link(kind: str, slug: str) -> str:
    return f"{kind}s/{slug}"


PROGRAMMES = list(ARCHIVE.vocab["programmes"])
REGIONS = {rid: r["provinces"] for rid, r in ARCHIVE.vocab["regions"].items() if len(r.get("provinces", [])) >= 3}


def test_ranking_follows_what_is_shared():
    region, provinces = next(iter(REGIONS.items()))
    p1, p2, p3 = provinces[:3]
    a, b = PROGRAMMES[:2]
    here = make_case("here", a, 2020, [p1], ["educational-equity", "careers"])
    same_programme = make_case("same-programme", a, 2021, [], ["school-autonomy"])
    same_province = make_case("same-province", b, 2019, [p1], ["school-autonomy"])
    same_region = make_case("same-region", b, 2018, [p2], ["school-autonomy"])
    one_theme = make_case("one-theme", b, 2017, [], ["careers"])
    nothing = make_case("nothing", b, 2016, [], ["school-autonomy"])
    archive = archive_of(here, same_programme, same_province, same_region, one_theme, nothing)
    found = related.related(archive, here, "en", link)
    assert [f["url"] for f in found] == [
        "cases/same-programme",
        "cases/same-province",
        "cases/same-region",
        "cases/one-theme",
    ]
    why = {f["url"]: f["why"] for f in found}
    assert why["cases/same-province"] == [
        UI["en"]["related_province"].format(names=ARCHIVE.province_name(p1, "en"))
    ]  # the region is not repeated when the province says it
    assert why["cases/same-region"] == [
        UI["en"]["related_region"].format(names=ARCHIVE.vocab["regions"][region]["name"]["en"])
    ]
    assert "cases/nothing" not in why


def test_at_most_a_few_and_never_the_case_itself():
    a = PROGRAMMES[0]
    cases = [make_case(f"c{i}", a, 2000 + i) for i in range(10)]
    found = related.related(archive_of(*cases), cases[0], "th", link)
    assert len(found) == related.LIMIT
    assert "cases/c0" not in [f["url"] for f in found]
    assert [f["url"] for f in found] == ["cases/c1", "cases/c2", "cases/c3", "cases/c4"]  # ties: by start year


def test_a_case_and_the_case_it_is_part_of_come_first():
    a, b = PROGRAMMES[:2]
    whole = make_case("whole", a, 2010)
    part = make_case("part", b, 2012, part_of="whole")
    other = make_case("other", a, 2011, themes=["educational-equity", "careers"])
    archive = archive_of(whole, part, other)
    assert related.related(archive, whole, "en", link)[0] == {
        "title": "Case part",
        "url": "cases/part",
        "why": [UI["en"]["related_part"], UI["en"]["related_theme"].format(names=_theme("en"))],
    }
    assert related.related(archive, part, "th", link)[0]["why"][0] == UI["th"]["related_whole"]


def _theme(lang: str) -> str:
    return ARCHIVE.vocab["themes"]["educational-equity"]["name"][lang]


def test_programme_path_by_start_year_unknown_last_then_title():
    a, b = PROGRAMMES[:2]
    cases = [
        make_case("late", a, "2024-05"),
        make_case("unknown-b", a, None, title="Beta"),
        make_case("early", a, 2019),
        make_case("unknown-a", a, None, title="Alpha"),
        make_case("same-year-z", a, "2019-12-01", title="Zulu"),
        make_case("elsewhere", b, 2000),
    ]
    archive = archive_of(*cases)
    order = []
    step = next(c for c in cases if c.slug == "early")
    while step is not None:
        path = related.programme_path(archive, step, "en", link)
        order.append(step.slug)
        assert path["position"] == UI["en"]["path_position"].format(n=len(order), total=5)
        nxt = path["next"]
        step = next(c for c in cases if link("case", c.slug) == nxt["url"]) if nxt else None
    assert order == ["early", "same-year-z", "late", "unknown-a", "unknown-b"]
    first = related.programme_path(archive, cases[2], "en", link)
    assert first["previous"] is None
    assert related.programme_path(archive, cases[-1], "en", link) is None  # alone in its programme


def test_a_long_programme_path_gives_neighbours_but_no_count():
    """Past COUNTED cases a path says its order but no "case n of N": one case more, or one moved by a new title,
    would otherwise renumber every page of the programme (at 2,000 cases, a minute of `serve` for one edit)."""
    a = PROGRAMMES[0]
    cases = [make_case(f"p{n:02d}", a, 2000 + n) for n in range(related.COUNTED + 1)]
    archive = archive_of(*cases)
    path = related.programme_path(archive, cases[5], "th", link)
    assert path["position"] == UI["th"]["path_order"]
    assert (path["previous"]["url"], path["next"]["url"]) == (link("case", "p04"), link("case", "p06"))
    counted = related.programme_path(archive_of(*cases[:-1]), cases[5], "th", link)
    assert counted["position"] == UI["th"]["path_position"].format(n=6, total=related.COUNTED)


# ------------------------------------------------------------------------------------------------ the built site


class Anchors(HTMLParser):
    """Links inside one element (by class) of a page."""

    def __init__(self, text: str, cls: str):
        super().__init__(convert_charrefs=True)
        self.cls, self.depth, self.links, self.text = cls, 0, [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            self.depth += tag not in ("br",)
            if tag == "a":
                self.links.append(a)
        elif self.cls in (a.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def page_file(site: Path, lang: str, rel: str) -> Path:
    return site / ("" if lang == "th" else lang) / rel / "index.html"


def html_lang(path: Path) -> str:
    return re.search(r'<html lang="([a-z]+)"', path.read_text("utf-8")).group(1)


@pytest.mark.parametrize("case", ARCHIVE.cases, ids=[c.slug for c in ARCHIVE.cases])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_related_and_path_links_resolve_in_the_page_language(built_site, case, lang):
    path = page_file(built_site, lang, f"cases/{case.slug}")
    text = path.read_text("utf-8")
    expected = related.related(ARCHIVE, case, lang, lambda k, s: s)
    block = Anchors(text, "ep-related")
    assert [a["href"] for a in block.links] == [f"../{slug['url']}/" for slug in expected]
    expected_path = related.programme_path(ARCHIVE, case, lang, lambda k, s: s)
    steps = Anchors(text, "ep-path")
    assert bool(steps.links) == bool(expected_path)
    for a in block.links + steps.links:
        target = (path.parent / a["href"] / "index.html").resolve()
        assert target.is_file(), a["href"]
        assert html_lang(target) == lang
    for a in steps.links:
        assert a.get("rel") in ("prev", "next")
    why = " ".join(Anchors(text, "ep-related__why").text)  # the reasons: in the page's language only
    assert len(Anchors(text, "ep-related__why").text) == len(expected)
    if expected:
        assert bool(THAI.search(why)) == (lang == "th"), why
        assert UI[lang]["related_title"] in text


def test_some_case_of_the_real_archive_has_related_cases_and_a_path():
    """The archive has programmes with several cases: the page parts are really shown somewhere."""
    assert any(related.related(ARCHIVE, c, "th", lambda k, s: s) for c in ARCHIVE.cases)
    assert any(related.programme_path(ARCHIVE, c, "th", lambda k, s: s) for c in ARCHIVE.cases)


def test_the_index_ranks_as_the_reasons_do():
    """`related` ranks from an index summed per shared value; it must give what scoring every pair with `reasons`
    gives (the same scores, the same few cases in the same order)."""
    region, provinces = next(iter(REGIONS.items()))
    a, b = PROGRAMMES[:2]
    tool = ARCHIVE.tools[0].slug
    made = [
        make_case("x1", a, 2020, provinces[:2], ["educational-equity", "careers"], tools=[tool]),
        make_case("x2", a, 2021, provinces[1:3], ["careers"], tools=[tool], part_of="x1"),
        make_case("x3", b, 2019, provinces[2:3], ["school-autonomy"]),
        *(make_case(f"same-{n}", a, 2000 + n, themes=["school-autonomy"]) for n in range(6)),
    ]
    for archive in (ARCHIVE, archive_of(*ARCHIVE.cases, *made)):
        index = related._Index(archive)
        for case in archive.cases:
            others = [o for o in archive.cases if o.slug != case.slug]
            scores = {o.slug: related.reasons(archive, case, o, "th")[0] for o in others}
            assert {o.slug: index.score(case, o) for o in others} == scores, case.slug
            summed = {archive.cases[n].slug: s for n, s in index.scores(case).items()}
            assert summed == {slug: s for slug, s in scores.items() if slug in summed}, case.slug
            for lang in LANGUAGES:
                order = {o.slug: related._order(o, lang) for o in others}
                expected = sorted((s for s in scores if scores[s] > 0), key=lambda s: (-scores[s], order[s]))
                assert [c.slug for c in index.most_related(case, lang)] == expected[: related.LIMIT], case.slug


EDITS = {
    "programme": lambda d, r: d.update(programme=r.choice(PROGRAMMES[:3])),
    "provinces": lambda d, r: d.update(provinces=r.sample(PROVINCES, r.randint(0, 2))),
    "themes": lambda d, r: d.update(themes=r.sample(THEMES, r.randint(1, 2))),
    "tools": lambda d, r: d.update(tools=r.sample(TOOLS, r.randint(0, 1))),
    "part_of": lambda d, r: d.update(part_of=f"c{r.randint(0, 11)}"),
    "title": lambda d, r: d.update(title={"th": f"กรณี {r.random()}", "en": f"Case {r.random()}"}),
    "start": lambda d, r: d.update(period={"start": r.randint(2015, 2022)}),
    "summary": lambda d, r: d.update(summary={"th": "สรุปใหม่", "en": "A new summary"}),
}
PROVINCES = [p for ps in REGIONS.values() for p in ps[:3]]
THEMES = list(ARCHIVE.vocab["themes"])[:4]
TOOLS = [t.slug for t in ARCHIVE.tools][:2]


@pytest.mark.parametrize("seed", range(40))
def test_an_index_made_after_an_edit_gives_what_a_fresh_index_gives(seed):
    """`serve` keeps the last index's related cases where an edit provably did not change them (_Index._carry):
    after random edits of one to three cases, every case's related cases and reasons are a fresh index's."""
    import random

    r = random.Random(seed)
    cases = [
        make_case(
            f"c{n}",
            r.choice(PROGRAMMES[:3]),
            r.choice([None, *range(2015, 2023)]),
            r.sample(PROVINCES, r.randint(0, 2)),
            r.sample(THEMES, r.randint(1, 2)),
            tools=r.sample(TOOLS, r.randint(0, 1)),
            part_of=f"c{r.randint(0, 11)}" if r.random() < 0.2 else None,
            title=r.choice(["A", "B", None]),
        )
        for n in range(12)
    ]
    before = archive_of(*cases)
    for case in before.cases:
        for lang in LANGUAGES:
            related.related(before, case, lang, link)
    previous = related._index(before)
    after_cases = list(cases)
    for n in r.sample(range(12), r.randint(1, 3)):
        data = copy.deepcopy(cases[n].data)
        for edit in r.sample(sorted(EDITS), r.randint(1, 2)):
            EDITS[edit](data, r)
        if data.get("part_of") == cases[n].slug:
            del data["part_of"]
        after_cases[n] = Record("case", cases[n].folder, cases[n].yaml_path, _Loaded(data))
    after = archive_of(*after_cases)
    carried, fresh = related._Index(after, previous), related._Index(after)
    for case in after.cases:
        for lang in LANGUAGES:
            assert [c.slug for c in carried.most_related(case, lang)] == [
                c.slug for c in fresh.most_related(case, lang)
            ], (case.slug, lang)
            assert related.related(after, case, lang, link) == [
                {
                    "title": related._title(o, lang),
                    "url": link("case", o.slug),
                    "why": related.reasons(after, case, o, lang)[1],
                }
                for o in fresh.most_related(case, lang)
            ], (case.slug, lang)


def test_an_edit_that_changes_nothing_shared_keeps_every_other_related_list():
    """The carry really happens: a new summary changes no score or order, so only the edited case's own list and
    the lists it is in are made again."""
    cases = [make_case(f"k{n}", PROGRAMMES[0], 2015 + n, PROVINCES[n % 3 : n % 3 + 1]) for n in range(8)]
    before = archive_of(*cases)
    for case in before.cases:
        related.related(before, case, "th", link)
    data = copy.deepcopy(cases[3].data)
    EDITS["summary"](data, None)
    after = archive_of(*cases[:3], Record("case", cases[3].folder, cases[3].yaml_path, _Loaded(data)), *cases[4:])
    previous = related._index(before)
    carried = related._Index(after, previous)
    kept = {c.slug for c in cases if c is not cases[3] and cases[3] not in previous.most_related(c, "th")}
    assert kept and {slug for slug, _ in carried.nearest} == kept
    assert [c.slug for c in carried.most_related(after.cases[3], "th")] == [
        c.slug for c in related._Index(before).most_related(cases[3], "th")
    ]
