"""The files of the index, under site/search/ (read by overrides/partials/ep-search.js).

    search/meta.json               {"v": version, "th": {"pages": n, "buckets": k}, "en": {...}}: fetched first
    search/<lang>/w/<b>.json       postings: {term: [[page id deltas], [scores]]} for the terms whose hash is b
    search/<lang>/p/<id>.json      one page: {"url", "title", "text"}; fetched only for the results on screen
    search/thai/<prefix>.txt       the Thai dictionary, split by prefix; split.txt lists the split prefixes

A term's bucket is FNV-1a (32 bits, over UTF-16 code units) of the term modulo the number of buckets, which is
chosen so that a bucket holds about BUCKET_BYTES: a query fetches one bucket per term, whatever the archive's
size. Nothing in these files grows with the archive except the postings of the terms a query names.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .thai import STARTERS, THAI, THAI_WORD

BUCKET_BYTES = 6000  # raw JSON per postings bucket, on average (about 2-3 KB gzip)
MAX_TEXT = 16000  # characters of a page's text kept for excerpts (listing pages can be far longer)
DICT_DIR = "thai"
MANIFEST = "split.txt"
DICT_BUCKET_BYTES = 2048  # a dictionary file is split by one more letter while it would be larger than this
DICT_PREFIX_MAX = 24  # ... and while its prefix is shorter than this (file names stay short)


def fnv(term: str) -> int:
    h = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def postings_json(ids: Iterable[int], scores: Iterable[int]) -> str:
    """Page ids in increasing order and their scores -> [[id deltas],[scores]] (small numbers compress well)."""
    ids = list(ids)
    return _json([[b - a for a, b in zip([0] + ids, ids)], list(scores)])


def write_page(folder: Path, page_id: int, page) -> None:
    """One page's file, p/<id>.json (the folder is made by build_index), with the start of its text for excerpts."""
    record = {"url": page.url, "title": page.title, "text": page.text[:MAX_TEXT]}
    (folder / "p" / f"{page_id}.json").write_text(_json(record), "utf-8")


def write_language(folder: Path, postings: dict[str, tuple[Iterable[int], Iterable[int]]], pages: int) -> dict:
    """One language's postings buckets (its page files are written by write_page); returns its entry of
    meta.json."""
    encoded = {}
    for term in sorted(postings):  # each term's numbers are dropped once written as JSON
        encoded[term] = postings_json(*postings.pop(term))
    total = sum(len(term) * 3 + len(value) for term, value in encoded.items())
    buckets = max(1, math.ceil(total / BUCKET_BYTES))
    grouped: dict[int, list[str]] = defaultdict(list)
    for term in list(encoded):  # sorted: each bucket lists its terms in order
        grouped[fnv(term) % buckets].append(term)
    (folder / "w").mkdir()
    for b in range(buckets):
        entries = ",".join(f"{_json(term)}:{encoded.pop(term)}" for term in grouped.get(b, []))
        (folder / "w" / f"{b}.json").write_text("{" + entries + "}", "utf-8")
    return {"pages": pages, "buckets": buckets}


def write_meta(bundle: Path, languages: dict[str, dict]) -> None:
    digest = hashlib.sha256()
    for path in sorted(bundle.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(bundle).as_posix().encode() + b"\0" + path.read_bytes())
    (bundle / "meta.json").write_text(_json({"v": digest.hexdigest()[:12], **languages}), "utf-8")


# ----------------------------------------------------------------------------------------------- dictionary


def write_dictionary(folder: Path, words: Iterable[str]) -> int:
    """The Thai dictionary for the browser, split into small files by prefix, one word per line, sorted.

    Each first letter has a file (``<hex code point>.txt``, so the browser never gets a 404). A file whose words
    would exceed DICT_BUCKET_BYTES hands its largest groups of words sharing one more letter to files of their
    own (``e42-23.txt`` for the prefix ``โร``), largest first, until what is left fits; the split files are
    split the same way. A word stays in the file of the longest split prefix it starts with. The split prefixes
    are listed in MANIFEST; for each position of a Thai query the browser fetches the file of every listed
    prefix the query continues with from there (`dictionary_files`), so it has every word that could start
    there. Returns the number of words."""
    by_first: dict[str, set[str]] = defaultdict(set)
    for word in words:
        if THAI_WORD.match(word):
            by_first[word[0]].add(word)
    folder.mkdir(parents=True, exist_ok=True)
    for first in STARTERS:
        by_first.setdefault(first, set())
    split: list[str] = []
    for first, group in by_first.items():
        _write_bucket(folder, first, group, split)
    (folder / MANIFEST).write_text("\n".join(sorted(split)), "utf-8")
    return sum(len(g) for g in by_first.values())


def _bucket_bytes(words: Iterable[str]) -> int:
    return sum(len(w.encode("utf-8")) + 1 for w in words)


def bucket_name(prefix: str) -> str:
    """``e42.txt`` for โ, ``e42-2307.txt`` for โรง: the first letter's code point, then each further letter's
    offset in the Thai block (two hex digits)."""
    rest = "".join(f"{ord(c) - 0x0E00:02x}" for c in prefix[1:])
    return f"{ord(prefix[0]):x}" + (f"-{rest}" if rest else "") + ".txt"


def _write_bucket(folder: Path, prefix: str, group: set[str], split: list[str]) -> None:
    rest = set(group)
    size = _bucket_bytes(rest)  # kept up to date below (summing again each time was most of the dictionary's cost)
    if size > DICT_BUCKET_BYTES and len(prefix) < DICT_PREFIX_MAX:
        children: dict[str, set[str]] = defaultdict(set)
        for word in rest:
            if len(word) > len(prefix):
                children[word[: len(prefix) + 1]].add(word)
        sizes = {child: _bucket_bytes(words) for child, words in children.items()}
        for child, words in sorted(children.items(), key=lambda kv: (-sizes[kv[0]], kv[0])):
            if size <= DICT_BUCKET_BYTES:
                break
            rest -= words
            size -= sizes[child]
            split.append(child)
            _write_bucket(folder, child, words, split)
    (folder / bucket_name(prefix)).write_text("\n".join(sorted(rest)), "utf-8")


def dictionary_files(query: str, split: Iterable[str]) -> list[str]:
    """Python twin of the browser's choice of dictionary files for a query (ep-search.js `files`): for each
    position in each Thai run, the file of its first letter and of every split prefix the run continues with."""
    split = set(split)
    out: dict[str, None] = {}
    for run in THAI.findall(query):
        for i in range(len(run)):
            if run[i] not in STARTERS:
                continue
            out[bucket_name(run[i])] = None
            k = 2
            while i + k <= len(run) and run[i : i + k] in split:
                out[bucket_name(run[i : i + k])] = None
                k += 1
    return list(out)
