"""Names that cannot collide: abbreviations that are Markdown's own markers, ids that are
JavaScript object keys or the whole-tree chart's name, anchors that occur twice on a page."""

from __future__ import annotations

import pytest
from conftest import ROOT

from handboek.errors import ContentErrors
from handboek.glossary import load_glossary

GLOSSARY = "decision_tree/begrippen.yaml"


def _glossary_with_abbreviation(tmp_path, abbreviation: str) -> tuple:
    text = (ROOT / GLOSSARY).read_text(encoding="utf-8")
    assert "  - afkorting: AVG\n" in text
    path = tmp_path / "begrippen.yaml"
    path.write_text(text.replace("  - afkorting: AVG\n", f"  - afkorting: {abbreviation}\n"), encoding="utf-8")
    line = text[:text.index("  - afkorting: AVG\n")].count("\n") + 1
    return path, line


@pytest.mark.parametrize("abbreviation", ["wzxhzdk", "klzzwxh", "WZXHZDK2", "12", "007"])
def test_abbreviations_that_markdown_uses_itself_are_refused_with_their_line(tmp_path, abbreviation):
    path, line = _glossary_with_abbreviation(tmp_path, f"'{abbreviation}'")
    with pytest.raises(ContentErrors) as caught:
        load_glossary(path, ROOT / "decision_tree" / "begrippen.schema.json", GLOSSARY)
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 1 and messages[0].startswith(f"{GLOSSARY}:{line}: afkorting '{abbreviation}' kan niet"), messages


def test_an_ordinary_abbreviation_with_digits_is_accepted(tmp_path):
    path, _ = _glossary_with_abbreviation(tmp_path, "3RO2")
    terms = load_glossary(path, ROOT / "decision_tree" / "begrippen.schema.json", GLOSSARY)
    assert "3RO2" in [t.abbreviation for t in terms]
