#!/usr/bin/env python3
"""Serve benchmark (issue 17): the contributor's loop under `edupartners serve`, next to `mkdocs serve` of the same
Markdown with Material and nothing else (as in build_bench.py), on a synthetic archive (benchmarks/synthetic.py).

    .venv/bin/python benchmarks/serve_bench.py --size 500            # 3 edits of each kind
    .venv/bin/python benchmarks/serve_bench.py --size 2000 --edits 2 --no-bare
    .venv/bin/python benchmarks/serve_bench.py --size 500 -- --no-dirty   # extra words for `edupartners serve`

The start ratio is paired: the machine's speed drifts by a third over minutes (bare starts at 2,000 took 122 s and
173 s CPU an hour apart), so after the edit runs (ours, then bare) it starts each server again --start-pairs times,
in the other order first (bare, then ours), and prints ours/bare for every pair.

For each server it prints:
  start     launch until the case page is served (wall seconds) and the CPU seconds the process tree used until
            then (read from /proc: the server and every process it started and waited for)
  edit      for each edit, a new sentence written into a case's th.md, then into a hand-written page
            (docs/about.th.md; bare: the staged copy of the case page, it has no hand-written source), then (ours
            only) a word put into the case's English title in case.yaml (facts: lists show them): seconds until
            the served page holds the sentence (polled every 0.1 s), and how many rebuilds the edit caused, counted
            once the log has been quiet for --settle seconds: whole ones (MkDocs' "Building documentation") and
            quick ones (our "Rendered again alone", preview.py), printed as "1 whole" or "1 quick"; after a quick
            one, how many other pages the edit changed (lists, related cases) and the seconds their rendering took
            after the browser reloaded (preview.py renders them next, on a thread of their own)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from benchmarks.build_bench import bare_config, environment, staged_docs  # noqa: E402
from benchmarks.measure import machine, run  # noqa: E402
from benchmarks.synthetic import make_archive  # noqa: E402

REBUILDS = {"whole": "Building documentation", "quick": "Rendered again alone"}  # log lines, one per rebuild
REST = re.compile(r"Rendered the other pages the edit changed .*: (\d+) \((\d+\.\d) s\)")  # after a quick one
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def tree_cpu(pid: int) -> float:
    """CPU seconds of pid, its live descendants and the children they have waited for (/proc/<pid>/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        except (OSError, ValueError):
            pass
        todo += children.get(current, [])
    return total / TICKS


class Server:
    def __init__(self, args: list[str], cwd: Path, env: dict, log: Path):
        self.log = log
        self.handle = open(log, "w")
        self.process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started = time.perf_counter()

    def rebuilds(self) -> dict[str, int]:
        text = self.log.read_text("utf-8", errors="replace")
        return {kind: text.count(line) for kind, line in REBUILDS.items()}

    def wait_for(self, url: str, text: str, limit: float) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.log.read_text('utf-8')[-3000:]}")
            body = fetch(url)
            if body and text in body:
                return time.perf_counter() - start
            time.sleep(0.1)
        raise SystemExit(
            f"{text!r} never appeared at {url} within {limit:.0f} s\n{self.log.read_text('utf-8')[-3000:]}"
        )

    def settle(self, quiet: float, limit: float = 900) -> None:
        """Wait until the log has not grown for `quiet` seconds."""
        start, size, since = time.perf_counter(), -1, time.perf_counter()
        while time.perf_counter() - start < limit:
            now = self.log.stat().st_size
            if now != size:
                size, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return
            time.sleep(0.2)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, 15)  # the server's own session: it and what it started
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()
        self.handle.close()


def appended(text: str, marker: str) -> str:
    return text.rstrip("\n") + f"\n\n{marker}\n"


def in_title(text: str, marker: str) -> str:
    """case.yaml with the marker at the start of the English title (quoted or not)."""
    at = text.index("\n  en: ", text.index("\ntitle:")) + len("\n  en: ")
    at += text[at] in "'\""
    return text[:at] + marker + " " + text[at:]


