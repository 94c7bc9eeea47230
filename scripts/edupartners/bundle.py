"""The offline copy: the built site rewritten for the file system (plain file links, no directory URLs, search
switched off with a message), zipped for download.

It is derived from the main build instead of a second MkDocs run (issue 17: that run was a fifth of the build):
every page `x/index.html` whose source is `x.md` moves to `x.html`, as MkDocs writes it with
`use_directory_urls: false`, and every relative address in every page (links, pictures, scripts, the theme's base
address) is resolved against the page's old place and written again from its new one. Absolute addresses (the
canonical link, link previews) keep pointing at the online site.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import theme
from .archive import LANGUAGES
from .ui import UI

BUNDLE_NAME = "education-partners-offline.zip"
FIXED_DATE = (2000, 1, 1, 0, 0, 0)  # zip entries carry no build time
LEFT_OUT = ("search", "downloads")  # the search index needs a web server; the zip does not hold itself
ZIP_LEVEL = 6  # level 9 took twice as long for a zip 1 % smaller
LANGS = LANGUAGES  # the first is the default language at /, the others under /<lang>/

_ATTR = re.compile(r"""(?<![\w:-])(href|src|poster|action|data-[\w-]+)=(["'])(.*?)\2""", re.S)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_STYLE = re.compile(r"<style(?P<attrs>[^>]*)>(?P<body>.*?)</style>", re.S | re.I)  # the first-paint CSS (theme.py)
_SCOPE = re.compile(r'(__md_scope=new URL\(")([^"]*)(",location\))')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_CONFIG_PATHS = re.compile(r'("(?:base|search)": ")([^"]*)(")')
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_BANNER = '<div class="md-banner__inner md-grid md-typeset">'
_LANG = re.compile(r'<html lang="([a-z]+)"')
_LEFT_OUT_LINKS = tuple(f"{up}{folder}/" for up in ("", "../", "../../", "../../../") for folder in LEFT_OUT)


def sources(docs_dir: Path) -> frozenset[str]:
    """The Markdown files of a staging folder ("cases/x.th.md"), read before MkDocs runs (it removes the folder)."""
    return frozenset(p.relative_to(docs_dir).as_posix() for p in Path(docs_dir).rglob("*.md") if not p.is_symlink())


def build_offline_zip(site: Path, markdown: frozenset[str], dest: Path, site_url: str) -> Path:
    """Derive the offline copy from the built site (`markdown`: its pages' sources, see `sources`) and zip it to
    dest/BUNDLE_NAME, byte for byte the same for the same site."""
    files = dict(_site_files(site))
    layout = Layout(set(files), _folders(files), page_moves(files, markdown))
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / BUNDLE_NAME
    tmp = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for rel, path in sorted(files.items()):
            data = path.read_bytes()
            new = layout.moves.get(rel, rel)
            if rel.endswith(".html"):
                data = offline_page(data.decode("utf-8"), rel, layout, site_url).encode("utf-8")
            info = zipfile.ZipInfo(f"education-partners/{new}", FIXED_DATE)  # fixed date and mode
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED, ZIP_LEVEL)
    tmp.replace(target)
    return target


def _site_files(site: Path):
    for folder, dirs, files in os.walk(site):  # never follows links
        rel_folder = Path(folder).relative_to(site).as_posix()
        if rel_folder == ".":
            dirs[:] = [d for d in dirs if d not in LEFT_OUT]
        dirs.sort()
        for name in files:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            yield rel, Path(folder) / name


def _folders(files) -> set[str]:
    out = set(LEFT_OUT)  # left out, but still folders (the search box names its index's)
    for rel in files:
        while "/" in rel:
            rel = rel.rsplit("/", 1)[0]
            out.add(rel)
    return out


@dataclass
class Layout:
    files: set[str]  # every file of the offline copy, as it is in the site ("cases/x/index.html")
    dirs: set[str]  # every folder holding a file ("" for the top)
    moves: dict[str, str]  # pages that move: "cases/x/index.html" -> "cases/x.html"

    def is_dir(self, path: str) -> bool:
        return path in self.dirs or path == ""


def page_moves(files, markdown: frozenset[str]) -> dict[str, str]:
    """{"cases/x/index.html": "cases/x.html", ...}: the pages whose source is a file `x.md` (not `x/index.md`)."""
    moves = {}
    for rel in files:
        if not rel.endswith("/index.html"):
            continue
        folder = rel[: -len("/index.html")]
        parts = folder.split("/")
        lang, base = (parts[0], "/".join(parts[1:])) if parts[0] in LANGS[1:] else (LANGS[0], folder)
        if not base:
            continue
        if f"{base}.{lang}.md" in markdown or f"{base}.md" in markdown:
            moves[rel] = f"{folder}.html"
    return moves


