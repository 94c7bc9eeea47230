"""Search for the built site: Pagefind, fed a Thai-segmented, index-only copy of each page.

Why and how (figures in dev/search.md):

* Pagefind writes one index per ``<html lang>`` and loads it in small chunks, so a reader gets results in the
  language of the page and downloads a few dozen KB, not the whole archive.
* Thai has no spaces between words. Before indexing, every run of Thai text in an index-only copy of each page
  is cut into words with PyThaiNLP ``newmm`` and a custom dictionary made from the project's own names
  (vocabularies, case and tool titles, Thai province names), so proper nouns stay whole. Words are joined with
  U+2009 (thin space), which Pagefind treats as a word break and the search UI removes from excerpts.
* A compound word is also indexed by its inner suffixes (``การศึกษา`` adds ``ศึกษา``), written between
  ``⁅ ⁆`` right after it. Pagefind matches query words as prefixes, so every word inside a compound is found;
  the search UI removes the bracketed part from excerpts and moves the highlight onto the compound.
* The query side cuts the reader's Thai query into words with the *same* vocabulary: the atomic words of the
  index, shipped as small files keyed by prefix (``pagefind/thai/<code points>.txt``, see ``write_dictionary``)
  and fetched only for the prefixes the query contains. Pagefind's own Thai query segmentation
  (``Intl.Segmenter``, ICU) disagrees with ``newmm`` on 2 of 3 Thai runs, so it is switched off by a checked
  one-line patch of the bundle.
* Served pages are not changed; only the index sees the segmented copy. Nothing is fetched from outside.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

BUNDLE = "pagefind"  # output folder inside the site
DICT_DIR = "thai"  # query dictionary, inside the bundle
MANIFEST = "split.txt"  # in DICT_DIR: the prefixes that have a dictionary file of their own (see write_dictionary)
DICT_BUCKET_BYTES = 2048  # a dictionary file is split by one more letter while it would be larger than this
DICT_PREFIX_MAX = 24  # ... and while its prefix is shorter than this (file names stay short)
SEP = "\u2009"  # THIN SPACE between Thai words in the index copy: Pagefind splits on it (it does not on U+200B)
OPEN, CLOSE = "\u2045", "\u2046"  # ⁅ ⁆ around the inner words of a compound (index-only)
THAI = re.compile(r"[\u0E01-\u0E4E]+")  # Thai letters, vowels and marks (not Thai digits or ฯ-like signs alone)
THAI_WORD = re.compile(r"^[\u0E01-\u0E4E]+$")
NAME_PREFIXES = ("โรงเรียน", "จังหวัด", "อำเภอ", "ตำบล", "บ้าน", "มูลนิธิ", "สถาบัน", "สำนักงาน", "กองทุน",
                 "โครงการ", "บริษัท", "เครือข่าย", "มหาวิทยาลัย", "กรุง")
STARTERS = [chr(c) for c in (*range(0x0E01, 0x0E2F), *range(0x0E40, 0x0E45))]  # consonants, leading vowels
# Index-only characters. Pagefind drops punctuation from the words it indexes (a word of punctuation only is not
# indexed at all), but keeps it in the page text that excerpts are made from. A hidden character is written as
# two punctuation marks from the Supplemental Punctuation block (U+2E00+v//32, U+2E30+v%32, where v is the
# character's code point, or 0x300 + its offset in the Thai block); ep-search.js turns the pairs back into
# text. Both ranges are punctuation (Po/Ps/Pe/Pd/Pi/Pf) in every Unicode version since 14.
# Safety: only Thai letters and marks (U+0E01-U+0E4E) and ASCII letters are ever hidden, and a pair decodes
# only to those (HIDDEN_ALPHABET); the browser writes excerpts as text nodes, never as HTML. Characters of the
# page's own text that the browser would otherwise read as index-only (the two pair ranges, ESC, ⁅ ⁆, and '&'
# starting one of the entities Pagefind writes in excerpts) are written with ESC before them, which the
# browser drops while keeping the next character as it is (see protect()). So nothing a contributor writes can
# turn into other characters, let alone markup, in a search result. Two uses of hidden characters:
# * Thai combining marks (vowels above/below, tone marks). Pagefind strips \p{M} from the query and, when a word
#   has marks, stores it twice (with and without), each with its own list of positions. Hidden marks make the
#   copy's words mark-free, so each Thai word is stored once, in the very form the query is looked up in.
# * Occurrences after the MAX_PER_PAGE-th of a word on one page. Pagefind stores every position of every word;
#   a common word (และ, ของ, school) would otherwise cost its number of occurrences in the whole archive. The
#   first few per page are enough to find and rank the page (term frequency saturates in Pagefind's BM25).
HIDE_HIGH, HIDE_LOW = 0x2E00, 0x2E30
HIDDEN_ALPHABET = re.compile(r"[A-Za-z\u0E01-\u0E4E]")  # all that is ever hidden, and all a pair decodes to
ESC = "\u2E2A"  # (punctuation, not in either pair range): the next character is the page's own, shown as is
# What ESC goes before in the index copy: Supplemental Punctuation U+2E00-U+2E7F (the pair ranges and ESC),
# the ⁅ ⁆ brackets, and '&' starting an entity the browser decodes in Pagefind's excerpts.
_PROTECTED = re.compile("[\u2045\u2046\u2e00-\u2e7f]|&(?=(?:lt|gt|amp|quot|#39);)")
THAI_MARKS = re.compile(r"[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]")
MAX_PER_PAGE = 3
# At most this many combining marks (Unicode Mn/Me) in a row before text is segmented: real Thai stacks at most
# two or three on a letter, and a letter followed by tens of thousands of tone marks makes newmm super-linear
# (minutes for one page). See cap_marks().
MAX_MARKS = 3
# The same cap for Latin words on English pages. Higher than Thai's: English ranking (BM25) needs more of the
# term frequency to keep a case that is about a place above the short listing page of that place.
MAX_LATIN_PER_PAGE = int(os.environ.get("EP_SEARCH_LATIN_CAP", "8"))
# Pagefind cuts the word index into chunks of about this many word positions (default 20,000) and a query
# downloads the one chunk each of its words falls in. Smaller chunks: fewer bytes per query word, a slightly
# larger metadata file (one from/to entry per chunk). The setting is Pagefind's "unstable" environment
# variable; if a later Pagefind drops it, search still works, with larger chunks (re-run the benchmark).
INDEX_CHUNK_SIZE = "2000"
LISTING_FOLDERS = ("browse",)
LISTING_WEIGHT = 0.2
ROOT_SELECTOR = "article.md-content__inner"
# Not indexed: Material's buttons, and furniture repeated on every case page that no reader searches for
# ("Print / save as PDF", the edit links, the project's own note on a source's seed file). The fact labels
# ("Programme", "Level", ...) stay: leaving them out saved under 1 KB per query at 2,000 cases but moved two
# expected pages from 1st to 2nd (dev/search.md, run 4).
EXCLUDE_SELECTORS = (".headerlink", ".md-content__button", ".ep-banner", ".ep-actions",
                     ".ep-contribute", ".ep-seed")
# Pagefind (1.4+) segments Thai queries with Intl.Segmenter (ICU). ICU and newmm disagree, so the query is
# segmented by our own script with the index's own vocabulary, and Pagefind's is turned off for Thai.
SEGMENTING_LANGUAGES = ('["zh","ja","th"]', '["zh","ja"]')
PATCHED_FILES = ("pagefind.js", "pagefind-worker.js")
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                       "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


class SearchBuildError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------- dictionary

def custom_words(root: Path) -> set[str]:
    """Thai names from the project's own records, which must never be cut: vocabularies, titles, provinces."""
    from .archive import load_archive, thai_provinces
    from .problems import Report

    archive = load_archive(Path(root), Report(Path(root)))
    names: list[str] = []
    for entries in archive.vocab.values():
        for entry in entries.values():
            for key in ("name", "short"):
                value = entry.get(key)
                if isinstance(value, dict) and isinstance(value.get("th"), str):
                    names.append(value["th"])
            tool_set = entry.get("tool_set")
            if isinstance(tool_set, dict) and isinstance(tool_set.get("name"), dict):
                names.append(tool_set["name"].get("th", ""))
    for record in archive.records:
        title = record.data.get("title")
        title = title.get("th", "") if isinstance(title, dict) else ""
        if record.kind == "tool":
            names.append(title)  # a tool's title is its name
        else:  # a case title is a sentence: take only the names in it (runs that start โรงเรียน, จังหวัด, ...)
            names += [run for run in THAI.findall(title) if run.startswith(NAME_PREFIXES)]
    names += [names_["th"] for names_ in thai_provinces().values()]
    return words_of(names)


