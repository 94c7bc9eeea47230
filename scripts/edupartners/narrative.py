"""Checks on narrative Markdown (th.md / en.md): safe, cited, and in the language's year convention."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path

import markdown

from . import jsoncache, sanitize
from .dates import BE_OFFSET, MAX_CE, MIN_CE


@cache
def _nh3_version() -> str:
    return version("nh3")


CITATION = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")

# The Markdown extensions of mkdocs.yml (tests/test_hostile.py keeps the two lists equal): validation renders a
# narrative exactly as the site will, then asks the sanitiser what it would remove.
MARKDOWN_EXTENSIONS = {
    "attr_list": {},
    "md_in_html": {},
    "def_list": {},
    "admonition": {},
    "tables": {"use_align_attribute": True},
    "toc": {"permalink": True},
}
# A year that belongs to the other calendar, unless the text names its era right before it.
_CE_YEAR = re.compile(r"(?<![\d/.,:\-])(19\d\d|20\d\d)(?!\d|[.,]\d)")
_BE_YEAR = re.compile(r"(?<![\d/.,:\-])(24\d\d|25\d\d|26\d\d)(?!\d|[.,]\d)")
_CE_MARK = re.compile(r"(ค\.ศ\.|CE|AD)\s*$")
_BE_MARK = re.compile(r"(พ\.ศ\.|B\.E\.|BE)\s*$")
_URL = re.compile(r"\]\([^)]*\)|https?://\S+|`[^`]*`")


def unsafe(text: str, root: Path | None = None) -> list[tuple[int, int, str, str]]:
    """(line, column, en, th) for each thing the sanitiser would remove from the rendered narrative. With a project
    root, the answer is kept in .cache/narratives/ (rendering every narrative was a large part of validation)."""
    cache = None
    if root is not None:
        code = jsoncache.code_version(sys.modules[__name__], sanitize)
        versions = f"{markdown.__version__} {_nh3_version()}".encode()
        cache = jsoncache.entry(root, "narratives", code, versions, text.encode("utf-8"))
        saved = jsoncache.load(cache)
        if isinstance(saved, list) and all(isinstance(item, list) and len(item) == 4 for item in saved):
            return [tuple(item) for item in saved]
    found = list(_unsafe(text))
    jsoncache.save(cache, found)
    return found


def _unsafe(text: str) -> Iterator[tuple[int, int, str, str]]:
    html = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_EXTENSIONS).convert(text)
    for removed in sanitize.removals(html):
        line, col = _locate(text, removed)
        yield (
            line,
            col,
            f"{removed} would be removed from the page: it is not on the list of safe HTML "
            "(scripts, event handlers, styles, frames, forms that send data, and links other than https://, "
            "http://, mailto: or within the site are never published). Write plain Markdown instead.",
            f"{removed} จะถูกตัดออกจากหน้าเว็บ เพราะไม่อยู่ในรายการ HTML ที่ปลอดภัย (สคริปต์ ตัวจัดการเหตุการณ์ "
            "สไตล์ เฟรม ฟอร์มที่ส่งข้อมูล และลิงก์ที่ไม่ใช่ https://, http://, mailto: หรือภายในเว็บไซต์ "
            "จะไม่ถูกเผยแพร่) ให้เขียนเป็น Markdown ธรรมดาแทน",
        )


def _locate(text: str, removed: str) -> tuple[int, int]:
    """Where in the source a removed tag or attribute most likely came from."""
    name = removed.strip("<>").split("=", 1)[0]
    value = removed.split("=", 1)[1][:12] if "=" in removed else ""
    lowered = text.lower()
    for needle in (f"<{name}" if removed.startswith("<") else name, value.lower()):
        if needle and needle in lowered:
            return _position(text, lowered.index(needle))
    return 1, 1


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
