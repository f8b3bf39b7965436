"""Begrippen: acronyms with their expansion (tooltip) and explanation (glossary page)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import ContentErrors
from .yamlsource import load


@dataclass(frozen=True)
class Term:
    abbreviation: str
    expansion: str
    explanation: str


def load_glossary(path: Path, schema_path: Path, display_name: str | None = None) -> tuple[Term, ...]:
    source = load(path, display_name)
    errors = schema.validate(source, schema_path)
    seen: set[str] = set()
    for i, entry in enumerate(source.data.get("begrippen", []) if not errors else []):
        if entry["afkorting"] in seen:
            errors.append(source.error(("begrippen", i, "afkorting"),
                                       f"afkorting '{entry['afkorting']}' staat er twee keer in"))
        seen.add(entry["afkorting"])
    if errors:
        raise ContentErrors(errors)
    return tuple(Term(e["afkorting"], e["voluit"], e["uitleg"]) for e in source.data["begrippen"])
