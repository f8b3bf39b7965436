"""Frozen editions: an earlier tree is kept (decision_tree/edities/), compiled into the site
with the paths it had, and `make check` refuses any edit of it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import build_tree
from handboek import editions, editor_check
from handboek.build import generate, load_content
from handboek.editor_check import format_paths
from handboek.errors import ContentErrors

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "decision_tree"


def json_paths(data: dict) -> list[str]:
    """Every path through a compiled tree, walked in its JSON, in the golden file's format."""
    lines, todo = [], [(data["start"], ())]
    while todo:
        node, trail = todo.pop()
        question = data["vragen"].get(node)
        if question is None:
            lines.append(" ".join(f"{q}={a}" for q, a in trail) + f" -> {node}")
            continue
        todo.extend((a["naar"], trail + ((node, a["id"]),)) for a in reversed(question["antwoorden"]))
    return lines


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(CONTENT, root / "decision_tree")
    return root


def test_edition_2_0_is_frozen_with_the_paths_of_its_golden_file():
    content = load_content()
    edition = {tree.version: tree for tree in content.editions}["2.0"]
    frozen_paths = (CONTENT / "edities" / "2.0" / "paden.txt").read_text(encoding="utf-8")
    assert format_paths(edition) == frozen_paths
    assert frozen_paths.startswith("# Alle paden door de beslisboom, versie 2.0.")
    if content.tree.version == "2.0":  # until edition 3.0 lands, the golden file is 2.0's
        assert frozen_paths == (ROOT / "tests" / "golden" / "paden.txt").read_text(encoding="utf-8")


def test_the_site_carries_each_frozen_edition_as_wizard_json_with_its_paths():
    content = load_content()
    files = generate(content, draw=False)
    for tree in content.editions:
        data = json.loads(files[f"beslisboom/edities/{tree.version}.json"])
        assert data["versie"] == tree.version and data["inhoudshash"]
        assert json_paths(data) == format_paths(tree).splitlines()[2:]


def test_make_check_accepts_the_frozen_editions_as_they_are():
    content = load_content()
    assert editor_check.edition_errors(content, ROOT) == []


def test_make_check_refuses_an_edit_of_a_frozen_edition(tmp_path):
    root = content_copy(tmp_path)
    frozen = root / "decision_tree" / "edities" / "2.0" / "beslisboom.yaml"
    text = frozen.read_text(encoding="utf-8")
    frozen.write_text(text.replace("titel: ", "titel: Nieuw ", 1), encoding="utf-8")
    content = load_content(root / "decision_tree")
    errors = [str(e) for e in editor_check.check_project(content, root, generate(content, draw=False))]
    mine = [e for e in errors if "edities/2.0/beslisboom.yaml:1: uitgave 2.0 is bevroren en mag niet veranderen" in e]
    assert len(mine) == 1, errors
    assert "bevroren.txt:4)" in mine[0] and "git checkout -- " in mine[0]


def test_make_check_refuses_a_frozen_edition_without_its_file_or_its_record(tmp_path):
    root = content_copy(tmp_path)
    folder = root / "decision_tree" / "edities"
    shutil.copytree(folder / "2.0", folder / "1.0")
    one = folder / "1.0" / "beslisboom.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace('versie: "2.0"', 'versie: "1.0"'), encoding="utf-8")
    shutil.rmtree(folder / "2.0")
    content = load_content(root / "decision_tree")
    errors = {str(e).split(": ", 1)[1].split(";")[0] for e in editor_check.edition_errors(content, root)}
    assert "uitgave 1.0 staat niet in" in " ".join(errors)
    assert any(e.startswith("uitgave 2.0 is bevroren, maar") for e in errors), errors


def test_a_frozen_edition_in_the_wrong_folder_is_refused_at_its_version_line(tmp_path):
    root = content_copy(tmp_path)
    folder = root / "decision_tree" / "edities"
    (folder / "2.0").rename(folder / "1.0")
    with pytest.raises(ContentErrors) as raised:
        load_content(root / "decision_tree")
    text = (folder / "1.0" / "beslisboom.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index('versie: "2.0"') + 1
    assert [f"{e.line}: {e.message}" for e in raised.value.errors] == [
        f"{line}: deze bevroren uitgave staat in de map '1.0', maar heeft versie '2.0'; die moeten gelijk zijn"]


def test_freezing_keeps_the_current_tree_and_refuses_to_freeze_a_version_twice(tmp_path, capsys):
    root = content_copy(tmp_path)
    content_dir = root / "decision_tree"
    tree = content_dir / "beslisboom.yaml"
    frozen = [t.version for t in load_content(content_dir).editions]
    text = tree.read_text(encoding="utf-8")
    tree.write_text(re.sub(r'(?m)^versie: "[^"]*"$', 'versie: "9.9"', text, count=1), encoding="utf-8")
    assert build_tree.main(["--content", str(content_dir), "--bevries"]) == 0
    assert (content_dir / "edities" / "9.9" / "beslisboom.yaml").read_bytes() == tree.read_bytes()
    content = load_content(content_dir)
    assert [t.version for t in content.editions] == [*frozen, "9.9"]
    assert editor_check.edition_errors(content, root) == []
    assert build_tree.main(["--content", str(content_dir), "--bevries"]) == 1
    assert "uitgave 9.9 is al bevroren" in capsys.readouterr().err
