#!/usr/bin/env python3
"""Compile the handbook content: check the YAML in decision_tree/ and generate pages.

    python build_tree.py --check [BOOM.yaml]   check all content (optionally another tree file)
    python build_tree.py --out DIR             write the generated pages into DIR
    python build_tree.py --bron [DIR]          write the whole site source (default build/bron/,
                                               a local edition build/bron-<map>/): pages, charts,
                                               assets and the engine's mkdocs.yml (make site)
    python build_tree.py --golden              write tests/golden/paden.txt and this edition's
                                               numbers and letters (make golden)
    python build_tree.py --paden               print every path through the tree
    python build_tree.py --bevries             keep this edition of the tree, frozen, in
                                               decision_tree/edities/<versie>/ (before a new one)

Errors are printed as `file:line: message`, all at once, with exit status 1. `--check` on
the project itself (no --content, no tree file) also checks what an edit makes stale: the
golden paths, the edition's numbers and letters, the published addresses and the figures in
the documentation (handboek/editor_check.py). It draws no flowcharts, so it needs no Graphviz.
MkDocs calls the same compiler through hooks/mkdocs_adapter.py; this CLI works without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handboek import editions, editor_check, lokaal, site_source
from handboek.build import CONTENT_DIR, display_name, generate, load_content
from handboek.editor_check import format_paths  # noqa: F401 (tests import it from here)
from handboek.errors import ContentErrors

ROOT = CONTENT_DIR.parent


def report(errors) -> int:
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(errors)} fout(en) gevonden.", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", nargs="?", type=Path, help="een ander beslisboom-bestand controleren")
    parser.add_argument("--check", action="store_true", help="alleen controleren")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR,
                        help="map met de YAML-bestanden (standaard: decision_tree/)")
    parser.add_argument("--out", type=Path, help="schrijf de gegenereerde bestanden naar deze map")
    parser.add_argument("--bron", type=Path, nargs="?", const=True,
                        help="schrijf de hele bron van de site (standaard: build/bron/)")
    parser.add_argument("--vul-waarden", action="store_true",
                        help="met --bron: vul de waarden zelf in, voor een engine zonder mkdocs-macros-plugin")
    parser.add_argument("--lokaal", type=Path,
                        help="controleer ook deze lokale aanvulling (standaard: de map in HANDBOEK_LOKAAL, "
                             "zoals make check LOKAAL=lokaal/voorbeeld die doorgeeft)")
    parser.add_argument("--paden", action="store_true", help="toon alle paden door de beslisboom")
    parser.add_argument("--golden", action="store_true",
                        help="schrijf de paden en de nummers en letters van deze versie opnieuw")
    parser.add_argument("--bevries", action="store_true",
                        help="bewaar deze uitgave van de beslisboom, bevroren, in decision_tree/edities/")
    args = parser.parse_args(argv)
    whole_project = args.tree is None and args.content.resolve() == CONTENT_DIR

    try:
        content = (load_content(args.content, args.tree, layer_folder=lokaal.chosen_folder(str(args.lokaal)))
                   if args.lokaal else load_content(args.content, args.tree))
    except ContentErrors as exc:
        return report(exc.errors)
    if args.paden:
        sys.stdout.write(format_paths(content.tree))
        return 0
    if args.bevries:
        frozen = editions.read_record(args.content / editions.EDITIONS_DIR / editions.RECORD_NAME)
        if any(f.version == content.tree.version for f in frozen):
            return report([f"{display_name(args.content / editions.EDITIONS_DIR / editions.RECORD_NAME)}:"
                           f"{next(f.line for f in frozen if f.version == content.tree.version)}: uitgave "
                           f"{content.tree.version} is al bevroren; verhoog eerst 'versie' in beslisboom.yaml"])
        target = editions.freeze(args.content, args.tree or args.content / "beslisboom.yaml",
                                 content.tree.version, format_paths(content.tree))
        print(f"Bevroren: uitgave {content.tree.version} in {target.parent}. Verhoog nu 'versie' in "
              "beslisboom.yaml voordat u de beslisboom verandert.")
        return 0
    if args.golden:
        errors = editor_check.write_golden(content, ROOT)
        if errors:
            return report(errors)
        print(f"Geschreven: {editor_check.GOLDEN} en {editor_check.RECORD}. Bekijk het verschil met: "
              f"git diff {editor_check.GOLDEN} {editor_check.RECORD}")
        return 0
    if args.bron:
        try:
            target = site_source.write_source(content, ROOT, None if args.bron is True else args.bron,
                                              fill_values=args.vul_waarden)
        except ContentErrors as exc:
            return report(exc.errors)
        print(f"Bron van de site geschreven: {display_name(target)}")
        return 0
    draw = bool(args.out) and not args.check
    files = generate(content, draw=draw)
    if draw:
        for path, text in files.items():
            target = args.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    if whole_project and args.check:
        errors = editor_check.check_project(content, ROOT, files) + layer_errors(content)
        if errors:
            return report(errors)
    tree = content.tree
    print(f"In orde: {len(content.rulebook.rules)} vuistregels, {len(content.glossary)} begrippen, "
          f"beslisboom met {len(tree.questions)} vragen en {len(tree.outcomes)} uitkomsten, "
          f"{len(content.cases)} casussen.")
    if content.lokaal:
        layer = content.lokaal
        print(f"Lokale aanvulling in orde: {layer.name}, versie {layer.version}; afspraken: {len(layer.agreements)}, "
              f"contactpunten: {len(layer.contacts)}, documenten: {len(layer.documents)}.")
    if whole_project and args.check:
        print("Ook in orde: de paden (make golden), de nummers en letters van deze versie, de gepubliceerde "
              "adressen, de getallen in de documentatie, de pagina's in docs/, elk punt en elke situatie in "
              "de beslisboom, de zoekvragen en de lokale aanvullingen in lokaal/.")
    return 0


def layer_errors(content) -> list:
    """Every local layer in the project's lokaal/ (the example among them) against this national
    content: a national change that leaves a layer pointing at nothing is found here, at once."""
    errors = []
    for layer_file in sorted((ROOT / lokaal.SITE_DIR).glob(f"*/{lokaal.FILE}")):
        if content.lokaal and content.lokaal.folder.resolve() == layer_file.parent.resolve():
            continue  # read already
        try:
            lokaal.load_layer(layer_file.parent, content.rulebook, content.tree, lambda p: display_name(Path(p)))
        except ContentErrors as exc:
            errors += exc.errors
    return errors


if __name__ == "__main__":
    sys.exit(main())
