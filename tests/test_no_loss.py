"""No record is lost on the way to the site: 30 generated valid cases (with the real vocabularies) all come out as
pages in both languages, in every index page they belong to, and in every export.

Index pages and exports are discovered from what `generate` writes under docs/, not listed here, so new ones are
covered as soon as they exist.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from posixpath import normpath
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import cli, copy_project
from edupartners import generate, pipeline
from edupartners.archive import LANGUAGES, thai_provinces

BASE = Path(__file__).with_name("bad_input") / "_base"
N_CASES = 30
RECORD_PAGE = re.compile(r"^(cases|tools)/([a-z0-9-]+)\.(th|en)\.md$")
LINK = re.compile(r'href="([^"#?]+)')


def write_synthetic_cases(root: Path, n: int, seed: int = 8) -> list[str]:
    """n valid cases built from the corpus base case, varied over the real vocabulary ids; returns their slugs."""
    rng = random.Random(seed)
    vocab = {
        name: [e["id"] for e in yaml.safe_load((root / "vocab" / f"{name}.yaml").read_text("utf-8"))]
        for name in ("programmes", "organisations", "roles", "themes", "grade_levels")
    }
    provinces = sorted(c for c in thai_provinces() if c[3:].isdigit())
    raw = (BASE / "cases/corpus-case/case.yaml").read_text("utf-8")
    modeline, base = raw.split("\n", 1)[0], yaml.safe_load(raw)
    slugs, programme_cases = [], {}
    for i in range(n):
        slug = f"synthetic-case-{i:02d}"
        programme = vocab["programmes"][i % len(vocab["programmes"])]
        case = dict(base, slug=slug, programme=programme)
        if programme in programme_cases:
            case.update(level="school", part_of=programme_cases[programme])
        else:
            case["level"] = "programme"
            programme_cases[programme] = slug
        case["title"] = {
            "th": f"กรณีศึกษาสังเคราะห์ที่ {i} โรงเรียน{rng.choice(['บ้านนา', 'วัดใหม่', 'ชุมชน'])}",
            "en": f"Synthetic case {i}: {rng.choice(['village', 'temple', 'market'])} school",
        }
        case["summary"] = {"th": f"สรุปกรณีศึกษาสังเคราะห์ที่ {i}", "en": f"Summary of synthetic case {i}."}
        case["organisations"] = [
            {"id": o, "role": rng.choice(vocab["roles"])} for o in rng.sample(vocab["organisations"], rng.randint(1, 3))
        ]
        case["provinces"] = rng.sample(provinces, rng.randint(0, 2))
        start = rng.randint(2000, 2024)
        case["period"] = {
            "start": start,
            "source": "base-source",
            **({"end": start + rng.randint(0, 2)} if rng.random() < 0.5 else {}),
        }
        case["themes"] = rng.sample(vocab["themes"], rng.randint(1, 3))
        case["grade_levels"] = rng.sample(vocab["grade_levels"], rng.randint(0, 2))
        case["tools"] = ["corpus-tool"] if rng.random() < 0.3 else []
        case["review"] = {
            "verification": rng.choice(["verified", "partly-verified", "unverified"]),
            "reviewed": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        folder = root / "cases" / slug
        folder.mkdir(parents=True)
        (folder / "case.yaml").write_text(
            modeline + "\n" + yaml.safe_dump(case, allow_unicode=True, sort_keys=False), "utf-8"
        )
        for lang in LANGUAGES:
            shutil.copy2(BASE / "cases/corpus-case" / f"{lang}.md", folder / f"{lang}.md")
        slugs.append(slug)
    return slugs


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A project with the 30 cases and the corpus tool, generated into docs/ and built by the real CLI."""
    tmp = tmp_path_factory.mktemp("no-loss")
    root = copy_project(tmp / "project", with_records=False)
    shutil.copytree(BASE / "tools", root / "tools", dirs_exist_ok=True)
    write_synthetic_cases(root, N_CASES)
    archive, report = pipeline.validate(root)
    assert report.ok, report.format()
    generated = generate.render_pages(archive, generate.Site(repo_url="https://example.org/repo"))
    site = tmp / "site"
    result = cli("--root", str(root), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return archive, generated, site


def html_path(site: Path, lang: str, rel_md: str) -> Path:
    """docs-relative 'browse/theme/x.th.md' -> the built page for that language."""
    stem = rel_md.rsplit(".", 2)[0]
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return site / ("" if lang == "th" else "en") / stem / "index.html"


@cache
def linked_records(page: Path, site: Path) -> frozenset[tuple[str, str]]:
    """(kind folder, slug) of every record page this built page links to."""
    here = "/" + page.parent.relative_to(site).as_posix() + "/"
    found = set()
    for href in LINK.findall(page.read_text("utf-8")):
        if urlsplit(href).scheme:
            continue
        target = normpath(here + href).strip("/").removeprefix("en/")
        m = re.fullmatch(r"(cases|tools)/([a-z0-9-]+)(/index\.html)?", target)
        if m and m.group(2) != "index":
            found.add((m.group(1), m.group(2)))
    return frozenset(found)


def index_pages(generated: dict) -> list[str]:
    """Generated Markdown pages that are not record pages, one name per page (Thai file name)."""
    return sorted(
        rel
        for rel in generated
        if rel.endswith(".th.md") and not (RECORD_PAGE.match(rel) and RECORD_PAGE.match(rel).group(2) != "index")
    )


def test_every_record_has_a_page_in_both_languages(synthetic):
    archive, _, site = synthetic
    assert len(archive.cases) == N_CASES and len(archive.tools) == 1
    for record in archive.records:
        for lang in LANGUAGES:
            page = html_path(site, lang, f"{'cases' if record.kind == 'case' else 'tools'}/{record.slug}.{lang}.md")
            assert page.is_file(), page
            text = page.read_text("utf-8")
            assert f'<html lang="{lang}"' in text
            title = record.data["title"][lang]
            assert title in text.replace("&#39;", "'").replace("&quot;", '"'), (record.slug, lang)


def test_cases_and_tools_indexes_list_every_record(synthetic):
    archive, generated, site = synthetic
    numbered = [rel for rel in generated if re.fullmatch(r"cases/(index|page/\d+)\.th\.md", rel)]  # page 1, 2, …
    for lang in LANGUAGES:
        cases = frozenset().union(*(linked_records(html_path(site, lang, rel), site) for rel in numbered))
        tools = linked_records(html_path(site, lang, "tools/index.th.md"), site)
        assert {("cases", c.slug) for c in archive.cases} <= cases, lang
        assert {("tools", t.slug) for t in archive.tools} <= tools, lang


def test_every_index_page_lists_the_same_records_in_both_languages(synthetic):
    _, generated, site = synthetic
    pages = index_pages(generated)
    assert "cases/index.th.md" in pages and "tools/index.th.md" in pages
    for rel in pages:
        th = linked_records(html_path(site, "th", rel), site)
        en = linked_records(html_path(site, "en", rel), site)
        assert th == en, f"{rel}: only in Thai {sorted(th - en)}, only in English {sorted(en - th)}"


def test_every_case_is_in_every_browse_page_it_belongs_to(synthetic):
    """Facet pages (browse/<facet>/<value>) list exactly the cases whose facts name that value."""
    archive, generated, site = synthetic
    facet_pages = [rel for rel in index_pages(generated) if re.match(r"^browse/[a-z-]+/[^/]+\.th\.md$", rel)]
    if not facet_pages:
        pytest.skip("no browse/<facet>/<value> pages are generated yet")
    from edupartners import facets  # the generator's own statement of which index pages a case belongs to

    expected: dict[str, set] = {}
    for case in archive.cases:
        keys = facets.case_keys(archive, case)
        # the facts themselves, independently of facets.py: programme, organisations and themes
        assert keys["programme"] == [case.data["programme"]]
        assert set(keys["theme"]) == set(case.data["themes"])
        assert set(keys["organisation"]) == {o["id"] for o in case.data["organisations"]}
        for facet, values in keys.items():
            for value in values:
                expected.setdefault(f"browse/{facet}/{facets.page_name(value)}.th.md", set()).add(("cases", case.slug))
    assert set(expected) == set(facet_pages), "facet pages without cases, or cases without their facet page"
    for rel, members in expected.items():
        for lang in LANGUAGES:
            got = {r for r in linked_records(html_path(site, lang, rel), site) if r[0] == "cases"}
            assert got == members, f"{rel} ({lang}): missing {sorted(members - got)}, extra {sorted(got - members)}"


def test_every_case_is_on_the_timeline(synthetic):
    archive, generated, site = synthetic
    if "browse/timeline.th.md" not in generated:
        pytest.skip("there is no timeline page yet")
    for lang in LANGUAGES:
        listed = linked_records(html_path(site, lang, "browse/timeline.th.md"), site)
        assert {("cases", c.slug) for c in archive.cases} <= listed, lang


def _export_text(rel: str, data: bytes) -> str:
    """Every value of a JSON, CSV or XML export (or its text), joined; raises if the file does not parse."""
    text = data.decode("utf-8")
    if rel.endswith(".json"):
        values = []

        def walk(x):
            if isinstance(x, dict):
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
            else:
                values.append(str(x))

        walk(json.loads(text))
        return "\n".join(values)
    if rel.endswith(".csv"):
        return "\n".join(cell for row in csv.reader(io.StringIO(text)) for cell in row)
    if rel.endswith(".xml"):
        root = ET.fromstring(data)
        return "\n".join([t for el in root.iter() for t in (el.text or "", *el.attrib.values())])
    return text


def test_every_record_is_in_every_export(synthetic):
    archive, generated, _ = synthetic
    exports = sorted(
        rel
        for rel in generated
        if rel.startswith("data/") or rel.endswith((".json", ".csv", ".xml"))
        if not rel.startswith(("schema/", "assets/")) and not rel.endswith(("-metadata.json", ".md"))
    )  # CSVW, data dictionary: describe columns
    if not exports:
        pytest.skip("no exports (data files) are generated yet; nothing to check")
    for rel in exports:
        data = generated[rel]
        text = _export_text(rel, data.encode("utf-8") if isinstance(data, str) else data)
        name = rel.rsplit("/", 1)[-1]
        named = {kind for kind in ("cases", "tools") if kind in name}  # cases.json, tools.json, ...
        carried = False
        for records, kind in ((archive.cases, "cases"), (archive.tools, "tools")):
            present = {r.slug for r in records if re.search(rf"(?<![a-z0-9-]){re.escape(r.slug)}(?![a-z0-9-])", text)}
            # An export named after a kind must carry every record of it; an export named after neither (a feed)
            # must carry every record of each kind it carries at all. (tools.json naming the cases that use a tool
            # is a cross-reference, not a case export.)
            carried = carried or bool(present)
            if kind in named or (not named and present):
                missing = sorted({r.slug for r in records} - present)
                assert not missing, f"{rel} lacks {kind}: {missing}"
        assert named or carried, f"{rel} carries no record at all"
