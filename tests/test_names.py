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


# --- ids that are JavaScript object keys, in the wizard ---------------------------------

JS_NAMES = {"proto-vraag": "__proto__", "tostring-vraag": "toString", "hasown-uitkomst": "hasOwnProperty"}


@pytest.fixture(scope="module")
def names_wizard_url(tmp_path_factory):
    """A toy build (tests/bomen/namen.yaml) whose node ids in the wizard's JSON are
    'constructor', '__proto__', 'toString' and 'hasOwnProperty'."""
    import shutil

    from conftest import copy_project, mkdocs_build, serve

    work = tmp_path_factory.mktemp("namen")
    project = copy_project(work / "project")
    shutil.copy(ROOT / "tests" / "bomen" / "namen.yaml", project / "decision_tree" / "beslisboom.yaml")
    shutil.copy(ROOT / "tests" / "casussen" / "namen.yaml", project / "decision_tree" / "casuistiek.yaml")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    data_file = work / "site" / "beslisboom" / "beslisboom.json"
    data = data_file.read_text(encoding="utf-8")
    for toy_id, js_name in JS_NAMES.items():
        assert f'"{toy_id}"' in data
        data = data.replace(toy_id, js_name)
    data_file.write_text(data, encoding="utf-8")
    httpd = serve(work / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}/beslisboom/"
    httpd.shutdown()


def test_the_wizard_works_with_ids_that_are_object_prototype_names(browser, names_wizard_url):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    try:
        page.goto(names_wizard_url)
        seen = []
        for answer_id in ("constructor", "ja", "ja"):
            page.wait_for_selector(f"[data-wizard] [data-answer='{answer_id}']")
            seen.append(page.locator("[data-wizard]").inner_text())
            before = page.get_attribute("[data-wizard]", "data-state")
            page.click(f"[data-wizard] [data-answer='{answer_id}']")
            page.wait_for_function("b => document.querySelector('[data-wizard]').dataset.state !== b", arg=before)
        page.wait_for_selector("[data-wizard] [data-outcome]")
        assert page.get_attribute("[data-wizard] [data-outcome]", "data-outcome") == "hasOwnProperty"
        outcome = page.locator("[data-wizard]").inner_text()
        assert "Uitkomst een" in outcome
        for reminder in ("constructor", "__proto__", "toString"):
            assert reminder in outcome, outcome
        assert "Eerste vraag?" in seen[0] and "Tweede vraag?" in seen[1] and "Derde vraag?" in seen[2]
        assert not any("NaN" in text for text in [*seen, outcome]), seen
        # the afwegingsverslag asks the reminder's question, whose text is 'hasOwnProperty'
        page.goto(names_wizard_url + "#a=constructor/ja/ja&verslag")
        page.wait_for_function("() => location.hash.includes('verslag') && document.querySelector('[data-wizard]')"
                               ".dataset.state === location.hash")
        assert "hasOwnProperty" in page.locator("[data-wizard]").inner_text()
        # a fragment that names a prototype key is an error message, not a crash
        for fragment in ("#a=constructor&wijzig=__proto__", "#a=constructor/ja&wijzig=toString", "#a=__proto__"):
            page.goto(names_wizard_url + fragment)
            page.wait_for_function("f => document.querySelector('[data-wizard]').dataset.state === f", arg=fragment)
    finally:
        context.close()
    assert not errors, errors
