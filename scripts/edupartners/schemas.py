"""The JSON Schema contract: load our schemas and turn their errors into bilingual problems."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from . import jsoncache
from .problems import Report, join_path
from .sourcefile import Loaded

SCHEMA_FILES = ("common", "case", "tool", "vocab")


@lru_cache(maxsize=4)
def _registry(schema_dir: Path) -> tuple[Registry, dict[str, dict]]:
    schemas = {name: json.loads((schema_dir / f"{name}.schema.json").read_text("utf-8")) for name in SCHEMA_FILES}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return registry, schemas


def forget() -> None:
    """Read the schema files again on next use (`serve`, after a change under schema/)."""
    _registry.cache_clear()
    validator.cache_clear()
    _contracts.clear()


def schema_url(schema_dir: Path, name: str) -> str:
    return _registry(schema_dir)[1][name]["$id"]


@lru_cache(maxsize=32)
def validator(schema_dir: Path, name: str, definition: str | None = None) -> Draft202012Validator:
    registry, schemas = _registry(schema_dir)
    schema = schemas[name]
    if definition:
        schema = {"$ref": f"{schema['$id']}#/$defs/{definition}"}
    made = Draft202012Validator(schema, registry=registry)
    contract = json.dumps([schema, schemas, version("jsonschema"), version("referencing")], sort_keys=True)
    _contracts[id(made)] = (made, contract.encode())
    return made


# validator -> the schemas it checks against: a document found valid against the very same schemas is not checked
# again in the next build (jsoncache, .cache/schema/; issue 17). Only valid documents are remembered: errors are
# always computed, so every message is as fresh as the schema.
_contracts: dict[int, tuple[Draft202012Validator, bytes]] = {}


def check(v: Draft202012Validator, loaded: Loaded, path: Path, report: Report) -> bool:
    """Report every schema error in the document; True when there were none."""
    contract = _contracts.get(id(v))
    cache = None
    if contract is not None and contract[0] is v:
        document = json.dumps(loaded.data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        cache = jsoncache.entry(report.root, "schema", contract[1], document)
        if jsoncache.load(cache) is True:
            return True
    errors = list(v.iter_errors(loaded.data))
    if not errors:
        jsoncache.save(cache, True)
    for error in errors:
        for leaf in _leaves(error):
            field_path = tuple(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                known = leaf.schema.get("properties", {})
                field_path += (next(k for k in leaf.instance if k not in known),)
            line, col = loaded.where(field_path)
            en, th = explain(leaf)
            report.add(path, line, col, join_path(field_path), en, th)
    return not errors


def _leaves(error):
    """anyOf/oneOf errors are explained through the branch that came closest."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        if error.validator == "anyOf" and all(e.validator == "required" for e in error.context):
            yield error
            return
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            for sub in error.context:
                if len(sub.absolute_path) == deepest:
                    yield from _leaves(sub)
            return
    yield error


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def explain(error) -> tuple[str, str]:
    kind, arg, inst = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [k for k in arg if isinstance(inst, dict) and k not in inst]
        names = ", ".join(missing) or ", ".join(arg)
        return (f"required field(s) missing: {names}.", f"ขาดช่องที่ต้องกรอก: {names}")
    if kind == "additionalProperties":
        extra = sorted(set(inst) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        return (
            f"unknown field(s): {', '.join(extra)}. Allowed fields: {allowed}.",
            f"ช่องที่ไม่รู้จัก: {', '.join(extra)} ช่องที่ใช้ได้: {allowed}",
        )
    if kind == "enum":
        allowed = ", ".join(str(a) for a in arg)
        return (
            f"{_show(inst)} is not allowed here. Allowed values: {allowed}.",
            f"ใช้ค่า {_show(inst)} ที่นี่ไม่ได้ ค่าที่ใช้ได้: {allowed}",
        )
    if kind == "type":
        names = {
            "string": "text",
            "integer": "a whole number",
            "number": "a number",
            "object": "a map of fields",
            "array": "a list",
            "boolean": "true or false",
        }
        names_th = {
            "string": "ข้อความ",
            "integer": "จำนวนเต็ม",
            "number": "ตัวเลข",
            "object": "ชุดของช่องข้อมูล",
            "array": "รายการ",
            "boolean": "true หรือ false",
        }
        kinds = arg if isinstance(arg, list) else [arg]
        return (
            f"{_show(inst)} should be {' or '.join(names.get(k, k) for k in kinds)}.",
            f"{_show(inst)} ต้องเป็น{'หรือ'.join(names_th.get(k, k) for k in kinds)}",
        )
    if kind == "pattern":
        hint_en, hint_th = _hint(error.schema, f"It must match {arg}.", f"ต้องตรงกับรูปแบบ {arg}")
        return (f"{_show(inst)} has the wrong form. {hint_en}", f"{_show(inst)} มีรูปแบบไม่ถูกต้อง {hint_th}")
    if kind in ("minItems", "minLength"):
        return ("this must not be empty.", "ช่องนี้ต้องไม่ว่าง")
    if kind == "maxLength":
        return (f"this text is longer than {arg} characters.", f"ข้อความยาวเกิน {arg} ตัวอักษร")
    if kind == "uniqueItems":
        return ("the list repeats an item; list each item once.", "รายการมีค่าซ้ำ ให้ใส่แต่ละค่าเพียงครั้งเดียว")
    if kind == "anyOf" and all(e.validator == "required" for e in error.context):
        options = [f for e in error.context for f in e.validator_value]
        return (f"give one of: {' or '.join(options)}.", f"ต้องมีอย่างน้อยหนึ่งช่องต่อไปนี้: {' หรือ '.join(options)}")
    if kind in ("anyOf", "oneOf"):
        hint_en, hint_th = _hint(error.schema, "", "")
        return (
            f"{_show(inst)} is not a valid value here. {hint_en}".strip(),
            f"ค่า {_show(inst)} ใช้ที่นี่ไม่ได้ {hint_th}".strip(),
        )
    return (error.message, error.message)


def _hint(schema: dict, en: str, th: str) -> tuple[str, str]:
    """The schema's own bilingual advice for a value (`x-hint`, next to the rule it explains), else the fallback."""
    hint = schema.get("x-hint", {})
    return hint.get("en", en), hint.get("th", th)
