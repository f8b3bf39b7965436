"""The flowcharts (Graphviz SVG) on toy trees: sections, links, ids, shapes, wrapping, escaping."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handboek import flowchart
from handboek.build import load_content
from handboek.render_tree import TreePages

TREES = Path(__file__).parent / "bomen"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def compiled(tree_file: Path) -> tuple[TreePages, dict, dict[str, str]]:
    """The tree's pages, its compiled JSON and its charts."""
    content = load_content(tree_file=tree_file)
    pages = TreePages(content.tree, content.rulebook)
    charts = pages.charts()
    return pages, json.loads(pages.json(charts)), charts


def reachable_in_json(data: dict, answer: dict) -> tuple[set[str], set[tuple[str, str]]]:
    """Nodes and (question, answer) edges of a section, walked in the compiled JSON itself."""
    nodes, edges, todo = {data["start"]}, {(data["start"], answer["id"])}, [answer["naar"]]
    while todo:
        node = todo.pop()
        if node in nodes:
            continue
        nodes.add(node)
        for a in data["vragen"].get(node, {}).get("antwoorden", []):
            edges.add((node, a["id"]))
            todo.append(a["naar"])
    return nodes, edges


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("node")]


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def toy():
    return compiled(TREES / "secties.yaml")


def test_one_chart_per_start_answer_with_exactly_its_reachable_nodes_and_edges(toy):
    _, data, charts = toy
    start_answers = data["vragen"][data["start"]]["antwoorden"]
    assert set(charts) == {a["id"] for a in start_answers} | {flowchart.WHOLE_TREE}
    for answer in start_answers:
        nodes, edges = reachable_in_json(data, answer)
        root = parse(charts[answer["id"]])
        assert {g.get("id") for g in node_groups(root)} == \
            {flowchart.node_element_id(answer["id"], n) for n in nodes}
        assert {g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"} == \
            {flowchart.edge_element_id(answer["id"], q, a) for q, a in edges}


def test_where_the_first_question_says_who_answers_there_is_a_chart_per_situation():
    tree = load_content(tree_file=TREES / "perspectief.yaml").tree
    found = flowchart.sections(tree)
    assert [s.id for s in found] == ["vt-ja", "vt-wissel", "partner-ja", "partner-wissel", "anders"]
    vt_ja = found[0]
    assert vt_ja.nodes[:2] == ("wie", "vraag")  # the choosing steps come first
    assert vt_ja.edges[:2] == (("wie", "vt", "vraag"), ("vraag", "ja", "samen"))
    assert ("vraag", "wissel", "samen") not in vt_ja.edges  # the other situation is not drawn


def test_whole_tree_chart_has_every_node(toy):
    _, data, charts = toy
    root = parse(charts[flowchart.WHOLE_TREE])
    assert len(node_groups(root)) == len(data["vragen"]) + len(data["uitkomsten"])


def test_every_node_links_to_its_page_and_is_named_by_its_text(toy):
    pages, data, charts = toy
    for section_id, svg in charts.items():
        for group in node_groups(parse(svg)):
            node_id = group.get("id").split("--")[-1]
            links = list(group.iter(f"{SVG}a"))
            assert len(links) == 1, group.get("id")
            assert links[0].get(f"{XLINK}href") == f"../{node_id}/"
            if node_id in data["vragen"]:
                name = f"Vraag {data['vragen'][node_id]['nummer']}: {data['vragen'][node_id]['vraag']}"
            else:
                name = f"Uitkomst {data['uitkomsten'][node_id]['letter']}: {data['uitkomsten'][node_id]['titel']}"
            assert links[0].get("aria-label") == name
            assert texts(group)[0] == name.split(":")[0]  # "Vraag 2" / "Uitkomst C" on top


def test_wizard_copies_link_from_the_beslisboom_folder(toy):
    _, data, charts = toy
    assert set(data["schemas"]) == set(charts) - {flowchart.WHOLE_TREE}
    for svg in data["schemas"].values():
        hrefs = [a.get(f"{XLINK}href") for a in parse(svg).iter(f"{SVG}a")]
        assert hrefs and all(re.fullmatch(r"[a-z0-9-]+/", href) for href in hrefs)


def test_questions_and_outcomes_differ_in_shape(toy):
    _, data, charts = toy
    for group in node_groups(parse(charts[flowchart.WHOLE_TREE])):
        link = next(group.iter(f"{SVG}a"))
        shapes = [child.tag.removeprefix(SVG) for child in link if child.tag != f"{SVG}text"]
        if "vraag" in group.get("class"):
            assert shapes == ["polygon"]          # a plain rectangle
        else:
            assert shapes == ["path", "path"]     # rounded, with a double outline


def test_edge_label_is_kort_or_the_answer_cut_after_a_word(toy):
    _, _, charts = toy
    root = parse(charts[flowchart.WHOLE_TREE])
    labels = {g.get("id").split("--", 1)[1]: " ".join(texts(g)) for g in root.iter(f"{SVG}g")
              if g.get("class") == "edge"}
    assert labels["situatie--gevraagd"] == "Ik word gevraagd"                  # kort
    assert labels["helpt--ja"] == "helpt"                                      # kort
    assert labels["situatie--vastgelopen"] == "De samenwerking loopt vast."    # short enough
    assert labels["doel--ja"] == "Ja, het doel is duidelijk en…"               # cut after a word


@pytest.mark.parametrize("text, width, lines", [
    ("een twee drie", 8, ["een twee", "drie"]),
    ("kort", 26, ["kort"]),
    ("kindermishandeling?", 12, ["kindermishandeling?"]),
    ("a" * 30 + " b", 12, ["a" * flowchart.LONG_WORD, "a" * (30 - flowchart.LONG_WORD) + " b"]),
    ("", 10, [""]),
])
def test_wrap_breaks_between_words_and_cuts_only_overlong_words(text, width, lines):
    assert flowchart.wrap(text, width) == lines


def toy_with(tmp_path: Path, replacements: dict[str, str]) -> Path:
    text = (TREES / "secties.yaml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "boom.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_text_of_the_longest_allowed_length_wraps_inside_the_chart(tmp_path):
    # (longer text fails `make check` with file:line: the schema's maxLength)
    long_question = " ".join(["gegevensuitwisseling"] * 17) + " " + "x" * 30
    _, _, charts = compiled(toy_with(tmp_path, {"vraag: Is het doel uitgelegd?": f"vraag: {long_question}"}))
    root = parse(charts["gevraagd"])
    lines = [line for g in node_groups(root) for line in texts(g)]
    assert max(len(line) for line in lines) <= max(flowchart.NODE_LINE, flowchart.LONG_WORD)
    assert "".join(lines).count("x") == 30


NASTY_QUESTION = "Let op <script> alert(1) </script> {{ 7*7 }} & \"aanhalingstekens\" \\N \\\" &lt;"
NASTY_KORT = '<script>"&{{ 7*7 }}'


def test_markup_in_question_answer_and_kort_is_text_in_the_svg(tmp_path):
    tree = toy_with(tmp_path, {
        "vraag: Is het doel uitgelegd?": f"vraag: '{NASTY_QUESTION}'",
        "tekst: Nee, alleen voor de taak van de ander.": f"tekst: '{NASTY_KORT} en nog veel meer tekst'",
        "kort: helpt": f"kort: '{NASTY_KORT}'",
    })
    _, _, charts = compiled(tree)
    svg = charts[flowchart.WHOLE_TREE]
    assert "<script" not in svg and "</script" not in svg
    root = parse(svg)  # well-formed XML
    node = next(g for g in node_groups(root) if g.get("id").endswith("--doel"))
    assert " ".join(texts(node)[1:]) == NASTY_QUESTION
    assert next(node.iter(f"{SVG}a")).get("aria-label") == f"Vraag 2: {NASTY_QUESTION}"
    edges = {g.get("id").split("--", 1)[1]: " ".join(texts(g)) for g in root.iter(f"{SVG}g")
             if g.get("class") == "edge"}
    assert edges["helpt--ja"] == NASTY_KORT
    assert edges["helpt--nee"] == f"{NASTY_KORT} en nog…"


def test_the_same_tree_gives_byte_identical_svg(toy):
    pages, _, charts = toy
    assert pages.charts() == charts


def test_print_fit_picks_the_page_that_keeps_text_largest():
    portrait = flowchart.print_fit('<svg width="400pt" height="1000pt" viewBox="0 0 400 1000">')
    landscape = flowchart.print_fit('<svg width="1000pt" height="400pt" viewBox="0 0 1000 400">')
    small = flowchart.print_fit('<svg width="100pt" height="100pt" viewBox="0 0 100 100">')
    assert (portrait.page, landscape.page, small.scale) == ("staand", "liggend", 1.0)
    assert portrait.height == flowchart.PAGES["staand"][1] and landscape.width == flowchart.PAGES["liggend"][0]
    assert small.readable and not flowchart.print_fit('<svg width="5000pt" height="5000pt">').readable


def test_notes_above_a_chart_take_room_from_it_on_its_page():
    # a chart that fills a landscape page's height moves to portrait (or shrinks) when a long
    # note ("Bij vraag 10 gekozen: ...") has to stand above it on the same page
    svg, notes = '<svg width="663pt" height="582pt" viewBox="0 0 663 582">', ("x" * 300, "y" * 100)
    bare, noted = flowchart.print_fit(svg), flowchart.print_fit(svg, notes)
    room = {page: height - flowchart.notes_height(notes, width) for page, (width, height) in flowchart.PAGES.items()}
    assert bare.page == "liggend" and bare.height == flowchart.PAGES["liggend"][1]
    assert noted.height <= room[noted.page] and noted.height < bare.height and room["liggend"] < bare.height


def test_real_tree_has_a_chart_per_situation_and_each_is_readable_on_paper():
    content = load_content()
    charts = TreePages(content.tree, content.rulebook).charts()
    sections = flowchart.sections(content.tree)
    assert sections and {s.id for s in sections} <= set(charts)
    for section in sections:
        assert len(node_groups(parse(charts[section.id]))) == len(section.nodes)
        fit = flowchart.print_fit(charts[section.id])
        assert fit.readable, f"schema {section.id}: tekst {fit.text_pt:.1f} pt op papier"


CONTROL = "a\x1b b\x00 c\ufffe d\x01 e\uffff"


def _tree_with_question_text(text: str):
    import dataclasses

    content = load_content(tree_file=TREES / "goed.yaml")
    tree = content.tree
    second = dataclasses.replace(tree.questions["tweede"], text=text)
    return dataclasses.replace(tree, questions={**tree.questions, "tweede": second}), content.rulebook


def test_labels_are_drawn_from_text_without_characters_graphviz_cannot_read():
    tree, book = _tree_with_question_text(CONTROL)
    charts = TreePages(tree, book).charts()
    shown = "".join("".join(texts(parse(svg))) for svg in charts.values())
    assert shown.count("\ufffd") >= 5  # each character shown as the replacement character
    assert not any(ch in svg for svg in charts.values() for ch in "\x1b\x00\ufffe\x01\uffff")


def test_a_failing_dot_is_a_content_error_at_the_node_line(monkeypatch):
    from handboek.errors import ContentErrors

    tree, book = _tree_with_question_text("Tweede \x01 vraag?")
    monkeypatch.setattr(flowchart, "label_text", lambda text: " ".join(text.split()))  # let it through
    with pytest.raises(ContentErrors) as caught:
        TreePages(tree, book).charts()
    text = (TREES / "goed.yaml").read_text(encoding="utf-8")
    line = text[:text.index("  - id: tweede")].count("\n") + 1
    message = str(caught.value.errors[0])
    assert message.startswith(f"{tree.file}:{line}: vraag 'tweede': het stroomschema kan"), message
    assert tree.file.endswith("goed.yaml")


def test_a_failing_dot_during_mkdocs_build_is_reported_as_a_content_error(tmp_path):
    """Graphviz fails (here: a `dot` that always fails): the build stops with `file:line`, no traceback."""
    import os
    import stat

    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    result = mkdocs_build(project, tmp_path / "site", PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert "decision_tree/beslisboom.yaml:" in output and "het stroomschema kan" in output, output


def test_chart_title_shows_backslashes_and_markup_exactly_once(tmp_path):
    kort = 'K\\N\\G\\\\ \\l <b>"&amp;'
    tree = toy_with(tmp_path, {"kort: Ik word gevraagd": f"kort: '{kort}'"})
    _, _, charts = compiled(tree)
    title = parse(charts["gevraagd"]).find(f"{SVG}title")
    assert title.text == f"Stroomschema: {kort}"


def test_no_break_spaces_in_a_question_stay_in_the_chart(tmp_path):
    question = "Gaat het om artikel\u00a07:2 en 10\u202fkm?"
    _, _, charts = compiled(toy_with(tmp_path, {"vraag: Is het doel uitgelegd?": f"vraag: \"{question}\""}))
    node = next(g for g in node_groups(parse(charts[flowchart.WHOLE_TREE])) if g.get("id").endswith("--doel"))
    assert " ".join(texts(node)[1:]) == question


def test_a_footnote_mark_in_a_tree_text_stays_in_the_chart(tmp_path):
    """Tree texts have no footnotes: "[^2]" is text there, as on the question page."""
    tree = toy_with(tmp_path, {"vraag: Is het doel uitgelegd?": "vraag: Is het doel[^2] *echt* uitgelegd?",
                               "kort: Ik word gevraagd": "kort: Gevraagd [^3]"})
    _, _, charts = compiled(tree)
    node = next(g for g in node_groups(parse(charts[flowchart.WHOLE_TREE])) if g.get("id").endswith("--doel"))
    assert " ".join(texts(node)[1:]) == "Is het doel[^2] echt uitgelegd?"
    assert parse(charts["gevraagd"]).find(f"{SVG}title").text == "Stroomschema: Gevraagd [^3]"


def reading_positions(svg: str) -> list[tuple[str, float, float]]:
    """(class, middle y, left x) of each node and edge label, in document (reading) order."""
    root = ET.fromstring(svg)
    found = []
    for group in root.iter(f"{SVG}g"):
        kind = (group.get("class") or "").split(" ")[0]
        lines = list(group.iter(f"{SVG}text"))
        if kind in ("node", "edge") and lines:
            ys = [float(t.get("y")) for t in lines]
            found.append((kind, round(sum(ys) / len(ys)), min(float(t.get("x")) for t in lines)))
    return found


def test_charts_are_read_top_down_as_drawn():
    """A screen reader reads the chart's nodes and answers from top to bottom, left to right in
    a row, not in the order Graphviz wrote them."""
    content = load_content()
    charts = TreePages(content.tree, content.rulebook).charts()
    for name, svg in charts.items():
        positions = reading_positions(svg)
        assert len(positions) > 2, name
        order = [(y, x) for _, y, x in positions]
        assert order == sorted(order), name
