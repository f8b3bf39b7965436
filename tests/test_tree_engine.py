"""The tree compiler on small toy trees: every kind of mistake gives file:line: message."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from sitetext import page_text

from handboek.build import display_name, load_content
from handboek.errors import ContentErrors

TREES = Path(__file__).parent / "bomen"
BROKEN = sorted(TREES.glob("fout-*.yaml"))


def expected_errors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {f"{display_name(path)}:{line[len('# verwacht: '):]}" for line in lines
            if line.startswith("# verwacht: ")}


def test_toy_tree_is_valid_and_has_its_paths():
    tree = load_content(tree_file=TREES / "goed.yaml").tree
    assert tree.paths() == [((("begin", "ja"), ("tweede", "ja")), "klaar"),
                            ((("begin", "ja"), ("tweede", "nee")), "anders"),
                            ((("begin", "nee"),), "klaar")]


def test_every_error_kind_has_a_fixture():
    kinds = {p.stem for p in BROKEN}
    assert {"fout-yaml-syntax", "fout-dubbele-sleutel", "fout-dubbel-id", "fout-onbekend-doel",
            "fout-onbereikbaar", "fout-kring", "fout-een-antwoord", "fout-geen-uitkomst",
            "fout-bron-bestaat-niet", "fout-lege-tekst"} <= kinds


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_tree_reports_exactly_its_errors(path):
    expected = expected_errors(path)
    assert expected, f"{path.name} has no '# verwacht:' lines"
    with pytest.raises(ContentErrors) as raised:
        load_content(tree_file=path)
    assert {str(e) for e in raised.value.errors} == expected


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


def test_deep_tree_does_not_hit_the_recursion_limit(tmp_path):
    depth = 3000
    lines = ['versie: "diep"', "titel: Diep", "start: v0", "disclaimer: Test.", "vragen:"]
    for i in range(depth):
        nxt = f"v{i + 1}" if i + 1 < depth else "einde"
        lines += [f"  - id: v{i}", "    vraag: Verder?", "    toelichting: Test.", '    bronnen: ["1.1"]',
                  "    antwoorden:", f"      - {{id: ja, tekst: Ja., naar: {nxt}}}",
                  "      - {id: nee, tekst: Nee., naar: einde}"]
    lines += ["uitkomsten:", '  - {id: einde, titel: Einde, advies: [Stop.], waarom: Test., bronnen: ["1.1"]}']
    path = tmp_path / "diep.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tree = load_content(tree_file=path).tree
    assert len(tree.questions) == depth
    assert len(tree.paths()) == depth + 1


NASTY = "Let op <script>alert(1)</script> {{ 7*7 }} {% raw %} & \"aanhalingstekens\""


def test_markup_in_tree_text_stays_text_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    toy = (TREES / "goed.yaml").read_text(encoding="utf-8")
    toy = toy.replace("vraag: Tweede vraag?", f"vraag: '{NASTY.replace(chr(39), chr(39) * 2)}'")
    toy = toy.replace("titel: Anders", f"titel: '{NASTY}'")
    toy = toy.replace("        tekst: Nee.\n        naar: anders", f"        tekst: '{NASTY}'\n        naar: anders")
    (project / "decision_tree" / "beslisboom.yaml").write_text(toy, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    for page in ("beslisboom/tweede", "beslisboom/anders", "beslisboom/overzicht"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html, page
        assert NASTY in page_text(site / page / "index.html"), page
        assert "49" not in page_text(site / page / "index.html"), page
    overview = (site / "beslisboom" / "overzicht" / "index.html").read_text(encoding="utf-8")
    chart = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', overview, re.S)[1]
    assert "<script" not in chart and "&lt;script" not in chart  # mermaid gets entity codes
    assert "#lt;script#gt;alert(1)#lt;/script#gt; #123;#123; 7*7 #125;#125;" in chart
    data = json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    assert data["vragen"]["tweede"]["vraag"] == NASTY
    assert data["uitkomsten"]["anders"]["titel"] == NASTY


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
