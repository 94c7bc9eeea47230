"""`edupartners serve` (mkdocs serve) picks up an edited case without a restart, and what it stages after an edit
(re-reading only the files that changed) is what a full build stages."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, TOOL, copy_project, real_archive
from edupartners import cite, generate, mkdocs_plugin, pipeline, preview, staging
from mkdocs.exceptions import ConfigurationError
from watchdog.events import FileModifiedEvent

CASE = "cases/eef-equity-partnership"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body and text in body:
            return True
        time.sleep(0.5)
    return False


def start_serve(root: Path, port: int, log: Path) -> subprocess.Popen:
    """`edupartners serve`, its log (MkDocs' and ours) written to `log`."""
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "edupartners.cli", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


def small_project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", with_records=False)
    shutil.copytree(REPO / CASE, root / CASE)
    shutil.copytree(REPO / TOOL, root / TOOL)
    return root


def without_livereload(page: str) -> str:
    """The served page without the live-reload call, whose numbers name the server's current rebuild."""
    return re.sub(r"livereload\(\d+, \d+\);", "", page)


def test_serve_shows_a_new_page_through_the_whole_rebuild(tmp_path):
    """A file MkDocs does not know yet (a new page) takes MkDocs' whole rebuild, and so does mkdocs.yml, even when a
    narrative (which alone would take the quick path) is saved with it."""
    root, port, log = small_project(tmp_path), free_port(), tmp_path / "serve.log"
    server = start_serve(root, port, log)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/archive/en/about/", "</html>", 120), "the site was never served"
        (root / "docs" / "joining.en.md").write_text("# Joining\n\nA page written while serving.\n", "utf-8")
        url = f"http://127.0.0.1:{port}/archive/en/joining/"
        assert wait_for(url, "A page written while serving.", 120), "the new page was never served"
        assert log.read_text("utf-8").count("Building documentation") == 2
        config, narrative = root / "mkdocs.yml", root / CASE / "th.md"  # together: mkdocs.yml must not go unseen
        config.write_text(config.read_text("utf-8").replace("An archive of school", "An edited archive of school"))
        narrative.write_text(narrative.read_text("utf-8") + "\nประโยคที่เขียนพร้อมกับ mkdocs.yml\n", "utf-8")
        assert wait_for(url, "An edited archive of school", 120), "the mkdocs.yml edit never reached the page"
    finally:
        stop(server)
    text = log.read_text("utf-8")
    assert text.count("Building documentation") == 3 and "Rendered again alone" not in text


def test_edits_are_rendered_alone_as_a_whole_build_renders_them(tmp_path):
    """The quick path (preview.py) renders only what an edit changes, byte for byte as a fresh whole build renders
    it: narratives and a hand-written page (an editor's temporary file that comes and goes does not stop it), then
    a case.yaml (its pages and the lists that name it). A narrative with a problem takes the whole rebuild, which
    reports the problem."""
    root, port, log = small_project(tmp_path), free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}/archive/"
    edits = {
        base + "cases/eef-equity-partnership/": (root / CASE / "th.md", "\nประโยคที่เพิ่มระหว่างแสดงตัวอย่าง\n"),
        base + "en/cases/eef-equity-partnership/": (root / CASE / "en.md", "\nA sentence added while serving.\n"),
        base + "about/": (root / "docs" / "about.th.md", "\nประโยคในหน้าเกี่ยวกับโครงการ\n"),
    }
    listing = base + "en/cases/"
    server = start_serve(root, port, log)
    try:
        assert wait_for(base + "en/about/", "</html>", 120), "the site was never served"
        other = without_livereload(fetch(base + "en/about/"))
        temporary = root / CASE / ".th.md.swp"
        temporary.write_text("an editor's swap file", "utf-8")
        for path, added in edits.values():
            path.write_text(path.read_text("utf-8") + added, "utf-8")
        temporary.unlink()
        for url, (_, added) in edits.items():
            assert wait_for(url, added.strip(), 60), f"the edit never reached {url}"
        assert without_livereload(fetch(base + "en/about/")) == other  # not edited: not rendered again

        facts = root / CASE / "case.yaml"
        facts.write_text(facts.read_text("utf-8").replace("en: International and provincial", "en: Edited"), "utf-8")
        assert wait_for(listing, "Edited school students", 60), "the case.yaml edit never reached the cases index"
        text = log.read_text("utf-8")
        assert text.count("Building documentation") == 1 and text.count("Rendered again alone") >= 2
        quick = {url: without_livereload(fetch(url)) for url in [*edits, listing]}

        narrative = root / CASE / "en.md"
        narrative.write_text(narrative.read_text("utf-8") + "\nSee [@no-such-source].\n", "utf-8")
        deadline = time.monotonic() + 60
        while "no-such-source" not in log.read_text("utf-8") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "citation [@no-such-source] names no source" in log.read_text("utf-8")
        assert log.read_text("utf-8").count("Building documentation") == 2
    finally:
        stop(server)
    narrative.write_text(narrative.read_text("utf-8").replace("\nSee [@no-such-source].\n", ""), "utf-8")
    server = start_serve(root, port, log)
    try:
        assert wait_for(base + "en/about/", "</html>", 120), "the site was never served again"
        assert {url: without_livereload(fetch(url)) for url in quick} == quick
    finally:
        stop(server)


