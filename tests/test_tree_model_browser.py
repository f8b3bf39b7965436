"""The wizard with perspectives and provenance, in Chromium, on a toy build
(tests/bomen/perspectief.yaml): the outcome step and the afwegingsverslag show only the
part for the path's perspective, with each advice step's sources or the own-advice label."""

from __future__ import annotations

import io
import json
import shutil
import urllib.request
from urllib.parse import urljoin
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from devsupport import axe_at_rest, serve
from pypdf import PdfReader

TOY = Path(__file__).parent
OWN = "Advies van dit handboek, geen vuistregel"


def served_toy(tmp_path_factory, name: str):
    """The project built with the toy tree and cases `name`, served; yields the wizard's address."""
    work = tmp_path_factory.mktemp(name)
    project = copy_project(work / "project")
    shutil.copy(TOY / "bomen" / f"{name}.yaml", project / "decision_tree" / "beslisboom.yaml")
    shutil.copy(TOY / "casussen" / f"{name}.yaml", project / "decision_tree" / "casuistiek.yaml")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    httpd = serve(work / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}/beslisboom/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def toy_url(tmp_path_factory):
    yield from served_toy(tmp_path_factory, "perspectief")


@pytest.fixture(scope="module")
def data(toy_url):
    with urllib.request.urlopen(toy_url + "beslisboom.json") as response:
        return json.load(response)


def walk(data, answers):
    """The outcome and the path's perspective (the last one set), read from the JSON."""
    node, perspective = data["start"], None
    for answer_id in answers:
        answer = next(a for a in data["vragen"][node]["antwoorden"] if a["id"] == answer_id)
        perspective = answer.get("perspectief") or perspective
        node = answer["naar"]
    return node, perspective


