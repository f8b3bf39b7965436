"""Editions and "Wijzig" in the wizard, in Chromium.

On a toy build with two editions (tests/bomen/uitgaven/: 1.0 frozen, 2.0 current), served
under a sub-path: a link of an earlier edition opens that edition's route and advice, marked
as such, with a way to the current one; unknown editions and answers that fit no edition get
a message. On the real site: a route of edition 2.1 (from its paden.txt) still shows 2.1's
outcome. Then "Wijzig uw antwoord" on the toy tree: Annuleren, Vorige, and a confirm step
that names the answers a change drops before it drops them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import copy_project, mkdocs_build
from devsupport import SUB_PATH, serve

TESTS = Path(__file__).parent
TOY = TESTS / "bomen" / "uitgaven"
REAL_EDITIONS = TESTS.parent / "decision_tree" / "edities"
NOTICE = "[data-wizard] .beslishulp-uitgave"
AGAIN = "Beantwoord de vragen opnieuw met de huidige uitgave"


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """The toy build, served under the deployment's sub-path; yields (wizard URL, requests seen)."""
    work = tmp_path_factory.mktemp("uitgaven")
    project = copy_project(work / "project")
    content = project / "decision_tree"
    shutil.copy(TOY / "nieuw.yaml", content / "beslisboom.yaml")
    shutil.copy(TESTS / "casussen" / "uitgaven.yaml", content / "casuistiek.yaml")
    shutil.rmtree(content / "edities")
    (content / "edities" / "1.0").mkdir(parents=True)
    frozen = content / "edities" / "1.0" / "beslisboom.yaml"
    shutil.copy(TOY / "oud.yaml", frozen)
    (content / "edities" / "bevroren.txt").write_text(
        f"1.0 {hashlib.sha256(frozen.read_bytes()).hexdigest()}\n", encoding="utf-8")
    site = work / "www" / SUB_PATH.strip("/")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    httpd = serve(work / "www")
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH}beslisboom/"
    httpd.shutdown()


def open_wizard(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-wizard]').dataset.state === location.hash")
    return page


def wait_for_state(page, before):
    page.wait_for_function("before => document.querySelector('[data-wizard]').dataset.state !== before "
                           "&& document.querySelector('[data-wizard]').dataset.state === location.hash", arg=before)


def after_render(page, action):
    before = page.get_attribute("[data-wizard]", "data-state")
    action()
    wait_for_state(page, before)


def heading(page) -> str:
    return page.locator("#beslishulp-kop").inner_text()


def advice(page) -> list[str]:
    return [t.split(" Advies van dit handboek")[0].strip()
            for t in page.locator("[data-wizard] h3:text-is('Wat kunt u doen?') + ol > li").all_inner_texts()]


def fragment(page) -> str:
    return page.evaluate("location.hash")


# --- editions ------------------------------------------------------------------------

def test_a_link_of_an_earlier_edition_shows_that_editions_route_and_advice(browser, toy):
    page = open_wizard(browser, toy + "#a=nee&uitgave=1.0")
    assert heading(page) == "Klaar"
    assert advice(page) == ["Doe dit zoals toen."]
    notice = page.locator(NOTICE)
    assert notice.locator(".admonition-title").inner_text() == "Eerdere uitgave (versie 1.0)"
    assert "zoals ze waren in versie 1.0 van de beslisboom" in notice.inner_text()
    assert page.get_attribute("[data-wizard]", "data-uitgave") == "1.0"
    assert page.get_by_role("link", name="Deze uitkomst als losse pagina").count() == 0  # its page is not on the site
    # relative to the page, so under the sub-path
    assert [r for r in page.requests if "edities" in r] == [urljoin(toy, "edities/1.0.json")]
    page.wait_for_function("document.querySelector('[aria-live]').textContent.startsWith('Eerdere uitgave, versie 1.0.')")
    assert page.errors == []
    page.context.close()


def test_answering_on_in_an_earlier_edition_stays_in_it(browser, toy):
    page = open_wizard(browser, toy + "#a=ja&uitgave=1.0")
    assert heading(page) == "Tweede vraag?"
    assert page.locator(NOTICE).count() == 1
    after_render(page, lambda: page.click("[data-answer='ja']"))
    assert heading(page) == "Klaar" and advice(page) == ["Doe dit zoals toen."]
    assert fragment(page) == "#a=ja/ja&uitgave=1.0"
    page.context.close()


def test_an_old_link_without_edition_opens_the_newest_edition_it_fits(browser, toy):
    page = open_wizard(browser, toy + "#a=weet-niet")  # no such answer in 2.0
    assert heading(page) == "Een einde dat verviel"
    assert "Eerdere uitgave (versie 1.0)" in page.locator(NOTICE).inner_text()
    page.context.close()
    page = open_wizard(browser, toy + "#a=nee")  # fits the current edition: read with it
    assert heading(page) == "Een nieuw einde"
    assert page.locator(NOTICE).count() == 0
    assert [r for r in page.requests if "edities" in r] == []
    page.context.close()


