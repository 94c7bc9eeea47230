"""The project's own names, for search: from vocab/*.yaml and from the built site's open data (data/cases.json,
data/tools.json: titles, provinces with their regions, organisations), which the build has already checked. Reading
those two files instead of every case.yaml again keeps indexing quick on a large archive.

* `dictionary_names`: Thai names for the one dictionary (thai.Dictionary), so that they are never cut apart.
* `page_names`: names a page answers to that its text may not contain: the everyday names of its regions (อีสาน
  for the north-east) and the names people type for its organisations (ซีพี ออลล์ for CP ALL), from the optional
  `aliases` of vocab/regions.yaml and vocab/organisations.yaml. They are indexed, never shown: an alias is a
  name, not a claim.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..archive import KINDS, LANGUAGES, VOCABULARIES, thai_provinces
from ..facets import page_name
from ..problems import Report
from ..sourcefile import load_yaml
from .thai import NAME_PREFIXES, THAI, words_of

LANGS = LANGUAGES


@dataclass
class Project:
    vocab: dict[str, dict[str, dict]]  # vocabulary -> id (or province code) -> entry
    cases: list[dict]  # as in data/cases.json
    tools: list[dict]  # as in data/tools.json


def load(root: Path, site: Path) -> Project:
    vocab = {}
    for name in VOCABULARIES:
        loaded = load_yaml(Path(root) / "vocab" / f"{name}.yaml", Report(Path(root)))
        entries = loaded.data if loaded and isinstance(loaded.data, list) else []
        vocab[name] = {e.get("id") or e.get("code"): e for e in entries if isinstance(e, dict)}
    data = {
        kind: json.loads((Path(site) / "data" / f"{kind}.json").read_text("utf-8"))[kind] for kind in ("cases", "tools")
    }
    return Project(vocab, data["cases"], data["tools"])


def aliases(entry: dict) -> list[str]:
    given = entry.get("aliases") or {}
    return [name for lang in LANGS for name in given.get(lang, [])]


def dictionary_names(project: Project) -> tuple[set[str], set[str]]:
    """(names, atoms). Atoms are province names, never split (นครสวรรค์, not นคร|สวรรค์). Names are the rest:
    vocabulary names and short names, aliases, tool titles, the names in case titles (runs that start โรงเรียน,
    จังหวัด, ...); the index also holds the words they are made of (thai.Dictionary.parts)."""
    names: list[str] = []
    atoms = [name["th"] for name in thai_provinces().values()]
    for entries in project.vocab.values():
        for entry in entries.values():
            for key in ("name", "short"):
                if isinstance(entry.get(key), dict):
                    (atoms if "code" in entry else names).append(entry[key].get("th", ""))
            if isinstance(entry.get("tool_set"), dict):
                names.append(entry["tool_set"]["name"].get("th", ""))
            names += aliases(entry)
    names += [tool["title"]["th"] for tool in project.tools]  # a tool's title is its name
    for case in project.cases:  # a case title is a sentence: only the names in it
        names += [run for run in THAI.findall(case["title"]["th"]) if run.startswith(NAME_PREFIXES)]
    atoms_found = words_of(atoms)
    return words_of(names) - atoms_found, atoms_found


def page_names(project: Project) -> dict[str, list[str]]:
    """Page address without the language folder ("cases/x/") -> names to index for it, in both languages (a
    reader of the Thai site may type a brand in Latin letters)."""
    regions, orgs = project.vocab["regions"], project.vocab["organisations"]
    out: dict[str, list[str]] = defaultdict(list)
    for rid, region in regions.items():
        out[f"browse/region/{page_name(rid)}/"] += aliases(region)
    for oid, org in orgs.items():
        out[f"browse/organisation/{page_name(oid)}/"] += aliases(org)
    for case in project.cases:
        url = f"{KINDS['case']}/{case['slug']}/"
        for rid in dict.fromkeys(p["region"] for p in case["provinces"] if p.get("region") in regions):
            out[url] += [regions[rid]["name"][lang] for lang in LANGS] + aliases(regions[rid])
        for org in case["organisations"]:  # a case page names its provinces, not its region
            out[url] += aliases(orgs.get(org["id"], {}))
    for tool in project.tools:
        for org in tool["organisations"]:
            out[f"{KINDS['tool']}/{tool['slug']}/"] += aliases(orgs.get(org["id"], {}))
    return {url: list(dict.fromkeys(found)) for url, found in out.items() if found}


def for_page(table: dict[str, list[str]], url: str) -> list[str]:
    return table.get(url[3:] if url.startswith("en/") else url, [])
