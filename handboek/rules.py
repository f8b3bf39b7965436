"""The source document as a model: loaded from vuistregels.yaml and checked.

Citations elsewhere (the decision tree) point into this model as `N.M`
(vuistregel N, punt M) or `inleiding.M` (paragraph M of the Inleiding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import ContentError, ContentErrors
from .yamlsource import Source, load

FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")
CITATION = re.compile(r"^(?:(?P<rule>\d+)|(?P<part>inleiding))\.(?P<item>\d+)$")


@dataclass(frozen=True)
class Paragraph:
    text: str
    quote: bool = False


@dataclass(frozen=True)
class Part:
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Rule:
    number: int
    title: str
    intro: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    same_as: int | None = None
    publication: bool = False


@dataclass(frozen=True)
class Citation:
    """One citable piece of the source: a rule point or an Inleiding paragraph."""

    ref: str
    label: str
    page: str    # Markdown source of the page, e.g. "vuistregels/5.md"
    anchor: str  # e.g. "punt-4"
    text: str

    @property
    def url(self) -> str:
        """Site-relative URL, e.g. "vuistregels/5/#punt-4"."""
        return f"{self.page.removesuffix('.md')}/#{self.anchor}"


@dataclass(frozen=True)
class Rulebook:
    title: str
    organisation: str
    table_title: str
    aanleiding: Part
    inleiding: Part
    rules: tuple[Rule, ...]
    footnotes: dict[int, Footnote]

    def rule(self, number: int) -> Rule | None:
        return next((r for r in self.rules if r.number == number), None)

    def citation(self, ref: str) -> Citation | None:
        match = CITATION.match(ref)
        if not match:
            return None
        item = int(match["item"])
        if match["part"]:
            paragraphs = self.inleiding.paragraphs
            if not 1 <= item <= len(paragraphs):
                return None
            return Citation(ref, f"Inleiding, alinea {item}", "inleiding.md", f"alinea-{item}",
                            paragraphs[item - 1].text)
        rule = self.rule(int(match["rule"]))
        if rule is None or not 1 <= item <= len(rule.points):
            return None
        return Citation(ref, f"Vuistregel {rule.number}, punt {item}", f"vuistregels/{rule.number}.md",
                        f"punt-{item}", rule.points[item - 1])

    def all_point_refs(self) -> list[str]:
        return [f"{r.number}.{i}" for r in self.rules for i in range(1, len(r.points) + 1)]

    def all_refs(self) -> list[str]:
        """Every valid citation: the rule points and the Inleiding's paragraphs."""
        return self.all_point_refs() + [f"inleiding.{i}" for i in range(1, len(self.inleiding.paragraphs) + 1)]


def load_rulebook(path: Path, schema_path: Path, display_name: str | None = None) -> Rulebook:
    source = load(path, display_name)
    errors = schema.validate(source, schema_path)
    if errors:
        raise ContentErrors(errors)
    book = _build(source.data)
    errors = _check(book, source)
    if errors:
        raise ContentErrors(errors)
    return book


def _part(data: dict) -> Part:
    return Part(data["titel"], tuple(Paragraph(p["tekst"], p.get("citaat", False))
                                     for p in data["alineas"]))


def _build(data: dict) -> Rulebook:
    notes = {}
    for f in data["voetnoten"]:
        notes.setdefault(f["nummer"], Footnote(f["nummer"], f.get("tekst", ""), f.get("zelfde_als"),
                                               f.get("publicatie", False)))
    rules = tuple(Rule(r["nummer"], r["titel"], r["inleiding"], tuple(r["punten"]))
                  for r in data["vuistregels"])
    book = Rulebook(data["titel"], data["organisatie"], data["tabel_titel"],
                    _part(data["aanleiding"]), _part(data["inleiding"]), rules, notes)
    # resolve repeated footnotes to their text, so renderers never need to
    for n, note in notes.items():
        original = notes.get(note.same_as) if note.same_as else None
        if original and original.same_as is None:
            notes[n] = Footnote(n, original.text, note.same_as, original.publication)
    return book


def _check(book: Rulebook, source: Source) -> list[ContentError]:
    errors = []
    for i, rule in enumerate(book.rules):
        if rule.number != i + 1:
            errors.append(source.error(("vuistregels", i, "nummer"),
                                       f"vuistregel {rule.number} staat op plaats {i + 1}; "
                                       "nummer de vuistregels 1, 2, 3, … op volgorde"))
    raw_notes = source.data["voetnoten"]
    numbers = [f["nummer"] for f in raw_notes]
    with_text = {f["nummer"] for f in raw_notes if "tekst" in f}
    for i, n in enumerate(numbers):
        if n in numbers[:i]:
            errors.append(source.error(("voetnoten", i, "nummer"), f"voetnoot {n} staat er twee keer in"))
        same = raw_notes[i].get("zelfde_als")
        if same is not None and same not in with_text:
            errors.append(source.error(("voetnoten", i, "zelfde_als"),
                                       f"voetnoot {n} herhaalt voetnoot {same}, maar die heeft geen eigen tekst"))
    cited: dict[int, tuple] = {}
    for path, text in _texts(source.data):
        for mark in FOOTNOTE_MARK.finditer(text):
            n = int(mark[1])
            if n not in book.footnotes:
                errors.append(source.error(path, f"voetnoot {n} wordt genoemd maar staat niet onder 'voetnoten'"))
            elif n in cited:
                errors.append(source.error(path, f"voetnoot {n} wordt twee keer genoemd"))
            cited[n] = path
    for i, n in enumerate(numbers):
        if n not in cited:
            errors.append(source.error(("voetnoten", i), f"voetnoot {n} wordt nergens in de tekst genoemd"))
    return errors


def _texts(data: dict):
    """Every text that may carry footnote marks, with its path in the YAML."""
    for part in ("aanleiding", "inleiding"):
        for i, p in enumerate(data[part]["alineas"]):
            yield (part, "alineas", i, "tekst"), p["tekst"]
    for i, r in enumerate(data["vuistregels"]):
        yield ("vuistregels", i, "titel"), r["titel"]
        for j, point in enumerate(r["punten"]):
            yield ("vuistregels", i, "punten", j), point