def words_of(names: Iterable[str]) -> set[str]:
    """Dictionary entries from names: each unspaced Thai run of two or more letters, as written and without a
    leading generic word such as โรงเรียน or จังหวัด."""
    out = set()
    for name in names:
        for run in THAI.findall(cap_marks(name or "")):
            if len(run) >= 2:
                out.add(run)
            for prefix in NAME_PREFIXES:  # โรงเรียนพยุหะพิทยาคม -> also พยุหะพิทยาคม
                if run.startswith(prefix) and len(run) - len(prefix) >= 2:
                    out.add(run[len(prefix):])
    return out


class ThaiSegmenter:
    """PyThaiNLP newmm with the default word list plus the project's names; results cached per run."""

    def __init__(self, custom: Iterable[str] = ()):
        from pythainlp.corpus.common import thai_words
        from pythainlp.util import Trie

        self.custom = frozenset(w for w in custom if THAI_WORD.match(w))
        self.words = frozenset(thai_words()) | self.custom
        self.trie = Trie(self.words)
        self._runs: dict[str, list[str]] = {}
        self._inner: dict[str, list[str]] = {}
        self.atoms: set[str] = set()  # every word the query side may need: atomic tokens and inner words

    def tokens(self, run: str) -> list[str]:
        run = cap_marks(run)
        cached = self._runs.get(run)
        if cached is None:
            from pythainlp.tokenize import word_tokenize

            cached = [t for t in word_tokenize(run, custom_dict=self.trie, engine="newmm", keep_whitespace=False)
                      if t.strip()]
            self._runs[run] = cached
        return cached

    def inner(self, word: str) -> list[str]:
        """How a word splits when it is not itself in the dictionary ([] if it does not split)."""
        cached = self._inner.get(word)
        if cached is None:
            cached = []
            if len(word) >= 3:
                parts = _segment_thai(word, _Without(self.words, word))
                if len(parts) > 1 and all(len(p) >= 3 and p[0] in STARTERS for p in parts):
                    cached = parts
            self._inner[word] = cached
        return cached

    def expansions(self, word: str, depth: int = 0) -> list[str]:
        """Inner suffixes of a compound (and of its parts): the words a reader may search for inside it."""
        parts = self.inner(word) if depth < 8 else []
        if not parts:
            self.atoms.add(word)
            return []
        if word in self.custom:
            self.atoms.add(word)  # names stay whole on the query side too
        out = ["".join(parts[i:]) for i in range(1, len(parts))]
        for part in parts:
            out += self.expansions(part, depth + 1)
        return list(dict.fromkeys(out))

    def index_run(self, run: str, seen: dict[str, int] | None = None) -> str:
        """A Thai run as the index should see it: words joined by U+2009, compounds followed by ⁅inner words⁆.
        With `seen` (one dict per page: word -> times indexed), as written into the index copy: marks hidden,
        and a word, and each inner word, indexed at most MAX_PER_PAGE times per page; later occurrences are
        written hidden (index-only characters, see HIDE_HIGH) and their inner words are left out."""
        out = []
        for token in self.tokens(run):
            extra = self.expansions(token)
            if seen is not None:
                if not _count(seen, token):
                    out.append(hidden(token))
                    continue
                extra = [w for w in extra if _count(seen, w)]
            words = [token] + ([OPEN, *extra, CLOSE] if extra else [])
            out.append(SEP.join(words if seen is None else map(unmarked, words)))
        return SEP.join(out)

    def index_text(self, text: str, seen: dict[str, int] | None = None) -> str:
        """Index copy of a text node: Thai runs cut into words; with `seen` (per page), Thai words past
        MAX_PER_PAGE occurrences are hidden. Latin words are left as they are: capping them too moved an English
        case page out of the top results ('Mae Hong Son'), and English meets the budget without it.
        Runs of combining marks are capped first (cap_marks)."""
        return THAI.sub(lambda m: self.index_run(m.group(0), seen), cap_marks(text))