def staged(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != pipeline.STAMP
    }


def full_build(project: Path, site: Path) -> dict[str, bytes]:
    folder = staging.staging_dir(project, site)
    pipeline.build_docs(project, folder, repo_url="https://example.org/r")
    return staged(folder)


def full_preview(project: Path, site: Path) -> dict[str, bytes]:
    """What a full build stages, but the link-preview pictures (a preview makes none)."""
    return {path: data for path, data in full_build(project, site).items() if not path.startswith(cite.IMAGE_DIR + "/")}


def test_an_edit_under_serve_stages_what_a_full_build_stages(project, tmp_path):
    """The serve loop keeps one StagedDocs (as the plugin does) and validates incrementally; after each edit its
    staged pages equal a fresh full build's, and a problem an edit causes elsewhere (a vocabulary entry a case uses)
    is reported as a full validation reports it."""
    folder = staging.staging_dir(project, tmp_path / "serve")
    docs = pipeline.StagedDocs(project, folder)
    assert docs.build("https://example.org/r")
    tool = docs.cache.records[project / TOOL][1]

    narrative = project / CASE / "th.md"
    narrative.write_text(narrative.read_text("utf-8") + "\nประโยคที่เพิ่มระหว่างแก้ไข\n", "utf-8")
    assert "cases/eef-equity-partnership.th.md" in docs.build("https://example.org/r")
    assert docs.cache.records[project / TOOL][1] is tool  # unchanged: not read again
    assert docs.rendered == {"cases/eef-equity-partnership.th.md", "cases/eef-equity-partnership.en.md"}
    assert "ประโยคที่เพิ่มระหว่างแก้ไข" in (folder / "cases" / "eef-equity-partnership.th.md").read_text("utf-8")
    assert staged(folder) == full_build(project, tmp_path / "full-1")

    yaml_path = project / CASE / "case.yaml"
    yaml_path.write_text(
        yaml_path.read_text("utf-8").replace("en: International and provincial", "en: Edited"), "utf-8"
    )
    docs.build("https://example.org/r")
    assert len(docs.rendered) > 2  # facts changed: every page is rendered again
    assert staged(folder) == full_build(project, tmp_path / "full-2")

    vocab = project / "vocab" / "organisations.yaml"
    original = vocab.read_text("utf-8")
    vocab.write_text(original.replace("- id: jd-central\n", "- id: jd-central-renamed\n"), "utf-8")
    with pytest.raises(pipeline.ArchiveInvalid) as caught:
        docs.build("https://example.org/r")
    full_report = pipeline.validate(project)[1]
    assert "jd-central" in caught.value.report.format()
    assert caught.value.report.format() == full_report.format()

    vocab.write_text(original, "utf-8")
    docs.build("https://example.org/r")
    assert staged(folder) == full_build(project, tmp_path / "full-3")


