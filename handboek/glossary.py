"""Begrippen: acronyms with their expansion (tooltip) and explanation (glossary page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import ContentErrors
from .yamlsource import load


# Python-Markdown's own placeholders for raw HTML look like "\x02wzxhzdk:12\x03" (and
# "klzzwxh:12" for escapes): an abbreviation that matches one of these words, or only digits,
# would replace the placeholders on every page, so the raw HTML would be lost.
_MARKDOWN_MARKERS = re.compile(r"wzxhzdk|klzzwxh", re.I)


def abbreviation_problem(abbreviation: str) -> str | None:
    """Why an abbreviation cannot be used for the tooltips, or None."""
    if _MARKDOWN_MARKERS.search(abbreviation):
        return f"afkorting '{abbreviation}' kan niet: Markdown gebruikt dit woord zelf intern"
    if abbreviation.isdigit():
        return f"afkorting '{abbreviation}' kan niet: een afkorting moet ten minste één letter hebben"
    return None


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
        problem = abbreviation_problem(entry["afkorting"])
        if problem:
            errors.append(source.error(("begrippen", i, "afkorting"), problem))
    if errors:
        raise ContentErrors(errors)
    return tuple(Term(e["afkorting"], e["voluit"], e["uitleg"]) for e in source.data["begrippen"])
