"""The local layer as pages and blocks: always marked, always after the national text.

Every local text stands in a `div.lokaal` whose heading names the organisation and the date
it adopted the text ("Lokale afspraak — Regio Voorbeeld, vastgesteld 15 november 2026"),
never inside a quoted rule text. Every value goes through markdown.escape(). The blocks are
left out of the search plugin's own sections (data-search-exclude) and indexed separately,
titled "Lokaal: …" (search_entries), so a result says it is local.
"""

from __future__ import annotations

import html
import re

from .lokaal import SITE_DIR, Agreement, Layer
from .markdown import escape
from .tree_pages.context import page_front_matter

CSS = "assets/lokaal.css"
CONTACT_PAGE = "contact.md"
SEARCH_PREFIX = "Lokaal: "
REGION_HEADING = "Afspraken en contact in uw regio"
REGION_ID = "afspraken-en-contact-in-uw-regio"
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> str:
    """Plain text as escaped Markdown paragraphs (a blank line starts a new one)."""
    return "\n\n".join(escape(p) for p in _PARAGRAPHS.split(text) if p.strip())


def block(layer: Layer, agreement: Agreement, level: int) -> str:
    """One local agreement, marked: its own class, the heading naming organisation and date."""
    return (f'<div class="lokaal" id="{agreement.anchor}" data-search-exclude="" markdown>\n\n'
            f'<h{level} class="lokaal-kop">{escape(layer.heading)}</h{level}>\n\n'
            f'**{escape(agreement.title)}**\n{{ .lokaal-titel }}\n\n{paragraphs(agreement.text)}\n\n</div>\n')


def rule_blocks(layer: Layer, rule_number: int) -> dict[int, str]:
    """Point number -> the blocks that go under that point of this rule."""
    out: dict[int, str] = {}
    for agreement in layer.agreements:
        rule, _, point = agreement.at.partition(".")
        if point and int(rule) == rule_number:
            out[int(point)] = out.get(int(point), "") + block(layer, agreement, 2)
    return out


def contact_list(layer: Layer) -> str:
    """The contact points as a Markdown list: function, phone, e-mail, hours."""
    items = []
    for contact in layer.contacts:
        parts = [f"**{escape(contact.function)}**"]
        if contact.phone:
            parts.append(f"telefoon [{escape(contact.phone)}](tel:{re.sub(r'[ -]', '', contact.phone)})")
        if contact.email:
            parts.append(f"e-mail [{escape(contact.email)}](mailto:{contact.email})")
        parts.append(f"bereikbaar: {escape(contact.hours)}")
        items.append("- " + ", ".join(parts))
    return "\n".join(items)


def contact_block(layer: Layer, level: int, link: str | None) -> str:
    """The contacts; on the layer's own page (no `link`) they are searched as part of that page."""
    more = f"\n\n[Alle contactpunten en de lokale aanvulling van {escape(layer.short_name)}]({link})" if link else ""
    exclude = ' data-search-exclude=""' if link else ""
    return (f'<div class="lokaal lokaal-contact"{exclude} markdown>\n\n'
            f'<h{level} class="lokaal-kop">Contact in uw regio \u2014 {escape(layer.name)}</h{level}>\n\n'
            f"{contact_list(layer)}{more}\n\n</div>\n")


def outcome_sections(layer: Layer, tree) -> dict[str, str]:
    """Outcome id -> the section "Afspraken en contact in uw regio", for the outcomes the
    layer attaches something to."""
    out = {}
    for outcome_id in tree.outcomes:
        agreements = layer.at(outcome_id)
        if agreements:
            blocks = "\n".join(block(layer, a, 3) for a in agreements)
            out[outcome_id] = (f'\n<div class="lokaal-regio" id="{REGION_ID}" data-search-exclude="" markdown>\n\n'
                               f'<h2 class="lokaal-regio-kop">{REGION_HEADING}</h2>\n\n{blocks}\n'
                               f"{contact_block(layer, 3, f'../{SITE_DIR}/{CONTACT_PAGE}')}\n</div>\n\n")
    return out


def outline_blocks(layer: Layer) -> dict[str, str]:
    """Outcome id -> its blocks in the overview's list of outcomes (under a level-4 heading)."""
    out: dict[str, str] = {}
    for agreement in layer.agreements:
        if agreement.at != "start" and "." not in agreement.at:
            out[agreement.at] = out.get(agreement.at, "") + "\n" + block(layer, agreement, 5)
    return out


def edition_text(layer: Layer, national_version: str) -> str:
    return (f"Dit is de landelijke uitgave van het handboek (beslisboom versie {escape(national_version)}) met de "
            f"lokale aanvulling van {escape(layer.name)} ({escape(layer.region)}), versie "
            f"{escape(layer.version)}, vastgesteld {escape(layer.adopted_text)}. Lokale teksten staan altijd in "
            "een kader met de naam van de organisatie. Ze zijn geen onderdeel van de vuistregels en veranderen "
            "die niet.")


def start_section(layer: Layer, national_version: str) -> str:
    """Appended to the start page (docs/index.md): which edition this is, and the start page's
    agreements."""
    blocks = "\n".join(block(layer, a, 3) for a in layer.at("start"))
    return (f'\n\n<div class="lokaal lokaal-uitgave" id="deze-uitgave" data-search-exclude="" markdown>\n\n'
            f'<h2 class="lokaal-kop">Deze uitgave: landelijk, met lokale aanvulling</h2>\n\n'
            f"{edition_text(layer, national_version)}\n\n"
            f"[Lokale aanvulling en contact in uw regio]({SITE_DIR}/index.md)\n\n</div>\n\n{blocks}\n")


