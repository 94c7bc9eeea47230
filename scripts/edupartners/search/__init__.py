"""Search for the built site: our own small static index, one per language, with Thai cut into words by one
dictionary and one algorithm on both sides (the index here, the reader's query in overrides/partials/ep-search.js).

    pages.py   the built pages: address, language, title and the text a reader sees
    thai.py    the Thai dictionary and the cut (the browser has a line-for-line twin)
    words.py   the terms of a text (index) and of a query (lookup): Thai words and their parts, Latin words
    names.py   the project's names: dictionary entries, and aliases a page answers to
    rank.py    BM25 scores, computed at build time
    store.py   the files under site/search/ and the Thai dictionary split by prefix
    build.py   all of it, for our MkDocs plugin (on_post_build)

Why not Pagefind, and what it costs: dev/search.md.
"""

from .build import SearchBuildError, build_index, site_root

__all__ = ["SearchBuildError", "build_index", "site_root"]
