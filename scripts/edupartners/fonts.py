"""The site's typeface: Sarabun from PyPI, subset and compressed to WOFF2 for `assets/fonts/`."""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def files() -> dict[str, bytes]:
    """Sarabun from PyPI (fontpkg-sarabun), subset to Thai and ASCII and compressed to WOFF2 (~14 KB each)."""
    import io

    import fontpkg_sarabun
    from fontTools import subset
    from fontTools.ttLib import TTFont

    folder = Path(fontpkg_sarabun.__file__).parent
    files = {"OFL.txt": (folder / "LICENSE").read_bytes()}
    for name in FONT_FILES:
        options = subset.Options()
        options.flavor, options.layout_features, options.name_IDs = "woff2", FONT_FEATURES, ["*"]
        font = TTFont(folder / "files" / f"{name}.ttf", recalcTimestamp=False)  # same bytes in every build
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=FONT_UNICODES)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.flavor = "woff2"
        font.save(buffer)
        files[f"{name}.woff2"] = buffer.getvalue()
    return files