@lru_cache(maxsize=1)
def _mark_runs() -> tuple[re.Pattern, re.Pattern]:
    """Runs of more than MAX_MARKS combining marks (general category Mn or Me; Thai U+0E31, U+0E34-U+0E3A,
    U+0E47-U+0E4E among them), for text within the BMP and for any text. Marks exist only in planes 0, 1 and 14.
    Two patterns because a character class reaching beyond the BMP is matched range by range (30x slower)."""
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
    """Text with every run of combining marks cut to its first MAX_MARKS: the form that is segmented and indexed.
    Used wherever text is segmented (index copy, dictionary names, queries)."""
    bmp, everything = _mark_runs()
    return (everything if _ASTRAL.search(text) else bmp).sub(r"\1", text)


def protect(text: str) -> str:
    """A page's own text, with ESC before each character the browser would otherwise take for index-only
    (hidden pairs, ⁅ ⁆, ESC itself, '&' of an entity Pagefind writes): it is then shown exactly as written."""
    return _PROTECTED.sub(lambda m: ESC + m.group(0), text)


def _count(seen: dict[str, int], word: str) -> bool:
    """Count one occurrence of a word on a page; False once it has been indexed MAX_PER_PAGE times."""
    n = seen.get(word, 0)
    seen[word] = n + 1
    return n < MAX_PER_PAGE


