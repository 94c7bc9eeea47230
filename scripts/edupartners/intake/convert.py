"""Converting the values of an issue body into the data of case.yaml and the two narratives, or every problem.

Each field is its own step below, in the order of case.yaml; the steps add problems to one list, and nothing is
returned unless the list stays empty. Values are screened (screen.py) before any step looks at them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .. import dates
from ..archive import LANGUAGES
from ..problems import Problem
from ..scaffold import Choices, Term, check_slug
from .body import norm_label
from .fields import CONSENT, FIELDS, LEVELS, IntakeError, is_about, problem
from .screen import URL, screen

_NUMBER_CITE = re.compile(r"\[(\d{1,2})\](?!\()")
_ONE_LINE = ("title_th", "title_en", "slug", "period_start", "period_end")
MAX_LINES = 30  # organisations and sources


def convert(
    values: dict[str, str], choices: Choices, slug: str | None = None, today: date | None = None
) -> tuple[str, dict, dict[str, str]]:
    """Form values -> (slug, case data, {lang: narrative}); raises IntakeError listing every problem."""
    screened = [p for f in FIELDS if values.get(f.id) for p in screen(f, values[f.id])]
    if screened:  # nothing from a body with active content or oversized text is looked at further
        raise IntakeError(screened)
    form = _Form(values, choices)
    _required(form)
    _one_line(form)
    chosen = _slug(form, slug)
    level, part_of = _level(form)
    data = {  # in the order of case.yaml
        "slug": chosen,
        "level": level,
        "part_of": part_of,
        "title": _pair(form, "title"),
        "summary": _pair(form, "summary"),
        "programme": _programme(form),
        "organisations": _organisations(form),
        "provinces": _terms(form, "provinces", choices.provinces),
        "period": _period(form),
        "themes": _terms(form, "themes", choices.themes),
        "grade_levels": _terms(form, "grade_levels", choices.grade_levels),
    }
    data["sources"], listed = _sources(form)
    narratives = {lang: _narrative(form, lang, listed) for lang in LANGUAGES}
    _consent(form)
    data["review"] = {"verification": "unverified", "reviewed": (today or date.today()).isoformat()}
    if form.problems:
        raise IntakeError(form.problems)
    return chosen, {k: v for k, v in data.items() if v not in (None, [], {})}, narratives


@dataclass
class _Form:
    """The values of one body, the allowed choices, and the problems found so far."""

    values: dict[str, str]
    choices: Choices
    problems: list[Problem] = field(default_factory=list)

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def add(self, field_id: str, en: str, th: str) -> None:
        self.problems.append(problem(field_id, en, th))

    def choice(self, field_id: str, token: str, allowed: list[str]) -> str | None:
        """The token if it is allowed; else a problem naming the allowed values (and the closest one)."""
        if token in allowed:
            return token
        close = difflib.get_close_matches(token, allowed, n=1)
        hint_en, hint_th = (f" Did you mean {close[0]}?", f" หมายถึง {close[0]} หรือไม่") if close else ("", "")
        shown = ", ".join(allowed) if len(allowed) <= 30 else f"{len(allowed)} values"
        self.add(
            field_id,
            f"'{token[:60]}' is not a known value.{hint_en} Allowed: {shown}. "
            "A new one must first be added by a maintainer (see CONTRIBUTING).",
            f"ไม่รู้จักค่า '{token[:60]}'{hint_th} ค่าที่ใช้ได้: {shown} ค่าใหม่ต้องให้ผู้ดูแลเพิ่มก่อน (ดู CONTRIBUTING)",
        )
        return None

    def year_or_date(self, field_id: str, value: str) -> int | str | None:
        """2019, 2562 (converted), 2019-05 or 2019-05-20 -> the Common Era value kept in YAML (dates.from_written)."""
        try:
            return dates.from_written(value)
        except dates.UnreadableDate as exc:
            if exc.reason == "form":
                self.add(
                    field_id,
                    f"'{value[:40]}' is not a year or date; write 2019, 2019-05 or "
                    "2019-05-20 (Buddhist Era years such as 2562 are converted).",
                    f"'{value[:40]}' ไม่ใช่ปีหรือวันที่ ให้เขียน 2562 หรือ 2019 หรือ 2019-05-20",
                )
            elif exc.reason == "range":
                self.add(
                    field_id,
                    f"{exc.year} is outside the years this archive covers.",
                    f"ปี {exc.year} อยู่นอกช่วงปีที่คลังข้อมูลนี้ครอบคลุม",
                )
            else:
                self.add(field_id, f"'{value[:40]}' is not a real date.", f"'{value[:40]}' ไม่ใช่วันที่ที่มีอยู่จริง")
            return None

    def lines(self, key: str) -> list[str]:
        """The non-empty lines of a list field, without list markers."""
        return [ln.strip().lstrip("-*").strip() for ln in self.get(key).split("\n") if ln.strip()]


def _option_ids(value: str) -> list[str]:
    """'educational-equity — ...' or several joined by ', ' -> ['educational-equity', ...]"""
    out = []
    for part in re.split(r",\s+|\n", value):
        part = part.strip().lstrip("-* ").strip()
        if part:
            out.append(part.split()[0].rstrip(",;:") or part[:60])
    return out or ([value.strip()[:60]] if value.strip() else [])


def _slug_from_title(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > 60:
            break
        slug = candidate
    return slug


# ------------------------------------------------------------------------------------------------ one step a field


def _required(form: _Form) -> None:
    for f in FIELDS:
        if f.required and not form.get(f.id):
            form.add(f.id, "this field is required but empty.", "ช่องนี้ต้องกรอก แต่ยังว่างอยู่")


def _one_line(form: _Form) -> None:
    for key in _ONE_LINE:
        if "\n" in form.get(key):
            form.add(key, "write this on one line.", "ให้เขียนในบรรทัดเดียว")


def _slug(form: _Form, given: str | None) -> str:
    """--slug, else the form's field, else from the English title."""
    chosen = given or form.get("slug") or _slug_from_title(form.get("title_en"))
    if not chosen and form.get("title_en"):  # (with no English title, its own report covers this)
        form.add(
            "slug",
            "no folder name: give one in the form or with --slug (the English "
            "title is used when it has Latin letters).",
            "ไม่มีชื่อโฟลเดอร์ ให้ระบุในแบบฟอร์มหรือด้วย --slug",
        )
    elif chosen:
        try:
            check_slug(chosen)
        except ValueError as exc:
            en, _, th = str(exc).partition(" / ")
            form.add("slug", en, th or en)
    return chosen


