"""The theme's stylesheets cut to the rules the built site can use (issue 17: every page light on a phone).

Material ships one stylesheet for every feature it has (≈ 23 KB compressed) and a palette file for every colour
(≈ 2 KB). After the build we know which classes and elements the pages hold, so a rule is kept when at least one of
its selectors may match: every class it needs is on some built page or may be added by a script (any `md-…` word in
Material's script, any word in a `class:"…"` or `classList.…("…")` there, and every quoted word in our scripts),
every element it names is on some page or is a quoted word of a script (which may create it), and its `dir` and
`data-md-color-…` attribute values are ones the pages use. Id, pseudo-class and other attribute parts are not
checked (kept), and what is inside `:not()` is not needed: when in doubt, a rule stays.
At-rules other than @media, @supports, @layer and @container (fonts, keyframes) are kept whole. Then custom
properties (`--x: …`) that no kept rule reads with `var(--x)` and no script names are dropped (the theme defines an
icon for every kind of admonition, ≈ 10 KB, that our pages never show).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# attributes whose values decide whether a rule can match; other attribute selectors are kept
CHECKED_ATTRIBUTES = ("dir", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent")
_GROUPING = ("@media", "@supports", "@layer", "@container")
# quoted, as MkDocs, the theme and the sanitiser write them (simple patterns: the pages of a large archive are
# hundreds of megabytes, and these run over all of them)
_CLASS_ATTR = re.compile(rb"""class=(?:"([^"]*)"|'([^']*)')""")
_CHECKED_ATTR = re.compile(rb"""(%s)=["']([^"']*)""" % "|".join(re.escape(a) for a in CHECKED_ATTRIBUTES).encode())
_MD_WORD = re.compile(r"\bmd-[A-Za-z0-9_-]+")
_JS_CLASS = re.compile(
    r"""(?:\bclass(?:Name)?\s*[:=]\s*|classList\.(?:add|toggle|remove|contains)\()\s*["'`]([^"'`]*)"""
)
_JS_STRING = re.compile(r""""([^"\\\n]*)"|'([^'\\\n]*)'""")
_WORD = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
_SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)(?![A-Za-z0-9_\\-])")
_ATTRIBUTE = re.compile(
    r"""\[\s*([A-Za-z_:-][A-Za-z0-9_:.-]*)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+))\s*[is]?\s*)?\]"""
)
_LIST_PSEUDO = re.compile(r":(?:is|where|matches|-webkit-any|-moz-any)\(")
_OTHER_PSEUDO = re.compile(r":{1,2}[A-Za-z-]+\(")
_PROPERTY = re.compile(r"--[A-Za-z0-9_-]+")
_PROPERTY_B = re.compile(_PROPERTY.pattern.encode())
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_TAG_B = re.compile(_TAG.pattern.encode())
_SIMPLE_PSEUDO = re.compile(r":{1,2}[A-Za-z-]+")
_ID_OR_CLASS = re.compile(r"[#.]-?[A-Za-z_][A-Za-z0-9_-]*")
_COMBINATOR = re.compile(r"\s*[\s>+~]\s*")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
# a selector with one of these cannot match before the reader acts: pointer or focus states, the search and drawer
# toggles checked (what is inside :not() does not count: `:not(:hover)` matches at once)
_AFTER_ACTION = re.compile(
    r":(?:hover|active|focus|focus-within|focus-visible)(?![A-Za-z0-9_-])"
    r"|\[data-md-toggle=[\"']?(?:search|drawer)[\"']?\]:checked"
)
_NOT = re.compile(r":not\(")


