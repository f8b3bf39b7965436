"""The search index: what is left out of it, and how its entries are cut.

Material's search plugin makes one entry per heading section. Two steps change that, both
driven by the lists below (the one place to edit them):

1. Before indexing: sections and blocks that are the same on every page of their kind carry
   Material's `data-search-exclude` attribute, so the plugin leaves them out. The compiler
   writes it into the Markdown; `unmarked_boilerplate` finds boilerplate without it.
2. After indexing (`rewrite_index`, on search_index.json): a page of the decision tree
   becomes one entry titled with its question or outcome; the overview keeps only its
   introduction (every node has its own page); every rule point and every paragraph of the
   Aanleiding and Inleiding becomes an entry of its own at its anchor (`#punt-M`,
   `#alinea-M`), so a query that matches a point lands on that point.

Pure Python, no MkDocs imports: the adapter calls the rewrite, the tests read the lists from here.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import yaml

# Headings whose whole section is left out: the same on every page of its kind.
BOILERPLATE_HEADINGS = (
    "Kies uw antwoord",
    "Waarop deze vraag steunt",
    "Wat de vuistregels zeggen",
    "In de beslisboom",
    "Uw antwoorden",
)
# Titles of notes (admonitions) that repeat on many pages, such as the disclaimer.
BOILERPLATE_NOTES = ("Een hulpmiddel, geen besluit",)
# Elements with one of these classes are navigation, not content. A practice case's worked
# answer ("uitwerking") repeats the tree's questions and outcome titles: indexed, every case
# matched every word of the tree and outranked the tree pages themselves.
BOILERPLATE_CLASSES = ("beslisboom-stap", "md-button", "voetnoot-terug", "uitwerking", "alleen-scherm")
# Drawings: a flowchart's labels repeat what its page says in words.
BOILERPLATE_TAGS = ("svg",)

TREE_PREFIX = "beslisboom/"
# Pages of the tree that are not a question or outcome.
TREE_OVERVIEW = "beslisboom/overzicht/"
TREE_INDEX = "beslisboom/"
# Pages cut into one entry per paragraph, with their anchor and label.
PARAGRAPH_PAGES = {"aanleiding/": "Aanleiding", "inleiding/": "Inleiding"}
# Pages whose paragraphs also hold their words in their title (see `_paragraph_page`): the
# Inleiding, which the rules rest on. The Aanleiding's long paragraphs about "veiligheid",
# "samenwerking" and "mogelijkheid" then outranked the rule points on those everyday words.
TITLED_PARAGRAPHS = ("inleiding/",)
# Of the Aanleiding, only the words of 6+ letters that no rule point, Inleiding paragraph or
# tree page holds go into its paragraphs' titles: "wetsvoorstel" found no paragraph (round 4).
OWN_WORD = 6
RULE_PAGE = re.compile(r"^vuistregels/(\d+)/$")
# Rule points, paragraphs and terms are sections of their page. Material ranks a page about
# 2.5 times above a section with the same match (a page of the decision tree is one page), so
# a boost keeps the source text and the explanation of a term at least as high.
POINT_BOOST = 3.0
# Terms and zoekwoorden of the Begrippen page weigh a little less than the points: for the same
# match the rule point that answers a query comes first, the explanation of the word after it.
TERM_BOOST = 2.0
# Paragraphs of the Aanleiding and Inleiding hold their words in their title, as points do
# (round 3 of issue 20), but they are long and name every partner and the AVG: at POINT_BOOST
# they outranked the point or the explanation of an abbreviation on the same words.
PARAGRAPH_BOOST = 2.5
TERM_PAGE = "begrippen/"
# Practice cases are written for trainers and tell a situation in everyday words, so they
# matched what professionals type more often than the normative text did, and outranked it:
# mostly through their worked answer, which repeats the tree's questions and outcome titles
# and is left out (BOILERPLATE_CLASSES). A case also weighs a little less than a plain section:
# for the same match (title against title, text against text) every rule point (POINT_BOOST)
# and tree page (a page: 2.5 times a section) ranks above it, and typed as a title a case is
# still among the first results. tests/test_search_ranking_browser.py checks both in Chromium;
# with the 53 cases of edition 2 both held from 0.7 to 1.0, and the title check failed at 0.5.
CASE_BOOST = 0.7
CASES_PAGE = "oefencasussen/"
# An abbreviation's heading on the Begrippen page: <h3 id="ovj"><abbr title="officier van justitie">OvJ
_ABBREVIATION = re.compile(r'<h3 id="([^"]+)"><abbr title="([^"]+)">')

EXCLUDE = " data-search-exclude"


def _heading(title: str) -> re.Pattern:
    # <h2 id="kies-uw-antwoord">Kies uw antwoord<a class="headerlink" ...
    return re.compile(rf"(<h[1-6])(\s[^>]*>\s*{re.escape(html.escape(title, quote=False))}\s*<)")


_HEADINGS = [_heading(t) for t in BOILERPLATE_HEADINGS]
_NOTES = [re.compile(rf'(<div class="admonition\b[^"]*")(>\s*<p class="admonition-title">'
                     rf"{re.escape(html.escape(t, quote=False))}</p>)") for t in BOILERPLATE_NOTES]
_CLASSES = re.compile(r'(<[a-z]+)(\s[^>]*class="(?:[^"]*\s)?(?:' + "|".join(map(re.escape, BOILERPLATE_CLASSES))
                      + r')(?:\s[^"]*)?")')
_TAGS = re.compile(r"(<(?:" + "|".join(BOILERPLATE_TAGS) + r"))(\s|>)")


# the end of the text before a note inside a marked block (markdown.unsearched_note)
_MARKED_BLOCK_END = re.compile(r'<div data-search-exclude(?:="[^"]*")?>\s*\Z')


def unmarked_boilerplate(page_html: str) -> list[str]:
    """Boilerplate in a built page that search would index: every heading, note and element
    above whose tag lacks data-search-exclude. The compiler writes the mark into the Markdown
    (attribute lists, or a block around a note); tests/test_search_index.py runs this on the site."""
    found = []
    for pattern in [*_HEADINGS, *_NOTES, _CLASSES, _TAGS]:
        for match in pattern.finditer(page_html):
            tag = page_html[match.start():page_html.find(">", match.start()) + 1]
            wrapped = _MARKED_BLOCK_END.search(page_html, 0, match.start())
            if EXCLUDE.strip() not in tag and not wrapped:
                found.append(tag)
    return found


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def _join(*texts: str) -> str:
    return " ".join(t for t in (t.strip() for t in texts) if t)


def _tree_node(entries: list[dict]) -> list[dict]:
    """A question or outcome page as one entry: its heading as the title, all text in it."""
    article, sections = entries[0], entries[1:]
    title = article["title"]
    if not article["text"].strip() and sections:
        # the preface ("Beslisboom · vraag 3") was excluded: the h1 is the first section
        title = sections[0]["title"]
    return [dict(article, title=title, text=_join(article["text"], *(s["text"] for s in sections)))]


_OL = re.compile(r"<ol>(.*?)</ol>", re.S)
_LI = re.compile(r"<li>(.*?)</li>", re.S)
_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<sup>.*?</sup>|<[^>]+>")
_EMPTY = re.compile(r"<(\w+)>\s*</\1>")


def _rule_page(entries: list[dict], number: str) -> list[dict]:
    """A rule's page: the rule itself, then one entry per point at #punt-M."""
    article, rest = entries[0], entries[1:]
    points = _OL.search(article["text"])
    if not points:
        return entries
    location = article["location"]
    out = [dict(article, text=_join(article["text"][:points.start()], article["text"][points.end():]))]
    for i, text in enumerate(_LI.findall(points[1]), start=1):
        # the point's own words are its title: that is what a reader looks for, and what the
        # result list shows in bold, with "Vuistregel 5, punt 4" under it
        out.append({"location": f"{location}#punt-{i}", "title": _TAG.sub("", text).strip(),
                    "text": f"<p>Vuistregel {number}, punt {i}</p>", "boost": POINT_BOOST})
    return out + rest