@pytest.mark.parametrize("written, meant", [(True, "on"), (False, "off"), ("auto", "auto"), ("on", "on")])
def test_the_search_option_reads_yaml_on_and_off_as_words(written, meant):
    config = mkdocs_plugin.PluginConfig()
    config.load_dict({"search": written})
    errors, _ = config.validate()
    assert errors == [] and config.search == meant


def test_a_wrong_option_is_refused():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    mkdocs_plugin.configure(config, search="off")
    assert config.plugins[mkdocs_plugin.NAME].config.search == "off"
    with pytest.raises(ConfigurationError):
        mkdocs_plugin.configure(config, search="sometimes")


def test_a_schema_edit_under_serve_is_checked_with_the_new_schema(project, tmp_path):
    """The serve loop keeps validators and remembers valid documents; a schema edit must reach them all."""
    docs = pipeline.StagedDocs(project, staging.staging_dir(project, tmp_path / "serve"))
    docs.build("https://example.org/r")
    schema = project / "schema" / "case.schema.json"
    text = schema.read_text("utf-8")
    assert '"enum": [\n        "programme",\n        "school"' in text
    schema.write_text(text.replace('"enum": [\n        "programme",\n', '"enum": [\n', 1))  # this case's level
    with pytest.raises(pipeline.ArchiveInvalid) as caught:
        docs.build("https://example.org/r")
    assert "[level]" in caught.value.report.format()


def test_the_quick_path_stages_narratives_and_pages_alone_and_refuses_the_rest(project, tmp_path):
    """StagedDocs.edit (preview.py's first step) stages narratives of known records and known pages of docs/ alone,
    other sources through the whole generation while the staged files stay the same ones; what it stages equals a
    full build's. Files beyond the sources, a staged file added or removed, a link on the way or a problem are left
    to MkDocs' whole rebuild."""
    folder = staging.staging_dir(project, tmp_path / "serve")
    assert pipeline.StagedDocs(project, folder).edit([project / CASE / "th.md"]) is None  # not a preview
    docs = pipeline.StagedDocs(project, folder, preview=True)
    assert docs.edit([project / CASE / "th.md"]) is None  # nothing built yet
    pipeline.StagedDocs(project, folder).build("https://example.org/r")  # a killed server left its folder and stamp
    docs.build("https://example.org/r")

    narrative, page = project / CASE / "th.md", project / "docs" / "about.en.md"
    narrative.write_text(narrative.read_text("utf-8") + "\nประโยคที่เพิ่มทีละหน้า\n", "utf-8")
    page.write_text(page.read_text("utf-8") + "\nA sentence added alone.\n", "utf-8")
    gone = project / CASE / "4913"  # an editor's probe: written and removed before the rebuild
    assert sorted(docs.edit([narrative, page, gone])) == ["about.en.md", "cases/eef-equity-partnership.th.md"]
    assert docs.edit([narrative]) == []  # staged already: nothing written again
    assert staged(folder) == full_preview(project, tmp_path / "full")

    new_page = project / "docs" / "new-page.md"
    new_page.write_text("# A new page\n", "utf-8")
    for path in (
        new_page,  # not staged before: MkDocs' files and navigation do not know it
        project / "docs" / "assets" / "stylesheets" / "edupartners.css",  # theme.finish_site makes the stylesheet
        project / "mkdocs.yml",
        project / "overrides" / "main.html",
    ):
        assert docs.edit([narrative, path]) is None, path
    new_page.unlink()

    facts = project / CASE / "case.yaml"
    text = facts.read_text("utf-8")
    facts.write_text(text.replace("en: International and provincial", "en: Edited facts of"), "utf-8")
    assert docs.edit([facts]) == ["cases/eef-equity-partnership.en.md"]  # its own page first
    assert "data/cases.json" in docs.rest() and docs.rest() == []  # then the rest, once
    assert staged(folder) == full_preview(project, tmp_path / "facts")
    assert docs.edit([project / "vocab" / "themes.yaml"]) == []  # generation finds nothing changed
    facts.write_text(text.replace("provinces: [TH-84]", "provinces: [TH-50]"), "utf-8")
    assert docs.edit([facts]) is None  # a province page comes, another goes: MkDocs' files change

    narrative.write_text(narrative.read_text("utf-8") + "\nดู [@no-such-source]\n", "utf-8")
    assert docs.edit([narrative]) is None  # the whole build reports the problem
    with pytest.raises(pipeline.ArchiveInvalid):
        docs.build("https://example.org/r")

    outside = tmp_path / "outside.md"
    outside.write_text("ข้อความจากนอกโครงการ\n", "utf-8")
    narrative.unlink()
    narrative.symlink_to(outside)
    assert docs.edit([narrative]) is None


