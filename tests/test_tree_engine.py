"""The tree compiler on small toy trees: every kind of mistake gives file:line: message."""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from sitetext import page_text

from handboek import flowchart
from handboek.build import display_name, load_content
from handboek.errors import ContentErrors
from handboek.render_tree import TreePages, page_front_matter

TREES = Path(__file__).parent / "bomen"
BROKEN = sorted(TREES.glob("fout-*.yaml"))
CASES = Path(__file__).parent / "casussen"
BROKEN_CASES = sorted(CASES.glob("fout-*.yaml"))


def expected_errors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {f"{display_name(path)}:{line[len('# verwacht: '):]}" for line in lines
            if line.startswith("# verwacht: ")}


def test_toy_tree_is_valid_and_has_its_paths():
    tree = load_content(tree_file=TREES / "goed.yaml").tree
    assert tree.paths() == [((("begin", "ja"), ("tweede", "ja")), "klaar"),
                            ((("begin", "ja"), ("tweede", "nee")), "anders"),
                            ((("begin", "nee"),), "klaar")]


def test_answers_carry_short_labels_and_reminders_into_the_wizard_json():
    content = load_content(tree_file=TREES / "let-op.yaml")
    answer = content.tree.questions["tweede"].answers[0]
    assert answer.short == "goede redenen"
    assert [(r.text, r.citations, r.record_question) for r in answer.reminders] == [
        ("Leg de redenen vast.", ("7.4",), "Wat zijn de redenen om af te wijken?"),
        ("Vraag niet meer dan nodig.", ("5.1",), None)]
    data = json.loads(TreePages(content.tree, content.rulebook).json())
    first, second = data["vragen"]["tweede"]["antwoorden"]
    assert first["kort"] == "goede redenen" and second["kort"] is None and second["let_op"] == []
    reminder = first["let_op"][0]
    assert reminder["verslagvraag"] == "Wat zijn de redenen om af te wijken?"
    assert [b["ref"] for b in reminder["bronnen"]] == ["7.4"]
    assert set(reminder["bronnen"][0]) == {"ref", "label", "url", "tekst"}


def test_every_error_kind_has_a_fixture():
    kinds = {p.stem for p in BROKEN}
    assert {"fout-yaml-syntax", "fout-dubbele-sleutel", "fout-dubbel-id", "fout-onbekend-doel",
            "fout-onbereikbaar", "fout-kring", "fout-een-antwoord", "fout-geen-uitkomst",
            "fout-bron-bestaat-niet", "fout-lege-tekst", "fout-let-op-bron", "fout-kort",
            "fout-verwijzing"} <= kinds


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_tree_reports_exactly_its_errors(path):
    expected = expected_errors(path)
    assert expected, f"{path.name} has no '# verwacht:' lines"
    with pytest.raises(ContentErrors) as raised:
        load_content(tree_file=path)
    assert {str(e) for e in raised.value.errors} == expected


def test_toy_cases_fit_the_toy_tree_citing_through_a_reminder():
    content = load_content(tree_file=TREES / "let-op.yaml", cases_file=CASES / "let-op.yaml")
    assert [(c.id, c.perspective, c.answers, c.outcome) for c in content.cases] == [
        ("via-let-op", "vt", ("ja", "ja"), "klaar"), ("kort-pad", "partner", ("ja", "nee"), "anders")]


def test_toy_cases_carry_their_other_good_routes_and_deciding_point_per_perspective():
    # each case sees the part of 'samen' for its own perspective: 7.4 for vt, 7.1 for a partner
    content = load_content(tree_file=TREES / "perspectief.yaml", cases_file=CASES / "perspectief.yaml")
    vt, partner = content.cases
    assert vt.alternatives == (("vt", "wissel"), ("anders", "toch-vt")) and vt.deciding == "7.4"
    assert partner.alternatives == () and partner.deciding == "7.1"
    assert [(c.alternatives, c.deciding) for c in load_content(
        tree_file=TREES / "let-op.yaml", cases_file=CASES / "let-op.yaml").cases] == [((), None), ((), None)]


def test_cases_page_shows_the_other_good_routes_in_the_worked_answer():
    from handboek.render_cases import cases_page

    content = load_content(tree_file=TREES / "perspectief.yaml", cases_file=CASES / "perspectief.yaml")
    page = cases_page(content.cases, content.tree, TreePages(content.tree, content.rulebook))
    vt, partner = page.split("## Een partner in een overleg")
    also = "Ook goed (andere antwoorden die bij dezelfde uitkomst uitkomen):\n\n"
    assert also + ("- Waar werkt u? → Bij Veilig Thuis. · Gaat het om een overleg? → "
                   "Ja, en ik spreek namens Veilig Thuis.\n"
                   "- Waar werkt u? → Iets anders. · Toch bij Veilig Thuis? → Ja.\n\nUitkomst: ") in vt
    assert vt.index("<summary>Uitwerking</summary>") < vt.index(also) < vt.index("</details>")
    assert "Ook goed" not in partner


