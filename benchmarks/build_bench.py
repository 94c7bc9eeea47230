#!/usr/bin/env python3
"""Build benchmark: how long our pipeline takes to build archives of 100, 500 and 2,000 cases per language, next to
a bare MkDocs build of the same Markdown, and whether the time grows linearly.

    .venv/bin/python benchmarks/build_bench.py                  # sizes 100 500 2000
    .venv/bin/python benchmarks/build_bench.py --sizes 100 500  # quicker

For each size it prints:
  generate   `edupartners generate`: validate the archive and write the generated Markdown into docs/
  ours       `edupartners build` (what contributors and CI run): validation, generation, then `mkdocs build --strict`
             with Material, mkdocs-static-i18n (two languages), search, our hook and everything else in mkdocs.yml
  bare       plain `mkdocs build` of the very same generated docs/ folder (copied after `generate`): the default
             `mkdocs` theme, the same Markdown extensions, no plugins (no i18n, no search), no hook, and a three-entry
             nav (an automatic nav would list thousands of pages on every page and measure the nav, not the pages).
             Each `x.th.md` / `x.en.md` becomes its own page there too, so both builds render the same Markdown.
  ratio      ours / bare
  per case   wall milliseconds per case (of one language) for ours and bare
  CPU        CPU seconds of each build (the command and its children): steadier than wall time when the machine is
             shared; the linearity verdict uses CPU time per case, which stays roughly constant if growth is linear
  page size  mean HTML size of a case page, ours and bare, and the size of the whole site

The archives come from benchmarks/synthetic.py (make_archive) when it is there; otherwise from a small generator
below that copies the corpus base case (tests/bad_input/_base). Timing is wall clock, one run per size, on
whatever the machine is doing at the time: compare the ratios more than the seconds.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def make_archive(dest: Path, cases_per_language: int) -> Path:
    try:
        from benchmarks.synthetic import make_archive as shared
    except ImportError:
        shared = None
    if shared is not None:
        return shared(dest, cases_per_language)
    return _fallback_archive(dest, cases_per_language)


def _fallback_archive(dest: Path, n: int) -> Path:
    from conftest import copy_project
    from test_no_loss import write_synthetic_cases

    if dest.exists():
        shutil.rmtree(dest)
    root = copy_project(dest, with_records=False)
    shutil.copytree(REPO / "tests/bad_input/_base/tools", root / "tools", dirs_exist_ok=True)
    write_synthetic_cases(root, n)
    return root


def run(*args: str, cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bare_config(root: Path, docs: Path) -> Path:
    """mkdocs.yml for a bare build of the generated docs: default theme, same Markdown extensions, no plugins."""
    ours = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Lenient)
    nav = [p for p in ("index.th.md", "cases/index.th.md", "tools/index.th.md") if (docs / p).is_file()]
    config = {"site_name": "bare", "docs_dir": str(docs), "theme": {"name": "mkdocs"}, "plugins": [],
              "markdown_extensions": ours.get("markdown_extensions", []), "nav": nav, "strict": False,
              "validation": {"links": {"not_found": "ignore", "unrecognized_links": "ignore"}}}
    path = root / "mkdocs-bare.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


class _Lenient(yaml.SafeLoader):
    pass


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def case_pages(site: Path, slugs: list[str]) -> list[Path]:
    pages = []
    for slug in slugs:
        for candidate in (site / "cases" / slug / "index.html", site / "en" / "cases" / slug / "index.html",
                          site / "cases" / f"{slug}.th" / "index.html", site / "cases" / f"{slug}.en" / "index.html"):
            if candidate.is_file():
                pages.append(candidate)
    return pages


def site_size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len([p for p in files if p.suffix == ".html"]), sum(p.stat().st_size for p in files)


def bench(size: int, work: Path) -> dict:
    root = make_archive(work / f"archive-{size}", size)
    slugs = sorted(p.name for p in (root / "cases").iterdir() if p.is_dir())
    cli = [sys.executable, "-m", "edupartners.cli", "--root", str(root)]
    t_generate, _ = run(*cli, "generate", cwd=root)
    bare_docs = work / f"bare-docs-{size}"
    shutil.rmtree(bare_docs, ignore_errors=True)
    shutil.copytree(root / "docs", bare_docs)
    ours_site, bare_site = work / f"site-ours-{size}", work / f"site-bare-{size}"
    t_ours, cpu_ours = run(*cli, "build", "--site-dir", str(ours_site), cwd=root)
    t_bare, cpu_bare = run(sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bare_config(root, bare_docs)),
                 "--site-dir", str(bare_site), cwd=root)
    ours_pages, bare_pages = case_pages(ours_site, slugs), case_pages(bare_site, slugs)
    return {
        "size": size, "cases": len(slugs), "generate": t_generate, "ours": t_ours, "bare": t_bare,
        "cpu_ours": cpu_ours, "cpu_bare": cpu_bare,
        "ours_page": statistics.mean(p.stat().st_size for p in ours_pages),
        "bare_page": statistics.mean(p.stat().st_size for p in bare_pages),
        "ours_site": site_size(ours_site), "bare_site": site_size(bare_site),
        "checked_pages": (len(ours_pages), len(bare_pages)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000], help="cases per language")
    parser.add_argument("--workdir", type=Path, help="keep archives and sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ep-build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"build benchmark on {os.cpu_count()} cores; work folder {work}", flush=True)
    head = (f"{'cases/lang':>10} {'generate':>9} {'ours':>8} {'bare':>8} {'ratio':>6} {'ours/case':>10} "
            f"{'bare/case':>10} {'ours page':>10} {'bare page':>10} {'ours site':>16} {'bare site':>16} "
            f"{'CPU ours':>9} {'CPU bare':>9} {'CPU ratio':>9}")
    rows = []
    started = time.perf_counter()
    for size in args.sizes:
        r = bench(size, work)
        rows.append(r)
        if len(rows) == 1:
            print(head)
        print(f"{r['cases']:>10} {r['generate']:>8.1f}s {r['ours']:>7.1f}s {r['bare']:>7.1f}s "
              f"{r['ours'] / r['bare']:>6.2f} {1000 * r['ours'] / r['cases']:>8.1f}ms {1000 * r['bare'] / r['cases']:>8.1f}ms "
              f"{r['ours_page'] / 1024:>8.1f}KB {r['bare_page'] / 1024:>8.1f}KB "
              f"{r['ours_site'][0]:>6}p {r['ours_site'][1] / 2**20:>6.1f}MB {r['bare_site'][0]:>6}p {r['bare_site'][1] / 2**20:>6.1f}MB "
              f"{r['cpu_ours']:>8.1f}s {r['cpu_bare']:>8.1f}s {r['cpu_ours'] / r['cpu_bare']:>9.2f}",
              flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["cpu_ours"] / last["cases"]) / (first["cpu_ours"] / first["cases"])
        bare_growth = (last["cpu_bare"] / last["cases"]) / (first["cpu_bare"] / first["cases"])
        verdict = "linear" if growth < 1.5 else "worse than linear"
        print(f"per-case CPU time from {first['cases']} to {last['cases']} cases: ours x{growth:.2f}, bare x{bare_growth:.2f} "
              f"({verdict}; 1.0 = perfectly linear, fixed start-up cost makes small sizes look slower per case)")
    print(f"total benchmark time {time.perf_counter() - started:.0f}s")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
