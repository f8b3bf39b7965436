"""The beslishulp (wizard) in Chromium: cases, history, changes, tampering, privacy,
keyboard, accessibility, small screens and the afwegingsverslag.

Ids come from the content (the casuistiek and the tree), never typed in here; reminders
and the verslag's questions are tested on a toy build (tests/bomen/let-op.yaml)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from devsupport import axe_at_rest, serve
from conftest import copy_project, mkdocs_build
from pypdf import PdfReader

from handboek.build import load_content
from handboek.casuistiek import route
from handboek.markdown import plain

CONTENT = load_content()
TREE = CONTENT.tree
CASES = CONTENT.cases
# a sample spread over the file, so that every kind of case is clicked through now and then
SAMPLE = CASES[::max(1, len(CASES) // 4)][:4]
SCENARIO = max(CASES, key=lambda c: len(c.answers))  # the longest path: most to change and go back on
TOY = Path(__file__).parent


def steps_of(answers):
    return route(TREE, tuple(answers))


@pytest.fixture
def wizard(browser, server):
    """A fresh context on the wizard page, with page errors and console errors collected."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.goto(urljoin(server, "beslisboom/"))
    page.wait_for_selector("[data-wizard] [data-answer]")
    yield page
    context.close()


def render_charts(page):
    """Lay out every chart now. Charts have `content-visibility: auto`: below the fold they
    are skipped and keep placeholder geometry, so axe would measure their text at the wrong
    place (under the sticky header) and report contrast that nobody sees."""
    page.add_style_tag(content=".md-typeset .stroomschema { content-visibility: visible !important; }")


def after_render(page, action):
    """Do `action` (a click or key press) and wait until the wizard has rendered the new state."""
    before = page.get_attribute("[data-wizard]", "data-state")
    action()
    page.wait_for_function("before => document.querySelector('[data-wizard]').dataset.state !== before", arg=before)


def answer_all(page, answers):
    for answer_id in answers:
        after_render(page, lambda: page.click(f"[data-wizard] [data-answer='{answer_id}']"))


def follow(page, name: str):
    after_render(page, lambda: page.get_by_role("link", name=name).click())


def heading(page) -> str:
    return page.locator("#beslishulp-kop").inner_text()


def outcome_shown(page) -> str | None:
    return page.locator("[data-wizard] [data-outcome]").get_attribute("data-outcome")


@pytest.mark.parametrize("case", SAMPLE, ids=[c.id for c in SAMPLE])
def test_case_clicked_through_the_wizard_ends_at_its_outcome(wizard, case):
    answer_all(wizard, case.answers)
    assert outcome_shown(wizard) == case.outcome
    assert heading(wizard) == TREE.outcomes[case.outcome].title
    assert wizard.errors == []


def test_back_forward_reload_and_shared_link_reproduce_the_state(wizard, browser):
    answer_all(wizard, SCENARIO.answers[:2])
    third = heading(wizard)
    answer_all(wizard, SCENARIO.answers[2:3])
    fourth, url = heading(wizard), wizard.url
    assert "#a=" + "/".join(SCENARIO.answers[:3]) in url
    wizard.go_back()
    wizard.wait_for_function(f"document.querySelector('#beslishulp-kop').textContent === {third!r}")
    wizard.go_forward()
    wizard.wait_for_function(f"document.querySelector('#beslishulp-kop').textContent === {fourth!r}")
    wizard.reload()
    wizard.wait_for_selector("#beslishulp-kop")
    assert heading(wizard) == fourth
    other = browser.new_context().new_page()
    other.goto(url)
    other.wait_for_selector("#beslishulp-kop")
    assert heading(other) == fourth
    other.context.close()


