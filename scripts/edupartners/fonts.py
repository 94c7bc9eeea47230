"""The site's typeface: Sarabun from PyPI, subset and compressed to WOFF2 for `assets/fonts/`.

Two steps. Before the build, `files()` gives both faces with ASCII and the whole Thai block, for the staging folder
(so the site has them before its pages exist). After the build, `subset_site` cuts them to the characters the built
pages and our scripts hold (29.6 → 25.9 KB for the two files on the real archive) and writes them over the first
ones. Each result is kept in `.cache/fonts/` under the hash of what it is made from (font, characters, features,
fontTools version), so a build whose pages hold no new character subsets nothing: about 1 s saved per build.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

FONT_FILES = ("Sarabun-Regular", "Sarabun-SemiBold")
# ASCII and the Thai block, then the few other characters our pages use (a character outside it falls back to a
# system font); measured: 38 KB for both files with Latin-1 and all punctuation and features, 29 KB with these
FONT_UNICODES = [
    *range(0x20, 0x7F),
    *range(0x0E00, 0x0E80),
    0xA0,
    0xB6,
    0xB7,
    0xD7,
    0x200B,
    0x2013,
    0x2014,
    0x2018,
    0x2019,
    0x201C,
    0x201D,
    0x2026,
]
# OpenType features Thai needs (mark placement, composition, kerning); the rest only adds bytes
FONT_FEATURES = ["ccmp", "locl", "mark", "mkmk", "kern", "liga"]
ALWAYS = range(0x20, 0x7F)  # ASCII stays whole: digits and signs a script writes (dates, counts) at reading time
_NOT_DRAWN = re.compile(r"[\x00-\x7f]+")  # ASCII is always in; only the other characters are collected
_ASCII_BYTES = bytes(range(0x80))


def _folder() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent


@lru_cache(maxsize=2)
def files(cache_dir: Path | None = None) -> dict[str, bytes]:
    """Sarabun from PyPI (fontpkg-sarabun), subset to Thai and ASCII and compressed to WOFF2 (~14 KB each); from
    `cache_dir` (the project's `.cache/fonts/`) when given and made there before."""
    out = {"OFL.txt": (_folder() / "LICENSE").read_bytes()}
    for name in FONT_FILES:
        out[f"{name}.woff2"] = _subset(name, FONT_UNICODES, cache_dir)
    return out


def beyond_ascii(data: bytes) -> str:
    """The characters of UTF-8 `data` outside ASCII (ASCII is always in the fonts): a quick first cut of a page."""
    return data.translate(None, _ASCII_BYTES).decode("utf-8", "replace")


def characters(texts: Iterable[str]) -> set[int]:
    """Code points of `texts` the fonts may draw: ASCII, and every other character of the broad set that occurs,
    with those it is drawn with (a character outside FONT_UNICODES is left to a system font, as before)."""
    found: set[str] = set()
    for text in texts:
        found.update(_NOT_DRAWN.sub("", text))
    broad = set(FONT_UNICODES)
    return set(ALWAYS) | {u for c in found for u in _shaped_as(c) if u in broad}


def _shaped_as(char: str) -> list[int]:
    """The character and those a shaper may draw it with: its decomposition (ำ is drawn as ํ + า by HarfBuzz's
    Thai shaper, so a page with ำ needs the glyph of ํ even if it never writes ํ)."""
    parts = [int(p, 16) for p in unicodedata.decomposition(char).split() if not p.startswith("<")]
    return [ord(char), *(u for p in parts for u in _shaped_as(chr(p)))]


def subset_site(fonts_dir: Path, unicodes: set[int], cache_dir: Path | None = None) -> dict[str, int]:
    """Both faces in `fonts_dir` rewritten with only `unicodes`; returns the bytes of each file written."""
    sizes = {}
    for name in FONT_FILES:
        data = _subset(name, sorted(unicodes), cache_dir)
        (fonts_dir / f"{name}.woff2").write_bytes(data)
        sizes[name] = len(data)
    return sizes


def _subset(name: str, unicodes: Iterable[int], cache_dir: Path | None = None) -> bytes:
    """One face subset to `unicodes` as WOFF2, from `cache_dir` when it was made before from the same inputs."""
    import fontTools

    source = _folder() / "files" / f"{name}.ttf"
    unicodes = sorted(set(unicodes))
    key = hashlib.sha256(
        repr((fontTools.version, FONT_FEATURES, unicodes)).encode() + hashlib.sha256(source.read_bytes()).digest()
    ).hexdigest()[:32]
    linked = cache_dir is not None and (cache_dir.is_symlink() or cache_dir.parent.is_symlink())
    cached = cache_dir / f"{name}-{key}.woff2" if cache_dir and not linked else None  # never through a link
    if cached and cached.is_file() and not cached.is_symlink():
        return cached.read_bytes()
    from fontTools import subset  # imported here: the cached case needs none of it (0.7 s)
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor, options.layout_features, options.name_IDs = "woff2", FONT_FEATURES, ["*"]
    font = TTFont(source, recalcTimestamp=False)  # same bytes in every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    data = buffer.getvalue()
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(cached)  # whole or not at all, if two builds meet
    return data
