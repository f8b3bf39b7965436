"""Markdown pages for the source text: Aanleiding, Inleiding, the rules, Bronnen, Begrippen.

Every page is generated from the YAML, so no sentence of the source is typed twice.
"""

from __future__ import annotations

from .glossary import Term
from .markdown import escape, inline
from .rules import Part, Rule, Rulebook
from .zoekwoorden import SearchWord, anchor

FRONT_MATTER = "---\nrender_macros: false\n---\n\n"


class Footnotes:
    """Collects the footnotes cited on one page and renders them at its foot."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.cited: list[int] = []

    def ref(self, number: int) -> str:
        self.cited.append(number)
        return (f'<sup class="voetnoot-ref" id="voetnoot-ref-{number}">'
                f'<a href="#voetnoot-{number}" role="doc-noteref" aria-label="voetnoot {number}">'
                f"{number}</a></sup>")

    def section(self) -> str:
        if not self.cited:
            return ""
        lines = ["", "## Voetnoten { #voetnoten }", ""]
        for n in self.cited:
            note = self.book.footnotes[n]
            repeat = (f' <span class="redactie">(zelfde tekst als voetnoot {note.same_as})</span>'
                      if note.same_as else "")
            lines.append(f"1. {inline(note.text)}{repeat} "
                         f'<a href="#voetnoot-ref-{n}" class="voetnoot-terug" data-search-exclude>terug naar de tekst</a>')
            lines.append(f'{{ #voetnoot-{n} value="{n}" }}')
        return "\n".join(lines) + "\n"


def part_page(book: Rulebook, part: Part, cited_by: str = "") -> str:
    notes = Footnotes(book)
    out = [FRONT_MATTER, f"# {escape(part.title)}\n"]
    for i, paragraph in enumerate(part.paragraphs, start=1):
        text = inline(paragraph.text, notes.ref)
        if paragraph.quote:
            out.append(f"> {text}\n{{ #alinea-{i} .citaat }}\n")
        else:
            out.append(f"{text}\n{{ #alinea-{i} }}\n")
    out.append(notes.section())
    out.append(cited_by)
    return "\n".join(out)


def rules_index_page(book: Rulebook) -> str:
    out = [FRONT_MATTER, f"# {escape(book.table_title)}\n",
           "De zeven vuistregels, met per regel wat die inhoudt. "
           "Lees eerst de [Inleiding](../inleiding.md) voor de achtergrond.\n"]
    for rule in book.rules:
        out.append(f"{rule.number}. [{inline(rule.title)}]({rule.number}.md)")
    return "\n".join(out) + "\n"


def rule_page(book: Rulebook, rule: Rule, cited_by: str = "", local: dict[int, str] | None = None) -> str:
    """`local`: point number -> the local layer's blocks under that point (the list of points
    goes on after them, numbered on)."""
    notes = Footnotes(book)
    local = local or {}
    out = [FRONT_MATTER, f"# Vuistregel {rule.number}\n",
           f"{inline(rule.title, notes.ref)}\n{{ .vuistregel-titel }}\n",
           f"{inline(rule.intro)}\n"]
    for i, point in enumerate(rule.points, start=1):
        number = f' value="{i}"' if i - 1 in local else ""
        out.append(f"1. {inline(point, notes.ref)}\n{{ #punt-{i}{number} }}")
        if i in local:
            out.append(f"\n{local[i]}")
    out.append("")
    out.append(notes.section())
    out.append(cited_by)
    return "\n".join(out)


def sources_page(book: Rulebook) -> str:
    out = [FRONT_MATTER, "# Bronnen\n",
           "De vuistregels verwijzen in hun voetnoten naar deze publicaties. "
           "Dit handboek bevat die publicaties zelf niet.\n"]
    for note in book.footnotes.values():
        if note.publication and note.same_as is None:
            where = ", ".join(str(n) for n, other in book.footnotes.items()
                              if n == note.number or other.same_as == note.number)
            out.append(f"- {inline(note.text)} <span class=\"redactie\">(voetnoot {where})</span>")
    return "\n".join(out) + "\n"


# Ids the Begrippen page has of itself: its title, its two sections, and the search help that
# hooks/mkdocs_adapter.py adds to every page (the theme's own ids all begin with "__").
GLOSSARY_PAGE_IDS = ("begrippen", "afkortingen", "zoekwoorden", "zoeken-niets")


def unique_anchor(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … if that id is already on the page; marks it taken."""
    anchor_id, n = wanted, 1
    while anchor_id in taken:
        n += 1
        anchor_id = f"{wanted}-{n}"
    taken.add(anchor_id)
    return anchor_id


def glossary_anchors(terms: tuple[Term, ...], words: tuple[SearchWord, ...]) -> tuple[dict, dict]:
    """The anchor of every term and every search word on the Begrippen page, unique on the page:
    a search word 'avg' beside the abbreviation AVG gets #avg-2 (terms keep theirs)."""
    taken = set(GLOSSARY_PAGE_IDS)
    term_ids = {t.abbreviation: unique_anchor(t.abbreviation.lower(), taken)
                for t in sorted(terms, key=lambda t: t.abbreviation.lower())}
    word_ids = {w.word: unique_anchor(anchor(w.word), taken) for w in sorted(words, key=lambda w: w.word)}
    return term_ids, word_ids


def glossary_page(terms: tuple[Term, ...], words: tuple[SearchWord, ...] = (), book: Rulebook | None = None) -> str:
    # One heading per term, so that search finds each term as itself (begrippen/#avg).
    out = [FRONT_MATTER, "# Begrippen\n",
           "Afkortingen die in de vuistregels staan, in onze eigen woorden uitgelegd. "
           "Deze uitleg is geen onderdeel van de vuistregels zelf.\n",
           "## Afkortingen { #afkortingen }\n"]
    term_ids, word_ids = glossary_anchors(terms, words if book else ())
    for term in sorted(terms, key=lambda t: t.abbreviation.lower()):
        out.append(f"### {escape(term.abbreviation)} {{ #{term_ids[term.abbreviation]} }}\n\n"
                   f"**{escape(term.expansion)}**. {escape(term.explanation)}\n")
    if words and book:
        out.append("## Woorden die niet in de vuistregels staan { #zoekwoorden }\n\n"
                   "Deze woorden gebruiken professionals vaak, maar de vuistregels gebruiken ze niet, of anders. "
                   "Per woord leest u wat de vuistregels er wel en niet over zeggen, en welke tekst er het "
                   "dichtst bij komt. Ook dit is onze eigen uitleg.\n")
        for word in sorted(words, key=lambda w: w.word):
            links = ", ".join(f"[{escape(c.label)}]({c.page}#{c.anchor})" for c in map(book.citation, word.see))
            out.append(f"### {escape(upper_first(word.word))} {{ #{word_ids[word.word]} }}\n\n"
                       f"{escape(word.explanation)}\n\nLees verder: {links}.\n")
    return "\n".join(out)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def abbreviations(terms: tuple[Term, ...]) -> str:
    """Markdown abbreviation definitions, appended to every page for the tooltips."""
    # Python-Markdown escapes the title itself; escaping here would show "&amp;"
    return "\n" + "\n".join(f"*[{t.abbreviation}]: {' '.join(t.expansion.split())}" for t in terms) + "\n"
