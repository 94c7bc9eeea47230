"""Results kept between builds under .cache/<kind>/ (issue 17: a rebuild should not redo what did not change).

An entry is keyed by a hash of everything that made it: its input and the code that computed it, so a changed file
or a changed module makes a new key and the old entry is simply not read again. Entries are plain JSON (never
pickle), written only by us and atomically; an entry that cannot be read is treated as missing, and nothing is read
or written through a symbolic link. A read-only checkout works without the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

CACHE = ".cache"


@cache
def code_version(*modules) -> bytes:
    """A digest of the source of these modules (pass the module objects that compute the cached result)."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.digest()


def entry(root: Path, kind: str, *inputs: bytes) -> Path | None:
    """The file for these inputs, or None when the way to it goes through a symbolic link."""
    folder = Path(root) / CACHE / kind
    if folder.parent.is_symlink() or folder.is_symlink():
        return None
    digest = hashlib.sha256()
    for part in inputs:
        digest.update(hashlib.sha256(part).digest())
    name = digest.hexdigest()
    return folder / name[:2] / f"{name}.json"


def load(path: Path | None):
    """The stored value, or None (missing, damaged, or behind a link)."""
    if path is None or path.parent.is_symlink() or path.is_symlink() or not path.is_file():
        return None
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def save(path: Path | None, value) -> None:
    if path is None or path.parent.is_symlink():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")
        tmp.replace(path)
    except OSError:
        pass
