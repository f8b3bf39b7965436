"""The beslishulp (wizard) in Chromium: scenarios, history, changes, tampering, privacy,
keyboard, accessibility, small screens and the afwegingsverslag."""

from __future__ import annotations

import io
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader
from scenarios import SCENARIOS

from handboek.build import load_content
from handboek.markdown import plain

TREE = load_content().tree
from devsupport import AXE_OPTIONS  # noqa: E402
SCENARIO = next(s for s in SCENARIOS if s.name == "zsm-politie-vraagt-gericht")


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


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_walked_through_the_wizard_ends_at_its_outcome(wizard, scenario):
    answer_all(wizard, scenario.answers)
    assert outcome_shown(wizard) == scenario.outcome
    assert heading(wizard) == TREE.outcomes[scenario.outcome].title
    assert wizard.errors == []


def test_back_forward_reload_and_shared_link_reproduce_the_state(wizard, browser):
    answer_all(wizard, SCENARIO.answers[:3])
    third = heading(wizard)
    answer_all(wizard, SCENARIO.answers[3:4])
    fourth, url = heading(wizard), wizard.url
    assert "#a=" + "/".join(SCENARIO.answers[:4]) in url
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
    answer_all(wizard, SCENARIO.answers)
    question = TREE.questions["strikt-noodzakelijk"]
    follow(wizard, f"Wijzig uw antwoord op: {question.text}")
    assert heading(wizard) == question.text
    answer_all(wizard, ["alles-nodig"])
    assert outcome_shown(wizard) == SCENARIO.outcome
    expected = list(SCENARIO.answers)
    expected[expected.index("deel-nodig")] = "alles-nodig"
    assert wizard.url.endswith("#a=" + "/".join(expected))


def test_change_to_another_branch_drops_answers_that_no_longer_fit(wizard):
    answer_all(wizard, SCENARIO.answers)
    follow(wizard, f"Wijzig uw antwoord op: {TREE.questions['eigen-rol'].text}")
    answer_all(wizard, ["nee"])
    assert outcome_shown(wizard) == "geen-eigen-rol"
    assert wizard.url.endswith("#a=vt-wordt-gevraagd/nee")


def test_restart_is_offered_on_the_first_question_and_works(wizard):
    assert wizard.get_by_role("link", name="Opnieuw beginnen").count() == 1
    answer_all(wizard, SCENARIO.answers[:2])
    follow(wizard, "Opnieuw beginnen")
    assert heading(wizard) == TREE.questions[TREE.start].text


@pytest.mark.parametrize("fragment", [
    "#a=onzin", "#a=vt-wordt-gevraagd/misschien", "#a=vt-wordt-gevraagd/ja/nee/ja/ja",
    "#a=vt-wordt-gevraagd/ja&wijzig=druk", "#x=1", "#a=%E0%A4%A", "#a=../../etc", "#a=<script>",
])
def test_tampered_fragment_shows_a_message_and_no_error(wizard, fragment):
    wizard.goto(wizard.url.split("#")[0] + fragment)
    wizard.wait_for_selector("#beslishulp-kop")
    assert heading(wizard) == "Deze link werkt niet"
    follow(wizard, "Begin opnieuw met de eerste vraag")
    assert heading(wizard) == TREE.questions[TREE.start].text
    assert wizard.errors == []


def test_nothing_is_requested_stored_or_sent_while_answering(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/"))
    page.wait_for_selector("[data-answer]")
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    answer_all(page, SCENARIO.answers)
    follow(page, "Maak een afwegingsverslag")
    page.fill("textarea >> nth=0", "Een geheime notitie")
    follow(page, "Terug naar de uitkomst")
    assert requests == []
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    context.close()


def test_keyboard_only_walk_reaches_an_outcome_with_focus_on_each_heading(wizard):
    for answer_id in ("samenwerking-loopt-vast", "wrijving"):
        for _ in range(40):
            wizard.keyboard.press("Tab")
            if wizard.evaluate("document.activeElement.dataset.answer") == answer_id:
                break
        else:
            pytest.fail(f"Tab never reached answer {answer_id}")
        after_render(wizard, lambda: wizard.keyboard.press("Enter"))
        assert wizard.evaluate("document.activeElement.id") == "beslishulp-kop"
    assert outcome_shown(wizard) == "wrijving-bespreken"
    wizard.wait_for_function("document.querySelector('[aria-live]').textContent.startsWith('Uitkomst:')")


@pytest.mark.parametrize("answers", [(), SCENARIO.answers[:4], SCENARIO.answers], ids=["start", "midden", "uitkomst"])
def test_axe_finds_no_violation(wizard, answers):
    answer_all(wizard, answers)
    results = Axe().run(wizard, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violation_in_the_record_and_the_change_view(wizard):
    answer_all(wizard, SCENARIO.answers)
    follow(wizard, "Maak een afwegingsverslag")
    results = Axe().run(wizard, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    follow(wizard, "Terug naar de uitkomst")
    follow(wizard, f"Wijzig uw antwoord op: {TREE.questions['druk'].text}")
    results = Axe().run(wizard, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [320, 640])
def test_usable_on_a_narrow_screen_and_at_200_percent_zoom(browser, server, width):
    # 640 CSS pixels is what a 1280-pixel screen shows at 200% zoom
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/#a=" + "/".join(SCENARIO.answers[:5])))
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
    page.fill("#notitie-eigen-rol", "Overlegd met de gedragswetenschapper.")
    return page


def expected_record_texts():
    outcome = TREE.outcomes[SCENARIO.outcome]
    node, texts = TREE.start, []
    for answer_id in SCENARIO.answers:
        answer = next(a for a in TREE.questions[node].answers if a.id == answer_id)
        texts.append(plain(answer.text))
        node = answer.target
    book = load_content().rulebook
    texts += [plain(book.citation(ref).text) for ref in outcome.citations]
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