@dataclass
class Used:
    """What the built site uses: classes, (attribute, value) pairs of CHECKED_ATTRIBUTES."""

    classes: set[str] = field(default_factory=lambda: {"js", "no-js"})
    attributes: set[tuple[str, str]] = field(default_factory=set)
    properties: set[str] = field(default_factory=set)  # custom properties a script or a page names
    elements: set[str] = field(default_factory=lambda: {"html", "body"})

    _pending: set[tuple[int, bytes, bytes]] = field(default_factory=set)  # raw finds of add_html, read in settle()

    def add_html(self, html: str | bytes) -> None:
        """Classes, elements, checked attribute values and custom properties of one page. UTF-8 bytes are read as
        they are (every name looked for is ASCII), and what is found is only collected here: a large archive has
        thousands of pages, so the work per page stays in the regular expression engine."""
        self.add_found(found_in(html))

    def add_found(self, found: frozenset[tuple[int, bytes, bytes]]) -> None:
        """What `found_in` found in a page."""
        self._pending.update(found)

    def add_reads(self, css: str) -> None:
        """The custom properties another stylesheet reads: where they are defined, they stay."""
        self.properties.update(_VAR.findall(css))

    def settle(self) -> None:
        """What add_html found, read into the sets."""
        for kind, a, b in self._pending:
            if kind == 0:
                self.classes.update((a or b).decode("utf-8", "replace").split())
            elif kind == 1:
                self.attributes.add((a.decode(), b.decode("utf-8", "replace")))
            elif kind == 2:
                self.properties.add(a.decode())
            else:
                self.elements.add(a.decode().lower())
        self._pending.clear()

    def copy(self) -> Used:
        """What has been found so far, settled, in sets of its own."""
        self.settle()
        return Used(set(self.classes), set(self.attributes), set(self.properties), set(self.elements))

    def add_theme_script(self, js: str) -> None:
        """Classes Material's script may add to a page: its `md-…` words and the classes it writes."""
        self.classes.update(_MD_WORD.findall(js))
        self.properties.update(_PROPERTY.findall(js))
        self._add_quoted_elements(js)
        for value in _JS_CLASS.findall(js):
            self.classes.update(_WORD.findall(value))

    def add_own_script(self, js: str) -> None:
        """Every word in a quoted string of our own scripts (they are short, and build results from classes)."""
        self.properties.update(_PROPERTY.findall(js))
        self._add_quoted_elements(js)
        for m in _JS_STRING.finditer(js):
            self.classes.update(_WORD.findall(m.group(1) or m.group(2) or ""))

    def _add_quoted_elements(self, js: str) -> None:
        """Elements a script may create: every quoted word, and tags in quoted markup."""
        for m in _JS_STRING.finditer(js):
            text = m.group(1) or m.group(2) or ""
            self.elements.update(w.lower() for w in _WORD.findall(text))
            self.elements.update(t.lower() for t in _TAG.findall(text))


