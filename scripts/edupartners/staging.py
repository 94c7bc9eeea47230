"""The folder MkDocs reads: the hand-written pages of docs/ plus the generated ones, assembled under .cache/.

The tracked docs/ folder is only ever read. Each MkDocs run (a build, the offline build, each `serve`) gets its own
staging folder, derived from its output folder, so runs never mix each other's files or URLs. Writing and deleting
happen only inside a staging folder under .cache/docs/, and never through a symbolic link.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from .problems import Report

CACHE = ".cache"


class Unchanged:
    """In place of a file's content: the staged file is already what it would be (views.context.Rendered)."""


class StaleFile(Exception):
    """A file given as UNCHANGED is not in the staging folder: whoever said so must give its content."""


UNCHANGED = Unchanged()
Files = Mapping[str, str | bytes | Unchanged] | Iterable[tuple[str, str | bytes | Unchanged]]  # {path: content}


def staging_dir(root: Path, site_dir: Path) -> Path:
    """The staging folder of one output folder."""
    key = hashlib.sha256(str(Path(site_dir).resolve()).encode()).hexdigest()[:16]
    return Path(root) / CACHE / "docs" / key


def is_staging(root: Path, folder: Path) -> bool:
    return Path(folder).parent == Path(root) / CACHE / "docs"


def lock_file(root: Path) -> Path:
    """The file builds lock, so that two builds of one project never run at once."""
    cache = Path(root) / CACHE
    if cache.is_symlink():
        raise ValueError(f"{cache} is a symbolic link; remove it / {cache} เป็นลิงก์สัญลักษณ์ ให้ลบออก")
    cache.mkdir(exist_ok=True)
    return cache / "build.lock"


def prepare(root: Path, folder: Path) -> Path:
    """Create the staging folder, after making sure nothing on its way is a link or outside .cache/docs/."""
    for parent in (Path(root) / CACHE, Path(root) / CACHE / "docs", folder):
        if parent.is_symlink():
            raise ValueError(f"{parent} is a symbolic link; remove it / {parent} เป็นลิงก์สัญลักษณ์ ให้ลบออก")
    if not is_staging(root, folder):
        raise ValueError(f"{folder} is not a staging folder under {CACHE}/docs/")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def hand_written(root: Path, generated_dirs: tuple[str, ...], report: Report) -> dict[str, bytes]:
    """Every file of docs/ (dotfiles aside) as {path: bytes}. Files where generated pages go are reported, never
    deleted: they would be silently replaced."""
    docs = Path(root) / "docs"
    out: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(docs):  # symbolic links were refused before (sourcefile.links)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(f for f in files if not f.startswith(".")):
            path = Path(folder) / name
            rel = path.relative_to(docs).as_posix()
            if any(rel.startswith(g + "/") for g in generated_dirs):
                report.add(
                    path,
                    1,
                    1,
                    "",
                    f"docs/{rel.split('/')[0]}/ is filled by the generator, so a hand-written "
                    "file there would be replaced; move it elsewhere in docs/ (files left there by an older "
                    "version of this project can simply be deleted).",
                    f"docs/{rel.split('/')[0]}/ เป็นโฟลเดอร์ที่ระบบสร้างเอง ไฟล์ที่เขียนเองในนั้นจะถูกแทนที่ "
                    "ให้ย้ายไปไว้ที่อื่นใน docs/ (ไฟล์ที่ค้างจากโครงการรุ่นเก่าลบทิ้งได้)",
                )
                continue
            out[rel] = path.read_bytes()
    return out


def write(root: Path, folder: Path, files: Files, names: set[str] | None = None) -> list[str]:
    """Write each file whose content differs from the staged one (a link there is replaced, never followed), so that
    unchanged pages keep their time and `mkdocs serve --dirty` rebuilds only the others; every path given is added
    to `names`. Files given as (path, content) pairs are written as they come: the whole site is never in memory."""
    prepare(root, folder)
    changed, base = [], str(folder)
    for rel, content in files.items() if isinstance(files, Mapping) else files:
        if names is not None:
            names.add(rel)
        if content is UNCHANGED:
            try:
                regular = stat.S_ISREG(os.lstat(os.path.join(base, rel)).st_mode)  # a link is not: never followed
            except OSError:
                regular = False
            if not regular:
                raise StaleFile(rel)
            continue
        path = folder / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        if path.is_symlink() or not path.is_file() or path.read_bytes() != data:
            if path.is_symlink():
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(rel)
    return changed


def sync(root: Path, folder: Path, files: Files, keep: frozenset[str] = frozenset()) -> list[str]:
    """Make the staging folder hold exactly these files (and the files `keep` names, as they are), written as `write`
    writes them; returns the paths written or removed."""
    wanted = set(keep)
    changed = write(root, folder, files, wanted)
    for current, dirs, names in os.walk(folder, topdown=False):  # never follows links
        for name in names + [d for d in dirs if (Path(current) / d).is_symlink()]:
            rel = (Path(current) / name).relative_to(folder).as_posix()
            if rel not in wanted and not rel.startswith("."):
                (Path(current) / name).unlink()
                changed.append(rel)
        for name in dirs:
            path = Path(current) / name
            if not path.is_symlink() and path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def remove(root: Path, folder: Path) -> None:
    """Delete a staging folder (after a build, or when `serve` stops)."""
    prepare(root, folder)
    shutil.rmtree(folder, ignore_errors=True)