def test_answer_again_with_the_current_edition(browser, toy):
    page = open_wizard(browser, toy + "#a=nee&uitgave=1.0")
    after_render(page, lambda: page.get_by_role("link", name=AGAIN).click())
    assert heading(page) == "Waar begint u?"
    assert page.locator(NOTICE).count() == 0
    assert page.get_attribute("[data-wizard]", "data-uitgave") == "2.0"
    after_render(page, lambda: page.click("[data-answer='nee']"))
    assert heading(page) == "Een nieuw einde"
    assert fragment(page) == "#a=nee&uitgave=2.0"  # what the wizard writes names the edition
    page.context.close()


@pytest.mark.parametrize("link, words", [
    ("#a=ja&uitgave=9.9", "Deze link hoort bij versie 9.9 van de beslisboom. Die versie staat niet op deze site."),
    ("#a=onzin/onzin", "De antwoorden passen ook niet bij een eerdere uitgave van de beslisboom."),
    ("#a=nee/ja&uitgave=1.0", "Er staan meer antwoorden in de link dan er vragen zijn."),
], ids=["onbekende-uitgave", "past-nergens", "past-niet-in-1.0"])
def test_an_unknown_edition_or_answers_that_fit_none_give_a_message(browser, toy, link, words):
    page = open_wizard(browser, toy + link)
    assert heading(page) == "Deze link werkt niet"
    assert words in page.locator("[data-wizard]").inner_text()
    after_render(page, lambda: page.get_by_role("link", name="Begin opnieuw met de eerste vraag").click())
    assert heading(page) == "Waar begint u?"
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("code, version", [("nee", "versie 1.0"), ("1.0:nee", ""), (" nee ", "1.0")])
def test_an_answer_code_from_a_record_opens_its_editions_route(browser, toy, code, version):
    page = open_wizard(browser, toy)
    page.get_by_text("Een antwoordcode openen").click()
    page.get_by_label("Antwoordcode").fill(code)
    page.get_by_label("Versie van de beslisboom").fill(version)
    after_render(page, lambda: page.get_by_role("button", name="Open deze route").click())
    assert heading(page) == "Klaar" and advice(page) == ["Doe dit zoals toen."]
    assert fragment(page) == "#a=nee&uitgave=1.0"
    assert page.evaluate("document.activeElement.id") == "beslishulp-kop"
    page.context.close()


def real_route(version: str) -> tuple[list[str], str]:
    """A path of a frozen edition, read from its paden.txt: its answers and its outcome."""
    lines = (REAL_EDITIONS / version / "paden.txt").read_text(encoding="utf-8").splitlines()
    path = next(line for line in lines if line and not line.startswith("#") and line.count("=") >= 3)
    steps, outcome = path.split(" -> ")
    return [step.split("=", 1)[1] for step in steps.split()], outcome


@pytest.mark.parametrize("named", [True, False], ids=["met-uitgave", "oude-link"])
def test_a_route_of_edition_2_1_on_the_real_site_still_shows_its_outcome(browser, server, site, named):
    answers, outcome = real_route("2.1")
    data = json.loads((site / "beslisboom" / "edities" / "2.1.json").read_text(encoding="utf-8"))
    link = "#a=" + "/".join(answers) + ("&uitgave=2.1" if named else "")
    page = open_wizard(browser, urljoin(server, "beslisboom/") + link)
    assert page.get_attribute("#beslishulp-kop", "data-outcome") == outcome
    assert heading(page) == data["uitkomsten"][outcome]["titel"]
    assert "Eerdere uitgave (versie 2.1)" in page.locator(NOTICE).inner_text()
    assert page.errors == []
    page.context.close()


# --- Wijzig: a way back, and no answer dropped without asking -------------------------

FULL = "#a=ja/ja/ja&uitgave=2.0"  # start -> tweede -> derde -> klaar


def change(page, question: str):
    after_render(page, lambda: page.get_by_role("link", name=f"Wijzig uw antwoord op: {question}").click())
    assert heading(page) == question


def pick_and_wait_for_confirm(page, answer_id: str):
    page.click(f"[data-wizard] [data-answer='{answer_id}']")
    page.wait_for_selector("#beslishulp-kop[data-bevestigen]")


def test_cancel_returns_to_the_outcome_with_every_answer(browser, toy):
    page = open_wizard(browser, toy + FULL)
    change(page, "Waar begint u?")
    cancel = page.get_by_role("link", name="Annuleren")
    assert cancel.count() == 1
    cancel.focus()
    after_render(page, lambda: page.keyboard.press("Enter"))
    assert fragment(page) == FULL and heading(page) == "Klaar"
    assert page.evaluate("document.activeElement.id") == "beslishulp-kop"
    page.context.close()


