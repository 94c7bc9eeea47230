"""Index a built site in place: site/search/ (see store.py), one index per language."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import cache, names, rank, store
from .pages import FOLDER, site_pages
from .thai import Dictionary
from .words import term_counts, words


class SearchBuildError(RuntimeError):
    pass


def site_root(site_dir: Path) -> Path:
    """The top of the built site, even if MkDocs' config still points at a language folder (site/en)."""
    for folder in (site_dir, *site_dir.parents):
        if (folder / "sitemap.xml").is_file() and (folder / "404.html").is_file():
            return folder
    return site_dir


def project_words(root: Path, site: Path) -> tuple[Dictionary, dict[str, list[str]]]:
    """The dictionary (PyThaiNLP's words and the project's names) and the aliases of each page."""
    project = names.load(root, site)
    found, atoms = names.dictionary_names(project)
    return Dictionary(found, atoms), names.page_names(project)


def build_index(site_dir: Path, root: Path) -> dict:
    """Write site_dir/search/ for the built site (site_dir/data/ must be there); returns figures for logs and
    benchmarks. Pages are read one at a time: each page's file is written and its text dropped as it is counted,
    so memory holds the term counts, not the site."""
    site_dir = Path(site_dir)
    thai, aliases = project_words(root, site_dir)
    cache.load(thai, root)  # cuts of an earlier build, where still right
    bundle = site_dir / FOLDER
    shutil.rmtree(bundle, ignore_errors=True)
    by_lang = {"th": rank.Postings(), "en": rank.Postings()}
    for lang in by_lang:
        (bundle / lang / "p").mkdir(parents=True)  # once, not per page
    for page in site_pages(site_dir):
        postings = by_lang[page.lang]
        store.write_page(bundle / page.lang, len(postings), page)
        body = words(page.text, thai)
        alias_text = " ".join(names.for_page(aliases, page.url))
        title, alias = (term_counts(words(text, thai), thai) for text in (page.title, alias_text))
        postings.add(rank.page_counts(term_counts(body, thai), title, alias), len(body), page.listing)
    if not any(len(p) for p in by_lang.values()):
        raise SearchBuildError(f"no pages to index in {site_dir}")
    meta = {lang: store.write_language(bundle / lang, p.scores(), len(p)) for lang, p in by_lang.items()}
    dictionary_words = store.write_dictionary(bundle / store.DICT_DIR, thai.words)
    store.write_meta(bundle, meta)
    cache.save(thai, root)
    return {
        "pages": sum(len(p) for p in by_lang.values()),
        "dictionary_words": dictionary_words,
        "names": len(thai.names),
    }