def test_change_keeps_later_answers_where_the_path_still_fits(wizard):
    # a question on the path with another answer that leads to the same next question
    steps = steps_of(SCENARIO.answers)
    index, question, other = next((i, q, alt) for i, (q, a) in enumerate(steps) for alt in q.answers
                                  if alt.id != a.id and alt.target == a.target and a.target in TREE.questions)
    answer_all(wizard, SCENARIO.answers)
    follow(wizard, f"Wijzig uw antwoord op: {question.text}")
    assert heading(wizard) == question.text
    answer_all(wizard, [other.id])
    assert outcome_shown(wizard) == SCENARIO.outcome
    expected = list(SCENARIO.answers)
    expected[index] = other.id
    assert wizard.url.endswith("#a=" + "/".join(expected) + "&uitgave=" + TREE.version)


def test_change_to_another_branch_drops_answers_that_no_longer_fit(wizard):
    # a question on the path with another answer that ends at once in an outcome
    steps = steps_of(SCENARIO.answers)
    index, question, other = next((i, q, alt) for i, (q, a) in enumerate(steps) for alt in q.answers
                                  if alt.id != a.id and alt.target in TREE.outcomes and i < len(steps) - 1)
    answer_all(wizard, SCENARIO.answers)
    follow(wizard, f"Wijzig uw antwoord op: {question.text}")
    wizard.click(f"[data-wizard] [data-answer='{other.id}']")  # first it says which answers go
    wizard.wait_for_selector("#beslishulp-kop[data-bevestigen]")
    after_render(wizard, lambda: wizard.click("[data-bevestig='ja']"))
    assert outcome_shown(wizard) == other.target
    assert wizard.url.endswith("#a=" + "/".join([*SCENARIO.answers[:index], other.id]) + "&uitgave=" + TREE.version)


def test_restart_is_offered_on_the_first_question_and_works(wizard):
    assert wizard.get_by_role("link", name="Opnieuw beginnen").count() == 1
    answer_all(wizard, SCENARIO.answers[:2])
    follow(wizard, "Opnieuw beginnen")
    assert heading(wizard) == TREE.questions[TREE.start].text


def tampered_fragments() -> list[str]:
    first = SCENARIO.answers[0]
    short = min(CASES, key=lambda c: len(c.answers))
    off_path = next(q for q in TREE.questions if q not in {q.id for q, _ in steps_of(SCENARIO.answers[:2])})
    return ["#a=onzin", f"#a={first}/misschien", "#a=" + "/".join([*short.answers, short.answers[-1]]),
            f"#a={'/'.join(SCENARIO.answers[:2])}&wijzig={off_path}", "#x=1", "#a=%E0%A4%A", "#a=../../etc",
            "#a=<script>"]


@pytest.mark.parametrize("fragment", tampered_fragments())
def test_tampered_fragment_shows_a_message_and_no_error(wizard, fragment):
    wizard.goto(wizard.url.split("#")[0] + fragment)
    wizard.wait_for_selector("#beslishulp-kop")
    assert heading(wizard) == "Deze link werkt niet"
    follow(wizard, "Begin opnieuw met de eerste vraag")
    assert heading(wizard) == TREE.questions[TREE.start].text
    assert wizard.errors == []