_HIDDEN = re.compile(r" <span hidden>(.*?)</span>$", re.S)


def _hide(title: str, words: list[str]) -> str:
    """The title with `words` added to its hidden part (a span the result list does not show)."""
    found = _HIDDEN.search(title)
    before = [found[1]] if found else []
    escaped = [html.escape(word, quote=False) for word in words]
    return f"{title[:found.start()] if found else title} <span hidden>{' '.join([*before, *escaped])}</span>"


_WORD = re.compile(r"[^\W_]+")


def _paragraph_words(text: str, abbreviations: set[str]) -> list[str]:
    """A paragraph's words for its hidden title, without the abbreviations: their own
    explanation on the Begrippen page comes first for "AVG" or "RvdK", the paragraph after it."""
    return [w for w in _WORD.findall(html.unescape(_TAG.sub(" ", text))) if w.lower() not in abbreviations]


def _own_words(text: str, elsewhere: set[str]) -> list[str]:
    """The words of a paragraph that no rule point, Inleiding paragraph or tree page holds
    ("wetsvoorstel", "beleidsbeslissing"): only this paragraph answers them (round 4)."""
    words = _WORD.findall(html.unescape(_TAG.sub(" ", text)))
    return list(dict.fromkeys(w for w in words if len(w) >= OWN_WORD and not _shares_prefix(w.lower(), elsewhere)))


