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
