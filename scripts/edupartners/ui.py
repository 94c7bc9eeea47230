"""Interface words of generated pages: `strings.yaml`, one entry per key with every language side by side."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .archive import LANGUAGES

STRINGS = Path(__file__).with_name("strings.yaml")
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")


def load(path: Path = STRINGS) -> dict[str, dict[str, str]]:
    """{language: {key: text}}; an entry without every language, or whose languages fill in different
    placeholders, is an error here rather than a gap on a page."""
    entries = yaml.safe_load(path.read_text("utf-8"))
    problems = []
    for key, texts in entries.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
            problems.append(f"{key}: needs exactly {', '.join(LANGUAGES)}")
        elif len({frozenset(_PLACEHOLDER.findall(texts[lang])) for lang in LANGUAGES}) > 1:
            problems.append(f"{key}: the languages use different {{placeholders}}")
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return {lang: {key: texts[lang] for key, texts in entries.items()} for lang in LANGUAGES}


UI = load()