def _shares_prefix(word: str, vocabulary: set[str]) -> bool:
    """Whether a query that finds `word` through Material's wildcard also finds a word of
    `vocabulary`, or the other way round ("mogelijk*" finds "mogelijkheid")."""
    return any(other.startswith(word) or (len(other) >= OWN_WORD and word.startswith(other)) for other in vocabulary)


def _paragraph_page(entries: list[dict], label: str, abbreviations: set[str] = frozenset(),
                    titled: bool = True, elsewhere: set[str] | None = None) -> list[dict]:
    """The Aanleiding or Inleiding: one entry per paragraph at #alinea-M."""
    article, rest = entries[0], entries[1:]
    paragraphs = _P.findall(article["text"])
    location = article["location"]
    out = [dict(article, text="")]
    for i, text in enumerate(paragraphs, start=1):
        # the paragraph's words also in its title, hidden: a rule point's words are its title,
        # which lunr weighs 1,000 times text, so a paragraph matched by its text alone lost to
        # every point or tree page that held one word of the query in its title. Of the
        # Aanleiding only the words that nothing else holds (`_own_words`).
        words = (_paragraph_words(text, abbreviations) if titled
                 else _own_words(text, elsewhere) if elsewhere is not None else [])
        title = _hide(f"{label}, alinea {i}", words) if words else f"{label}, alinea {i}"
        out.append({"location": f"{location}#alinea-{i}", "title": title,
                    "text": f"<p>{text.strip()}</p>", "boost": PARAGRAPH_BOOST})
    return out + rest


def full_forms(glossary_html: str) -> dict[str, str]:
    """Anchor of each abbreviation on the Begrippen page -> its full form ('ovj' -> 'officier van justitie').
    Kept HTML-escaped as in the page: Material shows index titles as HTML."""
    return dict(_ABBREVIATION.findall(glossary_html))


_SECTION = re.compile(r'<h3 id="[^"]+">(.*?)<a class="headerlink"(.*?)(?=<h[1-3][ >]|\Z)', re.S)
_READ_ON = re.compile(r"Lees verder:(.*?)</p>", re.S)
_LINK = re.compile(r'href="\.\./((?:vuistregels/\d+/#punt|inleiding/#alinea)-\d+)"')


