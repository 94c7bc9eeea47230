#!/usr/bin/env python3
"""Set everything up in .venv, then run a task. Needs only Python 3.11+.

    python3 run.py serve    # set up, then serve the site with live reload at http://127.0.0.1:8000/
    python3 run.py build    # set up, then build the site into site/
    python3 run.py test     # set up, then run the whole test suite (extra arguments go to pytest)
    python3 run.py setup    # only set up .venv (then use .venv/bin/edupartners directly)
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed / ต้องใช้ Python 3.11 ขึ้นไป")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != wanted:
        print("installing dependencies into .venv ...", flush=True)
        subprocess.check_call([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        subprocess.check_call([str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"])
        stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    task, rest = (argv[0], argv[1:]) if argv else ("", [])
    commands = {
        "serve": [str(BIN / "edupartners"), "serve", *rest],
        "build": [str(BIN / "edupartners"), "build", *rest],
        "test": [str(BIN / "python"), "-m", "pytest", *rest],
        "setup": [str(BIN / "python"), "-c", "print('ready: .venv/bin/edupartners --help')"],
    }
    if task not in commands:
        print(__doc__)
        return 2
    ensure_environment()
    return subprocess.call(commands[task], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
