"""The local layer: one region's own agreements, contacts and documents beside the national text.

A layer is a folder (lokaal/<naam>/) with `lokaal.yaml`, an optional PNG logo and optional
Markdown documents. It is chosen at build time by the environment variable HANDBOEK_LOKAAL
(`make site LOKAAL=lokaal/voorbeeld`); without it nothing here runs and the national
edition is built exactly as before. Local editors are trusted less than national ones:
the file goes through the same strict reader and a schema with lengths, every value is
written through markdown.escape(), and the documents may hold plain Markdown only (no
HTML, no attribute lists, links only https:, mailto:, tel: or within the site, images
only PNG files from the layer's own folder). Every problem is a Dutch `file:line` message,
all at once. Rendering lives in handboek/lokaal_pages.py.
"""

from __future__ import annotations

import datetime
import html.parser
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import docs_check, schema
from .errors import ContentError, ContentErrors
from .yamlsource import decode, load, shown

ENV = "HANDBOEK_LOKAAL"
FILE = "lokaal.yaml"
SCHEMA = Path(__file__).with_name("lokaal.schema.json")
PROJECT = Path(__file__).resolve().parent.parent
MAX_PNG = 300 * 1024
MAX_DOCUMENT = 100 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
# The pages the layer itself adds, under SITE_DIR; a document may not take their names.
SITE_DIR = "lokaal"
RESERVED = {"index.md", "contact.md"}
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: white text on the layer's colour


@dataclass(frozen=True)
class Agreement:
    at: str        # "start", a rule point "1.3", or an outcome id
    title: str
    text: str
    anchor: str    # unique on every page it appears on: lokaal-<n>


@dataclass(frozen=True)
class Contact:
    function: str
    phone: str
    email: str
    hours: str


@dataclass(frozen=True)
class Document:
    title: str
    name: str      # the file name without .md: the page is lokaal/<name>/
    markdown: str


@dataclass(frozen=True)
class Layer:
    name: str
    short_name: str
    region: str
    adopted: datetime.date
    version: str
    colour: str
    contacts: tuple[Contact, ...]
    agreements: tuple[Agreement, ...]
    documents: tuple[Document, ...] = ()
    logo: str | None = None                                     # file name in the site's lokaal/
    folder: Path | None = None                                  # where the layer was read from
    files: dict[str, bytes] = field(default_factory=dict)       # site path -> bytes (logo, images)

    @property
    def adopted_text(self) -> str:
        return f"{self.adopted.day} {MONTHS[self.adopted.month - 1]} {self.adopted.year}"

    @property
    def heading(self) -> str:
        """The heading of every local block: whose text this is, and since when."""
        return f"Lokale afspraak \u2014 {self.name}, vastgesteld {self.adopted_text}"

    def at(self, where: str) -> tuple[Agreement, ...]:
        return tuple(a for a in self.agreements if a.at == where)


def chosen_folder(value: str | None = None) -> Path | None:
    """The layer's folder from HANDBOEK_LOKAAL (or `value`); None for the national edition.
    A relative path is read from the project folder, as `make` passes it."""
    value = os.environ.get(ENV, "") if value is None else value
    if not value.strip():
        return None
    folder = Path(value.strip())
    return folder if folder.is_absolute() else PROJECT / folder


