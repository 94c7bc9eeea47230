"""Discovery: facet indexes, 'schools like mine', the province map, the timeline, translation coverage."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from conftest import REPO, copy_project, real_archive
from edupartners import dates, facets, generate, pipeline, sanitize
from edupartners.archive import LANGUAGES
from edupartners.views import paging

ARCHIVE, _ = real_archive()
SITE = generate.Site(repo_url="https://example.org/repo")


def expected_keys(case) -> dict[str, set[str]]:
    """The facets a case belongs to, worked out here from the raw record and vocab/regions.yaml."""
    d = case.data
    regions = {
        r["id"] for r in ARCHIVE.vocab["regions"].values() for code in d.get("provinces", []) if code in r["provinces"]
    }
    return {
        "programme": {d["programme"]},
        "organisation": {o["id"] for o in d["organisations"]},
        "region": regions,
        "province": set(d.get("provinces", [])),
        "tool": set(d.get("tools", [])),
        "theme": set(d["themes"]),
        "year": {str(d["period"]["start"])[:4]} if "start" in d["period"] else set(),  # unknown start: no year page
        "verification": {d["review"]["verification"]},
    }


def test_every_case_is_in_every_index_it_belongs_to_and_no_other():
    by_facet = facets.index(ARCHIVE)
    for case in ARCHIVE.cases:
        for facet, keys in expected_keys(case).items():
            listed = {k for k, members in by_facet[facet].items() if case in members}
            assert listed == keys, (case.slug, facet)


def test_no_empty_facet_pages():
    for facet, values in facets.index(ARCHIVE).items():
        assert all(values.values()), facet


@pytest.fixture(scope="module")
def pages():
    return generate.render_pages(ARCHIVE, SITE)


def numbered(pages: dict, name: str, lang: str) -> str:
    """A list's pages (page 1, then <list>/page/2, … as views/paging.py names them), joined."""
    out, n = [], 1
    while (page := pages.get(f"{paging.page_name(name, n)}.{lang}.md")) is not None:
        out.append(page)
        n += 1
    assert out, name
    return "\n".join(out)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_facet_pages_list_exactly_their_cases_with_counts(pages, lang):
    by_facet = facets.index(ARCHIVE)
    browse = pages[f"browse/index.{lang}.md"]
    for facet, values in by_facet.items():
        for key, members in values.items():
            name = f"{facet}/{facets.page_name(key)}.{lang}.md"
            assert f']({name}) <span class="ep-count">({len(members)})</span>' in browse
            page = numbered(pages, f"browse/{facet}/{facets.page_name(key)}", lang)
            listed = set(re.findall(r"\]\(/cases/([a-z0-9-]+)\." + lang + r"\.md\)", page))
            assert listed == {c.slug for c in members}
    generated = {p for p in pages if p.startswith("browse/") and p.count("/") == 2 and p.endswith(f".{lang}.md")}
    assert len(generated) == sum(len(v) for v in by_facet.values())


def test_year_pages_show_the_era_of_their_language(pages):
    year = next(iter(facets.index(ARCHIVE)["year"]))
    assert f"# พ.ศ. {int(year) + 543}" in pages[f"browse/year/{year}.th.md"]
    assert f"# {year}" in pages[f"browse/year/{year}.en.md"]


