"""The editor's check (`make check`): stable numbers and letters, and everything an edit can
break reported at once in Dutch with file:line, on toy content and copies of the project."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from handboek import editor_check
from handboek.build import display_name, generate, load_content
from handboek.errors import ContentErrors
from handboek.render_tree import TreePages

ROOT = Path(__file__).resolve().parent.parent
TREES = Path(__file__).parent / "bomen"
CASES = Path(__file__).parent / "casussen"

NEW_OUTCOME = """  - id: nieuw
    letter: C
    titel: Nieuw
    advies: [{tekst: Doe iets nieuws., eigen_advies: true}]
    waarom: Omdat het nieuw is.
    bronnen: ["5.1"]
"""


def insert_outcome_first(tree_text: str, outcome: str = NEW_OUTCOME) -> str:
    """A new outcome at the top of `uitkomsten`, reached by a new answer of the second question."""
    text = tree_text.replace("uitkomsten:\n", "uitkomsten:\n" + outcome, 1)
    old = "      - id: nee\n        tekst: Nee.\n        naar: anders\n"
    assert text.count(old) == 1
    return text.replace(old, old + "      - id: anders-nieuw\n        tekst: Iets nieuws.\n        naar: nieuw\n")


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


# --- the editor's check on a toy project ---------------------------------------------------------



def toy_project(tmp_path: Path) -> Path:
    """The real rules and glossary, the toy tree labels.yaml with its case, a start page, a list
    of published addresses and, after `make golden`, its golden paths and labels."""
    root = tmp_path / "project"
    content = root / "decision_tree"
    content.mkdir(parents=True)
    for name in ("vuistregels", "begrippen", "beslisboom", "casuistiek"):
        shutil.copyfile(ROOT / "decision_tree" / f"{name}.schema.json", content / f"{name}.schema.json")
    for name in ("vuistregels.yaml", "begrippen.yaml"):
        shutil.copyfile(ROOT / "decision_tree" / name, content / name)
    shutil.copyfile(CASES / "labels.yaml", content / "casuistiek.yaml")
    # the toy tree's first question cites every rule point, as the real tree must
    points = ", ".join(f'"{ref}"' for ref in load_content(tree_file=TREES / "labels.yaml").rulebook.all_point_refs())
    tree = (TREES / "labels.yaml").read_text(encoding="utf-8").replace('bronnen: ["1.1"]', f"bronnen: [{points}]", 1)
    (content / "beslisboom.yaml").write_text(tree, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    loaded = load_content(content)
    urls = ["/", *(f"/beslisboom/{n}/" for n in [*loaded.tree.questions, *loaded.tree.outcomes])]
    urls += [f"/vuistregels/{r.split('.')[0]}/#punt-{r.split('.')[1]}" for r in loaded.rulebook.all_point_refs()]
    (root / editor_check.PUBLISHED).write_text("# Adressen\n" + "\n".join(urls) + "\n", encoding="utf-8")
    assert editor_check.write_golden(loaded, root) == []
    return root


def editor_errors(root: Path) -> list[str]:
    content = load_content(root / "decision_tree")
    pages = generate(content, draw=False)
    return [str(e) for e in editor_check.check_project(content, root, pages)]


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` (once) and return the line where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_toy_project_passes_the_editor_check(tmp_path):
    assert editor_errors(toy_project(tmp_path)) == []


def test_new_outcome_reports_stale_golden_paths_and_its_missing_address(tmp_path):
    root = toy_project(tmp_path)
    tree = root / "decision_tree" / "beslisboom.yaml"
    tree.write_text(insert_outcome_first(tree.read_text(encoding="utf-8")), encoding="utf-8")
    golden = editor_check.GOLDEN.as_posix()
    errors = editor_errors(root)
    assert len(errors) == 3, errors
    no_case = next(e for e in errors if "heeft nog geen casus" in e)
    assert no_case == (f"{display_name(tree)}:{line_of(tree, '  - id: nieuw')}: uitkomst 'nieuw' heeft nog geen "
                       f"casus in {display_name(root / editor_check.CASES_FILE)}; voeg er minstens één toe die bij "
                       "deze uitkomst eindigt")
    errors.remove(no_case)
    stale = next(e for e in errors if golden in e)
    first_line, *diff = stale.splitlines()
    assert first_line.endswith(f"{golden}:5: de paden door de beslisboom zijn veranderd (1 erbij met +, 0 weg met -). "
                               "Klopt dat met uw wijziging, schrijf ze dan opnieuw met: make golden")
    assert diff == ["    +begin=ja tweede=anders-nieuw -> nieuw"]
    address = next(e for e in errors if golden not in e)
    assert address == (f"{display_name(tree)}:{line_of(tree, '  - id: nieuw')}: uitkomst 'nieuw' staat niet in "
                       f"{display_name(root / editor_check.PUBLISHED)}; voeg daar de regel /beslisboom/nieuw/ toe "
                       "(een gepubliceerd adres blijft bestaan)")


def test_a_long_golden_diff_is_cut_short(tmp_path):
    root = toy_project(tmp_path)
    golden = root / editor_check.GOLDEN
    golden.write_text(golden.read_text(encoding="utf-8") + "".join(f"oud{i}=ja -> weg\n" for i in range(20)),
                      encoding="utf-8")
    (error,) = editor_errors(root)
    lines = error.splitlines()
    assert "(0 erbij met +, 20 weg met -)" in lines[0]
    assert lines[1:] == [f"    -oud{i}=ja -> weg" for i in range(6)] + ["    … en nog 14 regels"]


def test_a_changed_letter_is_refused_within_the_edition(tmp_path):
    root = toy_project(tmp_path)
    tree = root / "decision_tree" / "beslisboom.yaml"
    line = edit(tree, "    letter: A\n", "    letter: D\n")
    (error,) = editor_errors(root)
    record = root / editor_check.RECORD
    assert error == (f"{display_name(tree)}:{line}: uitkomst 'klaar' heeft in versie t1 letter A "
                     f"({display_name(record)}:{line_of(record, 'uitkomst A klaar')}); zet 'letter: A' terug onder "
                     "de id. Een letter verandert alleen in een nieuwe versie (verhoog dan 'versie')")
    # make golden refuses too, and leaves both files as they were
    before = (root / editor_check.RECORD).read_text(encoding="utf-8")
    assert editor_check.write_golden(load_content(root / "decision_tree"), root)
    assert (root / editor_check.RECORD).read_text(encoding="utf-8") == before


def test_a_letter_of_a_removed_outcome_is_not_given_again_within_the_edition(tmp_path):
    root = toy_project(tmp_path)
    tree = root / "decision_tree" / "beslisboom.yaml"
    text = tree.read_text(encoding="utf-8")
    removed = text[text.index("  - id: anders\n"):]
    text = text.replace(removed, "").replace("naar: anders\n", "naar: klaar\n")
    tree.write_text(text, encoding="utf-8")
    cases = root / "decision_tree" / "casuistiek.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("uitkomst: anders", "uitkomst: klaar")
                     .replace('moet_noemen: ["7.4"]', "moet_noemen: []"), encoding="utf-8")
    assert editor_check.write_golden(load_content(root / "decision_tree"), root) == []
    assert "uitkomst B anders vervallen" in (root / editor_check.RECORD).read_text(encoding="utf-8")
    text = text.replace("uitkomsten:\n", "uitkomsten:\n" + NEW_OUTCOME.replace("letter: C", "letter: B"))
    second = text.index("  - id: tweede\n")
    text = text[:second] + text[second:].replace(
        "naar: klaar\n", "naar: klaar\n      - id: anders-nieuw\n        tekst: Iets nieuws.\n        naar: nieuw\n", 1)
    tree.write_text(text, encoding="utf-8")
    errors = [e for e in editor_errors(root) if ": letter " in e]
    assert len(errors) == 1 and errors[0].split(": ", 1)[1].startswith(
        "letter B is in versie t1 al gegeven aan uitkomst 'anders'"), errors
    assert errors[0].endswith("geef uitkomst 'nieuw' een letter die nog nooit gebruikt is: 'letter: C'")


def test_a_renamed_node_keeps_its_number(tmp_path):
    root = toy_project(tmp_path)
    tree = root / "decision_tree" / "beslisboom.yaml"
    edit(tree, "  - id: tweede\n", "  - id: tweede-vraag\n    vorige_ids: [tweede]\n")
    edit(tree, "        naar: tweede\n", "        naar: tweede-vraag\n")
    assert not [e for e in editor_errors(root) if "heeft in versie" in e or "al gegeven aan" in e]


def test_a_new_edition_asks_for_make_golden(tmp_path):
    root = toy_project(tmp_path)
    edit(root / "decision_tree" / "beslisboom.yaml", 'versie: "t1"', 'versie: "t2"')
    errors = editor_errors(root)
    record = [e for e in errors if editor_check.RECORD.name in e.split(":")[0]]
    assert len(record) == 1 and "hoort bij versie t1 van de beslisboom, maar de beslisboom heeft nu versie t2" \
        in record[0] and record[0].endswith("make golden")
    assert editor_check.write_golden(load_content(root / "decision_tree"), root) == []
    assert editor_errors(root) == []


def test_published_address_without_page_or_anchor_is_reported(tmp_path):
    root = toy_project(tmp_path)
    listed = root / editor_check.PUBLISHED
    listed.write_text(listed.read_text(encoding="utf-8") + "/beslisboom/bestaat-niet/\n/vuistregels/1/#punt-99\n",
                      encoding="utf-8")
    count = len(listed.read_text(encoding="utf-8").splitlines())
    errors = editor_errors(root)
    assert [e.split("gepubliceerde-adressen.txt:")[1] for e in errors] == [
        f"{count - 1}: adres /beslisboom/bestaat-niet/ heeft geen pagina en geen doorverwijzing meer. Kreeg een "
        "vraag of uitkomst een nieuwe id? Zet de oude id dan onder 'vorige_ids' (zie CONTRIBUTING.md). "
        "Een adres verdwijnt nooit",
        f"{count}: adres /vuistregels/1/#punt-99: de pagina bestaat, maar het anker '#punt-99' niet"]


def test_renamed_node_without_redirect_loses_its_published_address(tmp_path):
    root = toy_project(tmp_path)
    tree = root / "decision_tree" / "beslisboom.yaml"
    edit(tree, "  - id: tweede\n", "  - id: tweede-vraag\n")
    edit(tree, "        naar: tweede\n", "        naar: tweede-vraag\n")
    errors = editor_errors(root)
    assert any("adres /beslisboom/tweede/ heeft geen pagina" in e for e in errors), errors
    assert any("vraag 'tweede-vraag' staat niet in" in e for e in errors), errors


def test_figures_in_the_documentation_are_checked_against_the_content(tmp_path):
    root = toy_project(tmp_path)
    (root / "README.md").write_text("# Toy\n\nDe zeven vuistregels en 3 casussen.\n"
                                    "Hoogstens 9 vragen per pad; de boom kent elf\nsituaties.\n"
                                    "Een id heeft hoogstens 60 tekens.\n", encoding="utf-8")
    errors = [e.split("README.md:")[1] for e in editor_errors(root)]
    assert errors == [
        "3: hier staat '3 casussen', maar het aantal casussen in casuistiek.yaml is nu 2; pas het getal aan",
        "4: hier staat 'Hoogstens 9 vragen', maar het grootste aantal vragen op een pad is nu 2; pas het getal aan",
        "4: hier staat 'elf situaties', maar het aantal situaties (zie ONTWERP.md) is nu 2; "
        "pas het getal aan"]


def test_a_rule_point_no_node_cites_any_more_is_reported_at_the_point(tmp_path):
    root = toy_project(tmp_path)
    book = load_content(root / "decision_tree").rulebook
    first = book.all_point_refs()[0]
    edit(root / "decision_tree" / "beslisboom.yaml", f'bronnen: ["{first}", ', "bronnen: [")
    rules = root / "decision_tree" / "vuistregels.yaml"
    errors = [e for e in editor_errors(root) if e.startswith(display_name(rules))]
    text = rules.read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1, errors
    line = int(errors[0].split(":")[1])
    assert text[line - 1].strip() in book.rules[0].points[0] and errors[0].endswith(
        f"punt {first} wordt door geen vraag of uitkomst van de beslisboom genoemd; noem het bij de vraag of "
        "uitkomst waar het over gaat (elk punt komt in de beslisboom terug)")


def test_a_situation_without_a_case_is_reported(tmp_path):
    root = toy_project(tmp_path)
    cases = root / "decision_tree" / "casuistiek.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text[: text.index("  - id: via-tweede")], encoding="utf-8")
    tree = root / "decision_tree" / "beslisboom.yaml"
    errors = editor_errors(root)
    assert (f"{display_name(tree)}:{line_of(tree, '      - id: ja')}: situatie 'ja' heeft nog geen casus in "
            f"{display_name(cases)}; voeg er minstens één toe die met deze antwoorden begint") in errors, errors
    # the case that went also was the only one to end at an outcome
    assert all("situatie 'ja'" in e or "heeft nog geen casus" in e for e in errors), errors


def test_where_the_first_question_says_who_answers_the_situations_are_the_next_question_answers():
    tree = load_content(tree_file=TREES / "perspectief.yaml").tree
    assert [prefix for prefix, _ in editor_check.situations(tree)] == [
        ("vt", "ja"), ("vt", "wissel"), ("partner", "ja"), ("partner", "wissel"), ("anders",)]


def test_a_search_query_naming_an_old_title_is_reported(tmp_path):
    root = toy_project(tmp_path)
    (root / "bench").mkdir()
    queries = root / editor_check.QUERIES
    queries.write_text('# "boom: in een opmerking telt niet"\nzoekvragen:\n  - zoek: klaar\n'
                       '    eerste: "boom: klaar"\n    ook: ["boom: helemaal weg"]\n', encoding="utf-8")
    assert editor_errors(root) == [
        f"{display_name(queries)}:5: 'boom: helemaal weg' past bij 0 titels van vragen en uitkomsten, niet bij "
        "precies één; neem een stuk van de (nieuwe) titel over"]


def test_the_situation_table_of_the_design_note_is_checked(tmp_path):
    root = toy_project(tmp_path)
    note = root / "decision_tree" / "ONTWERP.md"
    note.write_text(f"{editor_check.TABLE_HEADER}\n| --- | --- | --- |\n| Ja | `tweede` | 3 |\n"
                    "| Nee | `klaar` | 1 |\n", encoding="utf-8")
    errors = [e.split("ONTWERP.md:")[1] for e in editor_errors(root)]
    assert errors == ["3: rij voor situatie 'ja': de eerste vraag daarna is `tweede` en het langste pad 2 "
                      "vragen; pas de rij aan"]


def test_pdf_address_is_the_one_the_pdf_builder_writes():
    sys.path.insert(0, str(ROOT / "pdf"))
    try:
        import build_pdf
    finally:
        sys.path.pop(0)
    assert editor_check.PDF_ADDRESS == "/" + build_pdf.PDF_NAME


def test_the_real_project_passes_the_editor_check():
    assert editor_errors(ROOT) == []


def test_make_check_reports_a_stale_golden_file_without_graphviz(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "tests" / "golden").mkdir(parents=True)
    golden = (ROOT / editor_check.GOLDEN).read_text(encoding="utf-8").splitlines(keepends=True)
    (project / editor_check.GOLDEN).write_text("".join(golden[:-1]), encoding="utf-8")
    empty = tmp_path / "geen-programmas"
    empty.mkdir()
    result = subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project, capture_output=True,
                            text=True, env={"PATH": str(empty), "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{editor_check.GOLDEN}:{len(golden) - 1}: de paden door de beslisboom zijn veranderd "
                               "(1 erbij met +, 0 weg met -)")
    assert lines[1] == "    +" + golden[-1].rstrip("\n")
    assert lines[-1] == "1 fout(en) gevonden."


# --- the editor's checklist in CONTRIBUTING.md ---------------------------------------------------

def editor_part() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return text[: text.index("## How the build works")]


def test_editor_checklist_covers_the_common_edits_with_real_commands_and_files():
    part = editor_part()
    checklist = part[part.index("### Checklist"): part.index("### De beslisboom")]
    for edit_kind in ("Een tekst herschrijven", "Een antwoord toevoegen", "Een uitkomst toevoegen",
                      "Een casus toevoegen", "Een id hernoemen"):
        assert f"| {edit_kind}" in checklist, edit_kind
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    commands = set(re.findall(r"`make ([a-z]+)`", checklist))
    assert {"check", "golden", "serve", "test"} <= commands <= targets
    for path in re.findall(r"`((?:decision_tree|tests|bench)/[^`<]+)`", checklist):
        assert (ROOT / path).exists(), path


def test_a_message_with_a_diff_keeps_its_lines_indented_and_visible():
    from handboek.errors import ContentError
    error = ContentError("a.txt", 3, "veranderd", detail=("+nieuw", "-oud\x1b[31m\nb.yaml:1: in orde"))
    assert str(error).split("\n") == ["a.txt:3: veranderd", "    +nieuw", "    -oud\\u001b[31m\\u000ab.yaml:1: in orde"]