def walk_and_type_privately(browser, wizard_url: str, answers, type_in) -> None:
    """Answer, open the verslag, type (type_in(page)), go back: nothing requested, stored or sent."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(wizard_url)
    page.wait_for_selector("[data-answer]")
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    answer_all(page, answers)
    follow(page, "Maak een afwegingsverslag")
    type_in(page)
    follow(page, "Terug naar de uitkomst")
    assert requests == []
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    context.close()


def test_nothing_is_requested_stored_or_sent_while_answering(browser, server):
    walk_and_type_privately(browser, urljoin(server, "beslisboom/"), SCENARIO.answers,
                            lambda page: page.fill("textarea >> nth=0", "Een geheime notitie"))


def test_keyboard_only_walk_reaches_an_outcome_with_focus_on_each_heading(wizard):
    case = min(CASES, key=lambda c: (len(c.answers) < 2, len(c.answers)))  # short, but more than one step
    for answer_id in case.answers:
        for _ in range(40):
            wizard.keyboard.press("Tab")
            if wizard.evaluate("document.activeElement.dataset.answer") == answer_id:
                break
        else:
            pytest.fail(f"Tab never reached answer {answer_id}")
        after_render(wizard, lambda: wizard.keyboard.press("Enter"))
        assert wizard.evaluate("document.activeElement.id") == "beslishulp-kop"
    assert outcome_shown(wizard) == case.outcome
    wizard.wait_for_function("document.querySelector('[aria-live]').textContent.startsWith('Uitkomst:')")


@pytest.mark.parametrize("answers", [(), SCENARIO.answers[:2], SCENARIO.answers], ids=["start", "midden", "uitkomst"])
def test_axe_finds_no_violation(wizard, answers):
    answer_all(wizard, answers)
    render_charts(wizard)
    results = axe_at_rest(wizard)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violation_in_the_record_and_the_change_view(wizard):
    answer_all(wizard, SCENARIO.answers)
    follow(wizard, "Maak een afwegingsverslag")
    results = axe_at_rest(wizard)
    assert results.violations_count == 0, results.generate_report()
    follow(wizard, "Terug naar de uitkomst")
    follow(wizard, f"Wijzig uw antwoord op: {steps_of(SCENARIO.answers)[-1][0].text}")
    results = axe_at_rest(wizard)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [320, 640])
def test_usable_on_a_narrow_screen_and_at_200_percent_zoom(browser, server, width):
    # 640 CSS pixels is what a 1280-pixel screen shows at 200% zoom
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/#a=" + "/".join(SCENARIO.answers[:-1])))
    page.wait_for_selector("[data-answer]")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for button in page.locator("[data-answer]").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] >= 44
    context.close()


def record_page(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/#a=" + "/".join(SCENARIO.answers) + "&verslag"))
    page.wait_for_selector("textarea")
    page.fill(f"#notitie-{steps_of(SCENARIO.answers)[1][0].id}", "Overlegd met de gedragswetenschapper.")
    return page


def expected_record_texts():
    outcome = TREE.outcomes[SCENARIO.outcome]
    node, texts, perspective = TREE.start, [], None
    for answer_id in SCENARIO.answers:
        answer = next(a for a in TREE.questions[node].answers if a.id == answer_id)
        texts.append(plain(answer.text))
        perspective = answer.perspective or perspective
        node = answer.target
    book = load_content().rulebook
    # the verslag quotes in short (its opening words, with a link to the whole text) each rule
    # that its advice cites: the steps for every case with a source, not own advice or "als"
    shown = {ref for step in outcome.part(perspective).advice
             if not step.own and not step.condition for ref in step.citations}
    texts += [plain(book.citation(ref).text)[:40] for ref in outcome.citations if ref in shown]
    return texts + ["Overlegd met de gedragswetenschapper.", outcome.title]


def normalise(text: str) -> str:
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


def test_printed_record_contains_every_answer_and_cited_rule(browser, server):
    page = record_page(browser, server)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = normalise(" ".join(p.extract_text() for p in reader.pages))
    missing = [t for t in expected_record_texts() if normalise(t) not in text]
    assert not missing
    assert "Opnieuw beginnen" not in text and "Zoeken" not in text
    page.context.close()


def test_copied_record_contains_every_answer_and_cited_rule(browser, server):
    page = record_page(browser, server)
    page.get_by_role("button", name="Kopieer als tekst").click()
    page.wait_for_function("document.querySelector('[aria-live]').textContent.includes('gekopieerd')")
    copied = normalise(page.evaluate("navigator.clipboard.readText()"))
    missing = [t for t in expected_record_texts() if normalise(t) not in copied]
    assert not missing
    assert f"versie {TREE.version}, inhoudshash" in copied
    page.context.close()


# --- navigation: Vorige, Wijzig, the earlier answer ------------------------------------

def named(page, name: str) -> int:
    """How many links and buttons have an accessible name that starts with this word
    (Material's footer link is called "Vorige: <page title>")."""
    pattern = re.compile(rf"^{re.escape(name)}\b")
    return sum(page.get_by_role(role, name=pattern).count() for role in ("link", "button"))


def test_exactly_one_vorige_on_every_step_after_the_first(wizard):
    assert named(wizard, "Vorige") == 0  # the first question: nothing to go back to
    for answer_id in SCENARIO.answers:
        answer_all(wizard, [answer_id])
        assert named(wizard, "Vorige") == 1, wizard.url
    assert outcome_shown(wizard) == SCENARIO.outcome
    assert wizard.get_by_role("link", name="Wijzig uw antwoord op:").count() == len(SCENARIO.answers)


def earlier_answer(page) -> str | None:
    marked = page.locator("[data-wizard] .beslishulp-antwoord--vorig")
    if marked.count() != 1:
        return None
    answer_id = marked.get_attribute("data-answer")
    assert page.get_by_role("button", name="(uw vorige antwoord)").get_attribute("data-answer") == answer_id
    return answer_id


def test_going_back_marks_the_earlier_answer_and_keeps_the_progress_hint(wizard):
    answers = SCENARIO.answers
    answer_all(wizard, answers)
    follow(wizard, "Vorige")  # from the outcome to the last question
    assert heading(wizard) == steps_of(answers)[-1][0].text
    assert earlier_answer(wizard) == answers[-1]
    assert wizard.locator(".beslishulp-voortgang").inner_text().startswith(f"Stap {len(answers)} van hoogstens ")
    follow(wizard, "Vorige")
    assert earlier_answer(wizard) == answers[-2]
    assert wizard.locator(".beslishulp-voortgang").inner_text().startswith(f"Stap {len(answers) - 1} van hoogstens ")
    wizard.wait_for_function("document.querySelector('[aria-live]').textContent.includes('Uw vorige antwoord')")
    answer_all(wizard, answers[-2:])  # forward again: at the outcome, nothing marked
    assert outcome_shown(wizard) == SCENARIO.outcome
    wizard.go_back()  # the browser's Back marks it too
    wizard.wait_for_selector(".beslishulp-antwoord--vorig")
    assert earlier_answer(wizard) == answers[-1]


# --- reminders and the afwegingsverslag, on a toy build -----------------------------------

TOY_CONTENT = load_content(tree_file=TOY / "bomen" / "let-op.yaml", cases_file=TOY / "casussen" / "let-op.yaml")
TOY_CASE = next(c for c in TOY_CONTENT.cases
                if any(r.record_question for _, a in route(TOY_CONTENT.tree, c.answers) for r in a.reminders))
FIELDS = {"Dossier- of registratienummer": "VT-2026-0042", "Wie vraagt (organisatie en functie)": "Politie, wijkagent",
          "Het gestelde doel": "Een veiligheidsplan maken", "Wat is gedeeld of achtergehouden": "Alleen de meldingsdatum",
          "Het besluit": "Deels gedeeld",
          "Vervolgafspraken": "Gezin morgen bellen"}


@pytest.fixture(scope="module")
def toy_wizard_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("toy")
    project = copy_project(work / "project")
    shutil.copy(TOY / "bomen" / "let-op.yaml", project / "decision_tree" / "beslisboom.yaml")
    shutil.copy(TOY / "casussen" / "let-op.yaml", project / "decision_tree" / "casuistiek.yaml")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    httpd = serve(work / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}/beslisboom/"
    httpd.shutdown()


@pytest.fixture
def toy_data(toy_wizard_url):
    import urllib.request

    with urllib.request.urlopen(toy_wizard_url + "beslisboom.json") as response:
        return json.load(response)


def path_reminders(data, answers):
    """What the wizard should show: the path's reminders in order, each text once."""
    node, found = data["start"], {}
    for answer_id in answers:
        answer = next(a for a in data["vragen"][node]["antwoorden"] if a["id"] == answer_id)
        for reminder in answer["let_op"]:
            found.setdefault(reminder["tekst"], reminder)
        node = answer["naar"]
    return list(found.values())


def open_toy(browser, url, fragment):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url + fragment)
    page.wait_for_selector("[data-wizard] [data-outcome]")
    return page


