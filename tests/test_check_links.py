"""The offline link checker (.github/scripts/check_links.py) refuses javascript:, data: and vbscript: URLs in the
built HTML however they are spelt, reading each value as a browser does: entities decoded, whitespace and control
characters dropped, any letter case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_workflows import _link_checker as _checker
from test_workflows import _site

CHECKER = REPO / ".github/scripts/check_links.py"

# (attribute markup as it would appear in a built page, scheme the checker must name)
UNSAFE = [
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "javascript:"),
    ('<a href="java&Tab;scr&#x0A;ipt&colon;alert(1)">x</a>', "javascript:"),
    ('<a href="   javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="&#x20;&#1;&#x0D;javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "javascript:"),
    ('<a href="&#x6A;&#x61;vascript:alert(1)">x</a>', "javascript:"),
    ("<a href='\njavascript:alert(1)'>x</a>", "javascript:"),
    ('<A HREF="VBScript:msgbox(1)">x</A>', "vbscript:"),
    ('<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>', "data:"),
    ('<img src=" DATA:image/svg+xml,<svg onload=alert(1)>" alt="">', "data:"),
    ('<img srcset="ok.png 1x, data:image/png;base64,AAAA 2x" alt="">', "data:"),
    ('<form action="javascript:alert(1)"><button>go</button></form>', "javascript:"),
    ('<form><button formaction="jAvAsCrIpT:alert(1)">go</button></form>', "javascript:"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
    ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
    ('<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>', "javascript:"),
    ('<object data="data:text/html,<script>alert(1)</script>"></object>', "data:"),
    ('<meta http-equiv="Refresh" content="0; URL=javascript:alert(1)">', "javascript:"),
]


def _run(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECKER), str(site), "--base-path", "/"], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("markup, scheme", UNSAFE, ids=[m for m, _ in UNSAFE])
def test_each_spelling_is_reported(tmp_path, markup, scheme):
    site = _site(tmp_path, {"index.html": '<h1 id="top">ok</h1>', "cases/bad/index.html": markup})
    problems = _checker().check_site(site, "/")
    assert len(problems) == 1, problems
    assert problems[0].startswith("cases/bad/index.html:1: unsafe URL scheme " + scheme), problems


def test_the_command_fails_naming_every_file(tmp_path):
    pages = {f"p{i}/index.html": markup for i, (markup, _) in enumerate(UNSAFE)}
    site = _site(tmp_path / "site", {"index.html": '<a href="p0/">p0</a>', **pages})
    result = _run(site)
    assert result.returncode == 1, result.stdout + result.stderr
    for rel in pages:
        assert f"{rel}:1: unsafe URL scheme" in result.stdout, rel
    assert f"0 broken internal link(s) and {len(UNSAFE)} unsafe URL(s)" in result.stdout


def test_a_clean_site_passes(tmp_path):
    """Ordinary links, including ones that merely mention the words, are not unsafe."""
    site = _site(
        tmp_path / "site",
        {
            "index.html": '<a href="cases/">cases</a> <a href="https://example.org/javascript:x">ext</a>'
            '<a href="mailto:a@b.c">m</a> <a href="tel:+6621234567">t</a> <a href="#top">top</a>'
            '<h1 id="top" data-href="javascript:x">x</h1> <img src="pic.png" srcset="pic.png 1x, pic.png 2x"'
            ' alt="data: a diagram"> <a href="./javascript/notes.html">notes</a>'
            '<meta http-equiv="refresh" content="5; url=cases/"> <meta name="description" content="data:">'
            '<form action="cases/"><button formaction="cases/">go</button></form>',
            "cases/index.html": '<a href="../index.html#top">home</a>',
            "javascript/notes.html": "<p>javascript: is refused by the checker</p>",
        },
    )
    (site / "pic.png").write_bytes(b"")
    result = _run(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken internal link(s) and 0 unsafe URL(s)" in result.stdout


def test_an_empty_folder_passes(tmp_path):
    assert _run(tmp_path).returncode == 0
