"""Hostile contributions (tests/hostile.yaml) in every place a stranger can write, built into the real site and read
in Chromium: no script runs, no event handler or dangerous URL reaches the DOM, nothing loads from another host,
the Content-Security-Policy is never violated, and text from YAML fields shows exactly as it was written."""

from __future__ import annotations

import functools
import io
import re
import threading
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from conftest import _QuietHandler, _QuietServer, cli, copy_project
from edupartners import intake, narrative, pipeline, sanitize
from test_intake import complete_values, render_body

PAYLOADS: list[str] = yaml.safe_load((Path(__file__).with_name("hostile.yaml")).read_text("utf-8"))["payloads"]
CASE = "cases/eef-equity-partnership"
WORD = "quetzalhostile"  # appears only on the hostile pages
TITLE = f"{WORD} {PAYLOADS[1]}"
BAD_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "style", "link", "meta", "input", "textarea"}
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}


def active(html: str) -> list[str]:
    """Active markup in rendered HTML, as a browser would parse it (checked on pages, and on narratives before
    sanitising): dangerous elements, event handlers, script URLs, anything loaded from another host."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in BAD_TAGS:
                found.append(f"<{tag}>")
            for name, value in attrs:
                value = re.sub(r"[\t\n\r]", "", (value or "").strip(_C0_AND_SPACE)).lower()  # as URL parsers do
                if name.startswith("on") or name in ("srcdoc", "style"):
                    found.append(f"{tag} {name}=")
                if name in URL_ATTRIBUTES and (
                    re.match(r"(javascript|vbscript|data):", value) or (tag != "a" and re.match(r"(https?:)?//", value))
                ):
                    found.append(f"{tag} {name}={value}")

    Parser(convert_charrefs=True).feed(html)
    return found


def _localized(value: str) -> dict:
    return {"th": value, "en": value}


def _hostile_project(root: Path) -> list[str]:
    """Put every payload into the YAML text fields of one case and of a vocabulary, and into a Markdown page;
    return the slugs that `from-issue` created from hostile issue bodies."""
    path = root / CASE / "case.yaml"
    text = path.read_text("utf-8")
    modeline, data = text.split("\n", 1)[0], yaml.safe_load(text)
    data["title"] = _localized(TITLE)
    data["summary"] = _localized(f"{WORD} {PAYLOADS[0]}")
    data["gaps"] = [_localized(p) for p in PAYLOADS]
    for i, figure in enumerate(data.get("figures", [])):
        figure["label"] = _localized(PAYLOADS[i % len(PAYLOADS)])
    for i, milestone in enumerate(data.get("milestones", [])):
        milestone["label"] = _localized(PAYLOADS[-1 - i % len(PAYLOADS)])
    data["sources"][0]["title"] = PAYLOADS[2]
    data["sources"][0]["publisher"] = PAYLOADS[7]
    path.write_text(modeline + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    themes = root / "vocab" / "themes.yaml"
    vocab = yaml.safe_load(themes.read_text("utf-8"))
    theme = data["themes"][0]
    for entry in vocab:
        if entry["id"] == theme:
            entry["name"] = _localized(f"{WORD} {PAYLOADS[6]}")
    themes.write_text(
        themes.read_text("utf-8").split("\n", 1)[0] + "\n" + yaml.safe_dump(vocab, allow_unicode=True, sort_keys=False),
        "utf-8",
    )

    page = "".join(f"{p}\n\n## {p.splitlines()[0]}\n\n" for p in PAYLOADS)
    for lang in ("th", "en"):
        (root / "docs" / f"hostile.{lang}.md").write_text(f"# {WORD}\n\n{page}", "utf-8")

    created = []
    for i, payload in enumerate(PAYLOADS):
        body = root.parent / f"body-{i}.md"
        body.write_text(
            render_body(
                complete_values() | {"title_en": f"{WORD} {payload}", "narrative_en": f"## {WORD}\n\n{payload} [1]"}
            ),
            "utf-8",
        )
        with redirect_stdout(io.StringIO()):
            status = intake.run(root, body, slug=f"hostile-{i}")
        if status == 0:
            created.append(f"hostile-{i}")
    return created


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    root = copy_project(tmp / "project")
    created = _hostile_project(root)
    site = tmp / "site"
    result = cli("--root", str(root), "build", "--site-dir", str(site), "--no-offline")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"root": root, "site": site, "url": f"http://127.0.0.1:{server.server_address[1]}", "created": created}
    server.shutdown()


# ------------------------------------------------------------------------------------------------ without a browser


def test_validation_reports_every_active_payload_in_a_narrative():
    """Validation explains: a narrative whose Markdown renders to active markup is reported, with a line."""
    import markdown

    count = 0
    for payload in PAYLOADS:
        rendered = markdown.Markdown(
            extensions=list(narrative.MARKDOWN_EXTENSIONS), extension_configs=narrative.MARKDOWN_EXTENSIONS
        ).convert(payload)
        if active(rendered):
            count += 1
            assert list(narrative.unsafe(payload)), (payload, rendered)
        assert not active(sanitize.clean(rendered)), payload
    assert count >= len(PAYLOADS) // 3  # the corpus keeps enough payloads that really are active


def test_the_sanitiser_keeps_ordinary_content_intact():
    ordinary = (
        '<h2 id="why">Why</h2><p>A <a href="../cases/x/">case</a>, <a href="https://example.org/a?b=1#c">'
        'a source</a>, <a href="mailto:team@example.org">mail</a>, <strong>bold</strong>, <code>x</code>.</p>'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
        '<img src="../media/x.jpg" alt="A class">'
    )
    assert sanitize.clean(ordinary) == ordinary


def test_hostile_yaml_fields_validate_and_hostile_issue_bodies_do_not_slip_through(hostile):
    archive, report = pipeline.validate(hostile["root"])
    assert report.ok, report.format()
    for slug in hostile["created"]:  # what from-issue accepted carries nothing the sanitiser would remove
        folder = hostile["root"] / "cases" / slug
        for lang in ("th", "en"):
            assert not list(narrative.unsafe((folder / f"{lang}.md").read_text("utf-8"))), slug


def test_no_built_page_carries_active_markup(hostile):
    """A static look at every built page: what the browser test checks in the DOM, checked in the HTML too."""
    found = []
    for page in hostile["site"].rglob("*.html"):
        html = page.read_text("utf-8")
        content = html[html.find("<article") : html.find("</article>")]
        found += [f"{page.relative_to(hostile['site'])}: {a}" for a in active(content)]
    assert not found, found[:20]


def test_exports_are_safe_for_spreadsheets_and_parsers(hostile):
    import csv
    import json

    rows = list(csv.reader(io.StringIO((hostile["site"] / "data" / "cases.csv").read_text("utf-8"))))
    assert all(not cell or cell[0] not in "=+-@\t\r" for row in rows[1:] for cell in row)
    json.loads((hostile["site"] / "data" / "cases.json").read_text("utf-8"))  # strict JSON: no NaN or Infinity
    from xml.etree import ElementTree

    ElementTree.parse(hostile["site"] / "data" / "feed-en.xml")


# ------------------------------------------------------------------------------------------------ in Chromium

DOM_CHECK = """() => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/^[\\u0000-\\u0020]+|[\\u0000-\\u0020]+$/g, "").replace(/[\\t\\n\\r]/g, "").toLowerCase();
      if (name.startsWith("on")) bad.push(el.tagName + " " + name);
      if (name === "srcdoc") bad.push(el.tagName + " srcdoc");
      if (urlAttrs.includes(name) && /^(javascript|vbscript|data):/.test(value)) bad.push(el.tagName + " " + name + "=" + value);
    }
  }
  for (const sel of ["iframe", "object", "embed", "frame", "base", "meta[http-equiv]:not([http-equiv='Content-Security-Policy'])",
                     "form[action]", "article script", "article style", "article link", "article meta",
                     "article input", "article [style]", "body > div.md-dialog--active"]) {
    for (const el of document.querySelectorAll(sel)) bad.push("element: " + sel);
  }
  return bad;
}"""


def _visit(browser, url: str, action=None) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    dialogs, foreign = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url) if not r.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]) else None
        ),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    if action:
        action(page)
    page.wait_for_timeout(300)
    out = {
        "dialogs": dialogs,
        "foreign": foreign,
        "dom": page.evaluate(DOM_CHECK),
        "csp": page.evaluate("window.__csp"),
        "h1": page.locator("h1").first.text_content(),
    }
    context.close()
    return out


PAGES = [
    "cases/eef-equity-partnership/",
    "en/cases/eef-equity-partnership/",
    "hostile/",
    "en/hostile/",
    "cases/",
    "en/tools/",
    "browse/",
    "en/browse/timeline/",
]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_hostile_pages_run_nothing_and_load_nothing_from_outside(browser, hostile, path):
    seen = _visit(browser, f"{hostile['url']}/{path}")
    assert seen["dialogs"] == [], seen["dialogs"]
    assert seen["dom"] == [], seen["dom"]
    assert seen["foreign"] == [], seen["foreign"]
    assert seen["csp"] == [], seen["csp"]


@pytest.mark.browser
def test_yaml_text_shows_exactly_as_written(browser, hostile):
    seen = _visit(browser, f"{hostile['url']}/en/cases/eef-equity-partnership/")
    assert " ".join(seen["h1"].removesuffix("¶").split()) == " ".join(TITLE.split())


@pytest.mark.browser
@pytest.mark.parametrize("path", ["cases/eef-equity-partnership/", "en/hostile/"])
def test_search_results_for_hostile_pages_are_text(browser, hostile, path):
    def search(page):
        page.keyboard.press("/")
        page.keyboard.type(WORD)
        page.wait_for_selector(".md-search-result__item", timeout=20_000)

    seen = _visit(browser, f"{hostile['url']}/{path}", search)
    assert seen["dialogs"] == [] and seen["dom"] == [] and seen["foreign"] == [] and seen["csp"] == [], seen


def test_validation_renders_narratives_with_the_site_s_markdown_extensions():
    """narrative.MARKDOWN_EXTENSIONS must equal mkdocs.yml's, or validation would judge other HTML than the site's."""
    from conftest import REPO
    from edupartners import pipeline

    configured = {}
    for item in pipeline.mkdocs_setting(REPO, "markdown_extensions"):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        configured[name] = options or {}
    assert configured == narrative.MARKDOWN_EXTENSIONS


@pytest.mark.parametrize("value", PAYLOADS + ["the project's schools", "A & B", "5 < 6 > 4", 'say "hi"', "100% #1"])
def test_yaml_text_escapes_to_exactly_what_was_written(value):
    """Escaped once: a browser decoding the entities gets the text back, character for character."""
    import html

    assert html.unescape(str(sanitize.text(value))) == " ".join(value.split())
