#!/usr/bin/env python3
"""Compile the handbook content: check the YAML in decision_tree/ and generate pages.

    python build_tree.py --check [BOOM.yaml]   check all content (optionally another tree file)
    python build_tree.py --out DIR             write the generated pages into DIR
    python build_tree.py --paden               print every path through the tree (golden file)

Errors are printed as `file:line: message`, all at once, with exit status 1.
MkDocs calls the same compiler through hooks/handboek_hook.py; this CLI works without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handboek.build import CONTENT_DIR, generate, load_content
from handboek.errors import ContentErrors
from handboek.tree import Tree


def format_paths(tree: Tree) -> str:
    lines = [f"# Alle paden door de beslisboom, versie {tree.version}. Maak opnieuw met: make golden",
             "# vraag=antwoord ... -> uitkomst"]
    for trail, outcome in tree.paths():
        lines.append(" ".join(f"{q}={a}" for q, a in trail) + f" -> {outcome}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", nargs="?", type=Path, help="een ander beslisboom-bestand controleren")
    parser.add_argument("--check", action="store_true", help="alleen controleren")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR,
                        help="map met de YAML-bestanden (standaard: decision_tree/)")
    parser.add_argument("--out", type=Path, help="schrijf de gegenereerde bestanden naar deze map")
    parser.add_argument("--paden", action="store_true", help="toon alle paden door de beslisboom")
    args = parser.parse_args(argv)

    try:
        content = load_content(args.content, args.tree)
        files = generate(content)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} fout(en) gevonden.", file=sys.stderr)
        return 1
    if args.paden:
        sys.stdout.write(format_paths(content.tree))
        return 0
    if args.out and not args.check:
        for path, text in files.items():
            target = args.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    tree = content.tree
    print(f"In orde: {len(content.rulebook.rules)} vuistregels, {len(content.glossary)} begrippen, "
          f"beslisboom met {len(tree.questions)} vragen en {len(tree.outcomes)} uitkomsten, "
          f"{len(content.cases)} casussen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
