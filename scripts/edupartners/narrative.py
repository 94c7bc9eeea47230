"""Checks on narrative Markdown (th.md / en.md): safe, cited, and in the language's year convention."""
from __future__ import annotations

import re
from collections.abc import Iterator

from .dates import BE_OFFSET, MAX_CE, MIN_CE

CITATION = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")

_UNSAFE = [
    (re.compile(r"<\s*(script|iframe|style|object|embed)\b", re.I),
     "raw <{0}> is not allowed in a narrative; write plain Markdown.",
     "ไม่อนุญาตให้ใช้แท็ก <{0}> ในเนื้อเรื่อง ให้เขียนเป็น Markdown ธรรมดา"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I),
     "the HTML attribute {0}= runs code and is not allowed.",
     "ไม่อนุญาตให้ใช้แอตทริบิวต์ {0}= เพราะเป็นการสั่งรันโค้ด"),
    (re.compile(r"\{:?[^}\n]*?(?<![\w-])(on[a-z]+)\s*=", re.I),  # attribute lists: ## Title { onclick=... }
     "the attribute {0}= in an attribute list runs code and is not allowed.",
     "ไม่อนุญาตให้ใช้แอตทริบิวต์ {0}= ในรายการแอตทริบิวต์ เพราะเป็นการสั่งรันโค้ด"),
    (re.compile(r"(javascript|vbscript)\s*:", re.I),
     "'{0}:' links run code and are not allowed; link to an https:// address.",
     "ไม่อนุญาตให้ใช้ลิงก์แบบ '{0}:' ให้ลิงก์ไปยังที่อยู่ https:// แทน"),
]
# A year that belongs to the other calendar, unless the text names its era right before it.
_CE_YEAR = re.compile(r"(?<![\d/.,:\-])(19\d\d|20\d\d)(?!\d|[.,]\d)")
_BE_YEAR = re.compile(r"(?<![\d/.,:\-])(24\d\d|25\d\d|26\d\d)(?!\d|[.,]\d)")
_CE_MARK = re.compile(r"(ค\.ศ\.|CE|AD)\s*$")
_BE_MARK = re.compile(r"(พ\.ศ\.|B\.E\.|BE)\s*$")
_URL = re.compile(r"\]\([^)]*\)|https?://\S+|`[^`]*`")


def unsafe(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, en, th) for each piece of active content."""
    for pattern, en, th in _UNSAFE:
        for m in pattern.finditer(text):
            line, col = _position(text, m.start())
            yield line, col, en.format(m.group(1).lower()), th.format(m.group(1).lower())


def citations(text: str) -> Iterator[tuple[int, int, str]]:
    for m in CITATION.finditer(text):
        line, col = _position(text, m.start())
        yield line, col, m.group(1)


def headings_level_one(text: str) -> Iterator[int]:
    in_fence = False
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and re.match(r"#\s", line):
            yield number


def wrong_era_years(text: str, lang: str) -> Iterator[tuple[int, int, int, int]]:
    """(line, column, year found, year to use) for years written in the other language's era."""
    pattern, mark = (_CE_YEAR, _CE_MARK) if lang == "th" else (_BE_YEAR, _BE_MARK)
    for number, line in enumerate(text.split("\n"), 1):
        masked = _URL.sub(lambda m: " " * len(m.group(0)), line)
        for m in pattern.finditer(masked):
            if mark.search(masked[: m.start()]):
                continue
            year = int(m.group(1))
            if lang == "th" and MIN_CE <= year <= MAX_CE:
                yield number, m.start() + 1, year, year + BE_OFFSET
            elif lang == "en" and MIN_CE <= year - BE_OFFSET <= MAX_CE:
                yield number, m.start() + 1, year, year - BE_OFFSET


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
