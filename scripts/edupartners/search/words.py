"""What is indexed and what is looked up: the terms of a page's text and of a reader's query, the same way on both
sides (ep-search.js `terms` is the browser's twin of `query_terms`).

* Thai runs are cut by the shared dictionary (thai.py). The index also holds the parts of each compound, so
  เหลื่อมล้ำ finds ความเหลื่อมล้ำ; a query word is looked up as it is, never as a prefix.
* Latin words and numbers are lowercased ASCII runs; words of four letters or more lose a plural ending
  (`stem`), so "schools" finds "school" and "studies" finds "study". Nothing more: "teaching" is not "teacher".
"""

from __future__ import annotations

import re
import string
from collections import Counter

from .thai import THAI, Dictionary, cap_marks

TOKEN = re.compile(r"[\u0E01-\u0E4E]+|[a-z0-9]+")
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # ASCII only, as the browser does


def stem(word: str) -> str:
    """A plural ending off a Latin word of four letters or more (twin: ep-search.js `stem`)."""
    if len(word) < 4 or word.isdigit():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"  # studies -> study
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]  # classes -> class, boxes -> box
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]  # cases -> case
    if word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]  # schools -> school; not bus, class, this
    return word


def normal(text: str) -> str:
    """Text in the form that is cut: marks capped, A-Z lowercased."""
    return cap_marks(text).translate(_LOWER)


def words(text: str, thai: Dictionary) -> list[str]:
    """The words of a text, in order: Thai words as cut, Latin words and numbers stemmed."""
    out: list[str] = []
    for m in TOKEN.finditer(normal(text)):
        out += thai.cut(m.group(0)) if THAI.match(m.group(0)) else [stem(m.group(0))]
    return out


def term_counts(found: list[str], thai: Dictionary) -> Counter:
    """How often each term occurs in a list of words, the parts of Thai compounds included: what is indexed."""
    counts: Counter = Counter()
    for word, n in Counter(found).items():  # each distinct word once: pages repeat their words
        if THAI.match(word):
            for term in thai.terms(word):
                counts[term] += n
        else:
            counts[word] += n
    return counts


def query_terms(query: str, thai: Dictionary) -> list[str]:
    """The terms a query looks up (each must be on a page for it to match), in order, without repeats."""
    return list(dict.fromkeys(words(query, thai)))
