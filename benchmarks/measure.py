"""Measuring a command and every process it starts: wall seconds, CPU seconds of the whole process tree, and the
peak memory of the tree (the sum of the resident sizes of all its processes, sampled from /proc)."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Usage:
    wall: float  # seconds
    cpu: float  # user + system seconds of the command and all its descendants
    peak_rss: int  # bytes: the largest sum over the process tree seen while it ran (0 without /proc)
    max_rss: int  # bytes: the largest single process (getrusage), for machines without /proc


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            out.setdefault(ppid, []).append(int(entry.name))
    return out


def tree_rss(pid: int) -> int:
    """Resident bytes of pid and all its descendants now."""
    children, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(current, [])
    return total


class TreeSampler(threading.Thread):
    """Samples tree_rss(pid) every `every` seconds until stopped; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self._stop_event = threading.Event()

    def run(self):
        if not Path("/proc").is_dir():
            return
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop_event.wait(self.every)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def run(args: list[str], cwd: Path, env: dict | None = None, log: Path | None = None) -> Usage:
    """Run a command to its end; exits with its output if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = open(log, "w") if log else subprocess.PIPE
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    peak = sampler.stop()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if log:
        out.close()
        output = log.read_text("utf-8", errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}\n{(output or '')[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Usage(elapsed, cpu, peak, after.ru_maxrss * 1024)


def machine() -> str:
    """One line about the machine the figures come from."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except OSError:
        memory = 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores ({model or 'unknown CPU'}), {memory:,} MB RAM, load average {load:.1f} at start"
