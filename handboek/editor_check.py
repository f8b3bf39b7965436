"""The editor's check: what an edit of decision_tree/ can break besides the content itself.

`load_content` checks the YAML files. This module checks the files around them that an
edit makes stale, so that `make check` (under 2 s, no Graphviz) reports what a test would
otherwise find much later:

- the golden paths (tests/golden/paden.txt) against the paths of the tree now;
- the numbers and letters of this edition (decision_tree/nummers-en-letters.txt): within an
  edition a label never changes and is never given to another node;
- the published addresses (decision_tree/gepubliceerde-adressen.txt): each one has a page or a
  redirect, and every question, outcome and rule point is in the list;
- figures in the documentation that follow from the content ("53 casussen", "elf situaties");
- coverage: every rule point cited by a reachable node, every situation with a case;
- the search queries (bench/zoekvragen.yaml) that name a tree page by its title;
- the frozen editions (decision_tree/edities/): unchanged since they were frozen, and still
  with the paths they had.

Every problem is a Dutch `file:line: message`. `write_golden` is `make golden`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import editions
from .build import Content, display_name, macro_variables
from .docs_check import docs_errors
from .errors import ContentError, ContentErrors
from .tree import Answer, Tree, next_label
from .tree import situations as tree_situations
from .yamlsource import Source, load

GOLDEN = Path("tests/golden/paden.txt")
RECORD = Path("decision_tree/nummers-en-letters.txt")
PUBLISHED = Path("decision_tree/gepubliceerde-adressen.txt")
TREE_FILE = Path("decision_tree/beslisboom.yaml")
RULES_FILE = Path("decision_tree/vuistregels.yaml")
CASES_FILE = Path("decision_tree/casuistiek.yaml")
QUERIES = Path("bench/zoekvragen.yaml")
FIGURE_DOCS = (Path("README.md"), Path("CONTRIBUTING.md"), Path("decision_tree/ONTWERP.md"))
# Made by pdf/build_pdf.py (PDF_NAME there; a test keeps the two equal), not by the compiler.
PDF_ADDRESS = "/handboek-vuistregels-zorg-en-straf.pdf"
DIFF_LINES = 6


def check_project(content: Content, root: Path, pages: dict[str, str]) -> list[ContentError]:
    """Every problem in the files around the content; `pages` is the compiler's output."""
    errors = (golden_errors(content.tree, root) + record_errors(content.tree, root)
              + published_errors(content, root, pages) + figure_errors(content, root)
              + coverage_errors(content, root) + search_query_errors(content.tree, root)
              + page_errors(content, root) + edition_errors(content, root))
    return sorted(set(errors))


def page_errors(content: Content, root: Path) -> list[ContentError]:
    """docs/*.md as the build checks them, with the macro variables mkdocs.yml and the content give."""
    docs, config = root / "docs", root / "mkdocs.yml"
    if not docs.is_dir() or not config.is_file():
        return []
    edition = (yaml.safe_load(config.read_text(encoding="utf-8")).get("extra") or {}).get("editie") or {}
    return docs_errors(docs, macro_variables(content, edition), display_name)


def _name(root: Path, relative: Path) -> str:
    return display_name(root / relative)


# --- golden paths --------------------------------------------------------------------------

def format_paths(tree: Tree) -> str:
    lines = [f"# Alle paden door de beslisboom, versie {tree.version}. Maak opnieuw met: make golden",
             "# vraag=antwoord ... -> uitkomst"]
    for trail, outcome in tree.paths():
        lines.append(" ".join(f"{q}={a}" for q, a in trail) + f" -> {outcome}")
    return "\n".join(lines) + "\n"


def golden_errors(tree: Tree, root: Path) -> list[ContentError]:
    path = root / GOLDEN
    if not path.exists():  # a copy of the project without its tests
        return []
    old = path.read_text(encoding="utf-8").splitlines()
    new = format_paths(tree).splitlines()
    if old == new:
        return []
    first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    diff = [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))]
    added = sum(line.startswith("+") for line in diff)
    removed = len(diff) - added
    shown = diff[:DIFF_LINES]
    if len(diff) > DIFF_LINES:
        shown.append(f"… en nog {len(diff) - DIFF_LINES} regels")
    message = (f"de paden door de beslisboom zijn veranderd ({added} erbij met +, {removed} weg met -). "
               "Klopt dat met uw wijziging, schrijf ze dan opnieuw met: make golden")
    return [ContentError(_name(root, GOLDEN), min(first + 1, max(len(old), 1)), message, detail=tuple(shown))]


# --- numbers and letters of this edition ----------------------------------------------------

