"""The real decision tree: golden paths, the casuistiek, coverage of the rules, generated pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from links import parse
from sitetext import page_text
from test_site import published_urls

from build_tree import format_paths
from handboek import editor_check
from handboek.build import load_content
from handboek.markdown import plain

GOLDEN = Path(__file__).parent / "golden" / "paden.txt"
CONTENT = load_content()
TREE = CONTENT.tree
BOOK = CONTENT.rulebook
CASES = CONTENT.cases
ALL_NODES = [*TREE.questions.values(), *TREE.outcomes.values()]


def walk(answers: tuple[str, ...]) -> tuple[str, list[str]]:
    """Follow answer ids from the start; return the node reached and the questions passed."""
    node, passed = TREE.start, []
    for answer_id in answers:
        question = TREE.questions.get(node)
        assert question is not None, f"'{node}' is an outcome, but more answers follow"
        passed.append(node)
        targets = {a.id: a.target for a in question.answers}
        assert answer_id in targets, f"question '{node}' has no answer '{answer_id}'"
        node = targets[answer_id]
    return node, passed


def test_golden_file_lists_every_path():
    assert format_paths(TREE) == GOLDEN.read_text(encoding="utf-8"), \
        "de paden zijn veranderd: draai 'make golden' en bekijk het verschil in tests/golden/paden.txt"


def test_the_cases_cover_every_entry_situation_and_both_perspectives():
    assert len(CASES) >= 12
    for prefix, _ in editor_check.situations(TREE):
        assert any(c.answers[:len(prefix)] == prefix for c in CASES), prefix
    assert {c.perspective for c in CASES} >= {"vt", "partner"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_reaches_its_outcome_and_cites_its_points(case):
    reached, passed = walk(case.answers)
    assert reached == case.outcome
    answers = [next(a for a in TREE.questions[q].answers if a.id == a_id) for q, a_id in zip(passed, case.answers)]
    cited = set(TREE.outcomes[reached].citations) | {ref for a in answers for r in a.reminders for ref in r.citations}
    assert set(case.must_cite) <= cited
    for alternative in case.alternatives:
        assert walk(alternative)[0] == case.outcome, alternative


def test_practice_page_has_every_case_with_its_worked_answer(site):
    page = site / "oefencasussen" / "index.html"
    text = page_text(page)
    html = page.read_text(encoding="utf-8")
    hrefs = {value for tag, attr, value in parse(page).urls if attr == "href"}
    for case in CASES:
        assert f'id="{case.id}"' in html
        assert plain(case.situation) in text and all(plain(p) in text for p in case.discussion)
        assert "../beslisboom/#a=" + "/".join(case.answers) in hrefs
        assert f"../beslisboom/{case.outcome}/" in hrefs
    worked = re.findall(r'<details\b([^>]*)\bclass="uitwerking"([^>]*)>', html)
    assert len(worked) == len(CASES)
    assert not any(re.search(r"\bopen\b", before + after) for before, after in worked)  # closed


def test_every_rule_point_is_cited_by_a_reachable_node():
    reachable = TREE.reachable()
    cited = {ref for node in ALL_NODES if node.id in reachable for ref in node.citations}
    missing = [ref for ref in BOOK.all_point_refs() if ref not in cited]
    assert not missing, f"rule points no reachable node cites: {missing}"


def test_every_node_is_reachable_and_every_outcome_reached_by_a_path():
    assert TREE.reachable() == set(TREE.questions) | set(TREE.outcomes)
    assert {outcome for _, outcome in TREE.paths()} == set(TREE.outcomes)


def test_every_node_url_is_pinned():
    pinned = set(published_urls())
    missing = [n.id for n in ALL_NODES if f"/beslisboom/{n.id}/" not in pinned]
    assert not missing


@pytest.mark.parametrize("outcome", TREE.outcomes.values(), ids=list(TREE.outcomes))
def test_outcome_page_has_disclaimer_advice_and_quoted_rules(site, outcome):
    page = site / "beslisboom" / outcome.id / "index.html"
    text = page_text(page)
    assert plain(TREE.disclaimer) in text
    for step in outcome.advice:
        assert plain(step.text) in text
    hrefs = {value for tag, attr, value in parse(page).urls if attr == "href"}
    for ref in outcome.citations:
        citation = BOOK.citation(ref)
        assert plain(citation.text) in text, f"{ref} not quoted"
        assert f"../../{citation.url}" in hrefs, f"{ref} not linked"


@pytest.mark.parametrize("question", TREE.questions.values(), ids=list(TREE.questions))
def test_question_page_links_each_answer_to_its_next_page(site, question):
    page = site / "beslisboom" / question.id / "index.html"
    text = page_text(page)
    assert plain(question.text) in text and plain(question.explanation) in text
    hrefs = {value for tag, attr, value in parse(page).urls if attr == "href"}
    for answer in question.answers:
        assert f"../{answer.target}/" in hrefs
    for ref in question.citations:
        assert f"../../{BOOK.citation(ref).url}" in hrefs
    restart = "./" if question.id == TREE.start else f"../{TREE.start}/"
    assert restart in hrefs  # opnieuw beginnen


def test_rule_pages_list_the_nodes_that_cite_them(site):
    for rule in BOOK.rules:
        page = site / "vuistregels" / str(rule.number) / "index.html"
        hrefs = {value for tag, attr, value in parse(page).urls if attr == "href"}
        citing = {n.id for n in ALL_NODES if any(r.split(".")[0] == str(rule.number) for r in n.citations)}
        assert citing, f"no node cites rule {rule.number}"
        assert {f"../../beslisboom/{node_id}/" for node_id in citing} <= hrefs


def test_outline_numbers_questions_and_names_every_target(site):
    text = page_text(site / "beslisboom" / "overzicht" / "index.html")
    for number, question in enumerate(TREE.questions.values(), start=1):
        assert f"Vraag {number}. {plain(question.text)}" in text
    assert text.count("→ ga naar vraag") + text.count("→ zie uitkomst") == \
        sum(len(q.answers) for q in TREE.questions.values())


def test_json_is_the_whole_tree(site):
    data = json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    assert data["versie"] == TREE.version and data["start"] == TREE.start
    assert len(data["inhoudshash"]) == 16
    assert set(data["vragen"]) == set(TREE.questions) and set(data["uitkomsten"]) == set(TREE.outcomes)
    for question in TREE.questions.values():
        answers = data["vragen"][question.id]["antwoorden"]
        assert [(a["id"], a["naar"]) for a in answers] == [(a.id, a.target) for a in question.answers]
    first = data["uitkomsten"]["zorgvuldig-delen"]["bronnen"][0]
    assert set(first) == {"ref", "label", "url", "tekst"}


def test_content_hash_changes_with_the_content():
    from handboek.render_tree import TreePages

    before = json.loads(TreePages(TREE, BOOK).json())["inhoudshash"]
    changed = TREE.__class__(TREE.version, TREE.title + ".", TREE.start, TREE.disclaimer,
                             TREE.questions, TREE.outcomes)
    assert json.loads(TreePages(changed, BOOK).json())["inhoudshash"] != before


def test_tree_pages_are_in_the_search_index(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    missing = [n.id for n in ALL_NODES if f"beslisboom/{n.id}/" not in locations]
    assert not missing
