"""Synthetic archives for benchmarks: a copy of the project whose cases/ holds N generated school-level cases
per language (each case has a Thai and an English page), made from a real case as a template.

Text is drawn so that the vocabulary grows the way a real archive's does: common words from PyThaiNLP's Thai
word list and the real narratives, picked with a Zipf-like skew, plus a new school name and a province in
each case (so proper nouns keep arriving as the archive grows).

    from benchmarks.synthetic import make_archive
    make_archive(Path("/tmp/arch"), cases_per_language=2000)
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SCHEMA_LINE = ""
TEMPLATE = "phayuha-phitthayakhom-school"  # a school-level case: few references to other records (if still there)
PROJECT_PARTS = ("mkdocs.yml", "schema", "vocab", "docs", "overrides", "tools", "cases")
EN_WORDS = (
    "school community partnership teachers students learning network province programme foundation "
    "project local curriculum reading skills library equity fund support parents village temple market "
    "products online training mentor evaluation results lessons district teacher education innovation "
    "sandbox agriculture health nutrition digital science mathematics English history culture"
).split()


def _thai_pool(rng: random.Random) -> list[str]:
    from pythainlp.corpus.common import thai_words

    real = []
    for md in REPO.glob("cases/*/th.md"):
        real += re.findall(r"[\u0E01-\u0E4E]+", md.read_text("utf-8"))
    words = sorted(w for w in thai_words() if " " not in w and 2 <= len(w) <= 12)
    rng.shuffle(words)
    return real + words  # real text first: the Zipf head is made of the archive's own words


def _zipf(rng: random.Random, pool: list[str], n: int) -> list[str]:
    return [pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)] for _ in range(n)]


def _thai_paragraph(rng, pool, words: int) -> str:
    out, line = [], []
    for w in _zipf(rng, pool, words):
        line.append(w)
        if rng.random() < 0.12:  # Thai puts spaces between phrases, not words
            out.append("".join(line))
            line = []
    out.append("".join(line))
    return " ".join(out)


def _template() -> Path:
    """TEMPLATE if the archive still has it, else its smallest school-level case, else its smallest case (the
    synthetic cases then become schools of that programme-level case)."""
    if (REPO / "cases" / TEMPLATE / "case.yaml").is_file():
        return REPO / "cases" / TEMPLATE
    found = sorted(REPO.glob("cases/*/case.yaml"), key=lambda p: p.stat().st_size)
    school = [p for p in found if "\nlevel: school" in p.read_text("utf-8")]
    return (school or found)[0].parent


def make_archive(dest: Path, cases_per_language: int, seed: int = 4) -> Path:
    """Write a buildable project to dest with cases_per_language generated cases (plus the real ones)."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("site", "__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    rng = random.Random(seed)
    pool = _thai_pool(rng)
    template = _template()
    raw = (template / "case.yaml").read_text("utf-8")
    global SCHEMA_LINE
    SCHEMA_LINE = raw.splitlines()[0] + "\n"
    data = yaml.safe_load(raw)
    if data.get("level") != "school":  # generated cases are schools inside the template's programme case
        data = dict(data, level="school", part_of=data["slug"])
    provinces = sorted(
        yaml.safe_load((REPO / "vocab" / "provinces.yaml").read_text("utf-8")) or [], key=lambda p: p["code"]
    )
    from edupartners.archive import thai_provinces

    codes = sorted(c for c in thai_provinces() if c[3:].isdigit())  # TH-S (Pattaya) is not a province
    real = len(list((REPO / "cases").glob("*/case.yaml")))
    for i in range(max(0, cases_per_language - real)):
        slug = f"synthetic-{i:05d}"
        folder = dest / "cases" / slug
        folder.mkdir()
        school_th = "โรงเรียน" + "".join(_zipf(rng, pool, 2)) + rng.choice(["วิทยา", "ศึกษา", "พิทยาคม", "วิทยาคาร"])
        school_en = f"School {i} " + " ".join(rng.sample(EN_WORDS, 2)).title()
        case = dict(data)
        case["slug"] = slug
        case["title"] = {
            "th": f"{school_th} {_thai_paragraph(rng, pool, 8)}",
            "en": f"{school_en}: {' '.join(rng.sample(EN_WORDS, 6))}",
        }
        case["summary"] = {"th": _thai_paragraph(rng, pool, 40), "en": " ".join(rng.choices(EN_WORDS, k=40))}
        case["provinces"] = [rng.choice(codes)]
        (folder / "case.yaml").write_text(
            SCHEMA_LINE + yaml.safe_dump(case, allow_unicode=True, sort_keys=False), "utf-8"
        )
        for lang in ("th", "en"):
            text = (template / f"{lang}.md").read_text("utf-8")
            heads = [line for line in text.splitlines() if line.startswith("## ")]
            body = []
            for head in heads or ["## —"]:
                para = _thai_paragraph(rng, pool, 120) if lang == "th" else " ".join(rng.choices(EN_WORDS, k=120))
                body += [head, "", f"{para} [@{data['sources'][0]['id']}]", ""]
            (folder / f"{lang}.md").write_text("\n".join(body), "utf-8")
    del provinces
    return dest
