"""Bilingual problem reports: every mistake names file, line, column and field."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    en: str
    th: str

    def format(self) -> str:
        """`file:line:column  [field]`; a problem that is not about a place in a file (file "", such as a field of an
        issue-form body) is named by its field alone: `[field]`."""
        where = f"{shown(self.file)}:{self.line}:{self.column}" if self.file else ""
        if self.field:
            where += f"  [{shown(self.field)}]" if where else f"[{shown(self.field)}]"
        return f"{where}\n  en: {shown(self.en)}\n  th: {shown(self.th)}"


def shown(text: str) -> str:
    """Text as it may appear in a terminal or a CI log: controls, invisible and direction-changing characters are
    written as \\uXXXX, so a file name cannot forge a log line or a CI command."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


@dataclass
class Report:
    """Collects every problem of one run; nothing stops at the first one."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: int, field_path: str, en: str, th: str) -> None:
        self.problems.append(Problem(self.rel(path), max(line, 1), max(column, 1), field_path, en, th))

    def rel(self, path: Path | str) -> str:
        """The path from the project root, without following links (a link is named, not its target)."""
        path = Path(os.path.abspath(path))
        for root in (Path(os.path.abspath(self.root)), self.root.resolve()):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return path.as_posix()

    @property
    def ok(self) -> bool:
        return not self.problems

    def format(self) -> str:
        lines = [p.format() for p in sorted(set(self.problems))]
        lines.append(count_line(len(lines)))
        return "\n".join(lines)


def count_line(n: int) -> str:
    """The last line of every report."""
    return f"{n} problem(s) found / พบปัญหา {n} รายการ"


def join_path(path: tuple) -> str:
    """('organisations', 0, 'role') -> 'organisations[0].role'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