def test_facts_edits_take_the_quick_path_and_stage_what_a_full_build_stages(full_project, tmp_path, monkeypatch):
    """An edit of a case.yaml that keeps the staged files the same ones is staged without `build` (no walk over
    the sources, no generation from nothing): every view, related list and file is taken from `serve`'s memo unless
    it reads what the edit changed (memo.py). After a title (shown in other cases' related lists and paths, in lists
    and downloads), a programme (the path through two programmes) and themes (the reasons of related cases), what
    is staged equals a full build's, each time."""
    project, folder = full_project, staging.staging_dir(full_project, tmp_path / "serve")
    docs = pipeline.StagedDocs(project, folder, preview=True)
    docs.build("https://example.org/r")
    monkeypatch.setattr(docs, "build", lambda *a: pytest.fail("an edit of facts took the whole generation"))

    def edit(slug: str, old: str, new: str) -> list[str]:
        path = project / "cases" / slug / "case.yaml"
        text = path.read_text("utf-8")
        assert old in text, slug
        path.write_text(text.replace(old, new, 1), "utf-8")
        own = docs.edit([path])
        assert own is not None and f"cases/{slug}.en.md" in own, slug
        rest = docs.rest()  # the other files, unless the case's lists change: then `edit` staged them all
        assert rest == [] or all(p.startswith(f"cases/{slug}.") for p in own), slug
        return own + rest

    rayong = "rayong-education-sandbox"
    changed = edit(rayong, "en: 'Rayong education sandbox:", "en: 'Rayong, edited:")
    assert "cases/satun-education-sandbox.en.md" in changed  # its related cases or path name Rayong
    assert "data/cases.json" in changed and "cases/satun-education-sandbox.th.md" not in changed
    edit("satun-education-sandbox", "programme: education-sandbox", "programme: eef-area-based-education")
    assert staged(folder) == full_preview(project, tmp_path / "full-1")

    edit(rayong, "themes:\n", "themes:\n- careers\n")
    edit("buriram-education-sandbox", "en: 'Buriram, the 20th", "en: 'Buriram, the twentieth")
    assert staged(folder) == full_preview(project, tmp_path / "full-2")


def test_when_the_lists_would_change_after_the_case_was_shown_the_whole_rebuild_follows(project, tmp_path, monkeypatch):
    """Should generate.placement ever miss a list page that comes or goes, `rest` finds that the files are not the
    staged ones: it writes nothing, and every edit takes the whole rebuild until it has run, which stages what a full
    build stages."""
    folder = staging.staging_dir(project, tmp_path / "serve")
    docs = pipeline.StagedDocs(project, folder, preview=True)
    docs.build("https://example.org/r")
    monkeypatch.setattr(generate, "placement", lambda archive, case: ())  # blind to the province page
    facts = project / CASE / "case.yaml"
    facts.write_text(facts.read_text("utf-8").replace("provinces: [TH-84]", "provinces: [TH-50]"), "utf-8")
    assert sorted(docs.edit([facts])) == ["cases/eef-equity-partnership.en.md", "cases/eef-equity-partnership.th.md"]
    shown = staged(folder)
    assert docs.rest() is None and staged(folder) == shown
    narrative = project / CASE / "th.md"
    narrative.write_text(narrative.read_text("utf-8") + "\nประโยคใหม่\n", "utf-8")
    assert docs.edit([narrative]) is None
    docs.build("https://example.org/r")
    assert staged(folder) == full_preview(project, tmp_path / "full")