def offline_page(page: str, old: str, layout: Layout, site_url: str) -> str:
    """One page rewritten for its place in the offline copy (it was at `old` in the site)."""
    new, moves = layout.moves.get(old, old), layout.moves
    old_dir, new_dir = posixpath.dirname(old), posixpath.dirname(new)
    prefix = urlsplit(site_url).path.rstrip("/") + "/"  # "/archive/": the site's own absolute paths

    def address(value: str, link: bool, known_only: bool = False) -> str | None:
        """The address again from the new place, or None to leave it alone. `link`: a folder means its page;
        `known_only`: only addresses of the site's files and folders (data- attributes also hold text)."""
        parts = urlsplit(html.unescape(value))
        if parts.scheme or parts.netloc or value.startswith("#") or not value:
            return None
        if parts.path.startswith("/"):
            if not parts.path.startswith(prefix):
                return None
            parts = parts._replace(path=parts.path[len(prefix) :] or ".")
            path = posixpath.normpath(parts.path)
        else:
            path = posixpath.normpath(posixpath.join(old_dir, parts.path)) if parts.path else old
        path = "" if path == "." else path
        if path.startswith("../"):
            return None  # outside the site
        if layout.is_dir(path):
            index = posixpath.join(path, "index.html") if path else "index.html"
            if link and index in layout.files:
                path = moves.get(index, index)
        elif path.split("/")[0] in LEFT_OUT and link and not known_only:
            return html.escape(site_url.rstrip("/") + "/" + path, quote=True)  # on the online site only
        elif path not in layout.files and known_only:
            return None
        else:
            path = moves.get(path, path)
        out = posixpath.relpath(path or ".", new_dir or ".") if parts.path else ""
        if parts.path.endswith("/") and not out.endswith((".html", "/")):
            out += "/"  # a folder (the search index's) stays a folder
        if parts.query:
            out += "?" + parts.query
        if parts.fragment:
            out += "#" + parts.fragment
        return html.escape(out, quote=True) if out else value

    def attribute(m: re.Match) -> str:
        name, quote, value = m.group(1), m.group(2), m.group(3)
        changed = (
            address(value, link=True, known_only=name.startswith("data-"))
            if old != new or _has_dir_link(value) or value.startswith(_LEFT_OUT_LINKS)
            else None
        )
        return m.group(0) if changed is None else f"{name}={quote}{changed}{quote}"

    def base(value: str) -> str:
        changed = address(value, link=False)
        return value if changed is None else changed

    page = _rewrite_scripts(page, base)
    page = _ATTR.sub(attribute, page)
    lang = (_LANG.search(page) or [None, LANGS[0]])[1]
    css = posixpath.relpath("assets/stylesheets/offline.css", new_dir or ".")
    page = page.replace("</head>", f'  <link rel="stylesheet" href="{css}">\n</head>', 1)
    text = html.escape(UI[lang if lang in UI else LANGS[0]]["offline_banner"].format(site_url=site_url))
    return page.replace(_BANNER, f"{_BANNER}\n  {text}\n", 1)


def _has_dir_link(value: str) -> bool:
    path = urlsplit(value).path
    return path == "" or path.startswith("/") or path.endswith("/") or path in (".", "..") or path.endswith("/..")


def _rewrite_scripts(page: str, base) -> str:
    """The theme's base address in its inline script and configuration, and the addresses (fonts) in the page's
    inline stylesheet; the policy's hash of each script or stylesheet changed follows."""
    policy = _POLICY.search(page)

    def script(m: re.Match) -> str:
        body = _SCOPE.sub(lambda s: s.group(1) + base(s.group(2)) + s.group(3), m.group("body"))
        if body == m.group("body"):
            return m.group(0)
        replaced[_hash(m.group("body"))] = _hash(body)
        return m.group(0).replace(m.group("body"), body)

    def style(m: re.Match) -> str:
        body = theme.move_addresses(m.group("body"), base)
        if body == m.group("body"):
            return m.group(0)
        replaced[_hash(m.group("body"))] = _hash(body)
        return f"<style{m.group('attrs')}>{body}</style>"

    replaced: dict[str, str] = {}
    page = _SCRIPT.sub(script, page)
    page = _STYLE.sub(style, page)
    page = _CONFIG.sub(
        lambda m: (
            m.group(1)
            + _CONFIG_PATHS.sub(lambda p: p.group(1) + base(p.group(2)) + p.group(3), m.group(2))
            + m.group(3)
        ),
        page,
    )
    if policy and replaced:
        content = policy.group(1)
        for before, after in replaced.items():
            content = content.replace(before, after)  # only hashes the policy already held
        page = page.replace(policy.group(0), f'<meta http-equiv="Content-Security-Policy" content="{content}">', 1)
    return page


def _hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


_BLOCK_END = re.compile(r"</(?:table|p|ul|ol|dl)>")


def preview_note(content: str, lang: str) -> str:
    """`serve` makes no offline copy: after the block that links to it, say how to make one (preview only)."""
    at = content.find(BUNDLE_NAME)
    if at < 0:
        return content
    end = _BLOCK_END.search(content, at)
    cut = end.end() if end else len(content)
    text = html.escape(UI[lang]["offline_preview"]).format(
        command="<code>python3 run.py build</code>", path=f"<code>site/downloads/{BUNDLE_NAME}</code>"
    )
    return content[:cut] + f'\n<p class="ep-preview-note">{text}</p>' + content[cut:]