def _hide(c: str) -> str:
    if not HIDDEN_ALPHABET.match(c):  # only letters are hidden; anything else is written as it is
        return c
    cp = ord(c)
    v = cp - 0x0E00 + 0x300 if 0x0E00 <= cp <= 0x0E7F else cp
    return chr(HIDE_HIGH + v // 32) + chr(HIDE_LOW + v % 32)


def hidden(text: str) -> str:
    """Text Pagefind shows in excerpts but does not index (the browser turns it back)."""
    return "".join(map(_hide, text))


def unmarked(word: str) -> str:
    """A Thai word with its combining marks hidden: indexed in Pagefind's mark-free form only, shown whole."""
    return THAI_MARKS.sub(lambda m: _hide(m.group(0)), word)


_HIDDEN = re.compile(f"{ESC}(.)|([\u2e00-\u2e1f])([\u2e30-\u2e4f])", re.S)


def reveal(text: str) -> str:
    """Python twin of the browser's decoding of index-only characters (`excerpt()` in ep-search.js; tests): ESC
    keeps the next character as it is; a pair becomes the letter it hides, and stays as it is if it does not
    hide a letter."""
    def one(m: re.Match) -> str:
        if m.group(1) is not None:
            return m.group(1)
        v = (ord(m.group(2)) - HIDE_HIGH) * 32 + ord(m.group(3)) - HIDE_LOW
        c = chr(v - 0x300 + 0x0E00 if v >= 0x300 else v)
        return c if HIDDEN_ALPHABET.match(c) else m.group(0)
    return _HIDDEN.sub(one, text)


class _Without:
    """A word list minus one word, and without words under three letters (to find how a word splits into
    parts a reader would search for, not into syllable-sized dictionary fragments)."""

    def __init__(self, words: frozenset[str], word: str):
        self.words, self.word = words, word

    def __contains__(self, item: str) -> bool:
        return len(item) >= 3 and item != self.word and item in self.words


# --------------------------------------------------------------------------------------------- pages

_ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*"[^>]*>)(.*?)(</article>)', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_TEXT = re.compile(r">([^<]+)<")
_SKIPPED = re.compile(r'<(script|style|noscript|template)\b.*?</\1>|<a [^>]*class="[^"]*\b(?:headerlink|md-content__button)\b[^"]*"[^>]*>.*?</a>', re.S)


_HTML_EN = re.compile(r'<html[^>]*\blang="en')
_LATIN = re.compile(r"[A-Za-z]+")


def _cap_latin(text: str, seen: dict[str, int], english: bool) -> str:
    """On English pages, a Latin word after its MAX_LATIN_PER_PAGE-th occurrence on the page is written hidden:
    Pagefind drops a word made only of punctuation, so it is neither indexed nor junk (on Thai pages it would
    be kept as a junk word, so Latin words there are left alone). `text` is plain text (references decoded)."""
    if not english or not MAX_LATIN_PER_PAGE:
        return text

    def one(m: re.Match) -> str:
        word = m.group(0)
        key = "\0" + word.lower()  # its own namespace in the page's counts
        n = seen.get(key, 0)
        seen[key] = n + 1
        return word if n < MAX_LATIN_PER_PAGE else hidden(word)
    return _LATIN.sub(one, text)


def _index_node(source: str, seg: ThaiSegmenter, seen: dict[str, int], english: bool) -> str:
    """One text node of the index copy. Character references are decoded first (Pagefind decodes them too, so
    `&#x2E01;` is the same character as a literal one), the page's own text is protected, then Thai words are
    cut and capped, Latin words capped, and the result written back as HTML text."""
    text = protect(html.unescape(source))
    return html.escape(_cap_latin(seg.index_text(text, seen), seen, english), quote=False)


def index_copy(page: str, seg: ThaiSegmenter, listing: bool = False) -> str | None:
    """The index-only copy of one built page, or None for pages without an article (404, redirects).
    Listing pages (browse/, the case and tool indexes) repeat every title and summary: they are indexed
    with a low weight, so the case or tool page itself ranks first."""
    match = _ARTICLE.search(page)
    if not match:
        return None
    opening, body, closing = match.groups()
    h1 = _H1.search(body)
    title = html.unescape(_TAG.sub("", h1.group(1))).replace("¶", "").strip() if h1 else ""
    # Elements Pagefind skips are dropped from the copy, so that the per-page counts only see indexed text.
    body = _SKIPPED.sub("", body)
    seen: dict[str, int] = {}
    english = bool(_HTML_EN.search(page[:2000]))
    body = _TEXT.sub(lambda m: ">" + _index_node(m.group(1), seg, seen, english) + "<", body)
    attrs = ' data-pagefind-body'
    if listing:
        body = f'<div data-pagefind-weight="{LISTING_WEIGHT}">{body}</div>'
    if title:
        attrs += f' data-pagefind-meta="title:{html.escape(title, quote=True)}"'
    opening = opening[:-1] + attrs + ">"
    return page[:match.start()] + opening + body + closing + page[match.end():]


def is_listing(rel: Path) -> bool:
    parts = rel.parts[1:] if rel.parts[0] == "en" else rel.parts
    return bool(parts) and (parts[0] in LISTING_FOLDERS or (len(parts) == 2 and parts[1] == "index.html"
                                                            and parts[0] in ("cases", "tools")))


def site_pages(site_dir: Path) -> Iterable[Path]:
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).parts
        if rel[0] in (BUNDLE, "assets", "search") or path.name == "404.html":
            continue
        yield path