@dataclass(frozen=True)
class Entry:
    kind: str     # "vraag" or "uitkomst"
    label: str    # "4" or "C"
    node_id: str
    line: int
    retired: bool  # the node is gone; its label stays taken in this edition


@dataclass(frozen=True)
class Record:
    version: str | None
    version_line: int
    entries: tuple[Entry, ...]


def read_record(path: Path) -> Record:
    version, version_line, entries = None, 1, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        words = line.split()
        if not words or line.startswith("#"):
            continue
        if words[0] == "versie" and len(words) == 2:
            version, version_line = words[1], number
        elif words[0] in ("vraag", "uitkomst") and len(words) in (3, 4):
            entries.append(Entry(words[0], words[1], words[2], number, words[3:] == ["vervallen"]))
    return Record(version, version_line, tuple(entries))


def _labelled_nodes(tree: Tree):
    """(kind, node, label as text, field name) for every node, in file order."""
    for q in tree.questions.values():
        yield "vraag", q, str(q.number) if q.number else None, "nummer"
    for o in tree.outcomes.values():
        yield "uitkomst", o, o.letter, "letter"


def _label_paths(root: Path) -> tuple[Source | None, dict[str, tuple]]:
    """The tree file's Source and node id -> its path there, for line numbers."""
    try:
        source = load(root / TREE_FILE, _name(root, TREE_FILE))
    except ContentErrors:  # the content check reports a broken file itself
        return None, {}
    paths = {}
    for key in ("vragen", "uitkomsten"):
        for i, node in enumerate(source.data.get(key) or []):
            if isinstance(node, dict) and "id" in node:
                paths[node["id"]] = (key, i)
    return source, paths


def record_errors(tree: Tree, root: Path) -> list[ContentError]:
    path = root / RECORD
    if not path.exists():
        return [ContentError(_name(root, RECORD), 1, "dit bestand ontbreekt; leg de nummers en letters van deze "
                                                     "versie vast met: make golden")]
    record = read_record(path)
    if record.version != tree.version:
        return [ContentError(_name(root, RECORD), record.version_line,
                             f"hoort bij versie {record.version} van de beslisboom, maar de beslisboom heeft nu "
                             f"versie {tree.version}; leg de nummers en letters van versie {tree.version} vast "
                             "met: make golden")]
    source, paths = _label_paths(root)
    by_id = {(e.kind, e.node_id): e for e in record.entries}
    by_label = {(e.kind, e.label): e for e in record.entries}
    errors = []
    for kind, node, label, field in _labelled_nodes(tree):
        known = next((by_id[(kind, i)] for i in (node.id, *node.previous_ids) if (kind, i) in by_id), None)
        where = paths.get(node.id, ())
        line = source.line(where + (field,)) if source else 1
        file = source.file if source else _name(root, TREE_FILE)
        if known is not None and known.label != label:
            errors.append(ContentError(file, line, (
                f"{kind} '{node.id}' heeft in versie {tree.version} {field} {known.label} "
                f"({_name(root, RECORD)}:{known.line}); zet '{field}: {known.label}' terug onder de id. "
                f"Een {field} verandert alleen in een nieuwe versie (verhoog dan 'versie')")))
        elif known is None and (kind, label) in by_label:
            taken = by_label[(kind, label)]
            used = [e.label for e in record.entries if e.kind == kind]
            used += [lab for k, _, lab, _ in _labelled_nodes(tree) if k == kind and lab]
            free = next_label(kind, [int(u) for u in used if str(u).isdigit()] if kind == "vraag" else used)
            errors.append(ContentError(file, line, (
                f"{field} {label} is in versie {tree.version} al gegeven aan {kind} '{taken.node_id}' "
                f"({_name(root, RECORD)}:{taken.line}); geef {kind} '{node.id}' een {field} die nog "
                f"nooit gebruikt is: '{field}: {free}'")))
    return errors


def format_record(tree: Tree, old: Record | None) -> str:
    """The record of this edition: every node's label, and the labels of nodes removed in this
    edition (kept as 'vervallen' so they are never given again)."""
    lines = [f"# Nummers van de vragen en letters van de uitkomsten in versie {tree.version} van de beslisboom.",
             "# Binnen een versie verandert een nummer of letter nooit en krijgt geen andere vraag of uitkomst",
             "# hem. Geschreven door: make golden (niet met de hand wijzigen).",
             f"versie {tree.version}"]
    current = set()
    for kind, node, label, _ in _labelled_nodes(tree):
        if label is None:
            continue
        current.add((kind, label))
        lines.append(f"{kind} {label} {node.id}")
    if old is not None and old.version == tree.version:
        lines += [f"{e.kind} {e.label} {e.node_id} vervallen" for e in old.entries
                  if (e.kind, e.label) not in current]
    return "\n".join(lines) + "\n"


