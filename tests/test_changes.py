"""/beslisboom/wijzigingen/: generated from the editions, on a toy pair of editions
(tests/bomen/uitgaven/): what was added, removed, moved, reworded and given other advice."""

from __future__ import annotations

from pathlib import Path

from handboek.build import CONTENT_DIR, generate, load_content
from handboek.rules import load_rulebook
from handboek.tree import load_tree
from handboek.tree_pages.changes import PAGE, ChangesPage, compare, edition_changes

TOY = Path(__file__).parent / "bomen" / "uitgaven"
BOOK = load_rulebook(CONTENT_DIR / "vuistregels.yaml", CONTENT_DIR / "vuistregels.schema.json")


def toy(name: str, edition: str | None = None):
    return load_tree(TOY / f"{name}.yaml", CONTENT_DIR / "beslisboom.schema.json", BOOK, edition=edition)


OLD, NEW = toy("oud", "1.0"), toy("nieuw")


def ids(nodes) -> list[str]:
    return [node.id for node in nodes]


def test_a_toy_pair_of_editions_gives_the_expected_lists():
    changes = compare(OLD, NEW)
    assert (changes.version, changes.previous) == ("2.0", "1.0")
    assert ids(changes.added) == ["derde", "nieuw-einde"]
    assert ids(changes.removed) == ["oud-einde"]
    assert [(m.old.id, m.new.id) for m in changes.moved] == [("begin", "start")]
    assert ids(changes.reworded) == ["tweede"]
    assert ids(changes.advice) == ["klaar"]


def test_the_page_lists_editions_newest_first_and_links_only_to_current_pages():
    assert [c.version for c in edition_changes((OLD,), NEW)] == ["2.0", "1.0"]
    page = ChangesPage((OLD,), NEW).page()
    assert page.index("## Versie 2&#46;0") < page.index("## Versie 1&#46;0")
    assert "[Vraag 3: Derde vraag?](derde.md)" in page
    assert "[Uitkomst C: Een nieuw einde](nieuw-einde.md)" in page
    assert "Uitkomst C: Een einde dat verviel (versie 1&#46;0)" in page  # removed: no link
    assert "Vraag 1: Begin? (versie 1&#46;0) staat nu bij [Vraag 1: Waar begint u?](start.md)" in page
    assert "### Ander advies\n\n- [Uitkomst A: Klaar](klaar.md)\n" in page
    assert "oudste uitgave" in page.split("## Versie 1&#46;0")[1]


def test_an_edition_without_changes_says_so():
    same = compare(NEW, NEW)
    assert same.empty()
    assert "geen vragen of uitkomsten veranderd" in ChangesPage((NEW,), NEW).edition_block(same)


def test_the_real_site_has_the_page_with_every_edition():
    content = load_content()
    page = generate(content, draw=False)[PAGE]
    versions = [content.tree.version, *reversed([t.version for t in content.editions])]
    headings = [line for line in page.splitlines() if line.startswith("## Versie ")]
    assert [h.split()[2].replace("&#46;", ".") for h in headings] == versions


def test_an_editions_anchor_is_letters_digits_and_hyphens_whatever_its_version():
    from handboek.tree_pages.changes import anchor

    assert anchor("2.1") == "versie-2-1"
    assert anchor("[t](javascript:x)") == "versie-t-javascript-x"