# --------------------------------------------------------------------------------------------- build

def site_root(site_dir: Path) -> Path:
    """The top of the built site, even if MkDocs' config still points at a language folder (site/en)."""
    for folder in (site_dir, *site_dir.parents):
        if (folder / "sitemap.xml").is_file() and (folder / "404.html").is_file():
            return folder
    return site_dir


def pagefind_executable() -> Path:
    """The standard Pagefind binary from PyPI (pagefind[bin]). Not the extended one: it would re-cut the
    already segmented Thai with its own dictionary."""
    configured = os.environ.get("EP_PAGEFIND_BINARY")
    if configured:
        return Path(configured)
    from pagefind_bin import get_executable

    return get_executable()


def build_index(site_dir: Path, root: Path, custom: Iterable[str] | None = None, quiet: bool = True) -> dict:
    """Index a built site in place: writes site_dir/pagefind/ and returns figures for logs and benchmarks."""
    site_dir, root = Path(site_dir), Path(root)
    seg = ThaiSegmenter(custom_words(root) if custom is None else custom)
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    pages = 0
    with tempfile.TemporaryDirectory(prefix="ep-search-") as tmp:
        stage = Path(tmp) / "site"
        for path in site_pages(site_dir):
            copy = index_copy(path.read_text("utf-8"), seg, is_listing(path.relative_to(site_dir)))
            if copy is None:
                continue
            target = stage / path.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, "utf-8")
            pages += 1
        if not pages:
            raise SearchBuildError(f"no pages to index in {site_dir}")
        cmd = [str(pagefind_executable()), "--site", str(stage), "--output-path", str(bundle),
               "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS)]
        if quiet:
            cmd.append("--quiet")
        env = dict(os.environ)
        env.setdefault("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", INDEX_CHUNK_SIZE)
        result = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise SearchBuildError("pagefind failed:\n" + result.stdout + result.stderr)
    patch_bundle(bundle)
    words = write_dictionary(bundle / DICT_DIR, seg.atoms)
    return {"pages": pages, "dictionary_words": words, "custom_words": len(seg.custom)}


def patch_bundle(bundle: Path) -> None:
    """Turn off Pagefind's ICU segmentation of Thai queries (our script segments them); fail loudly if the
    bundle no longer looks the way this patch expects (a Pagefind upgrade must be re-checked)."""
    old, new = SEGMENTING_LANGUAGES
    for name in PATCHED_FILES:
        path = bundle / name
        text = path.read_text("utf-8")
        if text.count(old) != 1:
            raise SearchBuildError(f"{path}: expected exactly one {old}; re-check Thai query segmentation "
                                   "after upgrading Pagefind (see dev/search.md)")
        path.write_text(text.replace(old, new), "utf-8")
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)