def write_golden(content: Content, root: Path) -> list[ContentError]:
    """`make golden`: the paths and this edition's labels, written only when no label changed."""
    errors = [e for e in record_errors(content.tree, root) if not e.file.endswith(RECORD.name)]
    if errors:
        return errors
    record_path = root / RECORD
    old = read_record(record_path) if record_path.exists() else None
    (root / GOLDEN).parent.mkdir(parents=True, exist_ok=True)
    (root / GOLDEN).write_text(format_paths(content.tree), encoding="utf-8")
    record_path.write_text(format_record(content.tree, old), encoding="utf-8")
    return []


# --- published addresses --------------------------------------------------------------------

def published(root: Path) -> list[tuple[int, str]]:
    path = root / PUBLISHED
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line.strip()) for n, line in enumerate(lines, start=1)
            if line.strip() and not line.startswith("#")]


def _address(file: str) -> str:
    """Site-relative file -> its address: 'a/b.md' -> '/a/b/', 'a/index.md' -> '/a/'."""
    if file.endswith(".md"):
        stem = file[:-3]
        stem = "" if stem == "index" else stem.removesuffix("/index")
        return f"/{stem}/" if stem else "/"
    if file.endswith("/index.html"):
        return "/" + file[: -len("index.html")]
    return "/" + file


def site_pages(root: Path, pages: dict[str, str]) -> dict[str, str]:
    """Address -> source text of every page a build makes (generated and in docs/)."""
    found = {_address(file): text for file, text in pages.items()}
    docs = root / "docs"
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        # undecodable bytes are reported by page_errors(); here they must not stop the check
        found[_address(page.relative_to(docs).as_posix())] = page.read_text(encoding="utf-8", errors="replace")
    found[PDF_ADDRESS] = ""
    return found


def has_anchor(text: str, anchor: str) -> bool:
    """An anchor as the compiler writes it: `{ #anchor }` (attribute list) or `id="anchor"`."""
    pattern = rf'(\{{[^}}\n]*#{re.escape(anchor)}[\s}}]|\bid="{re.escape(anchor)}")'
    return re.search(pattern, text) is not None


def published_errors(content: Content, root: Path, pages: dict[str, str]) -> list[ContentError]:
    listed = published(root)
    if not listed:
        return []
    file = _name(root, PUBLISHED)
    site = site_pages(root, pages)
    errors = []
    for line, url in listed:
        address, _, anchor = url.partition("#")
        if address not in site:
            errors.append(ContentError(file, line, (
                f"adres {url} heeft geen pagina en geen doorverwijzing meer. Kreeg een vraag of uitkomst een "
                "nieuwe id? Zet de oude id dan onder 'vorige_ids' (zie CONTRIBUTING.md). Een adres verdwijnt nooit")))
        elif anchor and not has_anchor(site[address], anchor):
            errors.append(ContentError(file, line, f"adres {url}: de pagina bestaat, maar het anker '#{anchor}' niet"))
    urls = {url for _, url in listed}
    source, paths = _label_paths(root)
    for kind, node, _, _ in _labelled_nodes(content.tree):
        url = f"/beslisboom/{node.id}/"
        if url not in urls:
            line = source.line(paths.get(node.id, ()) + ("id",)) if source else 1
            errors.append(ContentError(source.file if source else _name(root, TREE_FILE), line, (
                f"{kind} '{node.id}' staat niet in {file}; voeg daar de regel {url} toe (een gepubliceerd "
                "adres blijft bestaan)")))
    last = max(line for line, _ in listed)
    for ref in content.rulebook.all_point_refs():
        rule, point = ref.split(".")
        url = f"/vuistregels/{rule}/#punt-{point}"
        if url not in urls:
            errors.append(ContentError(file, last, f"punt {ref} staat niet in deze lijst; voeg de regel {url} toe"))
    return errors


# --- figures in the documentation ------------------------------------------------------------

