"""Bilingual problem reports: every mistake names file, line, column and field."""
from __future__ import annotations

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
        where = f"{self.file}:{self.line}:{self.column}"
        if self.field:
            where += f"  [{self.field}]"
        return f"{where}\n  en: {self.en}\n  th: {self.th}"


@dataclass
class Report:
    """Collects every problem of one run; nothing stops at the first one."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: int, field_path: str, en: str, th: str) -> None:
        self.problems.append(Problem(self.rel(path), max(line, 1), max(column, 1), field_path, en, th))

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def ok(self) -> bool:
        return not self.problems

    def format(self) -> str:
        lines = [p.format() for p in sorted(set(self.problems))]
        n = len(lines)
        lines.append(f"{n} problem(s) found / พบปัญหา {n} รายการ")
        return "\n".join(lines)


def join_path(path: tuple) -> str:
    """('organisations', 0, 'role') -> 'organisations[0].role'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
