"""Generation: computed cross-links, year formats, and a staging folder that holds exactly what the records say."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import CASE, REPO, TOOL, copy_project
from edupartners import cite, dates, generate, pipeline, staging

SITE = generate.Site(repo_url="https://example.org/repo")


def render(root):
    archive, report = pipeline.validate(root)
    assert report.ok, report.format()
    return generate.render_pages(archive, SITE)


def test_tool_page_lists_the_cases_that_use_it(project):
    before = render(project)
    assert "eef-equity-partnership" not in before["tools/teach-for-thailand.th.md"]
    path = project / CASE / "case.yaml"
    path.write_text(
        path.read_text("utf-8").replace("provinces: [TH-84]", "provinces: [TH-84]\ntools: [teach-for-thailand]"),
        "utf-8",
    )
    after = render(project)
    for lang in ("th", "en"):
        assert f"(/cases/eef-equity-partnership.{lang}.md)" in after[f"tools/teach-for-thailand.{lang}.md"]
        assert f"(/tools/teach-for-thailand.{lang}.md)" in after[f"cases/eef-equity-partnership.{lang}.md"]


def test_citations_become_numbered_links(project):
    pages = render(project)
    en = pages["cases/eef-equity-partnership.en.md"]
    assert "[@" not in en
    assert '<sup class="ep-cite"><a href="#src-1">[1]</a></sup>' in en
    n = len(yaml.safe_load((project / CASE / "case.yaml").read_text("utf-8"))["sources"])
    assert f'<li id="src-{n}">' in en and f'<li id="src-{n + 1}">' not in en


def test_sources_show_a_title_or_a_description_in_the_page_language_and_never_a_seed_file(project):
    pages = render(project)
    en, th = pages["cases/eef-equity-partnership.en.md"], pages["cases/eef-equity-partnership.th.md"]
    assert "[Preparing the students of the 10 schools in cohort 1]" in en
    assert "[การเตรียมความพร้อมนักเรียนจาก 10 โรงเรียนในรุ่นที่ 1]" in th and "Preparing the students" not in th
    for page in (en, th):
        assert "“กสศ.ชวน 6 ร.ร.นานาชาติ สร้างนวัตกรรมทางสังคม”" in page  # an original title, in its own language
        assert ".txt" not in page and "000_d918e9ee36bcd0c5" not in page
    assert "undated (accessed November 2026)" in en and "ไม่ระบุวันที่เผยแพร่ (เข้าถึงเมื่อ พฤศจิกายน 2569)" in th


def test_gaps_are_published_as_gaps(project):
    pages = render(project)
    assert "What the sources do not tell us yet" in pages["cases/eef-equity-partnership.en.md"]
    assert "สิ่งที่แหล่งข้อมูลยังไม่ได้บอก" in pages["cases/eef-equity-partnership.th.md"]


def test_tool_set_counts_are_honest(project):
    pages = render(project)
    en = pages["tools/index.en.md"]
    assert "1 confirmed out of the 8–9 tools the sources speak of" in en and "Several tools are still missing" in en
    assert "<strong>8</strong>" in en and "<strong>9</strong>" in en


def test_sync_keeps_the_staging_folder_in_step_with_the_records(project):
    docs = staging.staging_dir(project, project / "site")
    files = render(project)
    first = staging.sync(project, docs, files)
    assert "cases/eef-equity-partnership.th.md" in first
    assert staging.sync(project, docs, files) == []  # nothing changed, nothing touched
    shutil.rmtree(project / TOOL)
    (project / CASE / "case.yaml").write_text((project / CASE / "case.yaml").read_text("utf-8"), "utf-8")
    changed = staging.sync(project, docs, render(project))
    assert "tools/teach-for-thailand.th.md" in changed
    assert not (docs / "tools" / "teach-for-thailand.th.md").exists()
    assert not (project / "docs" / "cases").exists()  # the tracked docs/ folder is never written


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        (2019, "th", "พ.ศ. 2562"),
        (2019, "en", "2019"),
        ("2024-05-20", "th", "20 พฤษภาคม 2567"),
        ("2024-05-20", "en", "20 May 2024"),
        ("2020-10", "th", "ตุลาคม 2563"),
        ("2020-10", "en", "October 2020"),
    ],
)
def test_dates_are_shown_in_the_language_era(value, lang, shown):
    assert dates.format_date(value, lang) == shown


def test_periods():
    assert dates.format_period(2019, None, "th") == "พ.ศ. 2562 – ปัจจุบัน"
    assert dates.format_period(2019, 2021, "th") == "พ.ศ. 2562–2564"
    assert dates.format_period("2013-08-21", "2013-08-22", "en") == "21 August 2013 – 22 August 2013"


def test_generation_runs_once_per_change_and_repairs_deleted_output(project):
    docs = staging.staging_dir(project, project / "site")
    assert pipeline.build_docs(project, docs, repo_url="https://example.org/r")  # first time: everything is written
    assert pipeline.build_docs(project, docs, repo_url="https://example.org/r") == []  # nothing changed: skipped
    page = docs / "cases" / "eef-equity-partnership.th.md"
    page.unlink()  # generated output removed by hand: it comes back
    assert "cases/eef-equity-partnership.th.md" in pipeline.build_docs(project, docs, repo_url="https://example.org/r")
    path = project / CASE / "case.yaml"
    path.write_text(path.read_text("utf-8").replace("en: International and provincial", "en: Changed"), "utf-8")
    changed = pipeline.build_docs(project, docs, repo_url="https://example.org/r")
    assert "cases/eef-equity-partnership.en.md" in changed
    assert "Changed" in (docs / "cases" / "eef-equity-partnership.en.md").read_text("utf-8")


def test_two_fresh_generations_give_identical_bytes(tmp_path):
    """Reproducible output: fonts carry no build time, so two processes write the same files."""
    from conftest import cli

    trees = []
    for name in ("a", "b"):
        root = copy_project(tmp_path / name, with_records=False)
        for rel in (CASE, TOOL):
            shutil.copytree(REPO / rel, root / rel)
        result = cli("--root", str(root), "generate")
        assert result.returncode == 0, result.stderr
        folder = staging.staging_dir(root, root / "site")
        trees.append(
            {
                p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*"))
                if p.is_file() and p.name != pipeline.STAMP
            }
        )
    assert trees[0].keys() == trees[1].keys() and any(k.endswith(".woff2") for k in trees[0])
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


@pytest.mark.parametrize(
    "url, text",
    [
        (
            "https://yuvabadhanafoundation.org/th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/",
            "yuvabadhanafoundation.org/th/ข่าว/",
        ),
        ("https://www.example.org/a", "example.org/a"),
        ("https://x.org/a%E2%80%AEb", "x.org/a%E2%80%AEb"),  # decodes to a direction override: keep the address as is
        ("https://x.org/%FF", "x.org/%FF"),  # not UTF-8
        ("https://x.org/a%20b", "x.org/a%20b"),  # a space would make two words of one address
        ("https://x.org/" + "%E0%B8%81" * 80, "x.org/" + "ก" * 53 + "…"),
    ],
)
def test_link_text_of_a_web_address_is_readable_and_never_hides_what_it_is(url, text):
    from edupartners.generate import readable_url

    assert readable_url(url) == text


def test_the_strings_table_refuses_an_entry_without_every_language_or_with_other_placeholders(tmp_path):
    from edupartners import ui

    path = tmp_path / "strings.yaml"
    path.write_text("a: {th: ก, en: a}\nb: {th: ข}\nc: {th: '{n} เรื่อง', en: '{count} cases'}\n", "utf-8")
    with pytest.raises(ValueError) as error:
        ui.load(path)
    assert "b: needs exactly th, en" in str(error.value) and "c: the languages use different" in str(error.value)
    path.write_text("a: {th: ก, en: a}\n", "utf-8")
    assert ui.load(path) == {"th": {"a": "ก"}, "en": {"a": "a"}}


ENUM_LABELS = {  # UI key prefix: where the enum is in the schemas
    "level_": ("case", ("properties", "level")),
    "affiliation_": ("case", ("properties", "school_context", "properties", "affiliation")),
    "setting_": ("case", ("properties", "school_context", "properties", "setting")),
    "size_band_": ("case", ("properties", "school_context", "properties", "size_band")),
    "membership_": ("tool", ("properties", "membership")),
    "evidence_": ("common", ("$defs", "evidence", "properties", "kind")),
    "status_": ("common", ("$defs", "for_schools", "properties", "status", "properties", "value")),
    "": ("common", ("$defs", "review", "properties", "verification")),
}


@pytest.mark.parametrize("prefix", ENUM_LABELS)
def test_every_value_of_an_enum_has_a_label_in_every_language(prefix):
    import json

    from edupartners.ui import UI

    name, path = ENUM_LABELS[prefix]
    node = json.loads((REPO / "schema" / f"{name}.schema.json").read_text("utf-8"))
    for step in path:
        node = node[step]
    for value in node["enum"]:
        for lang, table in UI.items():
            assert f"{prefix}{value}" in table, (lang, f"{prefix}{value}")


def test_the_filter_data_carries_every_filter_field_and_list_items_carry_none():
    """Facets are registered once (facets.FACETS): the filter's data file has a column for each filter field, and the
    list items carry no data of their own, so the sanitiser allows no attribute on them."""
    import json

    from conftest import real_archive
    from edupartners import facets, sanitize

    archive, _ = real_archive()
    out = generate.render_pages(archive, SITE, builders=generate.LISTS[:1], files=False)
    for lang in ("th", "en"):
        data = json.loads(out[f"cases/filter-{lang}.json"])
        assert data["fields"] == [f.name for f in facets.FILTERS]
        assert len(data["cases"]) == len(archive.cases)
        assert all(len(row) == 3 + len(facets.FILTERS) for row in data["cases"])
        assert "<li data-" not in out[f"cases/index.{lang}.md"]
    assert "li" not in sanitize.ATTRIBUTES


def test_the_serve_preview_makes_no_link_preview_pictures_and_keeps_the_builds_cached(project, tmp_path):
    built = staging.prepare(project, staging.staging_dir(project, tmp_path / "site"))
    pipeline.StagedDocs(project, built).build()
    assert list((built / cite.IMAGE_DIR).rglob("*.png")), "a build makes the pictures"
    cache = project / ".cache" / "og"
    cached = sorted(cache.iterdir())
    assert cached
    preview = staging.prepare(project, staging.staging_dir(project, tmp_path / "preview"))
    pipeline.StagedDocs(project, preview, preview=True).build()
    assert not (preview / cite.IMAGE_DIR).exists()  # nothing in a local preview shows them
    assert list((preview / cite.CITE_DIR).rglob("*.bib"))  # citation files are still made
    assert sorted(cache.iterdir()) == cached  # and the build's pictures are not pruned from the cache