def test_outcome_step_shows_the_path_reminders_with_their_rules_linked(browser, toy_wizard_url, toy_data):
    page = open_toy(browser, toy_wizard_url, "#a=" + "/".join(TOY_CASE.answers))
    expected = path_reminders(toy_data, TOY_CASE.answers)
    assert len(expected) >= 2
    items = page.locator("[data-wizard] h3:text-is('Let op') + ul > li")
    assert items.count() == len(expected)
    for item, reminder in zip(items.all(), expected):
        assert item.inner_text().startswith(reminder["tekst"])
        hrefs = [a.get_attribute("href") for a in item.locator("a").all()]
        assert hrefs == ["../" + b["url"] for b in reminder["bronnen"]]
    assert named(page, "Vorige") == 1
    assert page.get_by_role("link", name="Wijzig uw antwoord op:").count() == len(TOY_CASE.answers)
    assert page.errors == []
    page.context.close()


def filled_toy_record(browser, url, toy_data):
    page = open_toy(browser, url, "#a=" + "/".join(TOY_CASE.answers) + "&verslag")
    for label, value in FIELDS.items():
        page.get_by_label(label, exact=True).fill(value)
    asked = [r["verslagvraag"] for r in path_reminders(toy_data, TOY_CASE.answers) if r["verslagvraag"]]
    assert asked
    for question in asked:
        area = page.get_by_label(question, exact=True)
        assert area.is_visible() and area.evaluate("el => el.tagName") == "TEXTAREA"
        area.fill("Antwoord op: " + question)
    return page, asked


