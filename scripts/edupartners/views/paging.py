"""Lists over numbered pages, so that no page grows with the archive (issue 17): page 1 keeps the list's address
(cases/, browse/theme/x/), page n is <list>/page/n/, and each page says "page n of N" and links to its neighbours,
the first and the last page."""

from __future__ import annotations

from collections.abc import Callable

from .context import Context

PER_PAGE = 20  # cases on one page of a list
WINDOW = 2  # page numbers shown on each side of the current one


def page_name(name: str, n: int) -> str:
    """cases/index, 2 -> cases/page/2; browse/theme/x, 2 -> browse/theme/x/page/2."""
    if n == 1:
        return name
    return f"{name.removesuffix('/index') if name.endswith('/index') else name}/page/{n}"


def paged(
    ctx: Context,
    name: str,
    template: str,
    src: str,
    items: list,
    per_page: int | None = None,
    shape: Callable[[list], dict] | None = None,
    first: dict | None = None,
    **values,
) -> dict[str, str]:
    """The pages of a list: each gets its share (`items`, or what `shape` makes of it), `total` and `pager`;
    `first` adds values to page 1 only (the filter). `per_page`: PER_PAGE unless given."""
    per_page = per_page or PER_PAGE
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
    out: dict[str, str] = {}
    for n, chunk in enumerate(chunks, 1):
        start = (n - 1) * per_page
        pager = _pager(ctx, name, n, len(chunks), start + 1, start + len(chunk), len(items))
        page_values = {**values, **((first or {}) if n == 1 else {}), **(shape(chunk) if shape else {"items": chunk})}
        out.update(ctx.page(page_name(name, n), template, src, total=len(items), pager=pager, **page_values))
    return out


def _pager(ctx: Context, name: str, n: int, pages: int, first: int, last: int, total: int) -> dict:
    def link(k: int) -> str:
        return f"{page_name(name, k)}.{ctx.lang}.md"

    shown = sorted({1, pages, *range(max(1, n - WINDOW), min(pages, n + WINDOW) + 1)})
    numbers: list[dict] = []
    for k in shown:
        if numbers and k - numbers[-1]["n"] > 1:
            numbers.append({"n": None, "url": None})  # a gap: …
        numbers.append({"n": k, "url": None if k == n else link(k)})
    return {
        "n": n,
        "pages": pages,
        "status": ctx.ui["pager_status"].format(n=n, pages=pages, first=first, last=last, total=total),
        "suffix": " · " + ctx.ui["pager_page"].format(n=n) if n > 1 else "",  # after the page's title
        "previous": link(n - 1) if n > 1 else None,
        "next": link(n + 1) if n < pages else None,
        "numbers": numbers,
    }
