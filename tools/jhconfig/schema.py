# SPDX-License-Identifier: GPL-2.0
"""Type and key checks with the JSON Schema in schema.json."""
import json
import os

import jsonschema

from .findings import Finding

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "schema.json")
NUMBER_HINT = ("numbers are decimal or 0x hex, optionally with '_' separators "
               "and a K, M or G suffix (binary multiples)")
_validator = None


def _get_validator():
    global _validator
    if _validator is None:
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        _validator = jsonschema.Draft7Validator(schema)
    return _validator


def _locate(tree, path):
    """Line of the deepest node on a schema error path, and its dotted name."""
    node, line, names = tree, getattr(tree, "line", None), []
    for step in path:
        if isinstance(step, int):
            names.append(f"[{step}]")
            if hasattr(node, "line_of"):
                line = node.line_of(step)
        else:
            names.append(("." if names else "") + str(step))
            if hasattr(node, "key_lines"):
                line = node.key_lines.get(step, line)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if getattr(node, "line", None) and not isinstance(step, str):
            line = node.line
    return line, "".join(names) or "top level"


def _describe(error, tree, path):
    line, where = _locate(tree, error.absolute_path)
    kind = error.validator
    schema = error.schema
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        key = extra[0] if extra else "?"
        if hasattr(error.instance, "key_lines"):
            line = error.instance.key_lines.get(key, line)
        return Finding(path, line, f"{where}: unknown key '{key}'",
                       "allowed keys here: " + ", ".join(allowed))
    if kind == "required":
        return Finding(path, line, f"{where}: {error.message}",
                       "add the missing key")
    if kind == "enum":
        allowed = ", ".join(str(v) for v in schema["enum"])
        what = "flag" if "flags" in where else "value"
        return Finding(path, line,
                       f"{where}: unknown {what} {error.instance!r}",
                       f"allowed: {allowed}")
    if kind in ("type", "pattern", "minimum") and "pattern" in schema \
            and "integer" in schema.get("type", []):
        return Finding(path, line,
                       f"{where}: {error.instance!r} is not a number",
                       NUMBER_HINT)
    if kind == "oneOf" and "description" in schema:
        return Finding(path, line, f"{where}: invalid value {error.instance!r}",
                       "write " + schema["description"])
    if kind == "uniqueItems":
        return Finding(path, line, f"{where}: an item is listed twice",
                       "list each flag once")
    if kind == "minLength":
        return Finding(path, line, f"{where}: must not be empty",
                       "give it a name")
    if kind == "type":
        want = schema["type"]
        want = " or ".join(want) if isinstance(want, list) else want
        article = "an" if want[0] in "aeiou" else "a"
        return Finding(path, line,
                       f"{where}: {error.instance!r} is not {article} {want}",
                       f"write {article} {want} here (see "
                       "Documentation/config-format.md)")
    return Finding(path, line, f"{where}: {error.message}",
                   "see Documentation/config-format.md")


def validate(tree, path):
    """Return the schema findings of a loaded YAML tree (empty: valid)."""
    if not isinstance(tree, dict) or len(tree) != 1 or \
            next(iter(tree)) not in ("system", "cell"):
        keys = ", ".join(map(str, tree)) if isinstance(tree, dict) else \
            type(tree).__name__
        return [Finding(path, getattr(tree, "line", 1),
                        f"a config file holds exactly one top-level key, "
                        f"'system' or 'cell' (found: {keys or 'nothing'})",
                        "start the file with 'system:' or 'cell:'")]
    errors = sorted(_get_validator().iter_errors(tree),
                    key=lambda e: (list(map(str, e.absolute_path)),
                                   e.validator))
    findings, seen = [], set()
    for error in errors:
        finding = _describe(error, tree, path)
        key = (finding.line, finding.message)
        if key not in seen:
            seen.add(key)
            findings.append(finding)
    return findings
