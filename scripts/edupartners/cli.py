"""One command line for contributors, maintainers, tests and CI: `edupartners <command>`."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import pipeline
from .scaffold import new_record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edupartners", description="Education Partners archive tools")
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every case, tool and vocabulary; report all problems at once")
    sub.add_parser("generate", help="validate, then write the generated pages into docs/")
    build = sub.add_parser("build", help="generate and build the site with `mkdocs build --strict`")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    serve = sub.add_parser("serve", help="generate and serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    for kind in ("case", "tool"):
        p = sub.add_parser(f"new-{kind}", help=f"create a new {kind} folder from the annotated template")
        p.add_argument("slug", help="folder name: lower-case a-z, 0-9 and hyphens")
        p.add_argument("--programme", required=True, help="programme id from vocab/programmes.yaml")
    args = parser.parse_args(argv)
    try:
        root = (args.root or pipeline.find_root()).resolve()
        return COMMANDS[args.command](root, args)
    except pipeline.ArchiveInvalid as exc:
        print(exc.report.format(), file=sys.stderr)
        return 1
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"error / ข้อผิดพลาด: {exc}", file=sys.stderr)
        return 2


def _validate(root: Path, args) -> int:
    archive, report = pipeline.validate(root)
    if not report.ok:
        raise pipeline.ArchiveInvalid(report)
    print(f"OK: {len(archive.cases)} cases, {len(archive.tools)} tools / "
          f"ผ่าน: กรณีศึกษา {len(archive.cases)} เรื่อง เครื่องมือ {len(archive.tools)} รายการ")
    return 0


def _generate(root: Path, args) -> int:
    changed = pipeline.build_docs(root)
    print(f"generated: {len(changed)} file(s) changed under docs/")
    return 0


def _mkdocs(root: Path, *words: str) -> int:
    pipeline.build_docs(root)  # report content problems plainly before MkDocs starts
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.call([sys.executable, "-m", "mkdocs", *words, "-f", str(root / "mkdocs.yml")], cwd=root, env=env)


def _build(root: Path, args) -> int:
    site_dir = ["--site-dir", str(args.site_dir.resolve())] if args.site_dir else []
    return _mkdocs(root, "build", "--strict", *site_dir)


def _serve(root: Path, args) -> int:
    return _mkdocs(root, "serve", "--dev-addr", args.dev_addr)


def _new(kind: str):
    def run(root: Path, args) -> int:
        path = new_record(root, kind, args.slug, args.programme)
        print(f"created {path.relative_to(root)}: fill in the fields, then run `edupartners validate`")
        return 0
    return run


COMMANDS = {"validate": _validate, "generate": _generate, "build": _build, "serve": _serve,
            "new-case": _new("case"), "new-tool": _new("tool")}

if __name__ == "__main__":
    sys.exit(main())