def write_dictionary(folder: Path, words: Iterable[str]) -> int:
    """The query-side vocabulary, split into small files by prefix, one word per line, sorted.

    Each first letter has a file (``<hex code point>.txt``, so the browser never gets a 404). A file whose words
    would exceed DICT_BUCKET_BYTES hands its largest groups of words sharing one more letter to files of their
    own (``e42-23.txt`` for the prefix ``โร``), largest first, until what is left fits; the split files are
    split the same way. A word stays in the file of the longest split prefix it starts with. The split prefixes
    are listed in ``MANIFEST`` (one per line); for each position of a Thai query the browser fetches the file of
    every listed prefix the query continues with from there, so it gets every word that could start there and
    no other large file. Returns the number of words."""
    by_first: dict[str, set[str]] = defaultdict(set)
    for word in words:
        if THAI_WORD.match(word):
            by_first[word[0]].add(word)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for first in STARTERS:  # a file for every letter a word can start with, so the browser never gets a 404
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
    if _bucket_bytes(rest) > DICT_BUCKET_BYTES and len(prefix) < DICT_PREFIX_MAX:
        children: dict[str, set[str]] = defaultdict(set)
        for word in rest:
            if len(word) > len(prefix):
                children[word[:len(prefix) + 1]].add(word)
        for child, words in sorted(children.items(), key=lambda kv: (-_bucket_bytes(kv[1]), kv[0])):
            if _bucket_bytes(rest) <= DICT_BUCKET_BYTES:
                break
            rest -= words
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
            while i + k <= len(run) and run[i:i + k] in split:
                out[bucket_name(run[i:i + k])] = None
                k += 1
    return list(out)


# --------------------------------------------------------------------------------------------- queries

def segment_query(query: str, vocabulary: set[str]) -> list[str]:
    """Python twin of the browser's query segmentation (overrides/partials/ep-search.js), for tests and
    benchmarks: fewest unknown letters first, then fewest words, over the index's own vocabulary."""
    out: list[str] = []
    for piece in cap_marks(query).split():
        pos = 0
        for m in THAI.finditer(piece):
            out += [w for w in _split_latin(piece[pos:m.start()])]
            out += _segment_thai(m.group(0), vocabulary)
            pos = m.end()
        out += _split_latin(piece[pos:])
    return out


def _split_latin(text: str) -> list[str]:
    return [text] if text.strip() else []


def _segment_thai(run: str, vocabulary: set[str]) -> list[str]:
    n = len(run)
    best: list[tuple[int, int, int, bool] | None] = [None] * (n + 1)  # (unknown, words, prev, known)
    best[0] = (0, 0, -1, True)
    for i in range(n):
        if best[i] is None:
            continue
        unknown, count = best[i][0], best[i][1]
        for j in range(i + 1, n + 1):
            if run[i:j] in vocabulary:
                cand = (unknown, count + 1, i, True)
                if best[j] is None or cand[:2] < best[j][:2]:
                    best[j] = cand
        cand = (unknown + 1, count + 1, i, False)
        if best[i + 1] is None or cand[:2] < best[i + 1][:2]:
            best[i + 1] = cand
    words, j = [], n
    while j > 0:
        _, _, i, known = best[j]
        words.append((run[i:j], known))
        j = i
    words.reverse()
    merged: list[str] = []
    last_known = True
    for word, known in words:
        if not known and not last_known:
            merged[-1] += word
        else:
            merged.append(word)
        last_known = known
    return merged
