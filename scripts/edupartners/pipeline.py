"""The one-way flow: source files -> model (load, validate) -> generated pages -> MkDocs."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

import yaml

from . import checks, generate, schemas, sourcefile, staging
from .archive import KINDS, LANGUAGES, Archive, Record, files_signature, load_archive, reload_record
from .problems import Report

SOURCE_FOLDERS = ("cases", "tools", "vocab", "schema", "docs")  # what contributors write; read, never written


class ArchiveInvalid(Exception):
    def __init__(self, report: Report):
        super().__init__(report.format())
        self.report = report


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "schema").is_dir():
            return folder
    raise FileNotFoundError("no project root (a folder with mkdocs.yml and schema/) above " + str(here))


def seeds_dir(root: Path) -> Path | None:
    """Where the seed articles live: $EP_SEEDS_DIR, else ../shared/seeds beside the checkout (if present)."""
    configured = os.environ.get("EP_SEEDS_DIR")
    path = Path(configured) if configured else root.parent / "shared" / "seeds"
    return path if path.is_dir() else None


def mkdocs_setting(root: Path, key: str) -> str:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=Loader)[key]


def schema_base_url(root: Path) -> str:
    return schemas.schema_url(root / "schema", "case").rsplit("/", 1)[0] + "/"


def validate(root: Path, cache: Cache | None = None) -> tuple[Archive, Report]:
    """Load and check the whole archive; with a cache (`serve`), only the records whose files changed are read and
    checked again, and the checks across records run again when what they read of the others changed."""
    report = Report(root)
    if not sourcefile.links(root, SOURCE_FOLDERS, report):
        return Archive(root, {}, {}, [], []), report  # nothing is read through a link
    if cache is not None:
        cache.forget_if_changed(root / "schema")
    records, checked = (cache.records, cache.checks) if cache is not None else (None, None)
    archive = load_archive(root, report, records)
    checks.check_archive(archive, report, schema_base_url(root), seeds_dir(root), checked)
    return archive, report


@dataclass
class Cache:
    """What one validation leaves for the next in the same process: each record folder's loaded record and the
    problems found, reused while the folder's files keep their path, size and time (archive.load_archive,
    checks.check_archive). A change under schema/ empties it."""

    schema: tuple = ()
    records: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)

    def forget_if_changed(self, schema_dir: Path) -> None:
        now = files_signature(schema_dir)
        if now != self.schema:
            self.schema = now
            schemas.forget()  # the validators read the schema files again
            self.records.clear()
            self.checks.clear()


STAMP = ".generated"  # in the staging folder; MkDocs skips dotfiles


def fingerprint(root: Path, docs_dir: Path, *settings: str) -> str:
    """Changes whenever a source file, a template, our code or a staged file changes: the CLI, then the plugin
    (once per language build), can all ask for generation and only the first one does the work."""
    digest = hashlib.sha256("\n".join(settings).encode())
    for _path, line in _files([root / name for name in SOURCE_FOLDERS] + [Path(__file__).parent, docs_dir]):
        digest.update(line)
    return digest.hexdigest()


def generation_fingerprints(root: Path, *settings: str) -> tuple[str, str]:
    """What generated pages depend on (the sources but docs/, and our code), and the same without the records'
    th.md and en.md (each of which only its own record's pages show), from one walk."""
    whole, facts = (hashlib.sha256("\n".join(settings).encode()) for _ in range(2))
    folders = [root / name for name in SOURCE_FOLDERS if name != "docs"] + [Path(__file__).parent]
    for path, line in _files(folders):
        whole.update(line)
        if not (path.name in NARRATIVE_FILES and path.parent.parent.name in RECORD_FOLDERS):
            facts.update(line)
    return whole.hexdigest(), facts.hexdigest()


def _files(folders: list[Path]):
    """(path, its line of a fingerprint: name, size, time) for every file under these folders, in a fixed order."""
    for folder in folders:
        for current, _dirs, files in sorted(os.walk(folder)) if folder.is_dir() else []:
            for name in sorted(files):
                path = Path(current) / name
                if "__pycache__" not in path.parts and name != STAMP:
                    stat = path.lstat()
                    yield path, f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()


NARRATIVE_FILES = {f"{lang}.md" for lang in LANGUAGES}
RECORD_FOLDERS = set(KINDS.values())
TEMPLATES = Path(__file__).parent / "templates"  # ours: generated pages change with them
SOURCES = "sources"  # StagedDocs._change: a source whose effects only generation works out


def _same_files(new: Record, old: Record) -> bool:
    """What a facts edit may change without `build`: a case's facts, but not its pictures (copied as files) nor
    its former slugs (pages of their own)."""
    return new.kind == "case" and all(new.data.get(k) == old.data.get(k) for k in ("media", "moved_from"))


def _narrative_digests(records: list) -> dict[tuple[str, str], str]:
    return {(r.kind, r.slug): hashlib.sha256(repr(sorted(r.narrative.items())).encode()).hexdigest() for r in records}


def _noted(pairs, paths: set[str]):
    """The pairs as they come, each path noted in `paths`."""
    for path, content in pairs:
        paths.add(path)
        yield path, content


def build_docs(root: Path, docs_dir: Path, repo_url: str | None = None, site_url: str | None = None) -> list[str]:
    """Validate, then assemble the staging folder MkDocs reads (hand-written pages of docs/ plus generated ones).
    Raises ArchiveInvalid and writes nothing on any problem."""
    return StagedDocs(root, docs_dir).build(repo_url, site_url)


def watched(root: Path) -> list[Path]:
    """What `serve` watches: the folders people edit and our templates (never a staging folder)."""
    return [root / folder for folder in SOURCE_FOLDERS] + [TEMPLATES]


class StagedDocs:
    """One staging folder and what this process knows about it. `build_docs` uses one for a single build; the MkDocs
    plugin keeps one per folder for the life of a `serve`, so that an edit re-reads and re-checks only the files
    that changed (by path, size and time) and an edit of a hand-written page skips generation."""

    def __init__(self, root: Path, folder: Path, preview: bool = False):
        self.root, self.folder = Path(root), Path(folder)
        self.preview = preview  # `serve`: no link-preview pictures (generate.Site.pictures)
        self.generated_from: str | None = None  # fingerprint of what the generated pages were made from
        self.generated: frozenset[str] = frozenset()  # their paths
        self.facts: str | None = None  # the same fingerprint without the narratives
        self.narratives: dict[tuple[str, str], str] = {}  # (kind, slug) -> digest of its narratives
        self.rendered: frozenset[str] = frozenset()  # the pages the last build rendered (tests read it)
        self.stale = False  # an `edit` of facts left the other generated files to `rest`
        self.hand_written: frozenset[str] = frozenset()  # the pages of docs/ staged by the last build
        self.archive: Archive | None = None  # the preview's archive as last staged, for `edit`
        self.settings: tuple[str, str] = ("", "")  # (repo_url, site_url) of the last build
        self.memo = generate.Rendered() if preview else None  # what each generated page was rendered from
        self.cache = Cache()

    def build(self, repo_url: str | None = None, site_url: str | None = None) -> list[str]:
        root, docs_dir = self.root, self.folder
        repo_url = repo_url or mkdocs_setting(root, "extra")["repo_url"]
        site_url = site_url or mkdocs_setting(root, "site_url")
        self.settings = (repo_url, site_url)
        stamp = docs_dir / STAMP
        if stamp.is_file() and stamp.read_text() == fingerprint(root, docs_dir, repo_url, site_url):
            if not self.preview or self.archive is not None:  # a preview keeps the archive its pages came from
                return []
        generated_from, facts = generation_fingerprints(root, repo_url, site_url)
        if generated_from == self.generated_from and all((docs_dir / rel).is_file() for rel in self.generated):
            # only hand-written pages changed (`serve`), and no generated page was removed: no generation
            report = Report(root)
            if sourcefile.links(root, SOURCE_FOLDERS, report):
                files = staging.hand_written(root, generate.GENERATED_DIRS, report)
            if not report.ok:
                raise ArchiveInvalid(report)
            changed = staging.sync(root, docs_dir, files, keep=self.generated)
            self.hand_written = frozenset(files)
        else:
            archive, report = validate(root, self.cache)
            files = staging.hand_written(root, generate.GENERATED_DIRS, report) if report.ok else {}
            if not report.ok:
                raise ArchiveInvalid(report)
            site = self._site()
            narratives = _narrative_digests(archive.records)
            if facts == self.facts and narratives.keys() == self.narratives.keys():
                # only narratives changed (`serve`): only the pages of their records are rendered again
                edited = [r for r in archive.records if narratives[r.kind, r.slug] != self.narratives[r.kind, r.slug]]
                generated = {}

                def stage():
                    generated.update(generate.render_records(archive, site, edited, self.memo))
                    return staging.sync(root, docs_dir, {**files, **generated}, keep=self.generated)

                changed = self._with_memo(stage)
            else:
                generated = set()

                def stage():
                    generated.clear()
                    pages = generate.pages(archive, site, rendered=self.memo)
                    return staging.sync(root, docs_dir, chain(files.items(), _noted(pages, generated)))

                changed = self._with_memo(stage)
                self.generated, self.stale = frozenset(generated), False
            self.generated_from, self.facts, self.narratives = generated_from, facts, narratives
            self.rendered, self.hand_written = frozenset(generated), frozenset(files)
            self.archive = archive if self.preview else None
        stamp.write_text(fingerprint(root, docs_dir, repo_url, site_url))
        return changed

    def edit(self, paths: Iterable[Path]) -> list[str] | None:
        """Stage an edit for `serve`'s quick path (preview.py) and return the staged files it changed, or None when
        the edit needs MkDocs' whole rebuild: a file beyond the sources changed (mkdocs.yml, the theme, a stylesheet
        of docs/), a link is on the way, a problem was found (the whole rebuild reports it), a staged file was added
        or removed (MkDocs' files and navigation would change), or there was no preview build yet.

        Narratives of known records and known pages of docs/ alone: only their files are read and checked again and
        only their pages rendered. The facts of known cases (case.yaml, the same slug, pictures and former slugs):
        their records are read and checked again and their own pages staged; the other files (lists, related cases,
        downloads) are generated from `serve`'s memo, which makes again only the views and files that read
        something the edit changed (memo.py), by `rest` when the cases keep their places in the lists (the same
        list pages exist), else here. Any other source (a tool, a vocabulary, a schema, our templates): `build`,
        which validates it all and generates the pages, writing only those whose bytes changed."""
        if self.archive is None:
            return None
        records = {r.folder: r for r in self.archive.records}
        changes = [self._change(path, records) for path in map(Path, paths)]
        if None in changes:
            return None
        if SOURCES in changes:
            return self._build_same_files()
        pages = {c: (self.root / "docs" / c).read_bytes() for c in changes if isinstance(c, str) and c}
        edited = {c: records[c] for c in changes if isinstance(c, Path)}
        report = Report(self.root)
        new = {folder: reload_record(self.root, old, report, self.cache.records) for folder, old in edited.items()}
        facts = False
        for folder, record in new.items():
            if record is None or record.narrative.keys() != edited[folder].narrative.keys():
                return self._build_same_files()  # a problem (reported by the whole rebuild), a narrative came or went
            if record.data != edited[folder].data:
                if not _same_files(record, edited[folder]):
                    return self._build_same_files()
                facts = True
        archive = replace(
            self.archive,
            cases=[new.get(r.folder, r) for r in self.archive.cases],
            tools=[new.get(r.folder, r) for r in self.archive.tools],
        )
        checks.check_archive(archive, report, schema_base_url(self.root), seeds_dir(self.root), self.cache.checks)
        if not report.ok:
            return None
        generated = generate.render_records(archive, self._site(), [*new.values()], self.memo)
        changed = self._with_memo(lambda: staging.write(self.root, self.folder, {**pages, **generated}))
        self.archive = archive
        self.narratives.update(_narrative_digests(list(new.values())))
        self.stale = self.stale or facts
        if facts and any(
            generate.placement(archive, r) != generate.placement(archive, edited[f]) for f, r in new.items()
        ):
            rest = self.rest()  # a list page may come or go: MkDocs' files would change
            return None if rest is None else changed + rest
        return changed

    def rest(self) -> list[str] | None:
        """Stage the other files the edits of facts since the last `rest` changed (lists, related cases and downloads
        naming an edited case) and return those it wrote; None, with nothing written and the memo forgotten, when
        they are not the files staged now (the whole rebuild must follow)."""
        if not self.stale:
            return []
        self.stale, changed = False, None
        try:
            changed = self._with_memo(lambda: self._write_all(self.archive))
        finally:
            if changed is None:  # not the staged files, or a failure: every edit takes the whole rebuild until it runs
                self.archive = None
        return changed

    def _write_all(self, archive: Archive) -> list[str] | None:
        """Every generated page and file of `archive` from the memo, written when they are the files staged now;
        None, with nothing written and the memo forgotten (it would name pages never written as rendered), if not."""
        generated = dict(generate.pages(archive, self._site(), rendered=self.memo))
        if generated.keys() != self.generated:
            self.memo.forget()
            return None
        return staging.write(self.root, self.folder, generated)

    def _with_memo(self, stage: Callable[[], list[str]]) -> list[str]:
        """stage(), which renders pages with the memo (`serve`: views.context.Rendered). A staged page gone missing
        (staging.StaleFile) takes a second try with every page and file given in full; any other failure forgets
        the memo, which may name pages never written."""
        try:
            return stage()
        except staging.StaleFile:
            self.memo.forget_staged()
            return stage()
        except BaseException:
            if self.memo is not None:
                self.memo.forget()
            raise

    def _site(self) -> generate.Site:
        """The addresses generated pages use, from the last build's settings (a preview makes no pictures)."""
        return generate.Site(*self.settings, pictures=not self.preview)

    def _build_same_files(self) -> list[str] | None:
        """`build` with the last settings, when it leaves the same staged files (only their bytes may change)."""
        before = self.generated | self.hand_written
        try:
            changed = self.build(*self.settings)
        except ArchiveInvalid:
            return None
        return changed if self.generated | self.hand_written == before else None

    def _change(self, path: Path, records: dict) -> Path | str | None:
        """What a changed file is to `edit`: a record folder (its narrative or YAML changed), the path in docs/ of a
        known page, "" (a file nothing reads that came and went, like an editor's temporary file), SOURCES (another
        source: `build` works out what it changes) or None (MkDocs' whole rebuild)."""
        try:
            rel = path.relative_to(self.root)
        except ValueError:
            rel = None
        if (
            rel is None
            or not rel.parts
            or any((self.root / Path(*rel.parts[:n])).is_symlink() for n in range(1, len(rel.parts) + 1))
        ):
            return SOURCES if path.is_relative_to(TEMPLATES) and not path.is_symlink() else None
        top = rel.parts[0]
        if top == "docs" and len(rel.parts) > 1:
            page = Path(*rel.parts[1:]).as_posix()
            if any(part.startswith(".") for part in rel.parts):
                return ""  # staging.hand_written skips dotfiles
            if not path.exists():
                return None if page in self.hand_written else ""
            return page if path.suffix == ".md" and path.is_file() and page in self.hand_written else None
        if top in RECORD_FOLDERS and len(rel.parts) == 3 and path.parent in records:
            known = {name for name, *_ in self.cache.records[path.parent][0]}
            if not path.exists() and str(path) not in known:
                return ""
            if (rel.name in NARRATIVE_FILES or path == records[path.parent].yaml_path) and path.is_file():
                return path.parent if str(path) in known else SOURCES
        return SOURCES if top in SOURCE_FOLDERS else None
