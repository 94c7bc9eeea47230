"""The one HTML sanitiser: every page's rendered content passes through it (our MkDocs plugin, `on_page_content`).

An allowlist, not a blocklist: only the tags, attributes, classes and URL schemes below survive, whatever a
contributor wrote and however it was encoded (entities, whitespace inside `javascript:`, quoted `>`, SVG event
handlers...). The parsing and cleaning are done by nh3, the Python binding of the Rust `ammonia` sanitiser.

Validation uses the same allowlist (`removals`) to *tell* a contributor what would be removed; this module is the
safety net that *protects* readers.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

import nh3
from markupsafe import Markup

_TEXT = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_FORM = {"form", "label", "select", "option", "button"}  # the "schools like mine" filter; no action, no inputs
TAGS = _TEXT | _FORM

_COMMON = {
    "id",
    "class",
    "title",
    "lang",
    "hidden",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-live",
    "aria-hidden",
}
ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "select": {"name"},
    "option": {"value", "disabled", "data-label"},
    "p": {"data-template", "data-total", "data-none", "data-relax", "data-src", "data-loading", "data-failed"},
}
VALUES = {"button": {"type": {"button", "reset"}}}  # never "submit"
URL_SCHEMES = {"http", "https", "mailto"}  # and relative URLs
# Classes the site's CSS and scripts give meaning to: Markdown extensions', Material's cards and buttons, ours (ep-*).
CLASSES = {
    "headerlink",
    "admonition",
    "admonition-title",
    "note",
    "abstract",
    "info",
    "tip",
    "success",
    "question",
    "warning",
    "failure",
    "danger",
    "bug",
    "example",
    "quote",
    "grid",
    "cards",
    "md-button",
    "md-button--primary",
}
_OUR_CLASS = re.compile(r"ep-[a-z0-9_-]+")
_THEME_ID = re.compile(r"__|md-")  # the theme's own ids (__search, __drawer, md-...): never from content


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if c in CLASSES or _OUR_CLASS.fullmatch(c)]
        return " ".join(kept) or None
    if attribute == "id" and _THEME_ID.match(value):
        return None
    if element == "img" and attribute == "src" and (":" in value.split("/", 1)[0] or value.startswith("//")):
        return None  # pictures come from the site itself, never from another host
    return value


def clean(fragment: str) -> str:
    """Sanitise one rendered HTML fragment (a page's content)."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        tag_attribute_values=VALUES,
        attribute_filter=_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        clean_content_tags={
            "script",
            "style",
            "template",
            "textarea",
            "noscript",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "plaintext",
            "math",
        },
    )


def removals(fragment: str) -> list[str]:
    """What `clean` would take out of a fragment, as short descriptions (`<iframe>`, `onclick=`, `href=javascript:…`)."""
    before, after = _Tags.of(fragment), _Tags.of(clean(fragment))
    out = []
    for tag, attrs in before - after:
        kept = [a for t, a in after if t == tag]
        if not kept:
            out.append(f"<{tag}>")
            continue
        allowed = set().union(*(set(a) for a in kept))
        for name, value in attrs:
            if (name, value) not in allowed:
                shown = value if len(value) <= 40 else value[:37] + "…"
                out.append(f"{name}={shown}" if name in ("href", "src", "class", "id") else f"{name}=")
    return sorted(set(out))


class _Tags(HTMLParser):
    """A multiset of (tag, attributes) as a browser would see them (entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.seen: Counter = Counter()

    @classmethod
    def of(cls, fragment: str) -> Counter:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return parser.seen

    def handle_starttag(self, tag, attrs):
        self.seen[(tag, tuple(sorted((k.lower(), v or "") for k, v in attrs if k.lower() != "rel")))] += 1

    handle_startendtag = handle_starttag


# --- plain text from YAML fields: shown as written, never interpreted as Markdown or HTML ---

# One pass, so no entity is escaped twice: HTML's five characters and the ones Markdown gives meaning to.
_ESCAPES = str.maketrans(
    {**{c: f"&#{ord(c)};" for c in "\\`*_{}[]#|~"}, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
)
_ESCAPED = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")  # text without any is left as it is
_LINE_START = re.compile(r"^(\s*)([-+:>=]|\d+[.)])")


def text(value) -> Markup:
    """Escape a YAML text value for a Markdown template: HTML entities for <>&"' and for the characters Markdown
    gives meaning to, whitespace (newlines included) collapsed. Works in Markdown and in raw HTML alike."""
    if isinstance(value, Markup):
        return value
    escaped = " ".join(str(value).split())
    if _ESCAPED.search(escaped):
        escaped = escaped.translate(_ESCAPES)
    return Markup(_LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped))


def plain_title(value: str) -> str:
    """A page or table-of-contents title as HTML text, whatever it was before: tags dropped, entities escaped."""
    return html.escape(html.unescape(re.sub(r"<[^>]*>", "", value)), quote=True)
