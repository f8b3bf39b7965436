"""The advice of the real tree follows the content brief (GUIDE §3): short paths, gates in
the right order, every entry situation reachable, and a casuïstiek broad enough to trust.

These tests name content ids on purpose: they are content tests.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import yaml

from handboek.build import load_content

ROOT = Path(__file__).resolve().parent.parent
TREE = load_content().tree
PATHS = TREE.paths()
CASES = yaml.safe_load((ROOT / "decision_tree" / "casuistiek.yaml").read_text(encoding="utf-8"))["casussen"]

# Questions that ask whether there is (a suspicion of) domestic violence or child abuse,
# or whether Veilig Thuis has a task of its own (which presupposes one).
DV_GATES = {"hg-vermoeden", "partner-hg-vermoeden", "overleg-hg-vermoeden", "twijfel-hg", "vt-eigen-taak",
            "partner-geeft-hg"}
# Outcomes after which information goes to or from Veilig Thuis, or a report is made to it.
INFORMATION_FLOWS = {"zorgvuldig-delen", "partner-vraag-stellen", "vt-vraagt-partner", "corv-melding-doen",
                     "zorgvuldig-bespreken", "veilig-thuis-betrekken", "medisch-beroepsgeheim-afwegen",
                     "informatie-aan-vt-geven"}
ENTRY_SITUATIONS = {  # GUIDE §3, entry situations 1-10 -> the start question's answer
    1: "vt-wordt-gevraagd", 2: "vt-wil-inbrengen", 3: "vt-wil-vragen", 4: "partner-wil-vragen",
    5: "vt-deelt-niet", 6: "ander-doel", 7: "casus-in-overleg", 8: "advies-zonder-namen",
    9: "onder-druk", 10: "samenwerking-loopt-vast",
    11: "partner-wil-geven",  # not in the brief; added after a review walked a partner giving information
}
NOT_SHARING = {"geen-informatie-geheimhouding", "geen-rol-voor-veilig-thuis", "geen-eigen-rol",
               "eerst-doel-bespreken", "eerst-doel-bepalen", "gezin-informeren", "druk-bespreken",
               "tijd-vragen", "ander-doel-niet-zomaar", "andere-bijdrage", "advies-zonder-persoonsgegevens"}


def test_no_path_asks_more_than_seven_questions_and_the_median_is_five_or_fewer():
    lengths = [len(trail) for trail, _ in PATHS]
    assert max(lengths) <= 7
    assert statistics.median(lengths) <= 5


def test_the_first_question_routes_to_every_entry_situation():
    start_answers = {a.id for a in TREE.questions[TREE.start].answers}
    assert set(ENTRY_SITUATIONS.values()) <= start_answers


def test_the_domestic_violence_gate_comes_before_any_flow_of_information():
    for trail, outcome in PATHS:
        if outcome in INFORMATION_FLOWS:
            asked = [question for question, _ in trail]
            assert DV_GATES & set(asked), f"{asked} -> {outcome} never asks about domestic violence"


def test_the_zsm_and_corv_question_is_only_asked_after_the_domestic_violence_gate():
    for trail, _ in PATHS:
        asked = [question for question, _ in trail]
        if "veilig-thuis-betrokken" in asked:
            assert "overleg-hg-vermoeden" in asked[:asked.index("veilig-thuis-betrokken")]


def test_informing_the_family_later_or_deviating_continues_with_a_reminder_to_record():
    for question_id in ("gezin-geinformeerd", "overleg-gezin-geinformeerd"):
        answers = {a.id: a for a in TREE.questions[question_id].answers}
        for answer_id in ("zo-spoedig-mogelijk", "goede-redenen"):
            answer = answers[answer_id]
            assert answer.target in TREE.questions or answer.target == "zorgvuldig-delen"
            assert any(r.record_question for r in answer.reminders), (question_id, answer_id)
            assert any("7.4" in r.citations for r in answer.reminders)
        assert answers["nog-niet"].target == "gezin-informeren"


def test_pressure_and_medical_secrecy_are_reachable_early():
    start = {a.id: a.target for a in TREE.questions[TREE.start].answers}
    pressure = next(a for a in TREE.questions[TREE.start].answers if a.id == "onder-druk")
    assert any("7.1" in r.citations for r in pressure.reminders)
    assert start["vt-deelt-niet"] == "reden-niet-delen"
    medical_depth = min(len(trail) for trail, outcome in PATHS if outcome == "medisch-beroepsgeheim-afwegen")
    assert medical_depth <= 6
    assert any(a.id == "medisch" for a in TREE.questions["reden-niet-delen"].answers)


def all_texts():
    for q in TREE.questions.values():
        yield q.id, q.text + " " + q.explanation
        for a in q.answers:
            yield q.id, a.text + " " + " ".join(r.text + " " + (r.record_question or "") for r in a.reminders)
    for o in TREE.outcomes.values():
        parts = [o.part(None)] if not o.parts else [part for _, part in o.parts]
        for part in parts:
            yield o.id, " ".join((o.title, *(step.text for step in part.advice), part.why))


def test_paraphrases_keep_the_source_modality_and_add_no_legal_content():
    # the source says "wordt zo ingericht" (should be arranged), never "is zo ingericht";
    # it names no articles, no consent rule and no obligation to report
    drift = ["is zo ingericht", "is ingericht", "toestemming", "artikel", "wetsartikel", "meldplicht",
             "verplicht"]
    for node_id, text in all_texts():
        found = [word for word in drift if word in text.lower()]
        assert not found, f"{node_id}: {found}"


def test_paraphrases_do_not_soften_or_harden_what_the_rules_say():
    # 6.2 says "niet voor een geheel ander doel", not "niet zomaar"; the source gives no general
    # right to refuse a demand ("u hoeft niet"); 1.4 says a ZSM report "altijd" goes with a CORV
    # report to VT, and a paraphrase must keep that word
    softened = ["zomaar", "hoeft niet", "hoeft u niet", "hoeft geen", "alleen voor dat doel"]
    for node_id, text in all_texts():
        lower = " ".join(text.lower().split())
        found = [word for word in softened if word in lower]
        assert not found, f"{node_id}: {found}"
    for node_id, text in all_steps():
        lower = " ".join(text.lower().split())
        if "zsm-melding" in lower and "corv" in lower:
            assert "altijd" in lower, f"{node_id}: 1.4 without 'altijd': {lower}"


def all_steps():
    """Each text an editor writes as one unit: an explanation, a reminder, an advice step."""
    for q in TREE.questions.values():
        yield q.id, q.explanation
        for a in q.answers:
            yield from ((q.id, r.text) for r in a.reminders)
    for o in TREE.outcomes.values():
        parts = [o.part(None)] if not o.parts else [part for _, part in o.parts]
        for part in parts:
            yield from ((o.id, step.text) for step in part.advice)
            yield o.id, part.why


def test_casuistiek_covers_every_entry_situation_three_times_from_both_sides():
    assert len(CASES) >= 30
    for situation, answer_id in ENTRY_SITUATIONS.items():
        count = sum(1 for case in CASES if case["antwoorden"][0] == answer_id)
        assert count >= 3, f"entry situation {situation} ({answer_id}) has {count} cases"
    assert {case["perspectief"] for case in CASES} == {"vt", "partner"}
    assert sum(1 for case in CASES if case["perspectief"] == "partner") >= 10


def test_casuistiek_has_at_least_eight_cases_that_do_not_share_or_must_do_something_first():
    assert sum(1 for case in CASES if case["uitkomst"] in NOT_SHARING) >= 8


def test_every_outcome_is_exercised_by_a_case():
    assert {case["uitkomst"] for case in CASES} == set(TREE.outcomes)
