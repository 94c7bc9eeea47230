"""One command line for contributors, maintainers, tests and CI: `edupartners <command>`."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import bundle, pipeline, scaffold, staging
from .scaffold import new_record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edupartners", description="Education Partners archive tools")
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every case, tool and vocabulary; report all problems at once")
    sub.add_parser("generate", help="validate, then write the pages MkDocs reads into .cache/docs/ (to look at)")
    build = sub.add_parser("build", help="generate and build the site with `mkdocs build --strict`")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    build.add_argument("--no-offline", action="store_true", help="skip the downloadable offline copy")
    build.add_argument("--no-search", action="store_true", help="skip the search index (benchmarks time it apart)")
    serve = sub.add_parser("serve", help="generate and serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument(
        "--no-dirty",
        action="store_true",
        help="rebuild every page on each change (default: only "
        "the pages whose Markdown changed, `mkdocs serve --dirty`)",
    )
    for kind in ("case", "tool"):
        p = sub.add_parser(
            f"new-{kind}",
            help=f"create a draft {kind} folder from the annotated template "
            "(asks for missing values when run in a terminal)",
        )
        p.add_argument("slug", nargs="?", help="folder name: lower-case a-z, 0-9 and hyphens")
        p.add_argument("--programme", help="programme id from vocab/programmes.yaml")
        p.add_argument("--languages", help="languages you will write, comma-separated: th,en (default both)")
        if kind == "case":
            p.add_argument("--provinces", help="ISO 3166-2:TH codes, comma-separated, e.g. TH-84,TH-10")
            p.add_argument("--level", choices=("programme", "school"), help="default: school if --part-of is given")
            p.add_argument("--part-of", help="slug of the programme-level case (for a school-level case)")
    intake = sub.add_parser("from-issue", help="turn a 'new case' issue-form body into cases/<slug>/")
    intake.add_argument(
        "body_file", type=Path, help="the issue body as Markdown (gh issue view N --json body -q .body)"
    )
    intake.add_argument(
        "--slug", help="folder name (default: the form's folder-name field, else from the English title)"
    )
    sub.add_parser(
        "write-issue-form",
        help="write .github/ISSUE_TEMPLATE/new-case.yml from the intake fields and the vocabularies "
        "(after a vocabulary change)",
    )
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
    print(
        f"OK: {len(archive.cases)} cases, {len(archive.tools)} tools / "
        f"ผ่าน: กรณีศึกษา {len(archive.cases)} เรื่อง เครื่องมือ {len(archive.tools)} รายการ"
    )
    return 0


def _generate(root: Path, args) -> int:
    folder = staging.staging_dir(root, root / "site")
    changed = pipeline.build_docs(root, staging.prepare(root, folder))
    print(f"generated: {len(changed)} file(s) changed under {folder.relative_to(root)}/")
    return 0


def _mkdocs(root: Path, *words: str, replace_process: bool = False) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", *words, "-f", str(root / "mkdocs.yml")]
    if replace_process and os.name == "posix":  # serve: stopping this process stops the server
        os.chdir(root)
        os.execve(sys.executable, command, env)
    return subprocess.call(command, cwd=root, env=env)


def mkdocs_build(root: Path, site_dir: Path, **options) -> int:
    """`mkdocs build --strict`, in this process, with these options of our plugin (mkdocs_plugin.PluginConfig) over
    mkdocs.yml's: MkDocs' command line has no way to set a plugin's options, its Python API does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice about MkDocs 2, printed on import
    from mkdocs.__main__ import State, _enable_warnings
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .mkdocs_plugin import configure

    state = State()  # MkDocs' own log output, as `mkdocs build` shows it
    try:
        _enable_warnings()
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        configure(config, **options)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        exc.show()
        return exc.exit_code
    finally:
        state.logger.removeHandler(state.stream)
    return 0