def load_layer(folder: Path, rulebook, tree, shown_as=str) -> Layer:
    """Read and check the layer in `folder`; raise ContentErrors with every problem. After a
    schema error the other checks still run on every part that is well-formed, so that an
    editor sees all problems at once."""
    name = shown_as(folder / FILE)
    if not folder.is_dir():
        raise ContentErrors([ContentError(shown_as(folder), 1, "de map van de lokale aanvulling bestaat niet; "
                                          f"controleer LOKAAL (nu: {shown(str(folder), 80)})")])
    source = load(folder / FILE, name)
    errors = schema.validate(source, SCHEMA)
    data = _mapping(source.data)
    org = _mapping(data.get("organisatie"))
    adopted = _date(org.get("vastgesteld"))
    if adopted is None and _text(org.get("vastgesteld"), r"\d{4}-\d{2}-\d{2}"):
        errors.append(source.error(("organisatie", "vastgesteld"), f"'{org['vastgesteld']}' is geen bestaande datum"))
    if _text(data.get("kleur"), r"#[0-9a-fA-F]{6}"):
        ratio = contrast_with_white(data["kleur"])
        if ratio < MIN_CONTRAST:
            errors.append(source.error(("kleur",), f"witte tekst op {data['kleur']} is te slecht leesbaar: contrast "
                                       f"{ratio:.2f}:1, nodig is minstens {MIN_CONTRAST}:1 (WCAG AA); kies een "
                                       "donkerdere kleur"))
    files: dict[str, bytes] = {}
    logo = org.get("logo") if _text(org.get("logo"), _IMAGE_NAME.pattern) else None
    if logo:
        problem = _png_problem(folder / logo)
        if problem:
            errors.append(source.error(("organisatie", "logo"), f"organisatie.logo: {problem}"))
        else:
            files[f"{SITE_DIR}/{logo}"] = (folder / logo).read_bytes()
    known = _places(rulebook, tree)
    agreements = []
    for i, entry in _items(data.get("afspraken")):
        if isinstance(entry.get("bij"), str) and entry["bij"] not in known:
            errors.append(source.error(("afspraken", i, "bij"), _unknown_place(entry["bij"])))
        agreements.append(Agreement(entry.get("bij"), entry.get("titel"), entry.get("tekst"), f"lokaal-{i + 1}"))
    documents = []
    seen: set[str] = set()
    for i, entry in _items(data.get("documenten")):
        file_name = entry.get("bestand")
        if not _text(file_name, r"[a-z0-9][a-z0-9-]{0,40}\.md"):
            continue  # the schema said why
        if file_name in RESERVED or file_name in seen:
            errors.append(source.error(("documenten", i, "bestand"), f"de naam '{file_name}' is al in gebruik; "
                                       "kies een andere naam voor dit document"))
            continue
        seen.add(file_name)
        text, problems = read_document(folder, file_name, shown_as)
        errors += problems
        if text is not None:
            documents.append(Document(entry.get("titel"), file_name.removesuffix(".md"), text))
            files.update({f"{SITE_DIR}/{image}": (folder / image).read_bytes() for image in images_of(text)
                          if not _png_problem(folder / image)})
    if errors:
        raise ContentErrors(errors)
    contacts = tuple(Contact(c["functie"], c.get("telefoon", ""), c.get("e-mail", ""), c["bereikbaarheid"])
                     for c in data["contactpunten"])
    return Layer(org["naam"], org["korte_naam"], org["regio"], adopted, org["versie"], data["kleur"].lower(),
                 contacts, tuple(agreements), tuple(documents), logo, folder, files)


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _items(value) -> list[tuple[int, dict]]:
    """The well-formed entries of a list (each a mapping), with their index."""
    return [(i, item) for i, item in enumerate(value if isinstance(value, list) else []) if isinstance(item, dict)]


