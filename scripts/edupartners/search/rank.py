"""Scores, computed once at build time: BM25 for each (term, page), stored as a small integer. A query's score
for a page is the sum over its terms, so the browser ranks with additions only.

A word of the title counts TITLE_WEIGHT times, an alias (names.py) ALIAS_WEIGHT times; listing pages (browse/,
the case and tool indexes), which repeat every title and summary, score LISTING_WEIGHT of what they would, so the
case or tool itself comes first."""

from __future__ import annotations

import math
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


def score_all(pages: list[tuple[Counter, int, bool]]) -> dict[str, list[tuple[int, int]]]:
    """pages: (term counts, length in words, listing) per page id -> term -> [(page id, score)] by page id."""
    total = len(pages)
    average = sum(length for _, length, _ in pages) / max(total, 1) or 1
    df: Counter = Counter()
    for counts, _, _ in pages:
        df.update(counts.keys())
    out: dict[str, list[tuple[int, int]]] = {term: [] for term in df}
    for page_id, (counts, length, listing) in enumerate(pages):
        norm = K1 * (1 - B + B * length / average)
        for term, tf in counts.items():
            idf = math.log(1 + (total - df[term] + 0.5) / (df[term] + 0.5))
            score = idf * tf * (K1 + 1) / (tf + norm) * (LISTING_WEIGHT if listing else 1)
            out[term].append((page_id, min(MAX_SCORE, max(1, round(score * SCALE)))))
    return out
