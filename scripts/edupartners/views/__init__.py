"""Page builders, one per output: each takes a language's `Context` (context.py) and returns
{path relative to docs/: content} or, where a builder makes one file per record, yields (path, content) pairs.
`generate.pages` is the site map that calls them.

    record.py     case pages, tool pages (one record template) and the pages left at a case's old addresses
    listings.py   the cases index, the tools index, browse pages per facet value, the browse index, the map,
                  the timeline and translation coverage
    home.py       the home page
    data.py       the data dictionary page and the files of data/, media/, schema/ and assets/fonts/
"""
