#!/usr/bin/env python3
"""Compile the handbook content: check the YAML in decision_tree/ and generate pages.

    python build_tree.py --check          check all content; exit 1 with file:line errors
    python build_tree.py --out DIR        also write the generated pages into DIR

MkDocs calls the same compiler through hooks/handboek_hook.py; this CLI is for editors
and CI, and works without MkDocs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handboek.build import CONTENT_DIR, generate, load_content
from handboek.errors import ContentErrors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="alleen controleren")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR,
                        help="map met de YAML-bestanden (standaard: decision_tree/)")
    parser.add_argument("--out", type=Path, help="schrijf de gegenereerde pagina's naar deze map")
    args = parser.parse_args(argv)

    try:
        content = load_content(args.content)
        pages = generate(content)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} fout(en) gevonden.", file=sys.stderr)
        return 1
    if args.out and not args.check:
        for path, text in pages.items():
            target = args.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    print(f"In orde: {len(content.rulebook.rules)} vuistregels, {len(content.glossary)} begrippen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
