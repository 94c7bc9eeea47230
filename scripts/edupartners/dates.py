"""One canonical form (Common Era) in the data; Buddhist Era on Thai pages, Common Era on English pages."""

from __future__ import annotations

import re
from datetime import date

from .ui import UI

BE_OFFSET = 543
MIN_CE, MAX_CE = 1900, 2100
_MONTHS = {
    "th": [
        "มกราคม",
        "กุมภาพันธ์",
        "มีนาคม",
        "เมษายน",
        "พฤษภาคม",
        "มิถุนายน",
        "กรกฎาคม",
        "สิงหาคม",
        "กันยายน",
        "ตุลาคม",
        "พฤศจิกายน",
        "ธันวาคม",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parts(value) -> tuple[int, int | None, int | None]:
    """Split 2019, '2019-05' or '2019-05-20' into (year, month, day). Raises ValueError when impossible."""
    m = _DATE.match(str(value))
    if not m:
        raise ValueError(value)
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(value)
    if day is not None:
        date(year, month, day)  # raises ValueError on 2019-02-30
    return year, month, day


class UnreadableDate(ValueError):
    """Why a written date was refused: reason "form" (not a year or date), "range" (outside MIN_CE..MAX_CE, `year`
    as written) or "real" (no such month or day)."""

    def __init__(self, reason: str, year: str = ""):
        super().__init__(reason)
        self.reason, self.year = reason, year


# as a person writes it (issue forms): an optional era, a year, then perhaps a month and a day of one or two digits
_WRITTEN = re.compile(r"(?:พ\.ศ\.|ค\.ศ\.|B\.E\.|BE|CE)?\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def from_written(text: str) -> int | str:
    """'2019', '2562', 'พ.ศ. 2562-5' or '2019-05-20' -> the canonical value: 2019, '2019-05' or '2019-05-20'.
    A year in the Buddhist Era range becomes Common Era. Raises UnreadableDate."""
    m = _WRITTEN.fullmatch(text.strip())
    if not m:
        raise UnreadableDate("form")
    year = int(m.group(1))
    if MIN_CE + BE_OFFSET <= year <= MAX_CE + BE_OFFSET:
        year -= BE_OFFSET  # พ.ศ. -> ค.ศ.: the data keeps Common Era
    if not MIN_CE <= year <= MAX_CE:
        raise UnreadableDate("range", m.group(1))
    canonical = "-".join([str(year), *(f"{int(g):02d}" for g in m.groups()[1:] if g)])
    try:
        parts(canonical)
    except ValueError:
        raise UnreadableDate("real") from None
    return year if canonical == str(year) else canonical


def sort_key(value) -> tuple[int, int, int]:
    """Chronological order; an unknown date (None) sorts last."""
    if value is None:
        return MAX_CE + 1, 0, 0
    year, month, day = parts(value)
    return year, month or 0, day or 0


def display_year(year: int, lang: str) -> int:
    return year + BE_OFFSET if lang == "th" else year


def format_date(value, lang: str) -> str:
    year, month, day = parts(value)
    shown = display_year(year, lang)
    if month is None:
        return f"พ.ศ. {shown}" if lang == "th" else str(shown)
    month_name = _MONTHS[lang][month - 1]
    if day is None:
        return f"{month_name} {shown}"
    return f"{day} {month_name} {shown}"


def format_period(start, end, lang: str) -> str:
    if start is None:
        unknown = UI[lang]["period_start_unknown"]
        return unknown if end is None else f"{unknown} – {format_date(end, lang)}"
    first = format_date(start, lang)
    if end is None:
        return f"{first} – {UI[lang]['period_present']}"
    if str(start) == str(end):
        return first
    last = format_date(end, lang)
    if lang == "th" and first.startswith("พ.ศ. ") and last.startswith("พ.ศ. "):
        return f"พ.ศ. {first[5:]}–{last[5:]}"
    return f"{first} – {last}"