def found_in(html: str | bytes) -> frozenset[tuple[int, bytes, bytes]]:
    """The raw finds of one page (Used.add_html): pages with the same finds can use the same rules."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    return frozenset(
        [
            *((0, a, b) for a, b in _CLASS_ATTR.findall(data)),
            *((1, a, b) for a, b in _CHECKED_ATTR.findall(data)),
            *((2, p, b"") for p in _PROPERTY_B.findall(data)),
            *((3, t, b"") for t in _TAG_B.findall(data)),
        ]
    )


def purge(css: str, used: Used) -> str:
    """`css` without the rules no page can match and the custom properties nothing reads (minified as it came;
    comments dropped)."""
    used.settle()
    out = "".join(_purge_items(_split(_strip_comments(css)), used))
    while True:  # a property's value may read another property: until nothing more goes
        read = set(_VAR.findall(out)) | used.properties
        pruned = "".join(_prune_properties(_split(out), read))
        if pruned == out:
            return out
        out = pruned


def _prune_properties(items: list[tuple[str, str | None]], read: set[str], only: bool = False) -> list[str]:
    """Items without the custom property declarations not in `read`; with `only`, the rules reduced to the
    declarations of the properties in `read` instead (nothing else)."""
    out = []
    for prelude, body in items:
        if body is None:
            out += [] if only else [prelude + ";"]
        elif prelude.startswith("@") and prelude.split("(")[0].split()[0].lower() in _GROUPING:
            inner = "".join(_prune_properties(_split(body), read, only))
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out += [] if only else [f"{prelude}{{{body}}}"]
        else:
            declarations = []
            for d in _split_top(body, ";"):
                custom, listed = d.strip().startswith("--"), d.split(":")[0].strip() in read
                if (custom and listed) if only else (not custom or listed):
                    declarations.append(d)
            if any(d.strip() for d in declarations):
                out.append(f"{prelude}{{{';'.join(d.strip() for d in declarations)}}}")
    return out


def _purge_items(items: list[tuple[str, str | None]], used: Used) -> list[str]:
    out = []
    for prelude, body in items:
        if body is None:  # @charset, @import, @layer a, b;
            out.append(prelude + ";")
        elif prelude.startswith("@"):
            if prelude.split("(")[0].split()[0].lower() in _GROUPING:
                inner = "".join(_purge_items(_split(body), used))
                if inner:
                    out.append(f"{prelude}{{{inner}}}")
            else:  # @font-face, @keyframes, @page, @property: kept whole
                out.append(f"{prelude}{{{body}}}")
        else:
            kept = [s for s in _split_top(prelude, ",") if may_match(s, used)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return out


def split(css: str, first: Callable[[str], bool]) -> tuple[str, str]:
    """`css` in two, each in source order: the selectors `first` accepts (with their declarations), and the rest.
    Grouping at-rules are split inside, print-only ones go to the rest whole; other at-rules and statements (fonts,
    keyframes, @charset) stay in the first part."""
    a, b = _split_items(_split(_strip_comments(css)), first)
    return "".join(a), "".join(b)


def _split_items(items: list[tuple[str, str | None]], first: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    a: list[str] = []
    b: list[str] = []
    for prelude, body in items:
        if body is None:
            a.append(prelude + ";")
        elif prelude.startswith("@") and prelude.split("(")[0].split()[0].lower() in _GROUPING:
            if _print_only(prelude):
                b.append(f"{prelude}{{{body}}}")
                continue
            inner_a, inner_b = _split_items(_split(body), first)
            a += [f"{prelude}{{{''.join(inner_a)}}}"] if inner_a else []
            b += [f"{prelude}{{{''.join(inner_b)}}}"] if inner_b else []
        elif prelude.startswith("@"):
            a.append(f"{prelude}{{{body}}}")
        else:
            selectors = _split_top(prelude, ",")
            now = [s for s in selectors if first(s)]
            later = [s for s in selectors if not first(s)]
            a += [f"{','.join(now)}{{{body}}}"] if now else []
            b += [f"{','.join(later)}{{{body}}}"] if later else []
    return a, b


def move_unread_properties(first: str, rest: str, used: Used) -> tuple[str, str]:
    """(`first` without the custom properties that neither it nor a page or script reads, `rest` after the rules that
    declared them, holding only those declarations), so that the part a page waits for holds what it uses."""
    used.settle()
    moved = ""
    while True:  # a property's value may read another property
        read = set(_VAR.findall(first)) | used.properties
        kept = "".join(_prune_properties(_split(first), read))
        if kept == first:
            return first, moved + rest
        moved += "".join(_prune_properties(_split(first), set(_PROPERTY.findall(first)) - read, only=True))
        first = kept


def _print_only(prelude: str) -> bool:
    """`@media print` (or `@media print and …`): no query of it can match a screen."""
    if not prelude.lower().startswith("@media"):
        return False
    queries = [q.strip().lower() for q in _split_top(prelude[6:], ",")]
    return bool(queries) and all(q == "print" or q.startswith("print ") for q in queries)


def after_action(selector: str) -> bool:
    """True when the selector needs a pointer or focus state or the search or drawer toggle checked."""
    while m := _NOT.search(selector):
        selector = selector[: m.start()] + selector[_closing(selector, m.end() - 1) + 1 :]
    return bool(_AFTER_ACTION.search(selector))


def minify(css: str) -> str:
    """`css` without comments and with the whitespace no rule needs (strings kept as they are)."""
    css = _strip_comments(css)
    css = _SPACE.sub(lambda m: m.group() if m.group()[0] in "\"'" else " ", css)
    css = _AROUND.sub(lambda m: m.group() if m.group()[0] in "\"'" else m.group(1), css)
    return _LAST_SEMICOLON.sub(lambda m: m.group() if m.group()[0] in "\"'" else "}", css).strip()


def may_match(selector: str, used: Used) -> bool:
    """False only when the selector needs a class or a checked attribute value that no page and no script has."""
    selector = selector.strip()
    # :is()/:where(): at least one of the listed selectors must be possible
    while m := _LIST_PSEUDO.search(selector):
        end = _closing(selector, m.end() - 1)
        inner = selector[m.end() : end]
        if not any(may_match(s, used) for s in _split_top(inner, ",")):
            return False
        selector = selector[: m.start()] + selector[end + 1 :]
    # other functional pseudo-classes (:not, :has, :nth-child…): their content is not required
    while m := _OTHER_PSEUDO.search(selector):
        selector = selector[: m.start()] + selector[_closing(selector, m.end() - 1) + 1 :]
    for m in _ATTRIBUTE.finditer(selector):
        name, op, value = m.group(1), m.group(2), m.group(3) or m.group(4) or m.group(5)
        if name in CHECKED_ATTRIBUTES and op == "=" and (name, value) not in used.attributes:
            return False
    selector = _ATTRIBUTE.sub("", selector)
    if "\\" in selector:  # escaped characters in a class name: not worth reading, keep
        return True
    if not all(c in used.classes for c in _SELECTOR_CLASS.findall(selector)):
        return False
    rest = _ID_OR_CLASS.sub("", _SIMPLE_PSEUDO.sub("", selector))
    return all(t.lower() in used.elements for t in _COMBINATOR.split(rest.strip()) if t and t != "*" and "|" not in t)


_STRING = r""""(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?"""
_COMMENT_OR_STRING = re.compile(_STRING + r"|/\*.*?(?:\*/|$)", re.S)
_STRUCTURE = re.compile(_STRING + r"|[(){};]")  # strings are skipped whole; the rest is what nests
_SPACE = re.compile(_STRING + r"|\s+")
_AROUND = re.compile(_STRING + r"|\s*([{};,>])\s*")
_LAST_SEMICOLON = re.compile(_STRING + r"|;+}")