def open_page(browser, url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector("[data-wizard] [data-outcome]")
    return page


def shown_advice(page) -> list[str]:
    return page.locator("[data-wizard] h3:text-is('Wat kunt u doen?') + ol > li").all_inner_texts()


ROUTES = [("vt", "ja"), ("partner", "ja"), ("partner", "wissel"), ("anders", "nee")]


@pytest.mark.parametrize("answers", ROUTES, ids=["/".join(r) for r in ROUTES])
def test_outcome_step_shows_the_part_for_the_paths_perspective(browser, toy_url, data, answers):
    outcome_id, perspective = walk(data, answers)
    outcome = data["uitkomsten"][outcome_id]
    part = outcome.get(f"voor_{perspective}") or outcome
    page = open_page(browser, toy_url + "#a=" + "/".join(answers))
    shown = shown_advice(page)
    always = [s for s in part["advies"] if not s.get("als")]
    assert [text.split(" (bron: ")[0].removesuffix(OWN).strip() for text in shown] == [s["tekst"] for s in always]
    for step, text in zip(always, shown):
        assert text.endswith(OWN) == step["eigen_advies"]
    body = page.locator("[data-wizard]").inner_text()
    assert part["waarom"] in body
    for other in {"vt", "partner"} - {perspective}:
        for step in outcome.get(f"voor_{other}", {}).get("advies", []):
            assert step["tekst"] not in body
    assert page.errors == []
    page.context.close()


def test_advice_steps_link_their_rule_points(browser, toy_url, data):
    outcome_id, perspective = walk(data, ("vt", "ja"))
    part = data["uitkomsten"][outcome_id][f"voor_{perspective}"]
    sourced = next(s for s in part["advies"] if s["bronnen"])
    page = open_page(browser, toy_url + "#a=vt/ja")
    item = page.locator("[data-wizard] h3:text-is('Wat kunt u doen?') + ol > li").first
    assert [a.get_attribute("href") for a in item.locator("a").all()] == ["../" + b["url"] for b in sourced["bronnen"]]
    page.context.close()


@pytest.mark.parametrize("answers", [("vt", "ja"), ("partner", "ja")], ids=["vt", "partner"])
def test_the_quoted_rule_points_are_those_of_the_part_and_the_reminders_shown(browser, toy_url, data, answers):
    outcome_id, perspective = walk(data, answers)
    outcome = data["uitkomsten"][outcome_id]
    part = outcome[f"voor_{perspective}"]
    cited = {b["label"] for step in part["advies"] for b in step["bronnen"]}
    assert cited and cited < {b["label"] for b in outcome["bronnen"]}  # the toy's parts cite different points
    page = open_page(browser, toy_url + "#a=" + "/".join(answers))
    quoted = page.locator("[data-wizard] details.beslishulp-bron > summary").all_inner_texts()
    reminded = {b["label"] for r in data["vragen"]["vraag"]["antwoorden"][0]["let_op"] for b in r["bronnen"]}
    assert reminded - cited  # the toy's reminder cites a point the part does not
    assert set(quoted) == cited | reminded
    page.context.close()


def test_steps_that_apply_only_sometimes_follow_the_others_each_under_its_checkbox(browser, toy_url, data):
    outcome_id, perspective = walk(data, ("partner", "ja"))
    sometimes = [s for s in data["uitkomsten"][outcome_id][f"voor_{perspective}"]["advies"] if s.get("als")]
    assert sometimes  # the toy's partner part has one
    page = open_page(browser, toy_url + "#a=partner/ja")
    fieldset = page.locator("[data-wizard] ol + fieldset")
    assert fieldset.locator("legend").inner_text() == "Geldt een van deze situaties voor u?"
    items = fieldset.locator("li")
    assert items.locator("label").all_inner_texts() == [s["als"] for s in sometimes]
    for item, step in zip(items.all(), sometimes):
        item.get_by_role("checkbox").check()
        lines = [line.strip() for line in item.inner_text().splitlines() if line.strip()]
        assert lines[0] == step["als"] and lines[1].startswith(step["tekst"] + " (bron: ")
    assert page.errors == []
    page.context.close()


def record_text_and_print(browser, toy_url, answers) -> tuple[str, str]:
    page = open_page(browser, toy_url + "#a=" + "/".join(answers) + "&verslag")
    page.get_by_role("button", name="Kopieer als tekst").click()
    page.wait_for_function("document.querySelector('[aria-live]').textContent.includes('gekopieerd')")
    copied = page.evaluate("navigator.clipboard.readText()")
    page.emulate_media(media="print")
    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    page.context.close()
    return copied, " ".join(printed.split())


@pytest.mark.parametrize("answers", [("vt", "ja"), ("partner", "ja")], ids=["vt", "partner"])
def test_the_record_carries_the_shown_part_with_its_provenance(browser, toy_url, data, answers):
    outcome_id, perspective = walk(data, answers)
    outcome = data["uitkomsten"][outcome_id]
    part, other = outcome[f"voor_{perspective}"], outcome["voor_" + ({"vt", "partner"} - {perspective}).pop()]
    copied, printed = record_text_and_print(browser, toy_url, answers)
    # the verslag keeps the steps that retell a rule, with their points; own advice stays on the outcome
    sourced = [step for step in part["advies"] if not step["eigen_advies"] and not step.get("als")]
    assert sourced and (perspective != "vt" or len(sourced) < len(part["advies"]))  # the toy's vt part has both
    for i, step in enumerate(sourced, start=1):
        assert f"{i}. {step['tekst']} (bron: " + ", ".join(b["label"] for b in step["bronnen"]) + ")" in copied
        assert step["tekst"] in printed
    for step in part["advies"]:
        if step["eigen_advies"] or step.get("als"):  # own advice, and steps that apply only sometimes
            assert step["tekst"] not in copied and step["tekst"] not in printed
    # the verslag keeps the advice only; its "why" is in the rule texts it quotes
    for step in other["advies"]:
        assert step["tekst"] not in copied and step["tekst"] not in printed


def test_hostile_text_in_the_perspective_parts_stays_text(tmp_path, browser, monkeypatch):
    """The parts per perspective and the advice steps, filled with the payloads of
    tests/hostile.py: no live markup on the pages, nothing run in the wizard."""
    import hostile
    from hostile import PAYLOAD, live_markup

    covered = set(hostile.COVERED_BY_TOY)
    project = copy_project(tmp_path / "project")
    content = project / "decision_tree"
    shutil.copy(TOY / "bomen" / "perspectief.yaml", content / "beslisboom.yaml")
    shutil.copy(TOY / "casussen" / "perspectief.yaml", content / "casuistiek.yaml")
    monkeypatch.setattr(hostile, "COVERED_BY_TOY", set())  # this test is where they are covered: fill them
    unfilled = [field for field in hostile.poison_content(content) if field.startswith("beslisboom.yaml")]
    assert covered and not [f for f in unfilled if f in covered or "advies" in f], unfilled
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in ("beslisboom/samen", "beslisboom/alleen", "beslisboom/overzicht"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert live_markup(html) == [], page
        assert "<script>xss()" not in html
    httpd = serve(site)
    try:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        context.add_init_script("window.xss = () => { window.__xss = (window.__xss || 0) + 1; };")
        page = context.new_page()
        for answers in ("vt/ja", "partner/ja"):
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/beslisboom/#a={answers}&verslag")
            page.wait_for_selector("[data-wizard] [data-outcome]")
            assert PAYLOAD.split(" alert")[0] in page.locator("[data-wizard]").inner_text()
        assert page.evaluate("window.__xss || 0") == 0
        context.close()
    finally:
        httpd.shutdown()


# --- the wizard asks which steps that apply only sometimes apply (tests/bomen/afvinken.yaml) ------

LEGEND = "Geldt een van deze situaties voor u?"


@pytest.fixture(scope="module")
def ticks_url(tmp_path_factory):
    yield from served_toy(tmp_path_factory, "afvinken")


@pytest.fixture(scope="module")
def ticks(ticks_url):
    """The toy's first answer, its outcome, and that outcome's steps that apply only sometimes."""
    with urllib.request.urlopen(ticks_url + "beslisboom.json") as response:
        data = json.load(response)
    answer = data["vragen"][data["start"]]["antwoorden"][0]
    outcome = data["uitkomsten"][answer["naar"]]
    return answer["id"], outcome, [s for s in outcome["advies"] if s.get("als")]


def questions(sometimes) -> list[str]:
    """The `als` texts in order, each once: one checkbox each."""
    return list(dict.fromkeys(s["als"] for s in sometimes))


def box(page, question):
    return page.locator("[data-wizard] fieldset").get_by_role("checkbox", name=question, exact=True)


def choice(page, question):
    """The list item of a question's checkbox: the checkbox, its label, and the steps it shows."""
    return page.locator("[data-wizard] fieldset li").filter(
        has=page.get_by_role("checkbox", name=question, exact=True))


def visible_step(page, step) -> bool:
    return step["tekst"] in page.locator("[data-wizard]").inner_text()  # inner text: what is shown


def test_the_wizard_asks_which_situations_apply_with_one_checkbox_per_question(browser, ticks_url, ticks):
    answer, outcome, sometimes = ticks
    assert len(questions(sometimes)) < len(sometimes)  # the toy has two steps with one question
    page = open_page(browser, ticks_url + "#a=" + answer)
    fieldset = page.locator("[data-wizard] ol + fieldset")
    assert fieldset.locator("legend").inner_text() == LEGEND
    boxes = fieldset.get_by_role("checkbox")
    assert [b.evaluate("b => b.labels[0].textContent") for b in boxes.all()] == questions(sometimes)
    assert not any(b.is_checked() for b in boxes.all())
    assert not any(visible_step(page, s) for s in sometimes)
    assert page.errors == []
    page.context.close()


def test_ticking_a_box_shows_its_steps_under_it_and_unticking_hides_them(browser, ticks_url, ticks):
    answer, outcome, sometimes = ticks
    page = open_page(browser, ticks_url + "#a=" + answer)
    question = questions(sometimes)[0]
    mine = [s for s in sometimes if s["als"] == question]
    assert len(mine) == 2
    box(page, question).focus()
    page.keyboard.press("Space")  # the keyboard toggles it; the focus stays
    assert box(page, question).is_checked()
    assert page.evaluate("document.activeElement.type") == "checkbox"
    assert [visible_step(page, s) for s in sometimes] == [s["als"] == question for s in sometimes]
    item = choice(page, question).inner_text()
    # the steps follow their checkbox, each with its sources as in the list for every case
    expected = [question] + [s["tekst"] + " (bron: " + ", ".join(b["label"] for b in s["bronnen"]) + ")" for s in mine]
    assert [line.strip() for line in item.splitlines() if line.strip()] == expected
    own = next(s for s in sometimes if s["eigen_advies"])
    box(page, own["als"]).check()
    assert OWN in choice(page, own["als"]).inner_text()
    box(page, question).focus()
    page.keyboard.press("Space")
    assert not box(page, question).is_checked()
    assert not any(visible_step(page, s) for s in mine)
    box(page, question).check()
    # a tick lives in the page only: not in the address, the history entry, storage or cookies
    assert page.url == ticks_url + "#a=" + answer and page.evaluate("history.state") is None
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0 and page.context.cookies() == []
    page.set_viewport_size({"width": 320, "height": 640})  # a phone held upright, 400 % zoom
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.errors == []
    page.context.close()


def test_the_record_carries_the_ticked_steps_with_a_source_and_quotes_their_points(browser, ticks_url, ticks):
    answer, outcome, sometimes = ticks
    question = questions(sometimes)[0]
    ticked = [s for s in sometimes if s["als"] == question]
    own = next(s for s in sometimes if s["eigen_advies"])
    unticked = [s for s in sometimes if s["als"] not in (question, own["als"])]
    assert unticked and unticked[0]["bronnen"]
    page = open_page(browser, ticks_url + "#a=" + answer + "&verslag")
    untouched = page.locator("[data-wizard]").inner_text()
    assert "Geldt volgens u ook" not in untouched and not any(s["tekst"] in untouched for s in sometimes)
    page.get_by_role("link", name="Terug naar de uitkomst").click()
    box(page, question).check()
    box(page, own["als"]).check()
    page.emulate_media(media="print")
    printed = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages).split())
    assert all(s["tekst"] in printed for s in ticked) and unticked[0]["tekst"] not in printed
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Maak een afwegingsverslag").click()
    page.wait_for_selector("[data-wizard] .verslag-uitkomst")
    outcome_part = page.locator("[data-wizard] .verslag-uitkomst").inner_text()
    quoted = page.locator("[data-wizard] .verslag-bijlage").inner_text()
    page.get_by_role("button", name="Kopieer als tekst").click()
    page.wait_for_function("document.querySelector('[aria-live]').textContent.includes('gekopieerd')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Geldt volgens u ook:" in outcome_part and "Geldt volgens u ook:" in copied
    for step in ticked:
        assert question in outcome_part and step["tekst"] in outcome_part
        assert f"- {question} {step['tekst']} (bron: " + ", ".join(b["label"] for b in step["bronnen"]) + ")" in copied
        for b in step["bronnen"]:
            assert b["label"] in quoted and f"{b['label']}: \"" in copied
    for step in [own, *unticked]:  # own advice and what was not ticked stay out
        assert step["tekst"] not in outcome_part and step["tekst"] not in copied
    for b in unticked[0]["bronnen"]:
        assert b["label"] not in quoted and f"{b['label']}: \"" not in copied
    assert page.errors == []
    page.context.close()


def test_axe_finds_no_violation_in_the_checkboxes_and_the_record(browser, ticks_url, ticks):
    answer, outcome, sometimes = ticks
    page = open_page(browser, ticks_url + "#a=" + answer)
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    for question in questions(sometimes):
        box(page, question).check()
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Maak een afwegingsverslag").click()
    page.wait_for_selector("[data-wizard] .verslag-uitkomst")
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    page.context.close()


def test_a_tick_comes_back_with_back_after_leaving_the_page(browser, ticks_url, ticks):
    """Leaving the page keeps the ticks with the typed text in the tab's history (never sent,
    never stored), so that Back brings the outcome and its verslag back as they were."""
    answer, outcome, sometimes = ticks
    question = questions(sometimes)[0]
    page = open_page(browser, ticks_url + "#a=" + answer)
    box(page, question).check()
    page.goto(urljoin(ticks_url, "../privacy/"))
    page.go_back()
    page.wait_for_selector("[data-wizard] fieldset")
    assert box(page, question).is_checked()
    assert [visible_step(page, s) for s in sometimes] == [s["als"] == question for s in sometimes]
    assert page.evaluate("history.state") is None
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0 and page.context.cookies() == []
    page.context.close()


@pytest.fixture(scope="module")
def headings_url(tmp_path_factory):
    yield from served_toy(tmp_path_factory, "kopjes")


def test_many_situations_stand_in_named_groups_under_their_headings(browser, headings_url):
    """The headings of `situatiegroepen` that have situations, in that order, each a group named
    by its heading around its checkboxes; ticking works inside a group, and is accessible."""
    with urllib.request.urlopen(headings_url + "beslisboom.json") as response:
        data = json.load(response)
    answer = data["vragen"][data["start"]]["antwoorden"][0]
    steps = [s for s in data["uitkomsten"][answer["naar"]]["advies"] if s.get("als")]
    used = [g for g in data["situatiegroepen"] if any(s["groep"] == g["id"] for s in steps)]
    assert 1 < len(used) < len(data["situatiegroepen"])  # the toy has an unused heading
    page = open_page(browser, headings_url + "#a=" + answer["id"])
    fieldset = page.locator("[data-wizard] ol + fieldset")
    groups = fieldset.get_by_role("group")
    assert groups.count() == len(used)
    for group, heading in zip(groups.all(), used):
        named = fieldset.get_by_role("group", name=heading["kop"], exact=True)
        assert named.count() == 1 and named.evaluate("(g, other) => g === other", group.element_handle())
        mine = list(dict.fromkeys(s["als"] for s in steps if s["groep"] == heading["id"]))
        assert [b.evaluate("b => b.labels[0].textContent") for b in group.get_by_role("checkbox").all()] == mine
    last = used[-1]
    question = next(s["als"] for s in steps if s["groep"] == last["id"])
    box(page, question).check()
    shown = [s["tekst"] for s in steps if s["als"] == question]
    assert all(text in choice(page, question).inner_text() for text in shown)
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.errors == []
    page.context.close()
