"""The tree model of Beslisboom 3 on toy trees: provenance per advice step and perspective
per path (checks with Dutch file:line errors, and how each is rendered)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handboek.build import CONTENT_DIR, load_content
from handboek.errors import ContentErrors
from handboek.render_tree import TreePages
from handboek.tree import load_tree

TREES = Path(__file__).parent / "bomen"
OWN = "Advies van dit handboek, geen vuistregel"


def compiled(name: str):
    content = load_content(tree_file=TREES / name)
    return content, TreePages(content.tree, content.rulebook)


# --- provenance per advice step ----------------------------------------------------------------

def test_advice_steps_carry_their_sources_or_the_own_advice_mark():
    content, _ = compiled("herkomst.yaml")
    first, second = content.tree.outcomes["klaar"].advice
    assert (first.text, first.citations, first.own) == ("Deel niet meer dan strikt nodig.", ("5.1", "5.2"), False)
    assert (second.text, second.citations, second.own) == ("Leg uw afweging vast.", (), True)


def test_outcome_page_and_outline_link_each_step_to_its_points_or_label_it_as_own_advice():
    content, pages = compiled("herkomst.yaml")
    sourced = ("1. Deel niet meer dan strikt nodig. (bron: [Vuistregel 5, punt 1](../vuistregels/5.md#punt-1), "
               "[Vuistregel 5, punt 2](../vuistregels/5.md#punt-2))")
    own = f'Leg uw afweging vast. <span class="eigen-advies">{OWN}</span>'
    page = pages.outcome_page(content.tree.outcomes["klaar"])
    assert sourced in page and f"1. {own}" in page
    outline = pages.outline()
    assert sourced in outline and f"2. {own}" in outline


def test_wizard_json_gives_each_step_its_cited_points_and_own_advice_mark():
    _, pages = compiled("herkomst.yaml")
    first, second = json.loads(pages.json())["uitkomsten"]["klaar"]["advies"]
    assert first["tekst"] == "Deel niet meer dan strikt nodig." and first["eigen_advies"] is False
    assert [b["ref"] for b in first["bronnen"]] == ["5.1", "5.2"]
    assert set(first["bronnen"][0]) == {"ref", "label", "url", "tekst"}
    assert second == {"tekst": "Leg uw afweging vast.", "bronnen": [], "eigen_advies": True}


def test_plain_advice_texts_are_read_only_in_a_frozen_edition():
    path = TREES / "editie-zonder-herkomst.yaml"
    with pytest.raises(ContentErrors) as raised:
        load_content(tree_file=path)
    assert [e.message.split(".")[0] for e in raised.value.errors] == [
        "advies 1 van uitkomst 'klaar' zegt niet waar het op steunt", "advies 2 van uitkomst 'klaar' zegt niet waar het op steunt"]
    book = load_content().rulebook
    tree = load_tree(path, CONTENT_DIR / "beslisboom.schema.json", book, edition="t-oud")
    pages = TreePages(tree, book)
    # as it was compiled then: plain texts, so an edition keeps its content hash
    assert json.loads(pages.json())["uitkomsten"]["klaar"]["advies"] == ["Doe dit.", "Doe dat."]
    page = pages.outcome_page(tree.outcomes["klaar"])
    assert "1. Doe dit.\n1. Doe dat.\n" in page and OWN not in page


def test_edition_2_0_compiles_to_the_content_hash_it_was_published_with():
    # the hash in every afwegingsverslag made with edition 2.0 (its beslisboom.json, December 2026)
    content = load_content()
    edition = {tree.version: tree for tree in content.editions}["2.0"]
    assert json.loads(TreePages(edition, content.rulebook).json())["inhoudshash"] == "c2e22b1d3c72fd5e"


def schema_strings(node, path="$"):
    """(path, schema) of every part of the schema that accepts a string."""
    if isinstance(node, dict):
        types = node.get("type")
        if types == "string" or (isinstance(types, list) and "string" in types):
            yield path, node
        for key, value in node.items():
            yield from schema_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from schema_strings(value, f"{path}[{i}]")


def test_every_string_in_the_tree_schema_has_a_maximum_length():
    schema = json.loads((CONTENT_DIR / "beslisboom.schema.json").read_text(encoding="utf-8"))
    unbounded = [path for path, part in schema_strings(schema) if "maxLength" not in part and "enum" not in part]
    assert unbounded == []


# --- perspective -------------------------------------------------------------------------------

def test_the_perspective_of_a_path_is_the_last_one_an_answer_set():
    from handboek.tree import perspective_routes

    tree = load_content(tree_file=TREES / "perspectief.yaml").tree
    routes = perspective_routes(tree)
    assert set(routes) == set(tree.outcomes)
    assert set(routes["samen"]) == {"vt", "partner"} and set(routes["alleen"]) == {None}
    # an example path per perspective, the shortest; each really ends there
    for outcome_id, by_perspective in routes.items():
        for perspective, trail in by_perspective.items():
            assert (trail, outcome_id) in tree.paths()
            set_on_path = [a.perspective for q, a_id in trail for a in tree.questions[q].answers
                           if a.id == a_id and a.perspective]
            assert (set_on_path[-1] if set_on_path else None) == perspective
    # 'wissel' sets vt after 'partner': that path counts as vt
    wissel = next(a for a in tree.questions["vraag"].answers if a.perspective)
    assert wissel.perspective == "vt" and wissel.target == "samen"


def test_outcome_page_shows_each_perspective_part_under_its_own_heading():
    content, pages = compiled("perspectief.yaml")
    samen = pages.outcome_page(content.tree.outcomes["samen"])
    vt, partner = samen.index("## Werkt u bij Veilig Thuis? { #voor-vt }"), samen.index(
        "## Werkt u bij een strafrechtpartner? { #voor-partner }")
    assert vt < partner < samen.index("## Wat de vuistregels zeggen")
    assert samen.index("1. Informeer het gezin. (bron: [Vuistregel 7, punt 4]") in range(vt, partner)
    assert samen.index("Veilig Thuis informeert het gezin.") in range(vt, partner)
    assert samen.index("1. Laat het informeren van het gezin aan Veilig Thuis.") > partner
    assert samen.index("De partners zetten elkaar niet onder druk.") > partner
    assert samen.count("### Wat kunt u doen?") == 2 and "\n## Wat kunt u doen?" not in samen
    alleen = pages.outcome_page(content.tree.outcomes["alleen"])
    assert "## Wat kunt u doen?" in alleen and "Werkt u bij" not in alleen
    outline = pages.outline()
    assert outline.index("**Werkt u bij Veilig Thuis?**\n\n1. Informeer het gezin.") < outline.index(
        "**Werkt u bij een strafrechtpartner?**\n\n1. Laat het informeren")


def test_wizard_json_carries_the_perspective_per_answer_and_the_parts_per_outcome():
    _, pages = compiled("perspectief.yaml")
    data = json.loads(pages.json())
    assert {a["id"]: a.get("perspectief") for a in data["vragen"]["wie"]["antwoorden"]} == {
        "vt": "vt", "partner": "partner", "anders": None}
    assert "perspectief" not in data["vragen"]["wie"]["antwoorden"][2]  # left out when not set
    samen = data["uitkomsten"]["samen"]
    assert "advies" not in samen and "waarom" not in samen
    assert samen["voor_vt"]["waarom"] == "Veilig Thuis informeert het gezin."
    assert [s["tekst"] for s in samen["voor_partner"]["advies"]] == ["Laat het informeren van het gezin aan Veilig Thuis.",
                                                                    "Zet Veilig Thuis niet onder druk."]
    assert set(data["uitkomsten"]["alleen"]) >= {"advies", "waarom"}
    assert not {"voor_vt", "voor_partner"} & set(data["uitkomsten"]["alleen"])


def test_perspectives_are_found_without_enumerating_paths(tmp_path):
    # 2**40 paths, a perspective set on the way: the check walks (node, perspective) states
    lines = ['versie: "ruit"', "titel: Ruit", "start: v0", "disclaimer: Test.", "vragen:"]
    for i in range(40):
        nxt = f"v{i + 1}" if i < 39 else "einde"
        lines += [f"  - id: v{i}", "    vraag: Verder?", "    toelichting: Test.", '    bronnen: ["1.1"]',
                  "    antwoorden:", f"      - {{id: vt, tekst: VT., naar: {nxt}, perspectief: vt}}",
                  f"      - {{id: partner, tekst: Partner., naar: {nxt}, perspectief: partner}}"]
    lines += ["uitkomsten:", "  - id: einde", "    titel: Einde", '    bronnen: ["1.1"]',
              "    voor_vt: {advies: [{tekst: A., eigen_advies: true}], waarom: B.}",
              "    voor_partner: {advies: [{tekst: C., eigen_advies: true}], waarom: D.}"]
    path = tmp_path / "ruit.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from handboek.tree import perspective_routes

    routes = perspective_routes(load_content(tree_file=path).tree)
    assert set(routes["einde"]) == {"vt", "partner"}
    assert len(routes["einde"]["partner"]) == 40


# --- steps that apply only sometimes ('als') ----------------------------------------------------

def test_a_step_that_applies_only_sometimes_comes_after_the_steps_for_every_case_with_its_question():
    content, pages = compiled("voorwaarde.yaml")
    always, dossier, doubt = content.tree.outcomes["klaar"].advice
    assert always.condition is None and dossier.condition == "Vraagt de ander om een heel dossier?"
    page = pages.outcome_page(content.tree.outcomes["klaar"])
    intro = page.index("Geldt een van deze situaties voor u? Dan ook:\n{ .als-het-geldt }")
    assert page.index("1. Deel niet meer dan strikt nodig.") < intro
    assert page.index("- **Vraagt de ander om een heel dossier?** Geef het niet. (bron: [Vuistregel 5, punt 2]") > intro
    assert f'- **Twijfelt u?** Leg uw afweging vast. <span class="eigen-advies">{OWN}</span>' in page
    steps = json.loads(pages.json())["uitkomsten"]["klaar"]["advies"]
    assert [step.get("als") for step in steps] == [None, "Vraagt de ander om een heel dossier?", "Twijfelt u?"]


# --- headings over the steps that apply only sometimes ('situatiegroepen', 'groep') ------------

def test_situations_stand_under_their_headings_in_the_order_of_the_headings_on_the_page():
    content, pages = compiled("kopjes.yaml")
    assert content.tree.groups[:2] == (("wat", "Wat er gevraagd wordt"), ("wie", "Wie er vraagt"))
    page = pages.outcome_page(content.tree.outcomes["klaar"])
    order = ["{ .als-het-geldt }", "**Wat er gevraagd wordt**\n{ .als-groep }",
             "- **Vraagt de ander om een heel dossier?** Geef het niet.", "- **Vraagt de ander om een adres?**",
             "**Wie er vraagt**\n{ .als-groep }", "- **Is de vrager onbekend?** Bel terug",
             "- **Is de vrager onbekend?** Verstrek nog niets."]
    places = [page.index(text) for text in order]
    assert places == sorted(places)
    assert "Een kopje zonder situaties" not in page


def test_wizard_json_names_each_steps_heading_and_the_headings_in_order():
    _, pages = compiled("kopjes.yaml")
    data = json.loads(pages.json())
    assert [g["id"] for g in data["situatiegroepen"]] == ["wat", "wie", "ongebruikt"]
    assert [s.get("groep") for s in data["uitkomsten"]["klaar"]["advies"]] == [None, "wie", "wat", "wie", "wat"]


def test_a_tree_without_headings_keeps_its_json_and_page_as_before():
    _, pages = compiled("voorwaarde.yaml")
    data = json.loads(pages.json())
    assert "situatiegroepen" not in data
    assert all("groep" not in s for s in data["uitkomsten"]["klaar"]["advies"])
    assert "als-groep" not in pages.outline()
