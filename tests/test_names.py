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


def test_a_search_word_beside_the_same_abbreviation_gets_an_anchor_of_its_own():
    from handboek.build import load_content
    from handboek.glossary import Term
    from handboek.render_rules import glossary_page
    from handboek.zoekwoorden import SearchWord

    content = load_content()
    terms = (*content.glossary, Term("ZOEKWOORDEN", "x", "y"))
    words = (*content.zoekwoorden, SearchWord("avg", "Uitleg.", ("5.1",)), SearchWord("afkortingen", "Uitleg.", ("5.1",)),
             SearchWord("zoeken niets", "Uitleg.", ("5.1",)))
    page = glossary_page(terms, words, content.rulebook)
    ids = [line.rsplit("{ #", 1)[1].split(" ")[0] for line in page.splitlines() if line.startswith("#") and "{ #" in line]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert "avg" in ids and "avg-2" in ids


def _duplicate_ids(page_html: str) -> list[str]:
    from collections import Counter
    from html.parser import HTMLParser

    ids: Counter = Counter()

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            ids.update(value for name, value in attrs if name == "id")

        handle_startendtag = handle_starttag

    Ids().feed(page_html)
    return sorted(i for i, n in ids.items() if n > 1)


def test_no_page_of_the_built_site_has_an_id_twice(site):
    """Every page, the print page /afdrukversie/ and the flowchart overview (several inline
    charts) included."""
    pages = sorted(site.rglob("*.html"))
    assert any(p.parent.name == "afdrukversie" for p in pages)
    doubles = {p.relative_to(site).as_posix(): d for p in pages if (d := _duplicate_ids(p.read_text(encoding="utf-8")))}
    assert not doubles, doubles


def test_a_start_answer_with_the_id_alles_does_not_collide_with_the_whole_tree_chart(tmp_path):
    from handboek import flowchart
    from handboek.build import load_content
    from handboek.render_tree import TreePages

    text = (ROOT / "tests" / "bomen" / "goed.yaml").read_text(encoding="utf-8")
    start_answer = "      - id: ja\n        tekst: Ja.\n        naar: tweede\n"
    assert start_answer in text
    tree_file = tmp_path / "alles.yaml"
    tree_file.write_text(text.replace(start_answer, start_answer.replace("id: ja", "id: alles")), encoding="utf-8")
    content = load_content(tree_file=tree_file)
    pages = TreePages(content.tree, content.rulebook).pages()
    section = pages[f"{flowchart.SCHEMA_DIR}/alles.svg"]
    whole = pages[f"{flowchart.SCHEMA_DIR}/{flowchart.WHOLE_TREE}.svg"]
    assert section != whole
    assert "schema-alles--begin" in section and "hele beslisboom" in whole
