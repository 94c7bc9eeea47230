"""Link-preview pictures (OpenGraph / Twitter card): a 1200×630 PNG per page with the site's name and the page's
title in Sarabun, made at build time on this machine (no service, no network).

Thai needs real shaping: tone marks and vowels above or below a consonant move out of each other's way through the
font's OpenType tables, which a plain rasteriser ignores. HarfBuzz (uharfbuzz) shapes each line; FreeType
(freetype-py) fills the shaped outlines with anti-aliasing; the PNG is written here
with zlib as an indexed picture (one palette from the background to the text colour), which keeps it small.
Lines break between words: Thai, written without spaces, is cut into words with PyThaiNLP.

Pictures are cached by a hash of everything that shapes them (texts, fonts, this module's version), so a rebuild
draws only pages whose title changed; pictures no page uses any more are removed from the cache.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import cache, lru_cache
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = (0x00, 0x4D, 0x40)  # the site's dark teal: white text on it is 10:1
FOREGROUND = (0xFF, 0xFF, 0xFF)
VERSION = "2"  # bump when the drawing changes, so cached pictures are drawn again
TITLE_SIZES = (60, 54, 48, 42)  # the largest size at which the title fits in TITLE_LINES lines wins
TITLE_LINES = 4
LINE_HEIGHT = 1.45  # Thai marks stack above and below: more room than Latin needs
SOFT = 0.78  # the site name and address are drawn lighter (coverage scaled) than the title
MAX_POINTS = 30000  # below FreeType's limit of 32,767 points per outline
LEVELS = 16  # shades of anti-aliasing: 16 look the same as 256 at this size, and the file is a third smaller


@cache
def _font_path(weight: str) -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files" / f"Sarabun-{weight}.ttf"


@cache
def _hb_font(weight: str):
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(_font_path(weight))))
    return hb.Font(face), face.upem


def _shape(text: str, weight: str) -> list[tuple[int, int, int, int]]:
    """(glyph id, x advance, x offset, y offset) in font units, after HarfBuzz applied the font's Thai rules."""
    import uharfbuzz as hb

    font, _ = _hb_font(weight)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf)
    return [(i.codepoint, p.x_advance, p.x_offset, p.y_offset) for i, p in zip(buf.glyph_infos, buf.glyph_positions)]


def _width(text: str, weight: str, size: float) -> float:
    _, upem = _hb_font(weight)
    return sum(g[1] for g in _shape(text, weight)) * size / upem


def _words(text: str) -> list[str]:
    """Pieces a line may break between: words (Thai cut by PyThaiNLP) and the spaces between them."""
    from pythainlp.tokenize import word_tokenize

    return [w for w in word_tokenize(" ".join(text.split()), engine="newmm", keep_whitespace=True) if w]


