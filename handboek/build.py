"""Load and check all content, then generate the pages: the compiler's two steps."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import render_rules
from .errors import ContentError, ContentErrors
from .glossary import Term, load_glossary
from .rules import Rulebook, load_rulebook

CONTENT_DIR = Path(__file__).resolve().parent.parent / "decision_tree"


@dataclass(frozen=True)
class Content:
    rulebook: Rulebook
    glossary: tuple[Term, ...]


def display_name(path: Path) -> str:
    """The path as an editor types it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_content(content_dir: Path = CONTENT_DIR) -> Content:
    """Load every content file; raise ContentErrors listing all problems of all files."""
    errors: list[ContentError] = []

    def attempt(loader, name: str):
        path = content_dir / f"{name}.yaml"
        try:
            return loader(path, content_dir / f"{name}.schema.json", display_name(path))
        except ContentErrors as exc:
            errors.extend(exc.errors)
            return None

    rulebook = attempt(load_rulebook, "vuistregels")
    glossary = attempt(load_glossary, "begrippen")
    if errors:
        raise ContentErrors(errors)
    return Content(rulebook, glossary)


def generate(content: Content) -> dict[str, str]:
    """Every generated file, as site-relative path -> text."""
    book = content.rulebook
    pages = {
        "aanleiding.md": render_rules.part_page(book, book.aanleiding),
        "inleiding.md": render_rules.part_page(book, book.inleiding),
        "vuistregels/index.md": render_rules.rules_index_page(book),
        "bronnen.md": render_rules.sources_page(book),
        "begrippen.md": render_rules.glossary_page(content.glossary),
    }
    for rule in book.rules:
        pages[f"vuistregels/{rule.number}.md"] = render_rules.rule_page(book, rule)
    return pages
