"""Lists stay light at any archive size (issue 17, item 3): at 2,000 cases per language every listing, browse and
facet page is a numbered page of a bounded size, every case is still on exactly one page of each list it belongs
to, and the filter's data names every case with its values.

The archive is made in memory from the real cases (each copied with a new slug, title and province), and the list
builders of the site map (generate.LISTS) render it: no MkDocs, no browser, a few seconds."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from conftest import real_archive
from edupartners import facets, generate
from edupartners.archive import LANGUAGES, Archive, Record, thai_provinces
from edupartners.views import paging

ARCHIVE, _ = real_archive()
SITE = generate.Site(repo_url="https://example.org/repo")
N_CASES = 2000  # per language, as in the issue
# A list page's Markdown, compressed as a static host sends it. The real case pages' Markdown is 1.5-6.2 KB gzip
# (their HTML 7.9 KB with the theme's markup): a page of a list may weigh as much as a case page, never more.
MAX_SENT = 8 * 1024
MAX_RAW = 64 * 1024


class _Loaded:
    def __init__(self, data):
        self.data = data


@pytest.fixture(scope="module")
def large():
    """(archive, rendered lists): the real archive plus copies of its cases up to N_CASES."""
    provinces = sorted(c for c in thai_provinces() if c[3:].isdigit())
    cases = list(ARCHIVE.cases)
    for i in range(N_CASES - len(cases)):
        model = ARCHIVE.cases[i % len(ARCHIVE.cases)]
        slug = f"copy-{i:05d}-{model.slug}"[:60]
        data = {k: v for k, v in model.data.items() if k not in ("moved_from", "provinces_inferred", "short_title")}
        data.update(
            slug=slug,
            title={lang: f"{model.data['title'][lang]} ({i})" for lang in LANGUAGES},
            provinces=[provinces[i % len(provinces)]],
        )
        folder = ARCHIVE.root / "cases" / slug
        cases.append(Record("case", folder, folder / "case.yaml", _Loaded(data)))
    archive = Archive(ARCHIVE.root, ARCHIVE.vocab, ARCHIVE.vocab_files, cases, ARCHIVE.tools)
    return archive, generate.render_pages(archive, SITE, builders=generate.LISTS, files=False)


def test_every_list_page_stays_within_the_case_page_budget(large):
    _, pages = large
    sizes = {
        name: (len(text.encode()), len(gzip.compress(text.encode(), 6)))
        for name, text in pages.items()
        if name.endswith(".md")
    }
    assert len(sizes) > 4 * N_CASES // paging.PER_PAGE  # the lists are there: cases/, facets, timeline, in 2 languages
    over = {name: size for name, size in sizes.items() if size[0] > MAX_RAW or size[1] > MAX_SENT}
    assert not over, f"list pages over {MAX_RAW} bytes or {MAX_SENT} bytes gzip: {sorted(over.items())[:10]}"


def test_each_list_is_numbered_pages_holding_every_case_once(large):
    archive, pages = large
    expected = {"cases/index": {c.slug for c in archive.cases}}
    for facet, values in facets.index(archive).items():
        for key, members in values.items():
            expected[f"browse/{facet}/{facets.page_name(key)}"] = {c.slug for c in members}
    for lang in LANGUAGES:
        for name, slugs in expected.items():
            count = -(-len(slugs) // paging.PER_PAGE)
            texts = [pages[f"{paging.page_name(name, n)}.{lang}.md"] for n in range(1, count + 1)]
            assert f"{paging.page_name(name, count + 1)}.{lang}.md" not in pages, (name, lang)  # no empty page
            listed = [
                s for text in texts for s in re.findall(rf"\*\*\[[^]]*\]\(/cases/([a-z0-9-]+)\.{lang}\.md\)", text)
            ]
            assert len(listed) == len(slugs) and set(listed) == slugs, (name, lang)
            for n, text in enumerate(texts, 1):
                status = {"th": f"หน้า {n} จาก {count}", "en": f"Page {n} of {count}"}[lang]
                assert (status in text) == (count > 1), (name, lang, n)


def test_the_pager_links_to_pages_that_exist(large):
    _, pages = large
    for name, text in pages.items():
        for target in re.findall(r'<div class="ep-pager".*?</div>', text, re.S):
            for link in re.findall(r"\]\(/([^)]+)\)", target):
                assert link in pages, (name, link)


def test_the_timeline_keeps_every_event_over_its_pages(large):
    archive, pages = large
    for lang in LANGUAGES:
        timeline = "".join(
            text for name, text in pages.items() if name.startswith("browse/timeline") and name.endswith(f".{lang}.md")
        )
        starts = len(re.findall(r"^- \*\*.*\[", timeline, re.M))
        dated = sum("start" in c.data["period"] for c in archive.cases) + sum(
            len(c.data.get("milestones", [])) for c in archive.cases
        )
        assert starts == dated, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_filter_data_names_every_case_with_its_values(large, lang):
    archive, pages = large
    data = json.loads(pages[f"cases/filter-{lang}.json"])
    assert data["fields"] == [f.name for f in facets.FILTERS]
    rows = {row[0]: row for row in data["cases"]}
    assert len(rows) == len(data["cases"]) == len(archive.cases)
    for case in archive.cases:
        row = rows[case.slug]
        assert row[1] == case.data.get("short_title", case.data["title"])[lang]
        values = facets.filter_values(archive, case)
        assert [row[3 + i] for i in range(len(data["fields"]))] == [values[f] for f in data["fields"]], case.slug
    # the counts the first page prints are those of the whole archive, so the data and the page agree
    first = pages[f"cases/index.{lang}.md"]
    region = dict(
        re.findall(
            r'<option value="([a-z0-9-]+)" data-label="[^"]*"(?: disabled)?>[^<]* \((\d+)\)',
            first.split('name="region"')[1].split("</select>")[0],
        )
    )
    for value, n in region.items():
        assert int(n) == sum(value in row[3] for row in data["cases"]), value