def see_also(glossary_html: str) -> dict[str, list[str]]:
    """Address of each rule point or paragraph -> the zoekwoorden on the Begrippen page that
    link to it under "Lees verder" ('vuistregels/5/#punt-1' -> ['dossier', 'inzage']).
    A zoekwoord names the closest point first (begrippen.yaml, `zie`): there it is listed twice,
    so its words weigh more at that point and, for the same match, the closest point comes first
    (round 3 of issue 20: "proces-verbaal" found 5.2 before 6.2, which its zoekwoord links first)."""
    out: dict[str, list[str]] = {}
    for heading, body in _SECTION.findall(glossary_html):
        read_on = _READ_ON.search(body)
        word = html.unescape(_TAG.sub("", heading)).strip().lower()
        for n, location in enumerate(_LINK.findall(read_on[1]) if read_on else []):
            out.setdefault(location, []).extend([word] * (FIRST_LINK_WEIGHT if n == 0 else 1))
    return out


SEARCH_TERMS = Path(__file__).with_name("zoektermen.yaml")
# How often a zoekwoord's words are hidden in the point it links first (see `see_also`).
FIRST_LINK_WEIGHT = 2
# Words that start many queries: the partners' names and what is shared. Material's wildcard
# makes "politie" match "politieagent" and "informatie" "informatieverzoek": a compound that
# begins with one of these, hidden in a point's title, pulls every query with the word to that
# point. Zoektermen must not hold such compounds (a test); the worker splits a typed compound
# ("informatieverzoek" -> "informatie verzoek") when the rules do not hold it.
COMMON_HEADS = ("politie", "reclassering", "informatie", "gegevens")


def location_of(citation: str) -> str:
    """A citation as in beslisboom.yaml -> its address: '5.1' -> 'vuistregels/5/#punt-1',
    'inleiding.3' -> 'inleiding/#alinea-3'."""
    part, _, number = citation.partition(".")
    return f"inleiding/#alinea-{number}" if part == "inleiding" else f"vuistregels/{part}/#punt-{number}"


