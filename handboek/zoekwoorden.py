"""Zoekwoorden: everyday words the source does not use, each with what the rules do and do
not say about it and the rule points closest to it. They live in begrippen.yaml (list
`zoekwoorden`), appear on the Begrippen page and make search find the right rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import ContentErrors
from .rules import Rulebook
from .yamlsource import load


@dataclass(frozen=True)
class SearchWord:
    word: str
    explanation: str
    see: tuple[str, ...]  # citations: "7.3" (rule 7, point 3) or "inleiding.3"


def anchor(word: str) -> str:
    """The word's anchor on the Begrippen page: 'medische gegevens' -> 'medische-gegevens'."""
    return "-".join(word.lower().split())


def load_search_words(path: Path, schema_path: Path, rulebook: Rulebook | None,
                      display_name: str | None = None) -> tuple[SearchWord, ...]:
    source = load(path, display_name)
    errors = schema.validate(source, schema_path)
    if errors:
        raise ContentErrors(errors)
    seen: set[str] = set()
    for i, entry in enumerate(source.data.get("zoekwoorden", [])):
        if anchor(entry["woord"]) in seen:
            errors.append(source.error(("zoekwoorden", i, "woord"),
                                       f"zoekwoord '{entry['woord']}' staat er twee keer in"))
        seen.add(anchor(entry["woord"]))
        for j, ref in enumerate(entry["zie"]):
            if rulebook is not None and rulebook.citation(ref) is None:
                errors.append(source.error(("zoekwoorden", i, "zie", j),
                                           f"zoekwoord '{entry['woord']}' verwijst naar '{ref}', maar die bestaat "
                                           "niet in vuistregels.yaml"))
    if errors:
        raise ContentErrors(errors)
    return tuple(SearchWord(e["woord"], e["uitleg"], tuple(e["zie"])) for e in source.data.get("zoekwoorden", []))
