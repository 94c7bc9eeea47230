"""The one-way flow: source files -> model (load, validate) -> generated pages -> MkDocs."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import yaml

from . import checks, generate, schemas, sourcefile, staging
from .archive import Archive, load_archive
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


def validate(root: Path) -> tuple[Archive, Report]:
    report = Report(root)
    if not sourcefile.links(root, SOURCE_FOLDERS, report):
        return Archive(root, {}, {}, [], []), report  # nothing is read through a link
    archive = load_archive(root, report)
    checks.check_archive(archive, report, schema_base_url(root), seeds_dir(root))
    return archive, report


STAMP = ".generated"  # in the staging folder; MkDocs skips dotfiles


def fingerprint(root: Path, docs_dir: Path | None, *settings: str, hand_written: bool = True) -> str:
    """Changes whenever a source file, a template, our code or a staged file changes: the CLI, then the hook
    (once per language build), can all ask for generation and only the first one does the work. Without
    hand_written (docs/) and docs_dir: what generated pages depend on."""
    digest = hashlib.sha256("\n".join(settings).encode())
    names = SOURCE_FOLDERS if hand_written else tuple(n for n in SOURCE_FOLDERS if n != "docs")
    folders = [root / name for name in names] + [Path(__file__).parent] + ([docs_dir] if docs_dir else [])
    for folder in folders:
        for current, _dirs, files in sorted(os.walk(folder)) if folder.is_dir() else []:
            for name in sorted(files):
                path = Path(current) / name
                if "__pycache__" not in path.parts and name != STAMP:
                    stat = path.lstat()
                    digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def build_docs(root: Path, docs_dir: Path, repo_url: str | None = None, site_url: str | None = None) -> list[str]:
    """Validate, then assemble the staging folder MkDocs reads (hand-written pages of docs/ plus generated ones).
    Raises ArchiveInvalid and writes nothing on any problem."""
    repo_url = repo_url or mkdocs_setting(root, "extra")["repo_url"]
    site_url = site_url or mkdocs_setting(root, "site_url")
    stamp = docs_dir / STAMP
    if stamp.is_file() and stamp.read_text() == fingerprint(root, docs_dir, repo_url, site_url):
        return []
    generated_from = fingerprint(root, None, repo_url, site_url, hand_written=False)
    last = _generated.get(docs_dir)
    if last is not None and last[0] == generated_from and all((docs_dir / rel).is_file() for rel in last[1]):
        # only hand-written pages changed (`serve`), and no generated page was removed: no generation
        report = Report(root)
        if sourcefile.links(root, SOURCE_FOLDERS, report):
            files = staging.hand_written(root, generate.GENERATED_DIRS, report)
        if not report.ok:
            raise ArchiveInvalid(report)
        changed = staging.sync(root, docs_dir, files, keep=last[1])
    else:
        archive, report = validate(root)
        files = staging.hand_written(root, generate.GENERATED_DIRS, report) if report.ok else {}
        if not report.ok:
            raise ArchiveInvalid(report)
        generated = generate.render_pages(archive, generate.Site(repo_url, site_url))
        files.update(generated)
        changed = staging.sync(root, docs_dir, files)
        _generated[docs_dir] = (generated_from, frozenset(generated))
    stamp.write_text(fingerprint(root, docs_dir, repo_url, site_url))
    return changed


# staging folder -> (fingerprint of what generated pages depend on, their paths), for this process: `serve` loads
# this module once and the hook again for each rebuild, so an edit of a hand-written page skips generation
_generated: dict[Path, tuple[str, frozenset[str]]] = {}
