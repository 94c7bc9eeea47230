"""Read contributor files safely: size limit, UTF-8 only, BOM and CRLF normalised, YAML with positions."""

from __future__ import annotations

import math
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import jsoncache
from .problems import Report, join_path

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_MARKS = 4  # combining marks in a row: Thai needs at most 2-3 (vowel, tone mark)
# Invisible or direction-changing characters, controls (tab and newline aside) and lone surrogates: they hide or
# reorder text for readers, break feeds and crash tools. ZWJ and ZWNJ stay allowed: some scripts need them.
_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_STACKED = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{" + str(MAX_MARKS + 1) + ",}"
)
_ALIAS_EN = "anchors and aliases (& and *) are not allowed; write the value out in full."
_ALIAS_TH = "ไม่อนุญาตให้ใช้ anchor และ alias (& และ *) ให้เขียนค่าเต็มแทน"


def read_text(path: Path, report: Report, max_bytes: int = MAX_BYTES) -> str | None:
    """Return the file's text, or None after reporting why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.add(path, 1, 1, "", f"cannot read the file: {exc.strerror}.", f"อ่านไฟล์ไม่ได้: {exc.strerror}")
        return None
    if len(raw) > max_bytes:
        report.add(
            path,
            1,
            1,
            "",
            f"the file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes.",
            f"ไฟล์มีขนาด {len(raw):,} ไบต์ เกินขีดจำกัด {max_bytes:,} ไบต์",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add(
            path,
            line,
            column,
            "",
            "the file is not valid UTF-8; save it as UTF-8 (without changing the text).",
            "ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 ให้บันทึกไฟล์ใหม่เป็น UTF-8",
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        report.add(
            path,
            line,
            1,
            "",
            "the file contains a NUL byte; it looks binary, not text.",
            "ไฟล์มีอักขระ NUL ดูเหมือนไฟล์ไบนารี ไม่ใช่ข้อความ",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix == ".md":  # YAML is checked value by value, after escapes like "\u202e" are read
        for offset, en, th in unsafe_characters(text):
            line = text.count("\n", 0, offset) + 1
            report.add(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1, "", en, th)
    return text


def unsafe_characters(text: str):
    """(offset, en, th) for every character a page must not carry, and for stacks of combining marks."""
    for m in _REFUSED.finditer(text):
        name = unicodedata.name(m.group(), "control character")
        code = f"U+{ord(m.group()):04X} ({name})"
        yield (
            m.start(),
            f"the invisible or control character {code} is not allowed; delete it "
            "(it can hide or reorder text). Newlines, tabs, ZWJ and ZWNJ are fine.",
            f"ไม่อนุญาตให้ใช้อักขระที่มองไม่เห็นหรืออักขระควบคุม {code} ให้ลบออก (อาจซ่อนหรือสลับลำดับข้อความ) "
            "การขึ้นบรรทัดใหม่ แท็บ ZWJ และ ZWNJ ใช้ได้",
        )
    for m in _STACKED.finditer(text):
        yield (
            m.start(),
            f"{len(m.group())} combining marks (vowel or tone marks) are stacked on one letter; "
            f"at most {MAX_MARKS} are allowed.",
            f"มีเครื่องหมายกำกับ (สระหรือวรรณยุกต์) ซ้อนกัน {len(m.group())} ตัวบนอักษรตัวเดียว ใช้ได้ไม่เกิน {MAX_MARKS} ตัว",
        )


@dataclass
class Loaded:
    data: object
    positions: dict[tuple, tuple[int, int]]  # field path -> (line, column), 1-based
    first_line: str = ""  # e.g. the yaml-language-server modeline

    def where(self, path: tuple) -> tuple[int, int]:
        """Position of the closest enclosing field that has one."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class _AliasFound(Exception):
    def __init__(self, mark):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text and refuses aliases where they are written."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Reject(Exception):
    def __init__(self, node: yaml.Node, path: tuple, en: str, th: str):
        self.node, self.path, self.en, self.th = node, path, en, th


def load_yaml(path: Path, report: Report) -> Loaded | None:
    """Parse one YAML document into plain data plus the position of every field (through the parse cache)."""
    before = len(report.problems)
    text = read_text(path, report)
    if text is None:
        return None
    cache = jsoncache.entry(report.root, "yaml", jsoncache.code_version(sys.modules[__name__]), text.encode("utf-8"))
    loaded = _from_cache(jsoncache.load(cache))
    if loaded is None:
        loaded = _parse(path, text, report)
        if loaded is not None and len(report.problems) == before:  # only a clean parse is kept
            jsoncache.save(cache, _to_cache(loaded))
    return loaded


# The parse cache (issue 17: parsing with positions in pure Python was most of validation): an unchanged file is
# not parsed again in the next build (jsoncache, .cache/yaml/).
def _to_cache(loaded: Loaded) -> dict:
    positions = [[list(key), line, column] for key, (line, column) in loaded.positions.items()]
    return {"data": loaded.data, "positions": positions, "first_line": loaded.first_line}


def _from_cache(saved) -> Loaded | None:
    try:
        positions = {tuple(key): (line, column) for key, line, column in saved["positions"]}
        return Loaded(saved["data"], positions, saved["first_line"])
    except (ValueError, KeyError, TypeError):
        return None


