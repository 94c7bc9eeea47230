"""Scores, computed once at build time: BM25 for each (term, page), stored as a small integer. A query's score
for a page is the sum over its terms, so the browser ranks with additions only.

A word of the title counts TITLE_WEIGHT times, an alias (names.py) ALIAS_WEIGHT times; listing pages (browse/,
the case and tool indexes), which repeat every title and summary, score LISTING_WEIGHT of what they would, so the
case or tool itself comes first."""

from __future__ import annotations

import math
from array import array
from collections import Counter

K1, B = 1.2, 0.75  # BM25's usual term saturation and length normalisation
TITLE_WEIGHT = 5
ALIAS_WEIGHT = 5
LISTING_WEIGHT = 0.2
SCALE = 10  # stored score = round(BM25 x SCALE), 1..MAX_SCORE
MAX_SCORE = 255


def page_counts(body: Counter, title: Counter, alias: Counter) -> Counter:
    counts = Counter(body)
    for term, n in title.items():
        counts[term] += TITLE_WEIGHT * n
    for term, n in alias.items():
        counts[term] += ALIAS_WEIGHT * n
    return counts


class Postings:
    """One language's pages, added one at a time as (term counts, length in words, listing); each page's terms are
    kept as two arrays of numbers, not a Counter, so an archive's counts fit in a fraction of the memory."""

    def __init__(self):
        self.terms: dict[str, int] = {}  # term -> its number, in order of first appearance
        self.pages: list[tuple[array, array, int, bool]] = []  # (term numbers, counts, length, listing) by page id

    def __len__(self) -> int:
        return len(self.pages)

    def add(self, counts: Counter, length: int, listing: bool) -> None:
        number = self.terms.setdefault
        terms = array("I", [number(term, len(self.terms)) for term in counts])
        self.pages.append((terms, array("I", counts.values()), length, listing))

    def scores(self) -> dict[str, tuple[array, array]]:
        """term -> (page ids in increasing order, their scores 1..MAX_SCORE)."""
        total = len(self.pages)
        average = sum(length for _, _, length, _ in self.pages) / max(total, 1) or 1
        df = [0] * len(self.terms)
        for terms, _, _, _ in self.pages:
            for term in terms:
                df[term] += 1
        idf = [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in df]
        ids = [array("I") for _ in df]
        scores = [array("B") for _ in df]
        for page_id, (terms, counts, length, listing) in enumerate(self.pages):
            norm = K1 * (1 - B + B * length / average)
            weight = LISTING_WEIGHT if listing else 1
            for term, tf in zip(terms, counts):
                score = idf[term] * tf * (K1 + 1) / (tf + norm) * weight
                ids[term].append(page_id)
                scores[term].append(min(MAX_SCORE, max(1, round(score * SCALE))))
        return {term: (ids[n], scores[n]) for term, n in self.terms.items()}
