"""The editor's check (`make check`): stable numbers and letters, and everything an edit can
break reported at once in Dutch with file:line, on toy content and copies of the project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from handboek.build import load_content
from handboek.errors import ContentErrors
from handboek.render_tree import TreePages

ROOT = Path(__file__).resolve().parent.parent
TREES = Path(__file__).parent / "bomen"

NEW_OUTCOME = """  - id: nieuw
    letter: C
    titel: Nieuw
    advies: [Doe iets nieuws.]
    waarom: Omdat het nieuw is.
    bronnen: ["5.1"]
"""


def insert_outcome_first(tree_text: str, outcome: str = NEW_OUTCOME) -> str:
    """A new outcome at the top of `uitkomsten`, reached by a new answer of the first question."""
    text = tree_text.replace("uitkomsten:\n", "uitkomsten:\n" + outcome, 1)
    return text.replace("      - id: nee\n        tekst: Nee.\n        naar: klaar\n",
                        "      - id: nee\n        tekst: Nee.\n        naar: klaar\n"
                        "      - id: anders-nieuw\n        tekst: Iets nieuws.\n        naar: nieuw\n", 1)


def labels(tree_file: Path) -> tuple[dict, dict]:
    content = load_content(tree_file=tree_file)
    data = json.loads(TreePages(content.tree, content.rulebook).json())
    return ({q: v["nummer"] for q, v in data["vragen"].items()},
            {o: v["letter"] for o, v in data["uitkomsten"].items()})


# --- stable numbers and letters ----------------------------------------------------------------

def test_inserting_an_outcome_keeps_the_other_letters(tmp_path):
    before = labels(TREES / "labels.yaml")
    changed = tmp_path / "boom.yaml"
    changed.write_text(insert_outcome_first((TREES / "labels.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    numbers, letters = labels(changed)
    assert numbers == before[0]
    assert letters == {**before[1], "nieuw": "C"}
    outline = TreePages(*(lambda c: (c.tree, c.rulebook))(load_content(tree_file=changed))).outline()
    assert "Uitkomst A. Klaar" in outline and "Uitkomst C. Nieuw" in outline


def test_an_outcome_without_letter_gets_a_dutch_message_naming_the_free_letter(tmp_path):
    changed = tmp_path / "boom.yaml"
    text = insert_outcome_first((TREES / "labels.yaml").read_text(encoding="utf-8"),
                                NEW_OUTCOME.replace("    letter: C\n", ""))
    changed.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        load_content(tree_file=changed)
    line = text.splitlines().index("  - id: nieuw") + 1
    assert [str(e) for e in raised.value.errors] == [
        f"{raised.value.errors[0].file}:{line}: uitkomst 'nieuw' heeft geen letter; zet onder de id 'letter: C' "
        "(de eerste vrije letter). Verander de letters van de andere uitkomsten niet"]


def test_the_real_tree_writes_every_number_and_letter():
    text = (ROOT / "decision_tree" / "beslisboom.yaml").read_text(encoding="utf-8")
    content = load_content()
    assert text.count("\n    nummer: ") == len(content.tree.questions)
    assert text.count("\n    letter: ") == len(content.tree.outcomes)