def _level(form: _Form) -> tuple[str | None, str | None]:
    """(level, part_of); a school-level case must name its programme case."""
    level = part_of = None
    if form.get("level"):
        level = form.choice("level", _option_ids(form.get("level"))[0], [lv[0] for lv in LEVELS])
    if form.get("part_of"):
        part_of = form.choice("part_of", _option_ids(form.get("part_of"))[0], form.choices.programme_cases)
    if level == "school" and not part_of and not any(is_about(p, "part_of") for p in form.problems):
        form.add(
            "part_of",
            "a school-level case must name its programme case.",
            "กรณีศึกษาระดับโรงเรียนต้องระบุกรณีศึกษาระดับโครงการ",
        )
    return level, part_of


def _pair(form: _Form, name: str) -> dict[str, str]:
    return {"th": form.get(f"{name}_th"), "en": form.get(f"{name}_en")}


def _programme(form: _Form) -> str | None:
    if not form.get("programme"):
        return None
    return form.choice("programme", _option_ids(form.get("programme"))[0], [t.id for t in form.choices.programmes])


def _organisations(form: _Form) -> list[dict]:
    """One `organisation-id: role-id` a line."""
    lines = form.lines("organisations")
    if len(lines) > MAX_LINES:
        form.add("organisations", f"list at most {MAX_LINES} organisations.", f"ระบุองค์กรได้ไม่เกิน {MAX_LINES} แห่ง")
        return []
    org_ids, role_ids = [t.id for t in form.choices.organisations], [t.id for t in form.choices.roles]
    out = []
    for line in lines:
        parts = [p.strip() for p in re.split(r"\s*[:—|]\s*|\s+-\s+", line, maxsplit=1)]
        if len(parts) != 2 or not all(parts):
            form.add(
                "organisations",
                f"'{line[:60]}' should be 'organisation-id: role-id'.",
                f"'{line[:60]}' ต้องเขียนเป็น 'รหัสองค์กร: รหัสบทบาท'",
            )
            continue
        org = form.choice("organisations", parts[0], org_ids)
        role = form.choice("organisations", parts[1], role_ids)
        if org and role:
            out.append({"id": org, "role": role})
    return out


