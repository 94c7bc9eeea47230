"""Thai words: one dictionary and one way of cutting a run of Thai letters into words, used for the index here and
for the reader's query in the browser (ep-search.js `cut`, its twin).

Thai is written without spaces between words. A run is cut by dynamic programming: fewest letters outside the
dictionary first, then fewest words; letters outside the dictionary that follow each other stay together as one
word ("unknown runs are kept whole"). A word may only start and end where a word can (not before a vowel sign or
tone mark, not after a leading vowel). On the real site this cut agrees with PyThaiNLP's newmm on 1,302 of 1,303
runs (dev/search.md); unlike newmm it fits in a few lines of JavaScript, so both sides cut the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

THAI = re.compile(r"[\u0E01-\u0E4E]+")  # Thai letters, vowels and marks (not digits or signs such as ฯ alone)
THAI_WORD = re.compile(r"^[\u0E01-\u0E2E\u0E40-\u0E44][\u0E01-\u0E4E]*$")  # starts with a consonant or leading vowel
STARTERS = [chr(c) for c in (*range(0x0E01, 0x0E2F), *range(0x0E40, 0x0E45))]  # what a dictionary word starts with
MIN_PART = 3  # the least letters of a part of a word that is indexed on its own (see Dictionary._split)
# Prefixes that make a new word of a word, which readers also search for alone (ความ|เหลื่อมล้ำ, นัก|เรียน).
COMPOUND_PREFIXES = ("ความ", "การ", "นัก", "ผู้", "ชาว", "ปี", "โรง")
# At most this many combining marks (Unicode Mn/Me) in a row before text is segmented: real Thai stacks two or
# three; a letter followed by thousands of tone marks made segmentation take minutes (tests/test_search_safety.py).
MAX_MARKS = 3
# Generic leading words of names: a name is also a word without them (โรงเรียนพยุหะพิทยาคม -> พยุหะพิทยาคม).
NAME_PREFIXES = (
    "โรงเรียน",
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "บ้าน",
    "มูลนิธิ",
    "สถาบัน",
    "สำนักงาน",
    "กองทุน",
    "โครงการ",
    "บริษัท",
    "เครือข่าย",
    "มหาวิทยาลัย",
    "กรุง",
)


class Dictionary:
    """The words a Thai run may be cut into: PyThaiNLP's word list plus the project's own names."""

    def __init__(self, names: Iterable[str] = (), atoms: Iterable[str] = (), base: Iterable[str] | None = None):
        if base is None:
            from pythainlp.corpus.common import thai_words

            base = thai_words()
        self.atoms = frozenset(w for w in atoms if THAI_WORD.match(w))  # never split (province names)
        self.names = frozenset(w for w in names if THAI_WORD.match(w)) | self.atoms
        self.common = frozenset(w for w in base if THAI_WORD.match(w))
        self.words = self.common | self.names
        self._prefixes = frozenset(w[:i] for w in self.words for i in range(1, len(w) + 1))
        self._cuts: dict[str, str] = {}  # run -> its words joined by spaces (a list per run costs ~8x the memory)
        self._known: dict[str, str] = {}  # cuts from an earlier build (cache.py), the same way, until asked for
        self._pieces: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, list[str]] = {}

    def cut(self, run: str) -> list[str]:
        """The words of one Thai run (cached: runs repeat across pages)."""
        out = self._cuts.get(run)
        if out is None:
            out = self._known.pop(run, None) or " ".join(p for p, _ in cut(run, self.words, self._prefixes))
            self._cuts[run] = out
        return out.split(" ")

    def known_cuts(self, cuts: dict[str, str]) -> None:
        """Cuts made before with the same words, each joined by spaces (search/cache.py)."""
        self._known = cuts

    def used_cuts(self) -> dict[str, str]:
        """The cuts asked for so far, each joined by spaces."""
        return self._cuts

    def pieces(self, word: str) -> tuple[str, ...]:
        """The words a word is made of, all of them, where the index should know them (() if none); see `_split`."""
        if word not in self._pieces:
            self._pieces[word] = self._split(word)
        return self._pieces[word]

    def _split(self, word: str) -> tuple[str, ...]:
        """Only where a reader would call the pieces words of their own (measured in dev/search.md):
        * a word made with a productive prefix: ความ|เหลื่อมล้ำ, ปี|การศึกษา (not จัง|หวัด, มูล|นิธิ, ออน|ไลน์:
          a query for หวัด, มูล or ไลน์ must not find them);
        * a long name that the dictionary cuts, without it, into known words: โรงเรียน|พยุหะพิทยาคม,
          สมาคม|พัฒนา|การศึกษา|จังหวัด|แม่ฮ่องสอน. Atoms (province names: นครสวรรค์, not นคร|สวรรค์), names
          that are ordinary words (เครือข่าย) and names with unknown letters (พยุหะพิทยาคม) stay whole."""
        for prefix in COMPOUND_PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= MIN_PART and rest in self.words:
                return (prefix, rest)
        if word not in self.names or word in self.atoms or word in self.common:
            return ()
        pieces = cut(word, self.words, self._prefixes, exclude=word)
        if len(pieces) < 2 or not all(known for _, known in pieces):
            return ()
        return tuple(p for p, _ in pieces)

    def terms(self, word: str) -> list[str]:
        """What the index holds for one word: the word; each of its pieces of MIN_PART letters or more that is not
        a bare prefix, with their own terms; and every run of its smallest pieces that is itself a word
        (โรงเรียนร่วมพัฒนา inside the name โรงเรียนร่วมพัฒนาวิทยา = โรง|เรียน|ร่วม|พัฒนา|วิทยา)."""
        found = self._terms.get(word)
        if found is None:
            found = [word]
            for piece in self.pieces(word):
                if len(piece) >= MIN_PART and piece not in COMPOUND_PREFIXES:
                    found += self.terms(piece)
            leaves = self._leaves(word)
            found += [
                run
                for run in ("".join(leaves[i:j]) for i in range(len(leaves)) for j in range(i + 2, len(leaves) + 1))
                if run in self.words
            ]
            found = self._terms[word] = list(dict.fromkeys(found))
        return found

    def _leaves(self, word: str) -> list[str]:
        pieces = self.pieces(word)
        return [leaf for piece in pieces for leaf in self._leaves(piece)] if pieces else [word]


NOT_FIRST = frozenset(chr(c) for c in (*range(0x0E30, 0x0E3B), 0x0E45, *range(0x0E47, 0x0E4F)))  # vowel signs, marks
NOT_LAST = frozenset(chr(c) for c in range(0x0E40, 0x0E45))  # leading vowels เ แ โ ใ ไ


def boundaries(run: str) -> list[bool]:
    """Where a word may start or end: not before a vowel sign or tone mark, not after a leading vowel."""
    return [k == 0 or k == len(run) or not (run[k] in NOT_FIRST or run[k - 1] in NOT_LAST) for k in range(len(run) + 1)]


def cut(run: str, words: frozenset, prefixes: frozenset, exclude: str = "") -> list[tuple[str, bool]]:
    """(word, known) pairs: fewest unknown letters, then fewest words; ties go to the first found, so the browser's
    twin (ep-search.js `cut`) loops in the same order. `prefixes` holds every prefix of every word (the walk
    stops when there is no longer word); `exclude` is a word not to use (a word is split into other words)."""
    n, ok = len(run), boundaries(run)
    best: list[tuple | None] = [None] * (n + 1)  # (unknown letters, words, start, known)
    best[0] = (0, 0, -1, True)
    for i in range(n):
        if best[i] is None:
            continue
        unknown, count = best[i][0], best[i][1]
        if ok[i]:
            j = i + 1
            while j <= n and run[i:j] in prefixes:
                if ok[j] and run[i:j] in words and run[i:j] != exclude:
                    current = best[j]
                    if current is None or (unknown, count + 1) < (current[0], current[1]):
                        best[j] = (unknown, count + 1, i, True)
                j += 1
        current = best[i + 1]
        if current is None or (unknown + 1, count + 1) < (current[0], current[1]):
            best[i + 1] = (unknown + 1, count + 1, i, False)
    pieces: list[list] = []
    j = n
    while j > 0:
        i, known = best[j][2], best[j][3]
        if not known and pieces and not pieces[-1][1]:
            pieces[-1][0] = run[i:j] + pieces[-1][0]  # unknown letters next to each other stay one word
        else:
            pieces.append([run[i:j], known])
        j = i
    return [(p, k) for p, k in reversed(pieces)]


def words_of(names: Iterable[str]) -> set[str]:
    """Dictionary entries from names: each unspaced Thai run of two or more letters, as written and without a
    leading generic word such as โรงเรียน or จังหวัด."""
    out = set()
    for name in names:
        for run in THAI.findall(cap_marks(name or "")):
            if len(run) >= 2:
                out.add(run)
            for prefix in NAME_PREFIXES:
                if run.startswith(prefix) and len(run) - len(prefix) >= 2:
                    out.add(run[len(prefix) :])
    return out


@lru_cache(maxsize=1)
def _mark_runs() -> tuple[re.Pattern, re.Pattern]:
    """Runs of more than MAX_MARKS combining marks (Mn or Me), for text within the BMP and for any text. Marks
    exist only in planes 0, 1 and 14. Two patterns: a class reaching beyond the BMP is 30x slower."""
    ranges, start = [], None
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000), 0x110000):
        mark = cp < 0x110000 and unicodedata.category(chr(cp)) in ("Mn", "Me")
        if mark and start is None:
            start = cp
        elif not mark and start is not None:
            ranges.append((start, cp - 1))
            start = None

    def runs(spans: list[tuple[int, int]]) -> re.Pattern:
        marks = "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in spans) + "]"
        return re.compile(f"({marks}{{{MAX_MARKS}}}){marks}+")

    return runs([r for r in ranges if r[1] < 0x10000]), runs(ranges)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def cap_marks(text: str) -> str:
    """Text with every run of combining marks cut to its first MAX_MARKS: the form that is cut, indexed and shown
    in results. The browser caps queries the same way."""
    bmp, everything = _mark_runs()
    return (everything if _ASTRAL.search(text) else bmp).sub(r"\1", text)