def _build(root: Path, args) -> int:
    """Build into a folder beside the target and swap it in whole: an interrupted build leaves the previous site."""
    site_dir = (args.site_dir or root / "site").resolve()
    partial, old = (site_dir.parent / f".{site_dir.name}.{what}" for what in ("partial", "old"))
    with _build_lock(root):
        _discard(partial)  # left by an interrupted build
        folder = staging.staging_dir(root, partial)
        try:
            pipeline.build_docs(root, staging.prepare(root, folder))  # content problems, plainly, before MkDocs
            pages = bundle.sources(folder)  # MkDocs removes the staging folder when it is done
            status = mkdocs_build(root, partial, search="off" if args.no_search else "auto")
            if status == 0 and not args.no_offline:
                zip_path = bundle.build_offline_zip(
                    partial,
                    pages,
                    partial / "downloads",  # from this build
                    pipeline.mkdocs_setting(root, "site_url"),
                )
                print(f"offline copy: downloads/{zip_path.name} ({zip_path.stat().st_size:,} bytes)")
        finally:
            staging.remove(root, folder)
        if status != 0:
            _discard(partial)
            return status
        _discard(old)
        if site_dir.exists() or site_dir.is_symlink():
            site_dir.rename(old)
        partial.rename(site_dir)
        _discard(old)
    return 0


def _discard(path: Path) -> None:
    """Remove a folder of ours; a link in its place is removed, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


@contextlib.contextmanager
def _build_lock(root: Path):
    """One build of a project at a time: a second one waits, and says so."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    with open(staging.lock_file(root), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                "another build of this project is running; waiting for it to finish ... / "
                "มีการสร้างเว็บไซต์ของโครงการนี้อยู่แล้ว กำลังรอให้เสร็จ ...",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _serve(root: Path, args) -> int:
    _, report = pipeline.validate(root)  # content problems, plainly, before MkDocs starts
    if not report.ok:
        raise pipeline.ArchiveInvalid(report)
    dirty = () if args.no_dirty else ("--dirty",)  # an edit rebuilds its own pages, not the archive (issue 17)
    return _mkdocs(root, "serve", "--dev-addr", args.dev_addr, *dirty, replace_process=True)


def _new(kind: str):
    def run(root: Path, args) -> int:
        values = {
            "slug": args.slug,
            "programme": args.programme,
            "languages": None if args.languages is None else scaffold.split_list(args.languages),
        }
        if kind == "case":
            values["provinces"] = None if args.provinces is None else scaffold.split_list(args.provinces)
        choices = scaffold.load_choices(root)
        if None in values.values() and scaffold.stdin_is_tty():
            values = scaffold.ask_missing(kind, values, choices)  # asks only for what the flags did not give
        if values["slug"] is None or values["programme"] is None:
            raise ValueError(
                "give the slug and --programme (or run in a terminal to be asked) "
                "/ ระบุ slug และ --programme (หรือรันในเทอร์มินัลเพื่อให้ระบบถาม)"
            )
        extra = {"level": args.level, "part_of": args.part_of} if kind == "case" else {}
        path = new_record(
            root,
            kind,
            values["slug"],
            values["programme"],
            provinces=values.get("provinces"),
            languages=values.get("languages"),
            choices=choices,
            **extra,
        )
        print(scaffold.todo_report(kind, path, root))
        return 0

    return run


def _from_issue(root: Path, args) -> int:
    from . import intake

    return intake.run(root, args.body_file, slug=args.slug)


def _write_issue_form(root: Path, args) -> int:
    from . import intake

    path = intake.write_form(root, scaffold.load_choices(root))
    print(f"wrote {path.relative_to(root).as_posix()}")
    return 0


COMMANDS = {
    "validate": _validate,
    "generate": _generate,
    "build": _build,
    "serve": _serve,
    "new-case": _new("case"),
    "new-tool": _new("tool"),
    "from-issue": _from_issue,
    "write-issue-form": _write_issue_form,
}

if __name__ == "__main__":
    sys.exit(main())