NUMBER_WORDS = {word: n for n, word in enumerate(
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig".split()) if n > 1}
_WORD = "|".join(NUMBER_WORDS)


def _longest(tree: Tree, prefix: tuple[str, ...] = ()) -> int:
    return max(len(trail) for trail, _ in tree.paths()
               if tuple(answer for _, answer in trail[:len(prefix)]) == prefix)


def situations(tree: Tree) -> list[tuple[tuple[str, ...], Answer]]:
    """(answer ids from the start, answer) per situation (see tree.situations)."""
    return [(tuple(answer.id for _, answer in steps), steps[-1][1]) for steps in tree_situations(tree)]


# (pattern with the figure as group 1, what it counts, how to count it)
FIGURES = (
    (rf"\b(\d+|{_WORD})\s+casussen\b", "het aantal casussen in casuistiek.yaml", lambda c: len(c.cases)),
    (rf"\b(\d+|{_WORD})\s+vuistregels\b", "het aantal vuistregels", lambda c: len(c.rulebook.rules)),
    (rf"\b(\d+|{_WORD})\s+situaties\b", "het aantal situaties (zie ONTWERP.md)",
     lambda c: len(situations(c.tree))),
    # "hoogstens 7 vragen", "2 tot 5 vragen" are about a path, not the tree
    (r"(?<!hoogstens )(?<!tot )\b(\d+)\s+vragen\b", "het aantal vragen in de beslisboom",
     lambda c: len(c.tree.questions)),
    (r"\b(\d+)\s+uitkomsten\b", "het aantal uitkomsten in de beslisboom", lambda c: len(c.tree.outcomes)),
    (r"\ball (\d+) points\b", "het aantal punten van alle vuistregels", lambda c: len(c.rulebook.all_point_refs())),
    # only where the sentence is about questions: "hoogstens 60 tekens" is a limit, not a figure
    (r"\bhoogstens (\d+) vragen\b", "het grootste aantal vragen op een pad", lambda c: _longest(c.tree)),
    (r"\bvragen [^.:\n]*: hoogstens (\d+)\b", "het grootste aantal vragen op een pad",
     lambda c: _longest(c.tree)),
)
TABLE_HEADER = "| Situatie | Eerste vraag daarna | Langste pad |"


def _value(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def figure_errors(content: Content, root: Path) -> list[ContentError]:
    errors = []
    for relative in FIGURE_DOCS:
        path = root / relative
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        file = _name(root, relative)
        for pattern, what, count in FIGURES:
            actual = count(content)
            for match in re.finditer(pattern, text, re.I):
                if _value(match[1]) != actual:
                    line = text.count("\n", 0, match.start(1)) + 1
                    errors.append(ContentError(file, line, (
                        f"hier staat '{' '.join(match[0].split())}', maar {what} is nu {actual}; pas het getal aan")))
        errors += _table_errors(content.tree, text, file)
    return errors


def _table_errors(tree: Tree, text: str, file: str) -> list[ContentError]:
    """The design note's table of situations: per start answer its first question and its
    longest path (in questions, the first one included)."""
    lines = text.splitlines()
    if TABLE_HEADER not in lines:
        return []
    start = lines.index(TABLE_HEADER) + 2  # after the header and its --- line
    rows = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.startswith("|"):
            break
        rows.append((number, line))
    found = situations(tree)
    if len(rows) != len(found):
        return [ContentError(file, start - 1, f"deze tabel heeft {len(rows)} situaties, de beslisboom "
                                              f"{len(found)}; zet er één rij per situatie in, in dezelfde volgorde")]
    errors = []
    for (number, row), (prefix, answer) in zip(rows, found):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        first = re.search(r"`([^`]+)`", cells[1]) if len(cells) == 3 else None
        length = _longest(tree, prefix)
        if first is None or first[1] != answer.target or cells[2] != str(length):
            errors.append(ContentError(file, number, (
                f"rij voor situatie '{'/'.join(prefix)}': de eerste vraag daarna is `{answer.target}` en het "
                f"langste pad {length} vragen; pas de rij aan")))
    return errors


# --- coverage: what the content tests demand of the whole -------------------------------------

def _load_quietly(root: Path, relative: Path) -> Source | None:
    try:
        return load(root / relative, _name(root, relative))
    except ContentErrors:  # the content check reports a broken file itself
        return None


def coverage_errors(content: Content, root: Path) -> list[ContentError]:
    """Every rule point is cited by a question or outcome one can reach, and every situation
    (answer to the first question) and every outcome has at least one case in the casuistiek."""
    errors = []
    tree = content.tree
    reachable = tree.reachable()
    cited = {ref for node in [*tree.questions.values(), *tree.outcomes.values()] if node.id in reachable
             for ref in node.citations}
    rules = _load_quietly(root, RULES_FILE)
    for i, rule in enumerate(content.rulebook.rules):
        for j in range(len(rule.points)):
            ref = f"{rule.number}.{j + 1}"
            if ref not in cited:
                line = rules.line(("vuistregels", i, "punten", j)) if rules else 1
                errors.append(ContentError(rules.file if rules else _name(root, RULES_FILE), line, (
                    f"punt {ref} wordt door geen vraag of uitkomst van de beslisboom genoemd; noem het bij de "
                    "vraag of uitkomst waar het over gaat (elk punt komt in de beslisboom terug)")))
    if content.cases:
        source, paths = _label_paths(root)
        for prefix, answer in situations(tree):
            if not any(case.answers[:len(prefix)] == prefix for case in content.cases):
                question = tree.start if len(prefix) == 1 else next(
                    a.target for a in tree.questions[tree.start].answers if a.id == prefix[0])
                j = [a.id for a in tree.questions[question].answers].index(answer.id)
                line = source.line(paths.get(question, ()) + ("antwoorden", j, "id")) if source else 1
                errors.append(ContentError(source.file if source else _name(root, TREE_FILE), line, (
                    f"situatie '{'/'.join(prefix)}' heeft nog geen casus in {_name(root, CASES_FILE)}; voeg er "
                    "minstens één toe die met deze antwoorden begint")))
        ending = {case.outcome for case in content.cases}
        for outcome_id in tree.outcomes:
            if outcome_id not in ending and outcome_id in reachable:
                line = source.line(paths.get(outcome_id, ()) + ("id",)) if source else 1
                errors.append(ContentError(source.file if source else _name(root, TREE_FILE), line, (
                    f"uitkomst '{outcome_id}' heeft nog geen casus in {_name(root, CASES_FILE)}; voeg er minstens "
                    "één toe die bij deze uitkomst eindigt")))
    return errors


# --- search queries that name a tree page ------------------------------------------------------

TREE_QUERY = re.compile(r'"boom:\s*([^"]+)"')


def search_query_errors(tree: Tree, root: Path) -> list[ContentError]:
    """bench/zoekvragen.yaml names a tree page by part of its title ("boom: u voelt druk"); after
    a title changes, that part must still match exactly one question or outcome."""
    path = root / QUERIES
    if not path.exists():
        return []
    titles = [" ".join(q.text.lower().split()) for q in tree.questions.values()]
    titles += [" ".join(o.title.lower().split()) for o in tree.outcomes.values()]
    errors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for match in TREE_QUERY.finditer(line):
            words = match[1].strip().lower()
            found = sum(words in title for title in titles)
            if found != 1:
                errors.append(ContentError(_name(root, QUERIES), number, (
                    f"'boom: {match[1].strip()}' past bij {found} titels van vragen en uitkomsten, niet bij precies "
                    "één; neem een stuk van de (nieuwe) titel over")))
    return errors


# --- frozen editions -----------------------------------------------------------------------

def edition_errors(content: Content, root: Path) -> list[ContentError]:
    """A frozen edition never changes: its tree keeps the hash in bevroren.txt and its paths."""
    content_dir = root / TREE_FILE.parent
    record_path = content_dir / editions.EDITIONS_DIR / editions.RECORD_NAME
    record_name = display_name(record_path)
    recorded = {f.version: f for f in editions.read_record(record_path)}
    files = dict(editions.edition_files(content_dir))
    errors = []
    for version, path in files.items():
        name = display_name(path)
        frozen = recorded.get(version)
        if frozen is None:
            errors.append(ContentError(name, 1, f"uitgave {version} staat niet in {record_name}; bevries een "
                                                "uitgave alleen met: python build_tree.py --bevries"))
        elif editions.sha256(path) != frozen.sha256:
            errors.append(ContentError(name, 1, (
                f"uitgave {version} is bevroren en mag niet veranderen ({record_name}:{frozen.line}), zodat "
                f"oude antwoordcodes en links blijven werken. Zet het bestand terug met: git checkout -- "
                f"{name}. Wijzig de beslisboom zelf in {TREE_FILE}")))
    for version, frozen in recorded.items():
        if version not in files:
            errors.append(ContentError(record_name, frozen.line,
                                       f"uitgave {version} is bevroren, maar "
                                       f"{TREE_FILE.parent}/{editions.EDITIONS_DIR}/{version}/"
                                       f"{editions.TREE_NAME} ontbreekt; zet het terug met git"))
    for tree in content.editions:
        paths_file = content_dir / editions.EDITIONS_DIR / tree.version / editions.PATHS_NAME
        if not paths_file.exists() or paths_file.read_text(encoding="utf-8") != format_paths(tree):
            errors.append(ContentError(display_name(paths_file), 1,
                                       f"de paden van uitgave {tree.version} kloppen niet meer met de bevroren "
                                       "beslisboom van die uitgave; zet beide bestanden terug met git"))
    return errors
