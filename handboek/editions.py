"""Frozen editions of the decision tree: earlier trees kept so that old answer codes and
links can still be opened with the route and advice people saw.

decision_tree/edities/<versie>/beslisboom.yaml is a frozen copy of the tree of that edition,
with its paths (paden.txt, as tests/golden/paden.txt was then). decision_tree/edities/bevroren.txt
records the sha256 of each frozen tree: `make check` refuses any edit of a frozen edition.
The build compiles every frozen edition into /beslisboom/edities/<versie>.json, in the
wizard's format (handboek/tree_pages/wizard_json.py). Only the YAML is committed: the JSON
can always be rebuilt from it.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

EDITIONS_DIR = "edities"
RECORD_NAME = "bevroren.txt"
TREE_NAME = "beslisboom.yaml"
PATHS_NAME = "paden.txt"


@dataclass(frozen=True)
class Frozen:
    """One line of bevroren.txt: an edition and the hash its tree file must keep."""
    version: str
    sha256: str
    line: int


def edition_files(content_dir: Path) -> list[tuple[str, Path]]:
    """(version, tree file) of every frozen edition, oldest version first."""
    folder = Path(content_dir) / EDITIONS_DIR
    if not folder.is_dir():
        return []
    found = [(p.parent.name, p) for p in folder.glob(f"*/{TREE_NAME}")]
    return sorted(found, key=lambda item: version_key(item[0]))


def version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in version.split("."))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_record(path: Path) -> list[Frozen]:
    if not path.exists():
        return []
    frozen = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        words = line.split()
        if len(words) == 2 and not line.startswith("#"):
            frozen.append(Frozen(words[0], words[1], number))
    return frozen


def format_record(entries: dict[str, str]) -> str:
    lines = ["# Bevroren uitgaven van de beslisboom: versie en sha256 van edities/<versie>/beslisboom.yaml.",
             "# Een bevroren uitgave verandert nooit meer. Geschreven door: python build_tree.py --bevries",
             "# (niet met de hand wijzigen)."]
    lines += [f"{version} {digest}" for version, digest in sorted(entries.items(), key=lambda e: version_key(e[0]))]
    return "\n".join(lines) + "\n"


def freeze(content_dir: Path, tree_file: Path, version: str, paths_text: str) -> Path:
    """Keep the current tree as edition `version`: copy it, write its paths, record its hash."""
    folder = Path(content_dir) / EDITIONS_DIR / version
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / TREE_NAME
    shutil.copyfile(tree_file, target)
    (folder / PATHS_NAME).write_text(paths_text, encoding="utf-8")
    record = Path(content_dir) / EDITIONS_DIR / RECORD_NAME
    entries = {f.version: f.sha256 for f in read_record(record)}
    entries[version] = sha256(target)
    record.write_text(format_record(entries), encoding="utf-8")
    return target