def search_terms(path: Path = SEARCH_TERMS, words: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Address of each rule point -> the everyday words for what it says (zoektermen.yaml,
    `punten`), and the words the explanation of each zoekwoord that links to it is about
    (`zoekwoorden`; `words` as from `see_also`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {location_of(str(citation)): [str(w) for w in found] for citation, found in data.get("punten", {}).items()}
    variants = {str(word).lower(): [str(w) for w in found] for word, found in data.get("zoekwoorden", {}).items()}
    for location, linking in (words or {}).items():
        for word in linking:
            out.setdefault(location, []).extend(variants.get(word, []))
    return out


def _with_words(entry: dict, words: dict[str, list[str]], terms: dict[str, list[str]]) -> dict:
    """A rule point or paragraph with the everyday words that lead to it: the zoekwoorden that
    link to it (`words`) and its zoektermen (`terms`). Both go into its title, hidden: they
    match as strongly as a zoekwoord's own heading, so the point that answers the query comes
    first. The zoekwoorden also go into its text, shown in the result list: "Zie ook bij
    Begrippen: dossier, inzage" says why the point was found."""
    found = words.get(entry["location"], [])
    hidden = [*found, *terms.get(entry["location"], [])]
    if not hidden:
        return entry
    escaped = [html.escape(word, quote=False) for word in hidden]
    entry = dict(entry, title=_hide(entry["title"], hidden))
    if found:
        shown_words = list(dict.fromkeys(escaped[:len(found)]))  # a word linked first is listed twice
        entry["text"] = f"{entry['text']} <p>Zie ook bij Begrippen: {', '.join(shown_words)}</p>"
    return entry


def _term(entry: dict, forms: dict[str, str]) -> dict:
    """A term of the Begrippen page, with its full form in the title: 'OvJ (officier van justitie)'.
    A reader types the words as often as the abbreviation, and lunr weighs titles 1,000 times
    text, so without it 'officier van justitie' found rule points that begin with 'vanuit'."""
    full = forms.get(entry["location"].partition("#")[2])
    title = f"{entry['title']} ({full})" if full else entry["title"]
    return dict(entry, title=title, boost=TERM_BOOST)


def _fold(word: str) -> str:
    """A word without its diacritics: 'beëindigen' -> 'beeindigen', 'cliënt' -> 'client'."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _with_folded(entry: dict) -> dict:
    """The entry with every word of its title that has a diacritic also without it, hidden:
    people type "beeindigen" and "casuistiek", and lunr matches letters as they are (round 3).
    The title only (a point's or paragraph's words are its title): folded words of the text in
    the title would lift a practice case's text to title weight ("cliënten" -> "client")."""
    visible = _HIDDEN.sub("", entry["title"])
    words = _WORD.findall(html.unescape(_TAG.sub(" ", entry["title"])))
    folded = list(dict.fromkeys(_fold(w) for w in words if _fold(w) != w))
    return dict(entry, title=_hide(entry["title"], folded)) if folded and visible.strip() else entry


def _words_of(html_text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(html.unescape(_TAG.sub(" ", html_text)))}


def _vocabulary(index: dict, skip: tuple[str, ...]) -> set[str]:
    """Every word of the entries whose page is not in `skip` (title and text, lower case)."""
    return {w for e in index["docs"] if not _page(e["location"]).startswith(skip)
            for w in _words_of(e["title"] + " " + e["text"])}


def _paragraph_vocabulary(pages: dict[str, list[dict]], which: tuple[str, ...]) -> set[str]:
    return {w for page in which for e in pages.get(page, []) for w in _words_of(e["title"] + " " + e["text"])}


def rewrite_index(index: dict, forms: dict[str, str] | None = None,
                  words: dict[str, list[str]] | None = None, terms: dict[str, list[str]] | None = None) -> dict:
    """search_index.json as Material wrote it -> the index a reader needs. From the Begrippen
    page: `forms`, the full form of each abbreviation by anchor (`full_forms`), and `words`,
    the zoekwoorden that link to each rule point or paragraph (`see_also`); and `terms`, the
    zoektermen of each rule point (`search_terms`)."""
    pages: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        pages.setdefault(_page(entry["location"]), []).append(entry)
    elsewhere = _vocabulary(index, skip=(*PARAGRAPH_PAGES, CASES_PAGE, TERM_PAGE))
    docs: list[dict] = []
    for page, entries in pages.items():
        rule = RULE_PAGE.match(page)
        if page == TREE_OVERVIEW:
            entries = entries[:1]
        elif page.startswith(TREE_PREFIX) and page != TREE_INDEX:
            entries = _tree_node(entries)
        elif rule:
            entries = _rule_page(entries, rule[1])
        elif page in PARAGRAPH_PAGES:
            titled = page in TITLED_PARAGRAPHS
            entries = _paragraph_page(entries, PARAGRAPH_PAGES[page], set(forms or {}), titled,
                                      None if titled else elsewhere | _paragraph_vocabulary(pages, TITLED_PARAGRAPHS))
        elif page == TERM_PAGE:
            entries = entries[:1] + [_term(e, forms or {}) for e in entries[1:]]
        elif page == CASES_PAGE:
            entries = entries[:1] + [dict(e, boost=CASE_BOOST) for e in entries[1:]]
        for entry in entries:
            entry = _with_folded(_with_words(entry, words or {}, terms or {}))
            entry = dict(entry, text=" ".join(_EMPTY.sub("", entry["text"]).split()))
            # a section without text (a heading over subsections) adds nothing but noise
            if entry["text"] or "#" not in entry["location"]:
                docs.append(entry)
    return dict(index, docs=docs)
