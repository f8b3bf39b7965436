"""Checks on the hand-written pages in docs/, before anything renders them.

mkdocs-macros runs every `{{ … }}` in docs/*.md as Jinja, with the power of Python: a page
could run a program at build time or write a script into the site. So a page may only use
the variables this project gives (`{{ bron.titel }}`, `{{ editie.versie }}`): no filters,
calls, loops or other statements. Raw HTML stays allowed, but not what runs or loads from
elsewhere: `<script>`, event attributes (`onclick=`), `javascript:`/`data:` addresses, and
images, frames or styles from another site (the site must work without the internet).
Every message is Dutch, as `docs/page.md:line: …`, and all pages are checked at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import jinja2.nodes as nodes
import yaml

from .errors import ContentError

_ENV = jinja2.Environment()
_UNSAFE = [
    (re.compile(r"<\s*script\b", re.I), "een <script> hoort niet in een pagina"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "een HTML-attribuut dat iets uitvoert (zoals onclick=) mag niet"),
    (re.compile(r"(?:javascript|vbscript|data)\s*:", re.I), "een javascript:- of data:-adres mag niet"),
    (re.compile(r"!\[[^\]]*\]\(\s*<?(?:https?:)?//", re.I),
     "een afbeelding van een andere website mag niet; zet het bestand in docs/assets/"),
    (re.compile(r"<\s*(?:img|iframe|script|link|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*"
                r"[\"']?\s*(?:https?:)?//", re.I),
     "een bestand van een andere website mag niet; zet het in docs/assets/"),
    (re.compile(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", re.I),
     "een stijl of bestand van een andere website mag niet"),
]


def docs_errors(docs_dir: Path, variables: dict, shown_as=lambda path: str(path)) -> list[ContentError]:
    """Every problem in every page of `docs_dir`; `variables` are the macro values the pages may use."""
    errors: list[ContentError] = []
    for path in sorted(docs_dir.rglob("*.md")):
        errors += page_errors(path.read_bytes(), shown_as(path), variables)
    return errors


def page_errors(raw: bytes, name: str, variables: dict) -> list[ContentError]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return [ContentError(name, line, f"byte 0x{raw[exc.start]:02X} is geen UTF-8; sla het bestand op als UTF-8")]
    errors, meta, body_line = _front_matter(text, name)
    errors += [ContentError(name, _line(text, match.start()), reason)
               for pattern, reason in _UNSAFE for match in pattern.finditer(text)]
    if meta.get("render_macros") is not False:
        errors += macro_errors(text[_offset(text, body_line):], name, body_line, variables)
    return sorted(errors)


def _front_matter(text: str, name: str) -> tuple[list[ContentError], dict, int]:
    """(errors, the front matter, the line where the page body starts)."""
    found = re.match(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", text, re.S)
    if not found:
        return [], {}, 1
    try:
        meta = yaml.safe_load(found[1] or "") or {}
    except yaml.YAMLError as exc:
        line = 2 + (exc.problem_mark.line if getattr(exc, "problem_mark", None) else 0)
        return [ContentError(name, line, "de kop tussen de regels --- is geen geldige YAML")], {}, 1
    if not isinstance(meta, dict):
        return [ContentError(name, 2, "de kop tussen de regels --- moet velden bevatten, zoals 'title: …'")], {}, 1
    return [], meta, found[0].count("\n") + 1


def macro_errors(body: str, name: str, first_line: int, variables: dict) -> list[ContentError]:
    """Only `{{ name }}` and `{{ name.field }}` of the given variables; never run, only read."""
    try:
        template = _ENV.parse(body)
    except jinja2.TemplateSyntaxError as exc:
        return [ContentError(name, first_line + (exc.lineno or 1) - 1,
                             "deze macro is niet goed geschreven; schrijf {{ naam.veld }}, met }} aan het eind")]
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
