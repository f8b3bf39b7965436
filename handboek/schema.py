"""Check a loaded YAML source against its JSON Schema, with Dutch messages and lines.

A schema may carry `x-melding` next to its rules: a text that replaces the
generic message for every error of that part of the schema, or an object that
does so per keyword (`{"minItems": "..."}`).

Two rules are stricter than jsonschema's defaults, so that a value is what it looks like:
"integer" accepts only whole numbers written as such (not 5.0, which jsonschema counts as
an integer), and a pattern ending in `$` matches only at the very end of the text (Python's
`$` also matches before a final newline, so "doel\n" would pass as an id).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema

from .errors import MAX_SHOWN, ContentError, more_errors
from .yamlsource import Source, shown

TYPE_NAMES = {
    "object": "een lijst van velden", "array": "een lijst", "string": "een tekst",
    "integer": "een heel getal", "boolean": "true of false", "number": "een getal",
}


@lru_cache(maxsize=None)
def _validator(schema_path: str) -> jsonschema.protocols.Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    base = jsonschema.validators.validator_for(schema)
    base.check_schema(schema)
    strict = jsonschema.validators.extend(
        base, validators={"pattern": _pattern},
        type_checker=base.TYPE_CHECKER.redefine("integer", lambda _checker, value: type(value) is int))
    return strict(_inline_refs(schema, schema.get("$defs", {})))


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    """A final `$` means the end of the text, as in JavaScript (where JSON Schema comes from)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _inline_refs(schema, defs: dict):
    """Replace local `{"$ref": "#/$defs/x"}` by a copy of x: validation runs twice as fast."""
    if isinstance(schema, list):
        return [_inline_refs(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema and schema["$ref"].startswith("#/$defs/"):
        target = defs[schema["$ref"].removeprefix("#/$defs/")]
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return _inline_refs(merged, defs)
    return {key: _inline_refs(value, defs) for key, value in schema.items() if key != "$defs"}


def validate(source: Source, schema_path: Path) -> list[ContentError]:
    try:
        validator = _validator(str(schema_path))
    except (OSError, ValueError):
        return [ContentError(source.file, 1, f"het schema {Path(schema_path).name} ontbreekt of is onleesbaar")]
    errors = []
    for err in validator.iter_errors(source.data):
        path = tuple(err.absolute_path)
        if len(errors) >= MAX_SHOWN:  # enough to show; looking for all of them takes seconds
            return errors + [more_errors(source.file, source.line(path))]
        if err.validator == "additionalProperties":
            for key in _extra_keys(err):
                errors.append(source.error(path + (key,), f"{_where(path)}onbekend veld '{shown(str(key))}'"))
            continue
        errors.append(source.error(path, _where(path) + _message(err)))
    return errors


def _extra_keys(err) -> list[str]:
    allowed = set(err.schema.get("properties", {}))
    return [k for k in err.instance if k not in allowed]


def _where(path: tuple) -> str:
    """Name the field in words an editor recognises, e.g. `vragen[2].antwoorden: `."""
    if not path:
        return ""
    text = str(path[0])
    for part in path[1:]:
        text += f"[{part + 1}]" if isinstance(part, int) else f".{part}"
    return text + ": "


def _message(err) -> str:
    custom = err.schema.get("x-melding") if isinstance(err.schema, dict) else None
    if isinstance(custom, dict):
        custom = custom.get(err.validator)
    if custom:
        return custom
    value = err.validator_value
    if err.validator == "required":
        missing = [k for k in value if k not in err.instance]
        return "verplicht veld ontbreekt: " + ", ".join(f"'{k}'" for k in missing)
    if err.validator == "type":
        types = value if isinstance(value, list) else [value]
        return "moet " + " of ".join(TYPE_NAMES.get(t, t) for t in types) + " zijn"
    if err.validator == "minItems":
        return f"moet minstens {value} onderdelen hebben (nu {len(err.instance)})"
    if err.validator == "minLength":
        return "mag niet leeg zijn"
    if err.validator == "maxLength":
        return f"is te lang: {len(err.instance)} tekens, de grens is {value}; maak de tekst korter"
    if err.validator == "pattern":
        return f"'{shown(err.instance)}' heeft niet de goede vorm"
    if err.validator == "enum":
        return f"'{shown(str(err.instance))}' is niet toegestaan; kies uit " + ", ".join(map(str, value))
    if err.validator == "uniqueItems":
        return "bevat iets dubbel"
    if err.validator in ("minimum", "maximum"):
        return f"{err.instance} valt buiten de grenzen"
    return err.message
