"""Load and check all content, then generate the pages: the compiler's two steps."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from . import lokaal, lokaal_pages, render_rules
from .casuistiek import Case, load_cases
from .render_cases import cases_page
from .render_tree import TREE_DIR, TreePages
from .tree_pages import changes
from .editions import EDITIONS_DIR, edition_files
from .errors import ContentError, ContentErrors
from .markdown import escape
from .glossary import Term, load_glossary
from .rules import Rulebook, load_rulebook
from .tree import Tree, load_tree
from .zoekwoorden import SearchWord, load_search_words

CONTENT_DIR = Path(__file__).resolve().parent.parent / "decision_tree"


@dataclass(frozen=True)
class Content:
    rulebook: Rulebook
    glossary: tuple[Term, ...]
    tree: Tree
    cases: tuple[Case, ...] = ()
    zoekwoorden: tuple[SearchWord, ...] = ()
    editions: tuple[Tree, ...] = ()  # frozen earlier editions (decision_tree/edities/), oldest first
    lokaal: lokaal.Layer | None = None  # the local layer (HANDBOEK_LOKAAL), or None: the national edition


def display_name(path: Path) -> str:
    """The path as an editor types it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


FROM_ENVIRONMENT = "omgeving"


def load_content(content_dir: Path = CONTENT_DIR, tree_file: Path | None = None,
                 cases_file: Path | None = None, layer_folder: Path | None | str = FROM_ENVIRONMENT) -> Content:
    """Load every content file; raise ContentErrors listing all problems of all files.

    `layer_folder`: the local layer's folder; by default the one HANDBOEK_LOKAAL names (none
    when it is not set: the national edition).

    The cases in casuistiek.yaml describe the real tree: with another `tree_file` they are
    checked only when `cases_file` is given too.
    """
    errors: list[ContentError] = []
    if not Path(content_dir).is_dir():
        raise ContentErrors([ContentError(display_name(Path(content_dir)), 1, "deze map bestaat niet")])

    def attempt(loader, path: Path, schema_name: str, *args):
        try:
            return loader(path, content_dir / f"{schema_name}.schema.json", *args, display_name(path))
        except ContentErrors as exc:
            errors.extend(exc.errors)
            return None

    rulebook = attempt(load_rulebook, content_dir / "vuistregels.yaml", "vuistregels")
    glossary = attempt(load_glossary, content_dir / "begrippen.yaml", "begrippen")
    tree = attempt(load_tree, tree_file or content_dir / "beslisboom.yaml", "beslisboom", rulebook)
    if cases_file is None and tree_file is None:
        cases_file = content_dir / "casuistiek.yaml"
    cases = attempt(load_cases, cases_file, "casuistiek", tree, rulebook) if cases_file else ()
    # begrippen.yaml again, for its zoekwoorden; a schema error there is reported once, above
    words = attempt(load_search_words, content_dir / "begrippen.yaml", "begrippen", rulebook) if glossary else ()
    # the frozen editions belong to the project's own tree, like its cases
    editions = [] if tree_file is not None else [
        attempt(functools.partial(load_tree, edition=version), path, "beslisboom", rulebook)
        for version, path in edition_files(content_dir)]
    if layer_folder == FROM_ENVIRONMENT:
        layer_folder = lokaal.chosen_folder()
    layer = None
    if layer_folder is not None and rulebook and tree:
        try:
            layer = lokaal.load_layer(Path(layer_folder), rulebook, tree, lambda p: display_name(Path(p)))
        except ContentErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise ContentErrors(errors)
    return Content(rulebook, glossary, tree, cases, words, tuple(editions), layer)


def generate(content: Content, draw: bool = True) -> dict[str, str]:
    """Every generated file, as site-relative path -> text; without `draw`, no flowcharts
    (their SVG needs Graphviz), so a check runs without it."""
    book = content.rulebook
    earlier = tuple(e.version for e in content.editions if e.version != content.tree.version)
    layer = content.lokaal
    tree_pages = (TreePages(content.tree, book, earlier, lokaal_pages.outcome_sections(layer, content.tree),
                            lokaal_pages.wizard_data(layer, content.tree), lokaal_pages.outline_blocks(layer))
                  if layer else TreePages(content.tree, book, earlier))
    inleiding_refs = [f"inleiding.{i}" for i in range(1, len(book.inleiding.paragraphs) + 1)]
    pages = {
        "aanleiding.md": render_rules.part_page(book, book.aanleiding),
        "inleiding.md": render_rules.part_page(book, book.inleiding, tree_pages.cited_by(inleiding_refs)),
        "vuistregels/index.md": render_rules.rules_index_page(book),
        "bronnen.md": render_rules.sources_page(book),
        "begrippen.md": render_rules.glossary_page(content.glossary, content.zoekwoorden, book),
    }
    for rule in book.rules:
        refs = [f"{rule.number}.{i}" for i in range(1, len(rule.points) + 1)]
        pages[f"vuistregels/{rule.number}.md"] = render_rules.rule_page(
            book, rule, tree_pages.cited_by(refs), lokaal_pages.rule_blocks(layer, rule.number) if layer else None)
    pages.update(tree_pages.pages(draw))
    for edition in content.editions:  # no charts: the drawing is not part of an edition
        pages[f"{TREE_DIR}/{EDITIONS_DIR}/{edition.version}.json"] = TreePages(edition, book).json()
    pages[changes.PAGE] = changes.ChangesPage(content.editions, content.tree).page()
    if content.cases:
        pages["oefencasussen.md"] = cases_page(content.cases, content.tree, tree_pages)
    if layer:  # after every national page: the layer adds, it never replaces
        pages.update(lokaal_pages.pages(layer, content.tree.version))
    return pages


def macro_variables(content: Content, edition: dict) -> dict[str, dict]:
    """What docs/*.md may use as {{ bron.titel }} and the like (mkdocs-macros, the print cover):
    through the one escaping path, so inert as Markdown, HTML and Jinja whatever they contain.
    `edition` holds what mkdocs.yml sets under extra.editie (the date)."""
    book = content.rulebook
    variables = {"bron": {"titel": escape(book.title), "organisatie": escape(book.organisation)},
                 "editie": {**edition, "versie": escape(content.tree.version)}}
    if content.lokaal:  # for the print cover
        layer = content.lokaal
        variables["lokaal"] = {"naam": escape(layer.name), "versie": escape(layer.version),
                               "vastgesteld": escape(layer.adopted_text),
                               "logo": f"{lokaal.SITE_DIR}/{layer.logo}" if layer.logo else ""}
    return variables