def loop(name: str, server: Server, page_url: str, edits: list[tuple], count: int, settle: float) -> dict:
    server.wait_for(page_url, "<h1", 1800)
    start_wall = time.perf_counter() - server.started
    start_cpu = tree_cpu(server.process.pid)
    print(f"  {name}: served after {start_wall:.1f} s wall, {start_cpu:.1f} s CPU", flush=True)
    server.settle(settle)
    out = {"start_wall": start_wall, "start_cpu": start_cpu}
    for kind, path, url, edit in edits:
        times, rebuilds, rest = [], [], []
        for i in range(count):
            marker = f"EPBENCH{kind.upper()}{i}X{int(time.time())}"
            before, logged = server.rebuilds(), len(server.log.read_text("utf-8", errors="replace"))
            text = path.read_text("utf-8")
            path.write_text(edit(text, marker), "utf-8")
            times.append(server.wait_for(url, marker, 1800))
            server.settle(settle)
            after = server.rebuilds()
            rebuilds.append(" + ".join(f"{after[k] - before[k]} {k}" for k in REBUILDS if after[k] > before[k]) or "0")
            others = REST.findall(server.log.read_text("utf-8", errors="replace")[logged:])
            rest.append(sum(float(s) for _, s in others))
            then = f", then {sum(int(n) for n, _ in others)} other pages in {rest[-1]:.1f} s" if others else ""
            print(
                f"  {name}: edit {kind} {i + 1}: visible after {times[-1]:.1f} s{then}, rebuilds: {rebuilds[-1]}",
                flush=True,
            )
        out[kind] = (times, rebuilds, rest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=500, help="cases per language (default 500)")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind (default 3)")
    parser.add_argument("--settle", type=float, default=4.0, help="quiet log seconds that end an edit's rebuilds")
    parser.add_argument("--no-bare", action="store_true", help="skip bare `mkdocs serve`")
    parser.add_argument("--start-pairs", type=int, default=1, help="more paired starts, order alternating (default 1)")
    parser.add_argument("--workdir", type=Path, help="keep the archive here (default: a temporary folder)")
    parser.add_argument("serve_args", nargs="*", help="extra words for `edupartners serve` (after --)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ep-serve-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"serve benchmark of {REPO} on {machine()}; work folder {work}", flush=True)
    root = work / f"archive-{args.size}"
    make_archive(root, args.size)
    env = environment()
    slug = sorted(p.name for p in (root / "cases").iterdir() if p.name.startswith("synthetic-"))[
        len([p for p in (root / "cases").iterdir() if p.name.startswith("synthetic-")]) // 2
    ]
    results, config, docs = {}, None, work / "bare-docs"

    def ours(count: int) -> dict:
        port = free_port()
        command = ["edupartners.cli", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"]
        server = Server([sys.executable, "-m", *command, *args.serve_args], root, env, work / "serve-ours.log")
        base = f"http://127.0.0.1:{port}/archive/"
        edits = [
            ("case", root / "cases" / slug / "th.md", f"{base}cases/{slug}/", appended),
            ("page", root / "docs" / "about.th.md", f"{base}about/", appended),
            ("facts", root / "cases" / slug / "case.yaml", f"{base}en/cases/{slug}/", in_title),
        ]
        try:
            return loop("ours", server, f"{base}cases/{slug}/", edits, count, args.settle)
        finally:
            server.stop()

    def bare(count: int) -> dict:
        port = free_port()
        command = ["mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"]
        server = Server([sys.executable, "-m", *command], work, env, work / "serve-bare.log")
        base = f"http://127.0.0.1:{port}/"
        edits = [
            ("case", docs / "cases" / f"{slug}.th.md", f"{base}cases/{slug}.th/", appended),
            ("page", docs / "about.th.md", f"{base}about.th/", appended),
        ]
        try:
            return loop("bare", server, f"{base}cases/{slug}.th/", edits, count, args.settle)
        finally:
            server.stop()

    results["ours"] = ours(args.edits)
    starts = []
    if not args.no_bare:
        run([sys.executable, "-m", "edupartners.cli", "--root", str(root), "generate"], cwd=root, env=env)
        shutil.rmtree(docs, ignore_errors=True)
        shutil.copytree(staged_docs(root), docs)
        config = bare_config(root, docs, work / "mkdocs-bare.yml")
        results["bare"] = bare(args.edits)
        starts.append((results["ours"], results["bare"]))
        for n in range(args.start_pairs):  # the other order first, then alternating
            first, second = (bare, ours) if n % 2 == 0 else (ours, bare)
            a, b = first(0), second(0)
            starts.append((a, b) if first is ours else (b, a))
    print()
    print(f"{args.size} cases/language; edit times min/median/max in seconds; rebuilds per edit")
    for name, r in results.items():
        line = f"{name:>5}: start {r['start_wall']:.1f} s wall / {r['start_cpu']:.1f} s CPU"
        for kind in ("case", "page", "facts"):
            if kind not in r:
                continue
            times, rebuilds, rest = r[kind]
            line += f"; {kind} edit {min(times):.1f}/{statistics.median(times):.1f}/{max(times):.1f} s"
            if any(rest):
                line += f" (other pages {min(rest):.1f}/{statistics.median(rest):.1f}/{max(rest):.1f} s more)"
            line += f", rebuilds {'/'.join(str(n) for n in rebuilds)}"
        print(line)
    for o, b in starts:
        print(
            f"start ours/bare: {o['start_cpu']:.1f} / {b['start_cpu']:.1f} s CPU = {o['start_cpu'] / b['start_cpu']:.2f}, "
            f"{o['start_wall']:.1f} / {b['start_wall']:.1f} s wall = {o['start_wall'] / b['start_wall']:.2f}"
        )
    if starts:
        ratios = sorted(o["start_cpu"] / b["start_cpu"] for o, b in starts)
        print(
            f"start ratio ours/bare (CPU), {len(ratios)} pairs: {ratios[0]:.2f}/{statistics.median(ratios):.2f}/{ratios[-1]:.2f}"
        )
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
