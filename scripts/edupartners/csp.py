"""A strict Content-Security-Policy for every page, written as the first element of <head>.

Scripts, styles, fonts and pictures come only from the site itself; the theme's few inline scripts are allowed by
their SHA-256 hashes, computed here from the finished page. The page's content (built from contributions, already
sanitised) is left out of that count, so nothing in it could ever be hashed into the policy. One inline stylesheet is
allowed the same way, by the hash of exactly the text it holds: the first-paint stylesheet, which edupartners.theme
places inside each page of a build (`allow_style`). 'unsafe-inline' is never written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from markupsafe import Markup

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.I)  # data blocks: never executed

POLICY = (
    "default-src 'none'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'; frame-src 'none'"
)


def script_hashes(page_html: str, content: str = "") -> list[str]:
    """'sha256-…' for each inline script of the page outside its content."""
    outside = page_html.replace(content, "") if content else page_html
    out = []
    for m in _INLINE_SCRIPT.finditer(outside):
        if "src=" in m.group("attrs").lower() or _DATA_TYPE.search(m.group("attrs")):
            continue
        out.append(source_hash(m.group("body")))
    return sorted(set(out))


def source_hash(text: str) -> str:
    """The policy's source for an inline element holding exactly `text`: 'sha256-…' of its UTF-8 bytes."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def add_policy(page_html: str, content: str = "") -> str:
    """The page with its policy as the first element of <head> (a meta policy covers only what follows it)."""
    policy = POLICY.format(hashes=" ".join(script_hashes(page_html, content)))
    head = re.search(r"<head[^>]*>", page_html, re.I)
    if head is None:
        return page_html
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page_html[: head.end()] + meta + page_html[head.end() :]


_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_STYLE_SRC = re.compile(r"(?<![\w-])style-src(?: [^;]*)?")


def allow_style(page_html: str, css: str) -> str:
    """The page with its policy (written by add_policy) also allowing one inline <style> whose text is exactly `css`,
    by its hash. A page without the policy is returned as it is: nothing there blocks an inline style."""
    meta = _META.search(page_html)
    if meta is None:
        return page_html
    source = source_hash(css)
    directive = _STYLE_SRC.search(meta.group(1))
    if directive is None:  # a policy without style-src falls back to default-src 'none': say it, do not guess
        raise ValueError(f"the page's policy has no style-src to allow an inline stylesheet in: {meta.group(1)}")
    if source in directive.group(0).split():
        return page_html
    policy = meta.group(1)[: directive.end()] + " " + source + meta.group(1)[directive.end() :]
    return page_html[: meta.start(1)] + policy + page_html[meta.end(1) :]


def json_script(value) -> Markup:
    """JSON to place inside <script type="application/ld+json">: <, > and & escaped, so no text in it can end the
    element or open a comment that hides the rest of the page."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