def _terms(form: _Form, key: str, terms: list[Term]) -> list[str]:
    """A multiple-choice dropdown: the ids of its answers."""
    allowed = [t.id for t in terms]
    return [t for t in (form.choice(key, tok, allowed) for tok in _option_ids(form.get(key))) if t]


def _period(form: _Form) -> dict:
    period = {}
    if form.get("period_start"):
        period["start"] = form.year_or_date("period_start", form.get("period_start"))
        period["source"] = "source-1"  # the form asks for the start year as the first source gives it
    if form.get("period_end"):
        period["end"] = form.year_or_date("period_end", form.get("period_end"))
    return period


def _sources(form: _Form) -> tuple[list[dict], int]:
    """(sources, how many lines were listed): one `publisher | title | date | https://address` a line."""
    lines = form.lines("sources")
    if len(lines) > MAX_LINES:
        form.add("sources", f"list at most {MAX_LINES} sources.", f"ระบุแหล่งอ้างอิงได้ไม่เกิน {MAX_LINES} รายการ")
        return [], 0
    sources = []
    for n, line in enumerate(lines, 1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or not all(parts):
            form.add(
                "sources",
                f"source {n} should be 'publisher | title | date | https://…' (found {len(parts)} part(s)).",
                f"แหล่งที่ {n} ต้องเขียนเป็น 'ผู้เผยแพร่ | ชื่อเรื่อง | วันที่ | https://…'",
            )
            continue
        publisher, title, when, url = parts
        link = re.fullmatch(r"\[[^\]]*\]\((.+)\)|<(.+)>", url)  # a Markdown link or an autolink: its address
        url = (link.group(1) or link.group(2)).strip() if link else url
        if not URL.match(url):
            form.add(
                "sources",
                f"source {n}: '{url[:60]}' is not a full https:// address.",
                f"แหล่งที่ {n}: '{url[:60]}' ไม่ใช่ที่อยู่ https:// แบบเต็ม",
            )
            continue
        sources.append(
            {
                "id": f"source-{n}",
                "publisher": publisher,
                "title": title,
                "date": form.year_or_date("sources", when),
                "url": url,
            }
        )
    return sources, len(lines)


def _narrative(form: _Form, lang: str, listed: int) -> str:
    """The narrative with [1], [2] turned into [@source-1], [@source-2]; it must have text under its headings."""
    key = f"narrative_{lang}"
    text = form.get(key)
    body = "\n".join(ln for ln in text.split("\n") if not ln.lstrip().startswith("#")).strip()
    if text and not body:
        form.add(key, "only the headings are there; write the text under them.", "มีแต่หัวข้อ ให้เขียนเนื้อหาใต้หัวข้อ")

    def cite(m: re.Match) -> str:
        n = int(m.group(1))
        if listed and not 1 <= n <= listed:  # no sources at all: reported once, above
            form.add(
                key,
                f"[{n}] cites source {n}, but the sources list has {listed}.",
                f"[{n}] อ้างถึงแหล่งที่ {n} แต่รายการแหล่งอ้างอิงมี {listed} รายการ",
            )
        return f"[@source-{n}]"

    return _NUMBER_CITE.sub(cite, text).rstrip() + "\n"


def _consent(form: _Form) -> None:
    consent = form.get("consent")
    ticked = re.findall(r"^\s*[-*]\s*\[([ xX])\]\s*(.+)$", consent, re.M)
    agreed = {norm_label(label) for mark, label in ticked if mark.lower() == "x"}
    if consent and not all(norm_label(f"{th} / {en}") in agreed for th, en in CONSENT):
        form.add("consent", "all confirmations must be ticked.", "ต้องทำเครื่องหมายยืนยันให้ครบทุกข้อ")