def index_page(layer: Layer, national_version: str) -> str:
    """lokaal/index.md: the annex's first page: edition, logo, documents, start agreements."""
    logo = f"![Logo van {escape(layer.name)}]({layer.logo})\n\n" if layer.logo else ""
    documents = "\n".join(f"- [{escape(d.title)}]({d.name}.md)" for d in layer.documents)
    documents = f"\n\n<h2 class=\"lokaal-kop\">Lokale documenten</h2>\n\n{documents}" if documents else ""
    contact = f"\n\n[Contact in uw regio]({CONTACT_PAGE.removesuffix('.md')}.md)"
    blocks = "\n".join(block(layer, a, 2) for a in layer.at("start"))
    return (f"{page_front_matter('Lokale aanvulling')}# Lokale aanvulling\n\n"
            f'<div class="lokaal" id="lokale-aanvulling" markdown>\n\n'
            f'<h2 class="lokaal-kop">Lokale aanvulling \u2014 {escape(layer.name)}, vastgesteld '
            f"{escape(layer.adopted_text)}</h2>\n\n{logo}{edition_text(layer, national_version)}{contact}{documents}\n\n"
            f"</div>\n\n{blocks}\n")


def contact_page(layer: Layer) -> str:
    """lokaal/contact.md: every contact point of the region."""
    return (f"{page_front_matter('Contact in uw regio')}# Contact in uw regio\n\n{contact_block(layer, 2, None)}")


def document_page(layer: Layer, document) -> str:
    """A local document: its Markdown (checked in lokaal.read_document) inside the marked block."""
    return (f"{page_front_matter(document.title)}"
            f'<div class="lokaal" id="lokaal-document" markdown>\n\n'
            f'<p class="lokaal-kop">Lokaal document \u2014 {escape(layer.name)}, vastgesteld '
            f"{escape(layer.adopted_text)}</p>\n\n# {escape(document.title)}\n\n{document.markdown}\n\n</div>\n")


def css(layer: Layer) -> str:
    # the colour is checked by the schema (#rrggbb) and for contrast with white text
    return (f":root {{ --lokaal-kleur: {layer.colour}; }}\n"
            ".md-typeset .lokaal, .md-typeset .lokaal-regio .lokaal { border-left: .3rem solid var(--lokaal-kleur); "
            "background: #f6f7f9; padding: 0 1rem .4rem; margin: 1.2rem 0; break-inside: avoid; }\n"
            ".md-typeset .lokaal-kop { background: var(--lokaal-kleur); color: #fff; padding: .3rem .6rem; "
            "margin: 0 -1rem .6rem; font-size: .8rem; font-weight: 700; letter-spacing: 0; text-transform: none; }\n"
            ".md-typeset .lokaal img { max-height: 4rem; }\n")


def pages(layer: Layer, national_version: str) -> dict[str, str]:
    out = {f"{SITE_DIR}/index.md": index_page(layer, national_version),
           f"{SITE_DIR}/{CONTACT_PAGE}": contact_page(layer), CSS: css(layer)}
    for document in layer.documents:
        out[f"{SITE_DIR}/{document.name}.md"] = document_page(layer, document)
    return out


def nav_section(layer: Layer) -> dict:
    """The nav's own section for the layer, appended after the national nav."""
    return {"Lokale aanvulling": [f"{SITE_DIR}/index.md", f"{SITE_DIR}/{CONTACT_PAGE}",
                                  *(f"{SITE_DIR}/{d.name}.md" for d in layer.documents)]}


def wizard_data(layer: Layer, tree) -> dict:
    """What the wizard shows of the layer: the blocks per outcome and the contacts; and what
    the verslag records: the local edition and its version."""
    return {
        "organisatie": layer.name, "korte_naam": layer.short_name, "regio": layer.region,
        "versie": layer.version, "vastgesteld": layer.adopted_text, "kop": layer.heading,
        "uitkomsten": {o: [{"titel": a.title, "tekst": a.text} for a in layer.at(o)]
                       for o in tree.outcomes if layer.at(o)},
        "contact": [{"functie": c.function, "telefoon": c.phone, "e-mail": c.email, "bereikbaarheid": c.hours}
                    for c in layer.contacts],
    }


def search_entries(layer: Layer) -> list[dict]:
    """One search entry per local agreement, at its block, titled as local."""
    entries = []
    for agreement in layer.agreements:
        rule, _, point = agreement.at.partition(".")
        page = ("" if agreement.at == "start" else f"vuistregels/{rule}/" if point
                else f"beslisboom/{agreement.at}/")
        entries.append({"location": f"{page}#{agreement.anchor}",
                        "title": SEARCH_PREFIX + html.escape(agreement.title, quote=False),
                        "text": f"<p>{html.escape(' '.join(agreement.text.split()), quote=False)}</p>"
                                f"<p>{html.escape(layer.heading, quote=False)}</p>"})
    return entries


def mark_search_index(index: dict, entries: list[dict]) -> dict:
    """search_index.json with the local pages' titles marked and the local blocks
    (`entries`, from search_entries()) added."""
    docs = []
    for entry in index["docs"]:
        if entry["location"].startswith(f"{SITE_DIR}/") and not entry["title"].startswith(SEARCH_PREFIX):
            entry = dict(entry, title=SEARCH_PREFIX + entry["title"])
        docs.append(entry)
    return dict(index, docs=docs + entries)