def test_cancel_returns_to_the_question_the_user_was_at(browser, toy):
    page = open_wizard(browser, toy + "#a=ja/ja&uitgave=2.0")
    assert heading(page) == "Derde vraag?"
    change(page, "Waar begint u?")
    after_render(page, lambda: page.get_by_role("link", name="Annuleren").click())
    assert fragment(page) == "#a=ja/ja&uitgave=2.0" and heading(page) == "Derde vraag?"
    page.context.close()


def test_a_change_that_drops_answers_says_which_and_asks_first(browser, toy):
    page = open_wizard(browser, toy + FULL)
    change(page, "Waar begint u?")
    # the answer's own text says it beforehand
    assert page.locator("[data-answer='nee']").inner_text().endswith("(dan vervallen 2 latere antwoorden)")
    assert page.locator("[data-answer='later']").inner_text().endswith("(dan vervalt 1 later antwoord)")
    before = fragment(page)
    pick_and_wait_for_confirm(page, "nee")
    assert heading(page) == "Deze antwoorden vervallen"
    assert page.evaluate("document.activeElement.id") == "beslishulp-kop"
    items = page.locator("[data-wizard] ul li").all_inner_texts()
    assert items == ["2. Tweede vraag, anders gesteld? Ja, door.", "3. Derde vraag? Ja."]
    page.wait_for_function("document.querySelector('[aria-live]').textContent.startsWith('Deze antwoorden vervallen')")
    assert fragment(page) == before  # nothing dropped yet
    # no: back to the question, all answers kept
    page.click("[data-bevestig='nee']")
    page.wait_for_function("document.querySelector('#beslishulp-kop').textContent === 'Waar begint u?'")
    assert fragment(page) == before
    assert page.locator(".beslishulp-samenvatting dd").count() == 3
    # yes: the answer changes and the later ones go
    pick_and_wait_for_confirm(page, "nee")
    after_render(page, lambda: page.click("[data-bevestig='ja']"))
    assert heading(page) == "Een nieuw einde" and fragment(page) == "#a=nee&uitgave=2.0"
    page.context.close()


def test_a_change_keeps_the_later_answers_that_still_fit(browser, toy):
    page = open_wizard(browser, toy + FULL)
    change(page, "Waar begint u?")
    pick_and_wait_for_confirm(page, "later")  # straight to the third question: only the second's answer goes
    assert page.locator("[data-wizard] ul li").all_inner_texts() == ["2. Tweede vraag, anders gesteld? Ja, door."]
    after_render(page, lambda: page.click("[data-bevestig='ja']"))
    assert fragment(page) == "#a=later/ja&uitgave=2.0" and heading(page) == "Klaar"
    page.context.close()


def test_a_change_that_drops_nothing_needs_no_confirm(browser, toy):
    page = open_wizard(browser, toy + FULL)
    change(page, "Derde vraag?")
    after_render(page, lambda: page.click("[data-answer='nee']"))
    assert fragment(page) == "#a=ja/ja/nee&uitgave=2.0" and heading(page) == "Anders"
    page.context.close()


def test_previous_in_change_mode_keeps_every_answer(browser, toy):
    page = open_wizard(browser, toy + FULL)
    change(page, "Derde vraag?")
    after_render(page, lambda: page.get_by_role("link", name="Vorige").click())
    assert heading(page) == "Tweede vraag, anders gesteld?"
    assert fragment(page) == FULL + "&wijzig=tweede"
    assert page.locator(".beslishulp-samenvatting dd").count() == 3
    assert page.evaluate("document.activeElement.id") == "beslishulp-kop"
    page.context.close()


def test_axe_finds_no_violation_in_an_earlier_edition_and_the_confirm_step(browser, toy):
    from devsupport import axe_at_rest

    page = open_wizard(browser, toy + "#a=nee&uitgave=1.0")
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    page.goto(toy + FULL + "&wijzig=start")
    page.wait_for_selector("[data-answer='nee']")
    pick_and_wait_for_confirm(page, "nee")
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_edition_notice_and_the_confirm_step_fit_the_screen(browser, toy, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    for link, ready in [("#a=nee&uitgave=1.0", NOTICE), (FULL + "&wijzig=start", "[data-answer='nee']")]:
        page.goto(toy + link)
        page.wait_for_selector(ready)
        if "wijzig" in link:
            pick_and_wait_for_confirm(page, "nee")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for control in page.locator("[data-wizard] :is(a, button)").all():
            box = control.bounding_box()
            if box:
                assert 0 <= box["x"] and box["x"] + box["width"] <= width, control.inner_text()
    context.close()
