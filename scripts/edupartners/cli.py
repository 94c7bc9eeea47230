"""One command line for contributors, maintainers, tests and CI: `edupartners <command>`."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import bundle, pipeline
from . import scaffold
from .scaffold import new_record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edupartners", description="Education Partners archive tools")
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every case, tool and vocabulary; report all problems at once")
    sub.add_parser("generate", help="validate, then write the generated pages into docs/")
    build = sub.add_parser("build", help="generate and build the site with `mkdocs build --strict`")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    build.add_argument("--no-offline", action="store_true", help="skip the downloadable offline copy")
    serve = sub.add_parser("serve", help="generate and serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    for kind in ("case", "tool"):
        p = sub.add_parser(f"new-{kind}", help=f"create a draft {kind} folder from the annotated template "
                           "(asks for missing values when run in a terminal)")
        p.add_argument("slug", nargs="?", help="folder name: lower-case a-z, 0-9 and hyphens")
        p.add_argument("--programme", help="programme id from vocab/programmes.yaml")
        p.add_argument("--languages", help="languages you will write, comma-separated: th,en (default both)")
        if kind == "case":
            p.add_argument("--provinces", help="ISO 3166-2:TH codes, comma-separated, e.g. TH-84,TH-10")
            p.add_argument("--level", choices=("programme", "school"), help="default: school if --part-of is given")
            p.add_argument("--part-of", help="slug of the programme-level case (for a school-level case)")
    intake = sub.add_parser("from-issue", help="turn a 'new case' issue-form body into cases/<slug>/")
    intake.add_argument("body_file", type=Path, help="the issue body as Markdown (gh issue view N --json body -q .body)")
    intake.add_argument("--slug", help="folder name (default: the form's folder-name field, else from the English title)")
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


def _mkdocs(root: Path, *words: str, replace_process: bool = False) -> int:
    pipeline.build_docs(root)  # report content problems plainly before MkDocs starts
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", *words, "-f", str(root / "mkdocs.yml")]
    if replace_process and os.name == "posix":  # serve: stopping this process stops the server
        os.chdir(root)
        os.execve(sys.executable, command, env)
    return subprocess.call(command, cwd=root, env=env)


def _build(root: Path, args) -> int:
    site_dir = (args.site_dir or root / "site").resolve()
    status = _mkdocs(root, "build", "--strict", "--site-dir", str(site_dir))
    if status == 0 and not args.no_offline:
        zip_path = bundle.build_offline_zip(root, site_dir / "downloads")
        print(f"offline copy: {zip_path.relative_to(site_dir)} ({zip_path.stat().st_size:,} bytes)")
    return status


def _serve(root: Path, args) -> int:
    return _mkdocs(root, "serve", "--dev-addr", args.dev_addr, replace_process=True)


def _new(kind: str):
    def run(root: Path, args) -> int:
        values = {"slug": args.slug, "programme": args.programme,
                  "languages": None if args.languages is None else scaffold.split_list(args.languages)}
        if kind == "case":
            values["provinces"] = None if args.provinces is None else scaffold.split_list(args.provinces)
        choices = scaffold.load_choices(root)
        if None in values.values() and scaffold.stdin_is_tty():
            values = scaffold.ask_missing(kind, values, choices)  # asks only for what the flags did not give
        if values["slug"] is None or values["programme"] is None:
            raise ValueError("give the slug and --programme (or run in a terminal to be asked) "
                             "/ ระบุ slug และ --programme (หรือรันในเทอร์มินัลเพื่อให้ระบบถาม)")
        extra = {"level": args.level, "part_of": args.part_of} if kind == "case" else {}
        path = new_record(root, kind, values["slug"], values["programme"], provinces=values.get("provinces"),
                          languages=values.get("languages"), choices=choices, **extra)
        print(scaffold.todo_report(kind, path, root))
        return 0
    return run


def _from_issue(root: Path, args) -> int:
    from . import intake

    return intake.run(root, args.body_file, slug=args.slug)


COMMANDS = {"validate": _validate, "generate": _generate, "build": _build, "serve": _serve,
            "new-case": _new("case"), "new-tool": _new("tool"), "from-issue": _from_issue}

if __name__ == "__main__":
    sys.exit(main())
