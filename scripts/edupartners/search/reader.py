"""Python twin of the browser's search (ep-search.js `lookup`), reading the written files: for tests and
benchmarks, which need result sets for hundreds of queries without a browser."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from . import store
from .thai import Dictionary
from .words import query_terms


class Reader:
    def __init__(self, site: Path, thai: Dictionary | None = None):
        self.bundle = Path(site) / "search"
        self.meta = json.loads((self.bundle / "meta.json").read_text("utf-8"))
        self.thai = thai or Dictionary(base=self._dictionary())

    def _dictionary(self) -> list[str]:
        folder = self.bundle / store.DICT_DIR
        return [
            w for p in folder.glob("*.txt") if p.name != store.MANIFEST for w in p.read_text("utf-8").split("\n") if w
        ]

    @cache  # noqa: B019 - a Reader lives as long as the site it reads; its buckets are worth keeping
    def _bucket(self, lang: str, number: int) -> dict:
        return json.loads((self.bundle / lang / "w" / f"{number}.json").read_text("utf-8"))

    def postings(self, lang: str, term: str) -> dict[int, int]:
        """page id -> score for one term."""
        found = self._bucket(lang, store.fnv(term) % self.meta[lang]["buckets"]).get(term)
        if not found:
            return {}
        ids, page = [], 0
        for delta in found[0]:
            page += delta
            ids.append(page)
        return dict(zip(ids, found[1]))

    def search(self, lang: str, query: str) -> list[int]:
        """Page ids that hold every term of the query, best first (ties: lower id first)."""
        terms = query_terms(query, self.thai)
        if not terms:
            return []
        lists = [self.postings(lang, t) for t in terms]
        common = set(lists[0]).intersection(*lists[1:])
        return sorted(common, key=lambda p: (-sum(scores[p] for scores in lists), p))

    def page(self, lang: str, page_id: int) -> dict:
        return json.loads((self.bundle / lang / "p" / f"{page_id}.json").read_text("utf-8"))