@pytest.mark.parametrize("path", BROKEN_CASES, ids=[p.stem for p in BROKEN_CASES])
def test_broken_cases_report_exactly_their_errors(path):
    expected = expected_errors(path)
    assert expected, f"{path.name} has no '# verwacht:' lines"
    tree = next((line[len("# boom: "):] for line in path.read_text(encoding="utf-8").splitlines()
                 if line.startswith("# boom: ")), "let-op.yaml")  # the toy tree the cases describe
    with pytest.raises(ContentErrors) as raised:
        load_content(tree_file=TREES / tree, cases_file=path)
    assert {str(e) for e in raised.value.errors} == expected


def test_cases_are_only_checked_against_the_tree_they_describe():
    # another tree file alone: the project's casuistiek.yaml is not applied to it
    assert load_content(tree_file=TREES / "let-op.yaml").cases == ()
    with pytest.raises(ContentErrors):
        load_content(tree_file=TREES / "goed.yaml", cases_file=CASES / "let-op.yaml")


def test_outcome_page_lists_each_reminder_on_a_path_to_it_as_a_condition():
    content = load_content(tree_file=TREES / "let-op.yaml")
    pages = TreePages(content.tree, content.rulebook)
    klaar, anders = pages.outcome_page(content.tree.outcomes["klaar"]), pages.outcome_page(content.tree.outcomes["anders"])
    heading = "## Let op, afhankelijk van uw antwoorden"
    assert heading in klaar and heading in anders
    begin_ja = "- Als u bij \u2018Begin?\u2019 koos voor \u2018Ja.\u2019: Vraag niet meer dan nodig. ([Vuistregel 5, punt 1]"
    assert begin_ja in klaar and begin_ja in anders
    reasons = "koos voor \u2018Ja, met goede redenen.\u2019: Leg de redenen vast."
    assert reasons in klaar and reasons not in anders  # tweede=ja leads to klaar only
    plain_tree = load_content(tree_file=TREES / "goed.yaml")
    assert heading not in TreePages(plain_tree.tree, plain_tree.rulebook).outcome_page(plain_tree.tree.outcomes["klaar"])