def expected_toy_texts(toy_data, asked):
    node, texts = toy_data["start"], []
    for i, answer_id in enumerate(TOY_CASE.answers, start=1):
        texts.append(f"{i}. {toy_data['vragen'][node]['vraag']}")  # numbered as shown, not by file order
        node = next(a["naar"] for a in toy_data["vragen"][node]["antwoorden"] if a["id"] == answer_id)
    texts += [r["tekst"] for r in path_reminders(toy_data, TOY_CASE.answers)]
    texts += [*FIELDS.values(), *asked, *("Antwoord op: " + q for q in asked)]
    return texts


def test_copied_record_has_the_fields_the_reminders_and_the_answers_to_their_questions(browser, toy_wizard_url,
                                                                                       toy_data):
    page, asked = filled_toy_record(browser, toy_wizard_url, toy_data)
    page.get_by_role("button", name="Kopieer als tekst").click()
    page.wait_for_function("document.querySelector('[aria-live]').textContent.includes('gekopieerd')")
    copied = page.evaluate("navigator.clipboard.readText()")
    missing = [t for t in expected_toy_texts(toy_data, asked) if t not in copied]
    assert not missing
    assert f"versie {toy_data['versie']}, inhoudshash {toy_data['inhoudshash']}" in copied
    page.context.close()


def test_printed_record_has_the_fields_the_reminders_and_the_answers_to_their_questions(browser, toy_wizard_url,
                                                                                        toy_data):
    page, asked = filled_toy_record(browser, toy_wizard_url, toy_data)
    page.emulate_media(media="print")
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
    expected = [t.split(". ", 1)[1] if t[0].isdigit() else t for t in expected_toy_texts(toy_data, asked)]
    missing = [t for t in expected + list(FIELDS) if normalise(t) not in text]
    assert not missing
    assert "Kopieer als tekst" not in text
    page.context.close()


def test_nothing_typed_in_the_record_is_requested_or_stored(browser, toy_wizard_url, toy_data):
    def type_in(page):
        for label, value in FIELDS.items():
            page.get_by_label(label, exact=True).fill(value)
        for reminder in path_reminders(toy_data, TOY_CASE.answers):
            if reminder["verslagvraag"]:
                page.get_by_label(reminder["verslagvraag"], exact=True).fill("Geheim")

    walk_and_type_privately(browser, toy_wizard_url, TOY_CASE.answers, type_in)


def test_axe_finds_no_violation_in_the_reminders_and_the_record_fields(browser, toy_wizard_url):
    page = open_toy(browser, toy_wizard_url, "#a=" + "/".join(TOY_CASE.answers))
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    follow(page, "Maak een afwegingsverslag")
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    page.context.close()
