#!/usr/bin/env python3
"""Build benchmark (issue 17): our whole build next to a bare MkDocs + Material build of the same Markdown, on
synthetic archives of N cases per language (benchmarks/synthetic.py), in interleaved A/B pairs.

    .venv/bin/python benchmarks/build_bench.py                        # 100, 500 and 2,000; 3 pairs each
    .venv/bin/python benchmarks/build_bench.py --sizes 100 500 --pairs 5
    .venv/bin/python benchmarks/build_bench.py --sizes 2000 --pairs 1 --workdir /tmp/bb   # keep the sites

What is measured, for each size:
  ours     `edupartners build --site-dir S` exactly as contributors and CI run it: validation, generation,
           `mkdocs build --strict` with Material, mkdocs-static-i18n (two languages) and our plugin (sanitiser, CSP),
           the search index and the offline copy (add --no-offline to leave the offline copy out).
  cold     the first `ours` build of the archive, with no .cache/ folder (a fresh checkout, a CI run without a
           build cache); the pairs then run with the cache the previous build left (a contributor's next build,
           CI with a build cache). With --cold every `ours` build starts without .cache/.
  generate `edupartners generate`: validation and generation only (the Markdown MkDocs reads, staged under
           .cache/docs/); its output is copied for the bare build.
  bare     `mkdocs build` of that very staged folder (hand-written and generated pages alike) with the Material theme,
           the same theme settings (palette, features, language), the same Markdown extensions and nav; no plugins
           (no i18n: each x.th.md / x.en.md is its own page, so the same Markdown is rendered), not ours, no custom
           templates, no search.
Each pair runs `ours` and `bare` back to back, alternating which goes first, so both see the same machine load.
CPU is user + system seconds of the whole process tree (every process the command starts); peak memory is the
largest sum of the resident sizes of the tree's processes, sampled every 0.25 s from /proc. The ratio is
CPU(ours) / CPU(bare) per pair, printed as min / median / max. Wall time is printed too, but on a shared machine
compare CPU.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from benchmarks.measure import Usage, machine, run  # noqa: E402
from benchmarks.synthetic import make_archive  # noqa: E402


class _Lenient(yaml.SafeLoader):
    pass


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def environment() -> dict:
    """The code of this checkout (REPO/scripts) first, whatever is installed."""
    path = os.pathsep.join(p for p in (str(REPO / "scripts"), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", PYTHONPATH=path)


def bare_config(root: Path, docs: Path, dest: Path) -> Path:
    """mkdocs.yml for the bare build: Material with our theme settings, the same Markdown extensions and nav
    (x.md -> x.th.md), no plugins, no hooks, no custom_dir."""
    ours = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Lenient)
    theme = {k: v for k, v in ours["theme"].items() if k != "custom_dir"}

    def suffixed(item):
        if isinstance(item, str):
            th = item[:-3] + ".th.md"
            return th if (docs / th).is_file() else item
        if isinstance(item, dict):
            return {k: suffixed(v) for k, v in item.items()}
        if isinstance(item, list):
            return [suffixed(v) for v in item]
        return item

    config = {
        "site_name": "bare",
        "docs_dir": str(docs),
        "theme": theme,
        "plugins": [],
        "markdown_extensions": ours.get("markdown_extensions", []),
        "nav": suffixed(ours.get("nav", [])),
        "not_in_nav": ours.get("not_in_nav", ""),
        "extra_css": ours.get("extra_css", []),
        "extra_javascript": ours.get("extra_javascript", []),
        "strict": False,
        "validation": {
            "links": {"not_found": "ignore", "unrecognized_links": "ignore", "anchors": "ignore"},
            "nav": {"omitted_files": "ignore", "not_found": "ignore"},
        },
    }
    dest.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return dest


def staged_docs(root: Path) -> Path:
    from edupartners import staging

    return staging.staging_dir(root, root / "site")


def pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def size_of(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def bench(size: int, work: Path, pairs: int, cold_every_time: bool, offline: bool) -> dict:
    root = work / f"archive-{size}"
    make_archive(root, size)
    cases = sum(1 for p in (root / "cases").iterdir() if (p / "case.yaml").is_file())
    env = environment()
    cli = [sys.executable, "-m", "edupartners.cli", "--root", str(root)]
    ours_site, bare_site = work / f"site-ours-{size}", work / f"site-bare-{size}"
    build = [*cli, "build", "--site-dir", str(ours_site), *([] if offline else ["--no-offline"])]

    def ours(cold: bool) -> Usage:
        if cold:
            shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(ours_site, ignore_errors=True)
        return run(build, cwd=root, env=env)

    def bare() -> Usage:
        shutil.rmtree(bare_site, ignore_errors=True)
        return run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "--site-dir", str(bare_site)],
            cwd=work,
            env=env,
        )

    cold = ours(cold=True)
    print(
        f"  {cases} cases/language: cold build {cold.cpu:.1f} s CPU, {cold.wall:.1f} s wall, "
        f"peak {cold.peak_rss / 2**20:.0f} MB",
        flush=True,
    )
    generate = run([*cli, "generate"], cwd=root, env=env)
    bare_docs = work / f"bare-docs-{size}"
    shutil.rmtree(bare_docs, ignore_errors=True)
    shutil.copytree(staged_docs(root), bare_docs)
    config = bare_config(root, bare_docs, work / f"mkdocs-bare-{size}.yml")
    results: list[tuple[Usage, Usage]] = []
    for i in range(pairs):
        if i % 2 == 0:
            a = ours(cold_every_time)
            b = bare()
        else:
            b = bare()
            a = ours(cold_every_time)
        results.append((a, b))
        print(
            f"  pair {i + 1}: ours {a.cpu:.1f} s CPU ({a.wall:.1f} s wall, {a.peak_rss / 2**20:.0f} MB), "
            f"bare {b.cpu:.1f} s CPU ({b.wall:.1f} s wall, {b.peak_rss / 2**20:.0f} MB), "
            f"ratio {a.cpu / b.cpu:.2f}",
            flush=True,
        )
    return {
        "cases": cases,
        "cold": cold,
        "generate": generate,
        "pairs": results,
        "pages": (pages(ours_site), pages(bare_site)),
        "site": (size_of(ours_site), size_of(bare_site)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000], help="cases per language")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved A/B pairs per size (default 3)")
    parser.add_argument("--cold", action="store_true", help="every `ours` build starts without .cache/")
    parser.add_argument("--no-offline", action="store_true", help="leave the offline copy out of `ours`")
    parser.add_argument("--workdir", type=Path, help="keep archives and sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ep-build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"build benchmark of {REPO} on {machine()}; work folder {work}", flush=True)
    rows = []
    started = time.perf_counter()
    for size in args.sizes:
        rows.append(bench(size, work, args.pairs, args.cold, not args.no_offline))
    print()
    print(
        f"{'cases/lang':>10} {'cold CPU':>9} {'generate':>9} {'ours CPU':>9} {'bare CPU':>9} "
        f"{'ratio min/med/max':>18} {'cold/bare':>9} {'ours wall':>9} {'bare wall':>9} {'ours peak':>9} "
        f"{'bare peak':>9} {'pages ours/bare':>15} {'site MB ours/bare':>17}"
    )
    for r in rows:
        ours = [a for a, _ in r["pairs"]]
        bare = [b for _, b in r["pairs"]]
        ratios = sorted(a.cpu / b.cpu for a, b in r["pairs"])
        bare_cpu = statistics.median(b.cpu for b in bare)
        print(
            f"{r['cases']:>10} {r['cold'].cpu:>8.1f}s {r['generate'].cpu:>8.1f}s "
            f"{statistics.median(a.cpu for a in ours):>8.1f}s {bare_cpu:>8.1f}s "
            f"{ratios[0]:>6.2f}/{statistics.median(ratios):.2f}/{ratios[-1]:.2f} {r['cold'].cpu / bare_cpu:>9.2f} "
            f"{statistics.median(a.wall for a in ours):>8.1f}s {statistics.median(b.wall for b in bare):>8.1f}s "
            f"{max(a.peak_rss for a in ours + [r['cold']]) / 2**20:>7.0f}MB "
            f"{max(b.peak_rss for b in bare) / 2**20:>7.0f}MB {r['pages'][0]:>7}/{r['pages'][1]:<7} "
            f"{r['site'][0] / 2**20:>8.1f}/{r['site'][1] / 2**20:<8.1f}",
            flush=True,
        )
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