def chain_tree(path: Path, depth: int, nee_goes_on: bool = False, reminder: bool = False) -> Path:
    """Questions v0 … v{depth-1} in a row to one outcome; 'ja' goes on (with a reminder if
    asked), 'nee' goes on too or ends at once."""
    lines = [f'versie: "{path.stem}"', "titel: Keten", "start: v0", "disclaimer: Test.", "vragen:"]
    for i in range(depth):
        nxt = f"v{i + 1}" if i + 1 < depth else "einde"
        let_op = f', let_op: [{{tekst: Let op {i}., bronnen: ["5.1"]}}]' if reminder else ""
        lines += [f"  - id: v{i}", "    vraag: Verder?", "    toelichting: Test.", '    bronnen: ["1.1"]',
                  "    antwoorden:", f"      - {{id: ja, tekst: Ja., naar: {nxt}{let_op}}}",
                  f"      - {{id: nee, tekst: Nee., naar: {nxt if nee_goes_on else 'einde'}}}"]
    lines += ["uitkomsten:", '  - {id: einde, titel: Einde, advies: [{tekst: Stop., eigen_advies: true}], waarom: Test., bronnen: ["1.1"]}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reminders_towards_outcomes_are_found_without_enumerating_paths(tmp_path):
    # 2**40 paths: enumerating them would never finish; reverse reachability takes milliseconds
    depth = 40
    content = load_content(tree_file=chain_tree(tmp_path / "ruit.yaml", depth, nee_goes_on=True, reminder=True))
    pages = TreePages(content.tree, content.rulebook)
    towards = pages.answers_towards("einde")
    assert [(q.id, a.id) for q, a in towards] == [(f"v{i}", "ja") for i in range(depth)]


def test_node_pages_get_their_text_as_title_in_front_matter():
    import yaml

    content = load_content(tree_file=TREES / "goed.yaml")
    pages = TreePages(content.tree, content.rulebook).pages()
    for node_id, title in (("tweede", "Tweede vraag?"), ("anders", "Anders")):
        front = pages[f"beslisboom/{node_id}.md"].split("---\n")[1]
        assert yaml.safe_load(front)["title"] == title
    # plain text (the hook escapes titles once); quotes, colons and markup stay valid YAML
    assert yaml.safe_load(page_front_matter('Let op: <b>"x"</b> & y').split("---\n")[1])["title"] == \
        'Let op: <b>"x"</b> & y'


def test_cli_exits_1_and_prints_every_error(tmp_path):
    import subprocess

    path = TREES / "fout-onbereikbaar.yaml"
    result = subprocess.run([sys.executable, "build_tree.py", "--check", str(path)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    printed = {line for line in result.stderr.splitlines() if ".yaml:" in line}
    assert {re.sub(r"^.*?(fout-onbereikbaar)", r"\1", e) for e in printed} == \
        {re.sub(r"^.*?(fout-onbereikbaar)", r"\1", e) for e in expected_errors(path)}


def test_errors_in_several_files_are_reported_together(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "decision_tree" / "beslisboom.yaml").write_text(
        (TREES / "fout-kring.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    rules = project / "decision_tree" / "vuistregels.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("  - nummer: 5\n    titel:",
                                                               "  - nummer: vijf\n    titel:"),
                     encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        load_content(project / "decision_tree")
    files = {Path(e.file).name for e in raised.value.errors}
    assert files == {"beslisboom.yaml", "vuistregels.yaml"}


def test_deep_tree_does_not_hit_the_recursion_limit(tmp_path, monkeypatch):
    # the reader refuses a file this big; the engine itself must still cope with it
    from handboek import yamlsource

    monkeypatch.setattr(yamlsource, "MAX_BYTES", 10 * yamlsource.MAX_BYTES)
    monkeypatch.setattr(yamlsource, "MAX_VALUES", 10 * yamlsource.MAX_VALUES)
    depth = 3000
    tree = load_content(tree_file=chain_tree(tmp_path / "diep.yaml", depth)).tree
    assert len(tree.questions) == depth
    assert len(tree.paths()) == depth + 1


NASTY = "Let op <script>alert(1)</script> {{ 7*7 }} {% raw %} & \"aanhalingstekens\""


def test_markup_in_tree_text_stays_text_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    toy = (TREES / "goed.yaml").read_text(encoding="utf-8")
    toy = toy.replace("vraag: Tweede vraag?", f"vraag: '{NASTY.replace(chr(39), chr(39) * 2)}'")
    toy = toy.replace("titel: Anders", f"titel: '{NASTY}'")
    quoted = json.dumps(NASTY)
    toy = toy.replace("        tekst: Nee.\n        naar: anders",
                      f"        tekst: '{NASTY}'\n        naar: anders\n"
                      f'        let_op: [{{tekst: {quoted}, bronnen: ["5.1"], verslagvraag: {quoted}}}]')
    (project / "decision_tree" / "beslisboom.yaml").write_text(toy, encoding="utf-8")
    (project / "decision_tree" / "casuistiek.yaml").write_text(
        f"casussen:\n  - {{id: lastig, titel: {quoted}, perspectief: vt, situatie: {quoted}, antwoorden: [ja, nee],\n"
        f"     uitkomst: anders, moet_noemen: [], bespreekpunten: [{quoted}]}}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    for page in ("beslisboom/tweede", "beslisboom/anders", "beslisboom/overzicht", "oefencasussen"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html, page
        assert NASTY in page_text(site / page / "index.html"), page
        assert "49" not in page_text(site / page / "index.html"), page
    chart = (site / "beslisboom" / "schema" / f"{flowchart.WHOLE_TREE}.svg").read_text(encoding="utf-8")
    assert "<script" not in chart and "&lt;script&gt;" in chart
    data = json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    assert data["vragen"]["tweede"]["vraag"] == NASTY
    assert data["uitkomsten"]["anders"]["titel"] == NASTY
    assert data["vragen"]["tweede"]["antwoorden"][1]["let_op"][0]["verslagvraag"] == NASTY
    cases = (site / "oefencasussen" / "index.html").read_text(encoding="utf-8")
    assert page_text(site / "oefencasussen" / "index.html").count(NASTY) >= 4  # title, situation, answer, point
    assert "<script>alert" not in cases
    for page in ("beslisboom/tweede", "beslisboom/anders"):  # front matter titles, shown as text
        head = (site / page / "index.html").read_text(encoding="utf-8")
        assert unescape(re.search(r"<title>(.*?)</title>", head)[1]).startswith(NASTY + " - ")


def test_reserved_ids_cover_every_generated_path_that_is_not_a_node():
    from handboek.build import generate
    from handboek.render_tree import TREE_DIR
    from handboek.tree import RESERVED_IDS

    content = load_content(tree_file=TREES / "goed.yaml")
    nodes = {*content.tree.questions, *content.tree.outcomes}
    for path in generate(content):
        parts = Path(path).relative_to(TREE_DIR).parts if path.startswith(TREE_DIR + "/") else ()
        if parts and Path(parts[0]).suffix in ("", ".md") and Path(parts[0]).stem not in nodes:
            assert Path(parts[0]).stem in RESERVED_IDS, path


def test_id_index_is_refused_because_it_is_the_wizard_page(tmp_path):
    path = tmp_path / "boom.yaml"
    text = (TREES / "goed.yaml").read_text(encoding="utf-8")
    assert "id: klaar" in text
    path.write_text(text.replace("id: klaar", "id: index").replace("naar: klaar", "naar: index"), encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        load_content(tree_file=path)
    assert any("'index' is gereserveerd" in e.message for e in raised.value.errors), raised.value.errors
