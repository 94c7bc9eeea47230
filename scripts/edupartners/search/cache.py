"""The cuts of Thai runs, kept between builds in .cache/search/cuts.json (issue 17: cutting was a third of indexing).

A run's cut depends only on the run and on the dictionary words inside it, so a cached cut stays right while the
dictionary is the same, and when names are added or removed (a new case title) only the runs that contain one of
those names are cut again. The file is written and read only by us; it is plain JSON (never pickle), every cut read
must put its run back together exactly, and anything else in the file — another version of the code, another
PyThaiNLP word list, a damaged file — means the cache is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import islice
from pathlib import Path

from . import thai

FILE = Path(".cache") / "search" / "cuts.json"
SLICE = 10_000  # cuts written at a time
MAX_CHANGED_NAMES = 2000  # more names added or removed than this: start again (checking each run would cost more)


def _version(dictionary: thai.Dictionary) -> str:
    """The code that cuts and the word list it starts from."""
    digest = hashlib.sha256(Path(thai.__file__).read_bytes())
    for word in sorted(dictionary.common):
        digest.update(word.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _path(root: Path) -> Path | None:
    """The cache file, or None if anything on its way is a symbolic link (then there is no cache)."""
    path = Path(root) / FILE
    for part in (path.parent.parent, path.parent, path):
        if part.is_symlink():
            return None
    return path


def load(dictionary: thai.Dictionary, root: Path) -> int:
    """Give the dictionary the cached cuts that are still right; returns how many."""
    path = _path(root)
    if path is None or not path.is_file():
        return 0
    try:
        saved = json.loads(path.read_text("utf-8"))
        if saved.get("version") != _version(dictionary):
            return 0
        changed = set(saved["names"]) ^ dictionary.names
        if len(changed) > MAX_CHANGED_NAMES:
            return 0
        known = {}
        for run, words in saved["cuts"].items():
            if not isinstance(run, str) or words.replace(" ", "") != run or any(name in run for name in changed):
                continue
            known[run] = words
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0
    dictionary.known_cuts(known)
    return len(known)


def save(dictionary: thai.Dictionary, root: Path) -> None:
    """Keep the cuts this build used (not those of runs no page has any more). Written in slices: the file is about
    as large as the archive's Thai text, and one string of it would double the indexer's peak memory."""
    path = _path(root)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    head = _dumps({"version": _version(dictionary), "names": sorted(dictionary.names)})
    cuts = iter(dictionary.used_cuts().items())
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(head[:-1] + ',"cuts":{')
        separator = ""
        while part := dict(islice(cuts, SLICE)):
            out.write(separator + _dumps(part)[1:-1])
            separator = ","
        out.write("}}")
    tmp.replace(path)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