def test_region_membership_comes_from_a_cited_vocabulary():
    regions = ARCHIVE.vocab["regions"]
    assert all(r["sources"] and r["sources"][0]["url"].startswith("https://") for r in regions.values())
    covered = [code for r in regions.values() for code in r["provinces"]]
    assert len(covered) == len(set(covered)) == 77  # the NSO list (Bangkok + 75 provinces) and Bueng Kan


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_links_every_province_with_cases_and_only_those(pages, lang):
    page = pages[f"browse/map.{lang}.md"]
    assert '<div class="ep-map">' in page
    linked = set(re.findall(r'<a href="\.\./province/(th-[0-9a-z]+)/"', page))
    assert linked == {facets.page_name(k) for k in facets.index(ARCHIVE)["province"]}
    rows = re.findall(r"^\| \[.*\]\(province/(th-[0-9a-z]+)\." + lang + r"\.md\) \|", page, re.M)
    assert set(rows) == linked
    assert len(re.findall(r'<li class="ep-map__tile ', page)) == 77  # every province has a tile; Pattaya is a city


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_has_every_dated_case_and_milestone_and_no_undated_start(pages, lang):
    page = numbered(pages, "browse/timeline", lang)
    for case in ARCHIVE.cases:
        linked = f"(/cases/{case.slug}.{lang}.md)" in page
        assert linked == ("start" in case.data["period"] or bool(case.data.get("milestones"))), case.slug
        for m in case.data.get("milestones", []):
            assert sanitize.text(m["label"][lang]) in page  # as the template writes it: escaped text
    years = [int(y) for y in re.findall(r"\{ #y(\d{4}) \}", page)]
    assert years == sorted(years) and years


def test_translation_coverage_lists_pending_languages(tmp_path):
    root = copy_project(tmp_path / "p", with_records=False)
    for rel in ("cases/eef-equity-partnership", "tools/teach-for-thailand"):
        shutil.copytree(REPO / rel, root / rel)
    (root / "tools/teach-for-thailand/en.md").unlink()
    path = root / "tools/teach-for-thailand/tool.yaml"
    path.write_text(
        path.read_text("utf-8").replace("membership: confirmed", "membership: confirmed\ntranslation_pending: [en]"),
        "utf-8",
    )
    archive, report = pipeline.validate(root)
    assert report.ok, report.format()
    pages = generate.render_pages(archive, SITE)
    assert "(/tools/teach-for-thailand.en.md) · missing: English" in pages["browse/translations.en.md"]
    assert "ยังขาด: ภาษาอังกฤษ" in pages["browse/translations.th.md"]
    tool_en = pages["tools/teach-for-thailand.en.md"]
    assert "No narrative in this language yet" in tool_en and "## What it is" not in tool_en
    assert "## เครื่องมือนี้คืออะไร" in pages["tools/teach-for-thailand.th.md"]


def _offered(page: str) -> dict[str, dict[str, tuple[int, bool]]]:
    """select name -> value -> (count, disabled), read from the generated cases index."""
    out = {}
    for name, body in re.findall(r'<select name="([a-z_]+)">(.*?)</select>', html.unescape(page), re.S):
        out[name] = {
            v: (int(n), bool(d))
            for v, d, n in re.findall(
                r'<option value="([a-z0-9-]+)" data-label="[^"]*"( disabled)?>[^<]* \((\d+)\)</option>', body
            )
        }
    return out


def test_filter_offers_every_choice_a_school_may_look_for_with_honest_counts(pages):
    offered = _offered(pages["cases/index.en.md"])
    cases = [c.data for c in ARCHIVE.cases]
    grades = offered["grade"]
    assert {"primary-lower", "primary-upper", "secondary-lower"} <= set(grades)  # primary too, even with no case yet
    for grade, (n, disabled) in grades.items():
        expected = sum(
            not d.get("grade_levels") if grade == "unstated" else grade in d.get("grade_levels", []) for d in cases
        )
        assert (n, disabled) == (expected, expected == 0), grade
    for field in ("setting", "size_band", "affiliation"):
        unstated = sum(field not in d.get("school_context", {}) for d in cases)
        assert offered[field].get("unstated", (0, True))[0] == unstated, field
        assert sum(n for n, _ in offered[field].values()) == len(cases), field  # each case counted exactly once
    kinds = offered["evidence"]
    for kind, (n, _) in kinds.items():
        assert n == sum(d.get("evidence", {}).get("kind", "unclassified") == kind for d in cases), kind


def test_dates_module_sorts_partial_dates():
    assert sorted(["2020-10", 2019, "2019-05-20"], key=dates.sort_key) == [2019, "2019-05-20", "2020-10"]
