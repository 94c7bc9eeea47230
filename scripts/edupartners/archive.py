"""Load the archive: vocabularies, cases and tools, each checked against the JSON Schema contract."""

from __future__ import annotations

import gettext
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pycountry

from . import schemas
from .problems import Report
from .sourcefile import Loaded, load_yaml, read_text

LANGUAGES = ("th", "en")  # Thai first: the default language of the site
DEFAULT_LANGUAGE = LANGUAGES[0]  # at the site root; the others under /<lang>/


def lang_prefix(lang: str) -> str:
    """The folder of a language's pages below the site root: "" for the default language, else "<lang>/"."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


KINDS = {"case": "cases", "tool": "tools"}  # record kind -> folder
VOCABULARIES = {  # file in vocab/ -> schema definition
    "programmes": "sourced_terms",
    "organisations": "sourced_terms",
    "roles": "terms",
    "themes": "terms",
    "grade_levels": "terms",
    "provinces": "provinces",
    "regions": "regions",
}


@dataclass
class Record:
    kind: str
    folder: Path
    yaml_path: Path
    loaded: Loaded
    narrative: dict[str, str] = field(default_factory=dict)

    @cached_property
    def data(self) -> dict:  # read millions of times at 2,000 cases: an attribute once looked up
        return self.loaded.data

    @cached_property
    def slug(self) -> str:  # asked for millions of times at 2,000 cases: Path.name is not free
        return self.folder.name

    def narrative_path(self, lang: str) -> Path:
        return self.folder / f"{lang}.md"


@dataclass
class Archive:
    root: Path
    vocab: dict[str, dict[str, dict]]
    vocab_files: dict[str, tuple[Path, Loaded]]
    cases: list[Record]
    tools: list[Record]

    @property
    def records(self) -> list[Record]:
        return self.cases + self.tools

    def province_name(self, code: str, lang: str) -> str:
        override = self.vocab["provinces"].get(code)
        if override:
            return override["name"][lang]
        return thai_provinces().get(code, {}).get(lang, code)

    def region_of(self, code: str) -> str | None:
        return next((rid for rid, r in self.vocab["regions"].items() if code in r.get("provinces", [])), None)

    def cases_using_tool(self, slug: str) -> list[Record]:
        return [c for c in self.cases if slug in c.data.get("tools", [])]


@lru_cache(maxsize=1)
def thai_provinces() -> dict[str, dict[str, str]]:
    """ISO 3166-2:TH code -> {'en': name, 'th': name} from pycountry (Thai names from its gettext catalogue)."""
    try:
        thai = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["th"]).gettext
    except OSError:
        thai = str
    out = {}
    for sub in pycountry.subdivisions.get(country_code="TH"):
        out[sub.code] = {"en": sub.name, "th": thai(sub.name) if thai(sub.name) != sub.name else sub.name}
    return out


def load_archive(root: Path, report: Report, cache: dict | None = None) -> Archive:
    """cache (kept by `serve`, see pipeline.Cache): vocabulary file or record folder -> (signature of its files,
    what was loaded, the problems found); what is unchanged is not read again, its problems are reported again."""
    root = Path(root)
    schema_dir = root / "schema"
    vocab, vocab_files = {}, {}
    for name, definition in VOCABULARIES.items():
        path = root / "vocab" / f"{name}.yaml"
        loaded, valid = _cached(cache, path, report, _load_vocab, path, schema_dir, definition, report)
        if valid:
            vocab_files[name] = (path, loaded)
        entries: dict[str, dict] = {}
        # Index what has an id even when other fields are wrong, so one slip does not cascade.
        for entry in loaded.data if loaded and isinstance(loaded.data, list) else []:
            key = isinstance(entry, dict) and (entry.get("id") or entry.get("code"))
            if isinstance(key, str):
                entries[key] = entry
        vocab[name] = entries
    records = {kind: _load_records(root, kind, schema_dir, report, cache) for kind in KINDS}
    return Archive(root, vocab, vocab_files, records["case"], records["tool"])


def _load_vocab(path: Path, schema_dir: Path, definition: str, report: Report) -> tuple[Loaded | None, bool]:
    loaded = load_yaml(path, report)
    valid = bool(loaded) and schemas.check(schemas.validator(schema_dir, "vocab", definition), loaded, path, report)
    return loaded, valid


def _cached(cache: dict | None, path: Path, report: Report, load, *args):
    """load(*args), or what it gave and reported last time while the files at path are unchanged."""
    if cache is None:
        return load(*args)
    signature = files_signature(path) if path.is_dir() else _stat(path)
    if path in cache and cache[path][0] == signature:
        report.problems.extend(cache[path][2])
        return cache[path][1]
    start = len(report.problems)
    value = load(*args)
    cache[path] = (signature, value, report.problems[start:])
    return value


def _stat(path: Path) -> tuple | None:
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def files_signature(folder: Path) -> tuple:
    """(path, size, modification time) of every file under folder, without following links: changes whenever a
    file there is written, added, removed or renamed."""
    out = []
    for current, dirs, files in os.walk(folder):  # never follows links (they are refused before reading)
        dirs.sort()
        for name in sorted(files):
            stat = os.lstat(os.path.join(current, name))
            out.append((os.path.join(current, name), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _load_records(root: Path, kind: str, schema_dir: Path, report: Report, cache: dict | None) -> list[Record]:
    base = root / KINDS[kind]
    out = []
    if not base.is_dir():
        return out
    for folder in sorted(p for p in base.iterdir() if not p.name.startswith(".")):
        if not folder.is_dir():
            report.add(
                folder,
                1,
                1,
                "",
                f"only folders belong in {KINDS[kind]}/; move this file into a {kind} folder.",
                f"ใน {KINDS[kind]}/ มีได้เฉพาะโฟลเดอร์ ให้ย้ายไฟล์นี้เข้าไปในโฟลเดอร์ของ{kind}",
            )
            continue
        record = _cached(cache, folder, report, _load_record, folder, kind, schema_dir, report)
        if record is not None:
            out.append(record)
    return out


def reload_record(root: Path, record: Record, report: Report, cache: dict) -> Record | None:
    """The record read again from its folder, through the cache as `load_archive` reads it (`serve`'s quick path)."""
    return _cached(
        cache, record.folder, report, _load_record, record.folder, record.kind, Path(root) / "schema", report
    )


def _load_record(folder: Path, kind: str, schema_dir: Path, report: Report) -> Record | None:
    path = folder / f"{kind}.yaml"
    if not path.is_file():
        report.add(
            path,
            1,
            1,
            "",
            f"{kind}.yaml is missing; every {kind} folder needs one.",
            f"ไม่พบไฟล์ {kind}.yaml ทุกโฟลเดอร์ต้องมีไฟล์นี้",
        )
        return None
    loaded = load_yaml(path, report)
    if loaded is None:
        return None
    if not schemas.check(schemas.validator(schema_dir, kind), loaded, path, report):
        return None
    record = Record(kind, folder, path, loaded)
    for lang in LANGUAGES:
        md = record.narrative_path(lang)
        if md.is_file():
            text = read_text(md, report)
            if text is not None:
                record.narrative[lang] = text
    return record