def _strip_comments(css: str) -> str:
    return _COMMENT_OR_STRING.sub(lambda m: "" if m.group().startswith("/*") else m.group(), css)


def _string_end(text: str, i: int) -> int:
    """Index just after the string that starts at `text[i]` (a quote)."""
    quote, j = text[i], i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _split(css: str) -> list[tuple[str, str | None]]:
    """Top-level items of a stylesheet: (prelude, body) for blocks, (statement, None) for `…;` statements."""
    items: list[tuple[str, str | None]] = []
    start, depth, parens, open_at = 0, 0, 0, 0
    for m in _STRUCTURE.finditer(css):
        c, i = m.group(), m.start()
        if c == "(":
            parens += 1
        elif c == ")":
            parens = max(0, parens - 1)
        elif parens or len(c) != 1:  # inside parentheses, or a string
            continue
        elif c == "{":
            if depth == 0:
                open_at = i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                items.append((css[start:open_at].strip(), css[open_at + 1 : i]))
                start = i + 1
        elif c == ";" and depth == 0:
            if css[start:i].strip():
                items.append((css[start:i].strip(), None))
            start = i + 1
    return items


def _split_top(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside brackets, parentheses and strings."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _string_end(text, i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _closing(text: str, i: int) -> int:
    """Index of the parenthesis that closes the one at `text[i]`."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _string_end(text, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text) - 1
