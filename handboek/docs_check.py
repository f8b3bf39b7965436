"""Checks on the hand-written pages in docs/, before anything renders them.

The compiler fills in every `{{ … }}` in a page with Jinja (handboek/site_source.py), which
has the power of Python: a page could run a program at build time or write a script into
the site. So a page may only use the variables this project gives (`{{ bron.titel }}`,
`{{ editie.versie }}`), in running text: no filters, calls, loops or other statements, no macro inside an HTML tag, and no
front matter that redefines those variables. HTML in a page is held to a short list of
tags and attributes (an allow-list: what is not on it is refused, so a new trick is refused
too); addresses in links may go to another site, but images and other files must come from
this site, and no address may run script (`javascript:`). Every message is Dutch, as
`docs/page.md:line: …`, and all pages are checked at once.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import jinja2
import jinja2.nodes as nodes

from .errors import ContentError, ContentErrors, visible
from .yamlsource import loads

# The file names MkDocs reads as pages.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
_FILE_NAME = re.compile(r"([a-z0-9_-]+/)*[a-z0-9_-]+\.[a-z]+")
_ENV = jinja2.Environment()
TAGS = {"a", "abbr", "blockquote", "br", "code", "dd", "details", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "kbd", "li", "ol", "p", "pre", "section",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}
ATTRIBUTES = {"alt", "class", "colspan", "download", "height", "hidden", "href", "id", "lang", "markdown",
              "open", "role", "rowspan", "src", "title", "width"}
_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_MARKDOWN_URL = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]\n]+\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
_ATTRIBUTE_LIST = re.compile(r"(?<!\{)\{(?![{%#]):?([^{}\n]*=[^{}\n]*)\}(?!\})")
_LIST_KEY = re.compile(r"([^\s=#.]+)\s*=\s*(\"[^\"]*\"|'[^']*'|\S+)")


def docs_errors(docs_dir: Path, variables: dict, shown_as=lambda path: str(path)) -> list[ContentError]:
    """Every problem in every page of `docs_dir`; `variables` are the macro values the pages may use."""
    errors: list[ContentError] = []
    for path in sorted(p for p in docs_dir.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES):
        relative = path.relative_to(docs_dir).as_posix()
        if not _FILE_NAME.fullmatch(relative):
            # a name is printed by MkDocs itself, unescaped: no control characters or forged lines
            errors.append(ContentError(visible(shown_as(path)), 1, "de naam van een pagina mag alleen kleine "
                                       "letters, cijfers, - en _ bevatten (met mappen gescheiden door /)"))
            continue
        errors += page_errors(path.read_bytes(), shown_as(path), variables)
    return errors


def page_errors(raw: bytes, name: str, variables: dict) -> list[ContentError]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return [ContentError(name, line, f"byte 0x{raw[exc.start]:02X} is geen UTF-8; sla het bestand op als UTF-8")]
    errors, meta, body_line = _front_matter(text, name, variables)
    body = text[_offset(text, body_line):]
    errors += [ContentError(name, body_line + line - 1, reason) for line, reason in markup_problems(body)]
    if meta.get("render_macros") is not False:
        errors += macro_errors(body, name, body_line, variables)
    return sorted(set(errors))


def markup_problems(body: str) -> list[tuple[int, str]]:
    """(line, reason) for HTML, Markdown links and attribute lists outside the allow-list."""
    checker = _HtmlChecker()
    checker.feed(body)
    checker.close()
    problems = checker.problems
    for match in _MARKDOWN_URL.finditer(body):
        url = match[2] if match[2] is not None else match[3]
        reason = url_problem(url or "", image=bool(match[1]))
        if reason:
            problems.append((_line(body, match.start()), reason))
    for match in _ATTRIBUTE_LIST.finditer(body):
        for key, value in _LIST_KEY.findall(match[1]):
            reason = attribute_problem(key.lower(), value.strip("'\""), tag="")
            if reason:
                problems.append((_line(body, match.start()), reason))
    return problems


class _HtmlChecker(html.parser.HTMLParser):
    """Every tag and attribute in the page (attribute values arrive with &#…; decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in TAGS:
            self.problems.append((line, f"de HTML-tag <{tag}> mag niet in een pagina; toegestaan zijn onder meer "
                                        "<p>, <a>, <div>, <span>, <img>, <table> en <details>"))
        for key, value in attrs:
            reason = attribute_problem(key, value or "", tag)
            if reason:
                self.problems.append((line, reason))
        if "{{" in self.get_starttag_text() or "{%" in self.get_starttag_text():
            self.problems.append((line, "een macro mag niet in een HTML-tag staan, alleen in de lopende tekst"))


def attribute_problem(key: str, value: str, tag: str) -> str | None:
    if key.startswith("aria-") or key.startswith("data-") and tag:
        return None
    if key not in ATTRIBUTES:
        return f"het HTML-attribuut '{key}' mag niet in een pagina"
    if key in ("href", "src"):
        return url_problem(value, image=key == "src")
    return None


def url_problem(url: str, image: bool) -> str | None:
    """Links may leave the site (http, https, mailto, tel); images and files must come from it."""
    bare = _INVISIBLE.sub("", url)
    scheme = _SCHEME.match(bare)
    if "{{" in url or "{%" in url:
        return "een macro mag niet in een adres staan"
    if image and (scheme or bare.startswith(("//", "\\")) or "\\" in bare):
        return "een afbeelding of bestand moet van deze website komen; zet het in docs/assets/"
    if scheme and scheme[1].lower() not in _LINK_SCHEMES:
        return f"een adres dat begint met '{scheme[1]}:' mag niet; gebruik http(s):, mailto:, tel: of een pad"
    return None


def _front_matter(text: str, name: str, variables: dict) -> tuple[list[ContentError], dict, int]:
    """(errors, the front matter, the line where the page body starts). Read by the project's
    own YAML reader, which refuses anchors and aliases (an "alias bomb") and YAML tags."""
    found = re.match(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", text, re.S)
    if not found:
        return [], {}, 1
    try:
        meta = loads(found[1] or "{}\n", name).data or {}
    except ContentErrors as exc:
        return [ContentError(name, error.line + 1, error.message) for error in exc.errors], {}, 1
    if not isinstance(meta, dict):
        return [ContentError(name, 2, "de kop tussen de regels --- moet velden bevatten, zoals 'title: …'")], {}, 1
    errors = [ContentError(name, 2, f"de kop mag '{key}' niet opnieuw vastleggen: die waarde komt uit de inhoud")
              for key in meta if key in variables]
    return errors, meta, found[0].count("\n") + 1


def macro_errors(body: str, name: str, first_line: int, variables: dict) -> list[ContentError]:
    """Only `{{ name }}` and `{{ name.field }}` of the given variables; never run, only read."""
    try:
        template = _ENV.parse(body)
    except jinja2.TemplateSyntaxError as exc:
        return [ContentError(name, first_line + (exc.lineno or 1) - 1,
                             "deze macro is niet goed geschreven; schrijf {{ naam.veld }}, met }} aan het eind")]
    except RecursionError:
        line = first_line + _line(body, min(i for i in (body.find("{{"), body.find("{%"), len(body)) if i >= 0)) - 1
        return [ContentError(name, line, "een macro in deze pagina is te diep genest; schrijf {{ naam.veld }}")]
    errors = []
    for node in template.body:
        for child in node.iter_child_nodes() if isinstance(node, nodes.Output) else [node]:
            if isinstance(child, nodes.TemplateData):
                continue
            line = first_line + child.lineno - 1
            problem = _variable_problem(child, variables)
            if problem:
                errors.append(ContentError(name, line, problem))
    return errors


def _variable_problem(node: nodes.Node, variables: dict) -> str | None:
    parts = []
    while isinstance(node, nodes.Getattr):
        parts.insert(0, node.attr)
        node = node.node
    if not isinstance(node, nodes.Name) or len(parts) > 1:
        return ("in een pagina mag alleen {{ naam }} of {{ naam.veld }} staan, zoals {{ editie.versie }}; "
                "filters, berekeningen en opdrachten als {% … %} mogen niet")
    value = variables
    for part in [node.name, *parts]:
        if not isinstance(value, dict) or part not in value:
            return f"'{part}' bestaat niet; u kunt gebruiken: {_known(variables)}"
        value = value[part]
    return None


def _known(variables: dict) -> str:
    names = [f"{key}.{sub}" if isinstance(value, dict) else key
             for key, value in sorted(variables.items())
             for sub in (sorted(value) if isinstance(value, dict) else [None])]
    return ", ".join(names)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _offset(text: str, line: int) -> int:
    """The offset where `line` (1-based) starts."""
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos
