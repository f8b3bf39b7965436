"""The wizard with perspectives and provenance, in Chromium, on a toy build
(tests/bomen/perspectief.yaml): the outcome step and the afwegingsverslag show only the
part for the path's perspective, with each advice step's sources or the own-advice label."""

from __future__ import annotations

import io
import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from devsupport import serve
from pypdf import PdfReader

TOY = Path(__file__).parent
OWN = "Advies van dit handboek, geen vuistregel"


@pytest.fixture(scope="module")
def toy_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("perspectief")
    project = copy_project(work / "project")
    shutil.copy(TOY / "bomen" / "perspectief.yaml", project / "decision_tree" / "beslisboom.yaml")
    shutil.copy(TOY / "casussen" / "perspectief.yaml", project / "decision_tree" / "casuistiek.yaml")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    httpd = serve(work / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}/beslisboom/"
    httpd.shutdown()


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


def test_steps_that_apply_only_sometimes_follow_the_others_each_after_its_question(browser, toy_url, data):
    outcome_id, perspective = walk(data, ("partner", "ja"))
    sometimes = [s for s in data["uitkomsten"][outcome_id][f"voor_{perspective}"]["advies"] if s.get("als")]
    assert sometimes  # the toy's partner part has one
    page = open_page(browser, toy_url + "#a=partner/ja")
    intro = page.locator("[data-wizard] ol + p.als-het-geldt")
    assert intro.inner_text() == "Geldt een van deze situaties voor u? Dan ook:"
    items = page.locator("[data-wizard] p.als-het-geldt + ul > li")
    assert items.locator("strong").all_inner_texts() == [s["als"] for s in sometimes]
    for item, step in zip(items.all_inner_texts(), sometimes):
        assert item.startswith(step["als"] + " " + step["tekst"] + " (bron: ")
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