def _parse(path: Path, text: str, report: Report) -> Loaded | None:
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _AliasFound as exc:
        report.add(path, exc.mark.line + 1, exc.mark.column + 1, "", _ALIAS_EN, _ALIAS_TH)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "syntax error").strip()
        report.add(
            path,
            line,
            col,
            "",
            f"YAML syntax error: {problem}. Check indentation, colons and quotes.",
            f"ไวยากรณ์ YAML ผิดพลาด ({problem}) ตรวจการย่อหน้า เครื่องหมาย : และเครื่องหมายคำพูด",
        )
        return None
    except yaml.YAMLError as exc:
        report.add(path, 1, 1, "", f"YAML could not be read: {exc}.", f"อ่าน YAML ไม่ได้: {exc}")
        return None
    except RecursionError:
        report.add(
            path,
            1,
            1,
            "",
            f"the data is nested far too deeply; at most {MAX_DEPTH} levels are allowed.",
            f"ข้อมูลซ้อนกันลึกเกินไปมาก ใช้ได้ไม่เกิน {MAX_DEPTH} ชั้น",
        )
        return None
    if root is None:
        report.add(path, 1, 1, "", "the file is empty.", "ไฟล์ว่างเปล่า")
        return None
    positions: dict[tuple, tuple[int, int]] = {}
    try:
        data = _build(loader, root, (), positions, set(), 0)
    except _Reject as rej:
        mark = rej.node.start_mark
        report.add(path, mark.line + 1, mark.column + 1, join_path(rej.path), rej.en, rej.th)
        return None
    return Loaded(data, positions, text.split("\n", 1)[0].strip())


def _build(loader: _Loader, node: yaml.Node, path: tuple, positions: dict, seen: set, depth: int):
    if id(node) in seen:
        raise _Reject(node, path, _ALIAS_EN, _ALIAS_TH)
    if depth > MAX_DEPTH:
        raise _Reject(
            node, path, f"the data is nested more than {MAX_DEPTH} levels deep.", f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น"
        )
    seen.add(id(node))
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise _tag_error(node, path)
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Reject(
                    key_node,
                    path,
                    "keys must be plain words; merge keys (<<) are not allowed.",
                    "ชื่อช่องต้องเป็นคำธรรมดา ไม่อนุญาตให้ใช้ merge key (<<)",
                )
            key = key_node.value
            _check_text(key_node, path, key)
            if key in out:
                raise _Reject(
                    key_node,
                    path + (key,),
                    f"the field '{key}' appears twice; keep only one.",
                    f"ช่อง '{key}' ซ้ำกันสองครั้ง ให้เหลือไว้เพียงครั้งเดียว",
                )
            out[key] = _build(loader, value_node, path + (key,), positions, seen, depth + 1)
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _tag_error(node, path)
        return [_build(loader, item, path + (i,), positions, seen, depth + 1) for i, item in enumerate(node.value)]
    if node.tag not in _SCALARS:
        raise _tag_error(node, path)
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError, IndexError, KeyError, TypeError) as exc:
        # e.g. `!!int` with no value, or `!!bool maybe`: PyYAML raises plain Python errors for these
        reason = str(exc) or type(exc).__name__
        raise _Reject(
            node,
            path,
            f"this value cannot be read as its tag {node.tag} says ({reason}).",
            f"อ่านค่านี้ตามแท็ก {node.tag} ไม่ได้ ({reason})",
        ) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise _Reject(
            node,
            path,
            f"'{node.value}' is not a number a reader can use; write a real number.",
            f"'{node.value}' ไม่ใช่ตัวเลขที่ใช้ได้ ให้เขียนเป็นตัวเลขจริง",
        )
    if isinstance(value, str):
        _check_text(node, path, value)
    return value


def _check_text(node: yaml.Node, path: tuple, value: str) -> None:
    for _, en, th in unsafe_characters(value):
        raise _Reject(node, path, en, th)


def _tag_error(node: yaml.Node, path: tuple) -> _Reject:
    return _Reject(
        node,
        path,
        f"the YAML tag '{node.tag}' is not allowed; use plain text, numbers, lists and maps.",
        f"ไม่อนุญาตให้ใช้แท็ก YAML '{node.tag}' ให้ใช้ข้อความ ตัวเลข รายการ และแผนที่ธรรมดา",
    )


def links(root: Path, folders: tuple[str, ...], report: Report) -> bool:
    """Report every symbolic link under the given folders (without reading or naming what it points to).
    A link could publish or overwrite a file outside the archive. True if there was none."""
    found = False
    for name in folders:
        top = Path(root) / name
        if top.is_symlink():
            candidates = [top]
        else:
            candidates = []
            for folder, dirs, files in os.walk(top):  # os.walk never descends into linked folders
                candidates += [Path(folder) / n for n in dirs + files if (Path(folder) / n).is_symlink()]
        for path in candidates:
            found = True
            report.add(
                path,
                1,
                1,
                "",
                "this is a symbolic link; links are not allowed in the archive (they can "
                "expose or overwrite files outside it). Put the file itself here.",
                "ไฟล์นี้เป็นลิงก์สัญลักษณ์ (symbolic link) ซึ่งไม่อนุญาตในคลังข้อมูล (อาจเปิดเผยหรือเขียนทับไฟล์นอกคลัง) ให้วางไฟล์จริงไว้ที่นี่แทน",
            )
    return not found