def test_a_case_keeping_its_place_in_the_lists_keeps_the_same_generated_files(monkeypatch):
    """generate.placement is what lets `edit` show a facts edit before the lists are staged: while a case's placement
    stays the same, the same files are generated. Each field of three real cases is given other cases' values (or
    taken away), and every such change is checked, with one item per page so that any change of a list's length
    changes its pages."""
    from edupartners.views import context, listings, paging

    monkeypatch.setattr(paging, "PER_PAGE", 1)
    monkeypatch.setattr(listings, "TIMELINE_PER_PAGE", 1)

    def with_data(case, data: dict):  # the case as a new case.yaml gives it
        return dataclasses.replace(case, loaded=dataclasses.replace(case.loaded, data=data))

    archive, report = real_archive()
    assert report.ok
    waiting = with_data(archive.cases[1], {**archive.cases[1].data, "translation_pending": ["en"]})  # none is:
    archive = dataclasses.replace(
        archive, cases=[archive.cases[0], waiting, *archive.cases[2:]]
    )  # one more adds a page
    site, memo = generate.Site("https://example.org/r"), context.Rendered()  # the memo: only changes rendered

    def names(cases: list) -> set[str]:  # the lists' pages (the others are named by slugs and files)
        edited = dataclasses.replace(archive, cases=cases)
        return {path for path, _ in generate.pages(edited, site, generate.LISTS, files=False, rendered=memo)}

    required = set.intersection(*(set(c.data) for c in archive.cases))  # never taken away
    before, kept, moved = names(archive.cases), 0, 0
    for at in (0, len(archive.cases) // 2, len(archive.cases) - 1):
        case, tried = archive.cases[at], Counter()
        for other in (c.data for c in archive.cases):
            for key in sorted(set(other) | set(case.data)):
                if key in ("slug", "media", "moved_from") or other.get(key) == case.data.get(key) or tried[key] > 1:
                    continue  # not a facts edit `edit` takes (pipeline._same_files), no change, or tried enough
                if key not in other and key in required:
                    continue
                tried[key] += 1
                data = {k: v for k, v in case.data.items() if k != key}
                data.update({key: other[key]} if key in other else {})
                ids = {source["id"] for source in case.data["sources"]}  # what the other's value may cite
                data["sources"] = case.data["sources"] + [s for s in other["sources"] if s["id"] not in ids]
                edited = with_data(case, data)
                same = generate.placement(archive, edited) == generate.placement(archive, case)
                kept, moved = kept + same, moved + (not same)
                if same:
                    cases = archive.cases[:at] + [edited] + archive.cases[at + 1 :]
                    assert names(cases) == before, (case.slug, key)
    assert kept > 20 and moved > 20  # both kinds of edit were tried


def test_serve_renders_again_only_the_pages_whose_values_changed(project, tmp_path, monkeypatch):
    """The preview's generation keeps what each page was rendered from (views.context.Rendered): a page
    given the same values is not rendered again, a staged page gone missing is rendered again, and what is staged
    always equals a full build's."""
    import jinja2
    from edupartners.views import context

    renders = []
    render = jinja2.Template.render
    monkeypatch.setattr(
        jinja2.Template, "render", lambda self, *a, **k: renders.append(self.name) or render(self, *a, **k)
    )
    folder = staging.staging_dir(project, tmp_path / "serve")
    docs = pipeline.StagedDocs(project, folder, preview=True)
    docs.build("https://example.org/r")
    pages = len(renders)
    assert pages > 10

    def same_as_a_full_build(name: str) -> bool:
        return staged(folder) == full_preview(project, tmp_path / name)

    themes = project / "vocab" / "themes.yaml"
    themes.write_text(themes.read_text("utf-8"), "utf-8")  # a save without a change: every page's values are the same
    os.utime(themes, ns=(time.time_ns(), time.time_ns() + 10**9))
    renders.clear()
    assert docs.edit([themes]) == [] and renders == []

    facts = project / CASE / "case.yaml"
    facts.write_text(facts.read_text("utf-8").replace("en: International and provincial", "en: Edited"), "utf-8")
    renders.clear()
    changed = docs.edit([facts]) + docs.rest()
    assert "cases/eef-equity-partnership.en.md" in changed and 0 < len(renders) < pages
    assert same_as_a_full_build("after-facts")

    (folder / "cases" / "eef-equity-partnership.th.md").unlink()  # behind the preview's back
    os.utime(themes, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
    renders.clear()
    assert docs.build("https://example.org/r") and len(renders) >= pages  # the missing page: everything again
    assert same_as_a_full_build("after-missing")

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md.j2").write_text("one", "utf-8")
    monkeypatch.setattr(context, "TEMPLATES", templates)
    memo = context.Rendered()
    memo.start()
    memo.pages["x.th.md"] = ("page.md.j2", {})
    memo.start()
    assert memo.pages  # no template changed
    (templates / "page.md.j2").write_text("two!", "utf-8")
    memo.start()
    assert memo.pages == {}  # a template changed: every page is rendered again


def test_the_edited_pages_are_shown_first_and_the_pages_naming_them_follow(full_project, tmp_path, monkeypatch):
    """preview.Preview renders an edit's own pages (here the edited case's page) before the browser reloads, and the
    other pages the edit changed (lists and related cases naming the new title, the downloads) after, on a thread
    of their own that the next rebuild waits for; every staged change is rendered exactly once."""
    project, folder = full_project, staging.staging_dir(full_project, tmp_path / "serve")
    docs = pipeline.StagedDocs(project, folder, preview=True)
    docs.build("https://example.org/r")
    rendered, release, main = [], threading.Event(), threading.current_thread()

    def render(language, view, page):
        if threading.current_thread() is not main:
            release.wait(30)  # the test looks at what was shown before the reload, then lets the rest go
        rendered.append(page)

    def static(rel: str) -> SimpleNamespace:
        return SimpleNamespace(
            abs_src_path=str(folder / rel),
            page=rel if rel.endswith(".md") else None,
            is_documentation_page=lambda: rel.endswith(".md"),
            copy_file=lambda: rendered.append(rel),
        )

    edits, edit, rest = [], docs.edit, docs.rest
    monkeypatch.setattr(docs, "edit", lambda paths: edits.append(edit(paths)) or edits[-1])
    monkeypatch.setattr(docs, "rest", lambda: edits.append(rest()) or edits[-1])
    shown = preview.Preview()
    shown.views = {None: SimpleNamespace(files=[static(rel) for rel in staged(folder)])}
    monkeypatch.setattr(preview.Preview, "_render", staticmethod(render))
    path = project / "cases" / "rayong-education-sandbox" / "case.yaml"
    path.write_text(path.read_text("utf-8").replace("en: 'Rayong education sandbox:", "en: 'Rayong, edited:"))
    shown.changes.on_any_event(FileModifiedEvent(str(path)))
    shown.rebuild(docs, lambda: pytest.fail("the edit took the whole rebuild"), str(tmp_path / "site"))

    assert rendered == ["cases/rayong-education-sandbox.en.md"]  # what the browser reloads to
    release.set()
    shown.finish()
    assert shown._rest is None
    assert {"cases/index.en.md", "cases/satun-education-sandbox.en.md", "data/cases.json"} <= set(rendered)
    assert sorted(rendered) == sorted(edits[0] + edits[1])  # every staged change, each once