def _text(value, pattern: str) -> bool:
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def _date(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _places(rulebook, tree) -> set[str]:
    """Where an agreement may be attached: the start page, every rule point, every outcome."""
    return {"start", *rulebook.all_point_refs(), *tree.outcomes}


def _unknown_place(where: str) -> str:
    if re.fullmatch(r"\d+\.\d+", where):
        return (f"bij: '{where}' bestaat niet: die vuistregel of dat punt staat niet in de vuistregels; "
                "schrijf bijvoorbeeld \"1.3\" voor vuistregel 1, punt 3")
    return (f"bij: '{shown(where)}' bestaat niet: er is geen uitkomst met dit id in de beslisboom; kies "
            "een punt (\"1.3\"), het id van een uitkomst, of start")


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of white on `colour` (#rrggbb)."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def _png_problem(path: Path) -> str | None:
    if not path.is_file():
        return f"het bestand {path.name} ontbreekt in de map van de lokale aanvulling"
    raw = path.read_bytes()
    if len(raw) > MAX_PNG:
        return f"{path.name} is te groot: {len(raw) // 1024} kB, de grens is {MAX_PNG // 1024} kB"
    if not raw.startswith(PNG_SIGNATURE):
        return f"{path.name} is geen PNG-bestand; alleen PNG is toegestaan (geen SVG of ander formaat)"
    return None


# --- local Markdown documents ------------------------------------------------------------

_IMAGE_NAME = re.compile(r"[a-z0-9_-]{1,40}\.png")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]")
LINK_SCHEMES = {"https", "mailto", "tel"}
# Python-Markdown with the site's own extensions (mkdocs.yml), to check what a document becomes.
EXTENSIONS = ["abbr", "attr_list", "def_list", "md_in_html", "admonition", "tables", "pymdownx.superfences", "toc"]


def read_document(folder: Path, file_name: str, shown_as=str) -> tuple[str | None, list[ContentError]]:
    """The document's text, or None, with every problem in it."""
    path = folder / file_name
    name = shown_as(path)
    if not path.is_file():
        return None, [ContentError(name, 1, "dit document ontbreekt in de map van de lokale aanvulling")]
    raw = path.read_bytes()
    if len(raw) > MAX_DOCUMENT:
        return None, [ContentError(name, 1, f"het document is te groot: {len(raw) // 1024} kB, de grens is "
                                   f"{MAX_DOCUMENT // 1024} kB")]
    try:
        text = decode(raw, name)
    except ContentErrors as exc:
        return None, list(exc.errors)
    # the stricter local rules, with messages for a local editor; then, as a second net, the
    # allow-list of every hand-written page (docs_check) on the lines those found nothing on
    errors = [ContentError(name, line, reason) for line, reason in sorted(set(document_problems(text, folder)))]
    reported = {error.line for error in errors}
    errors += [error for error in docs_check.page_errors(raw, name, {}) if error.line not in reported]
    return text, sorted(errors)


def document_problems(text: str, folder: Path | None = None) -> list[tuple[int, str]]:
    """(line, reason) for everything a local document may not contain."""
    problems = _HtmlFinder.problems_in(text)
    for number, line in enumerate(text.split("\n"), start=1):
        if "{" in line or "}" in line:
            problems.append((number, "accolades { } mogen niet in een lokaal document (geen macro's of "
                                     "attributen); schrijf gewone tekst"))
        if re.match(r" {0,3}\*\[", line):
            problems.append((number, "afkortingen vastleggen met *[...]: mag niet in een lokaal document"))
        if re.match(r" {0,3}#(\s|$)", line) or re.match(r" {0,3}=+\s*$", line):
            problems.append((number, "een kopje van het hoogste niveau (#) mag niet: de titel komt uit lokaal.yaml; "
                                     "begin kopjes met ##"))
    problems += _address_problems(text, folder)
    return problems


class _HtmlFinder(html.parser.HTMLParser):
    """Any HTML at all: tags, comments, declarations. Markdown only."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    @classmethod
    def problems_in(cls, text: str) -> list[tuple[int, str]]:
        finder = cls()
        finder.feed(text)
        finder.close()
        return finder.found

    def _add(self, what: str):
        self.found.append((self.getpos()[0], f"{what} mag niet in een lokaal document: alleen Markdown; "
                                             "schrijf een link als [tekst](https://…)"))

    def handle_starttag(self, tag, attrs):
        self._add(f"HTML (<{shown(tag, 20)}>)")

    def handle_endtag(self, tag):
        self._add(f"HTML (</{shown(tag, 20)}>)")

    def handle_comment(self, data):
        self._add("een HTML-opmerking (<!-- -->)")

    def handle_decl(self, decl):
        self._add("HTML (<!…>)")

    def handle_pi(self, data):
        self._add("HTML (<?…>)")

    def unknown_decl(self, data):
        self._add("HTML (<![…]>)")


class _Addresses(html.parser.HTMLParser):
    """Every href and src in the rendered document (values as the browser reads them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "href":
                self.links.append(value or "")
            elif key in ("src", "srcset", "xlink:href", "data", "action", "formaction", "poster"):
                self.images.append(value or "")

    handle_startendtag = handle_starttag


def rendered(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=EXTENSIONS)


def _address_problems(text: str, folder: Path | None) -> list[tuple[int, str]]:
    """Links and images as Markdown makes them: checked on the result, so no way of writing
    a link escapes the check; the line is where the address is written."""
    addresses = _Addresses()
    addresses.feed(rendered(text))
    problems = []
    for url in addresses.links:
        reason = link_problem(url)
        if reason:
            problems.append((_line_of(text, url), reason))
    for url in addresses.images:
        reason = image_problem(url, folder)
        if reason:
            problems.append((_line_of(text, url), reason))
    return problems


def link_problem(url: str) -> str | None:
    bare = _INVISIBLE.sub("", url)
    scheme = _SCHEME.match(bare)
    if scheme and scheme[1].lower() not in LINK_SCHEMES:
        return (f"een link die begint met '{shown(scheme[1], 20)}:' mag niet in een lokaal document; "
                "gebruik https:, mailto:, tel: of een pagina van deze website")
    if not scheme and (bare.startswith(("//", "\\")) or "\\" in bare):
        return "een link naar een andere website moet met https:// beginnen"
    return None


def image_problem(url: str, folder: Path | None) -> str | None:
    if not _IMAGE_NAME.fullmatch(url):
        return ("een afbeelding moet een PNG-bestand uit de map van de lokale aanvulling zijn, zoals "
                "![uitleg](kaart.png); geen adres van een andere website")
    if folder is not None:
        return _png_problem(folder / url)
    return None


def images_of(text: str) -> list[str]:
    addresses = _Addresses()
    addresses.feed(rendered(text))
    return sorted({url for url in addresses.images if _IMAGE_NAME.fullmatch(url)})


def _line_of(text: str, url: str) -> int:
    for candidate in (url, url.split(":", 1)[-1][:20]):
        offset = text.find(candidate) if candidate else -1
        if offset >= 0:
            return text.count("\n", 0, offset) + 1
    return 1
