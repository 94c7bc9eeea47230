"""The one-way flow: source files -> model (load, validate) -> generated pages -> MkDocs."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from . import checks, generate, schemas
from .archive import Archive, load_archive
from .problems import Report


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
    archive = load_archive(root, report)
    checks.check_archive(archive, report, schema_base_url(root), seeds_dir(root))
    return archive, report


def build_docs(root: Path, docs_dir: Path | None = None, repo_url: str | None = None,
               site_url: str | None = None) -> list[str]:
    """Validate, then write the generated pages into docs/. Raises ArchiveInvalid and writes nothing on any problem."""
    archive, report = validate(root)
    if not report.ok:
        raise ArchiveInvalid(report)
    site = generate.Site(repo_url=repo_url or mkdocs_setting(root, "extra")["repo_url"],
                         site_url=site_url or mkdocs_setting(root, "site_url"))
    return generate.write(docs_dir or root / "docs", generate.render_pages(archive, site))