def wrap(text: str, weight: str, size: float, width: float) -> list[str]:
    """Greedy line breaking between words; a word wider than a line is cut between characters."""
    lines, line = [], ""
    for word in _words(text):
        trial = line + word
        if not line.strip() or _width(trial.rstrip(), weight, size) <= width:
            line = trial if line.strip() else word.lstrip()
        else:
            lines.append(line.rstrip())
            line = word.lstrip()
        while len(line) > 1 and _width(line, weight, size) > width:  # one very long word (a web address)
            low, high = 1, len(line) - 1  # the longest start of it that fits (at least one character)
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if _width(line[:mid], weight, size) <= width else (low, mid - 1)
            lines.append(line[:low])
            line = line[low:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit_title(title: str) -> tuple[float, list[str]]:
    """The largest size at which the title fits; at the smallest, lines past the last end in an ellipsis."""
    for size in TITLE_SIZES:
        lines = wrap(title, "SemiBold", size, WIDTH - 2 * MARGIN)
        if len(lines) <= TITLE_LINES:
            return size, lines
    size = TITLE_SIZES[-1]
    lines = wrap(title, "SemiBold", size, WIDTH - 2 * MARGIN)[:TITLE_LINES]
    last = lines[-1] if lines else ""
    while last and _width(last + "…", "SemiBold", size) > WIDTH - 2 * MARGIN:
        last = last[:-1]
    return size, [*lines[:-1], last.rstrip() + "…"]


@cache
def _ft_face(weight: str, size: float):
    """A FreeType face of the weight, scaled to `size` pixels (outlines come out in 26.6 fixed point)."""
    import freetype

    face = freetype.Face(str(_font_path(weight)))
    face.set_char_size(round(size * 64))
    return face


@lru_cache(maxsize=16)  # the top and bottom bands repeat on every picture of a language
def _band(lines: tuple[str, ...], weight: str, size: float, height: int, baseline: float, rule: bool = False) -> bytes:
    """One horizontal band of the picture as 8-bit coverage, the text's first baseline `baseline` px from its top.
    The glyphs' outlines, scaled and placed by FreeType, are joined into one outline and filled once (non-zero
    winding), so touching glyphs blend as one shape."""
    import ctypes

    import freetype
    from freetype import raw

    face = _ft_face(weight, size)
    _, upem = _hb_font(weight)
    scale = size / upem
    vector = ctypes.sizeof(freetype.FT_Vector)
    pieces = []  # (points, tags, contour ends, point count) of each glyph, placed

    def add(x: float, y: float) -> None:
        outline = face.glyph.outline._FT_Outline
        raw.FT_Outline_Translate(ctypes.byref(outline), round(x * 64), round(y * 64))
        ends = [outline.contours[i] for i in range(outline.n_contours)]
        points = ctypes.string_at(outline.points, outline.n_points * vector)
        pieces.append((points, ctypes.string_at(outline.tags, outline.n_points), ends, outline.n_points))

    for n, line in enumerate(lines):
        x, y = float(MARGIN), height - baseline - n * size * LINE_HEIGHT  # FreeType's y axis points up
        for gid, advance, dx, dy in _shape(line, weight):
            face.load_glyph(gid, freetype.FT_LOAD_NO_BITMAP | freetype.FT_LOAD_NO_HINTING)
            add(x + dx * scale, y + dy * scale)
            x += advance * scale
    if rule:  # a short bar under the site's name, at the bottom of the band
        corners = ((MARGIN, 0), (MARGIN, 6), (MARGIN + 96, 6), (MARGIN + 96, 0))
        bar = b"".join(bytes(freetype.FT_Vector(cx * 64, cy * 64)) for cx, cy in corners)
        pieces.append((bar, bytes([1] * 4), [3], 4))  # one contour of four on-curve points
    data = ctypes.create_string_buffer(WIDTH * height)
    bitmap = freetype.FT_Bitmap(
        height,
        WIDTH,
        WIDTH,
        ctypes.cast(data, ctypes.POINTER(ctypes.c_ubyte)),
        256,
        freetype.FT_PIXEL_MODE_GRAY,
        0,
        None,
    )
    while pieces:  # an outline counts its points in a C short: fill at most MAX_POINTS at a time
        group, count = [], 0
        while pieces and (not group or count + pieces[0][3] <= MAX_POINTS):
            group.append(pieces.pop(0))
            count += group[-1][3]
        ends, start = [], 0
        for _, _, piece_ends, n in group:
            ends += [start + end for end in piece_ends]
            start += n
        points, tags = b"".join(g[0] for g in group), b"".join(g[1] for g in group)
        outline = freetype.FT_Outline(
            len(ends),
            count,
            ctypes.cast(ctypes.create_string_buffer(points, len(points)), ctypes.POINTER(freetype.FT_Vector)),
            ctypes.cast(ctypes.create_string_buffer(tags, count), ctypes.POINTER(ctypes.c_ubyte)),
            (ctypes.c_short * len(ends))(*ends),
            0,
        )
        error = raw.FT_Outline_Get_Bitmap(freetype.get_handle(), ctypes.byref(outline), ctypes.byref(bitmap))
        if error:
            raise RuntimeError(f"FreeType could not draw the picture (error {error})")
    return data.raw


def render(site_name: str, kind_label: str, title: str, address: str) -> bytes:
    """The PNG: site name and kind at the top, the title in the middle, the site's address at the bottom."""
    level = bytes(round(i * (LEVELS - 1) / 255) for i in range(256))  # coverage -> palette index
    soft = bytes(round(i * SOFT * (LEVELS - 1) / 255) for i in range(256))
    top = _band((f"{site_name}  ·  {kind_label}" if kind_label else site_name,), "SemiBold", 34, 150, 86, rule=True)
    size, lines = _fit_title(title)
    block = round(size * LINE_HEIGHT * len(lines))
    title_band = _band(tuple(lines), "SemiBold", size, 380, (380 - block) / 2 + size * 1.05)
    bottom = _band((address,) if address else (), "Regular", 28, HEIGHT - 150 - 380, 50)
    return _png(top.translate(soft) + title_band.translate(level) + bottom.translate(soft))


def _png(indexes: bytes) -> bytes:
    """An indexed PNG whose palette runs from the background (0) to the text colour (LEVELS - 1)."""
    palette = b"".join(
        bytes(round(b + (f - b) * i / (LEVELS - 1)) for b, f in zip(BACKGROUND, FOREGROUND)) for i in range(LEVELS)
    )
    rows = b"".join(b"\0" + indexes[y * WIDTH : (y + 1) * WIDTH] for y in range(HEIGHT))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0))
        + chunk(b"PLTE", palette)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )


def cache_key(*texts: str) -> str:
    digest = hashlib.sha256(f"{VERSION}\0{WIDTH}x{HEIGHT}\0".encode())
    for weight in ("SemiBold", "Regular"):
        digest.update(_font_digest(weight).encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()


@cache
def _font_digest(weight: str) -> str:
    return hashlib.sha256(_font_path(weight).read_bytes()).hexdigest()


def picture(cache: Path | None, site_name: str, kind_label: str, title: str, address: str) -> bytes:
    """`render`, through a cache folder (never through a symbolic link) when one is given."""
    if cache is None:
        return render(site_name, kind_label, title, address)
    path = cache / f"{cache_key(site_name, kind_label, title, address)}.png"
    if path.is_file() and not path.is_symlink():
        return path.read_bytes()
    data = render(site_name, kind_label, title, address)
    for folder in (cache.parent, cache):
        if folder.is_symlink():
            raise ValueError(f"{folder} is a symbolic link; remove it / {folder} เป็นลิงก์สัญลักษณ์ ให้ลบออก")
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


def prune(cache: Path, keep: set[str]) -> None:
    """Remove cached pictures no page uses any more (titles change); never through a symbolic link."""
    if cache.is_dir() and not cache.is_symlink() and not cache.parent.is_symlink():
        for path in cache.glob("*.png"):
            if path.stem not in keep and not path.is_symlink():
                path.unlink()
