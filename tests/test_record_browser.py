"""The afwegingsverslag fit for a client file (printed and copied), and the wizard on a phone:
the first question above the fold, the route chart and the overview charts opening on their
start, page scroll over a chart.

Paths and ids are read from the compiled JSON of the real tree (/beslisboom/beslisboom.json),
never typed in here."""

from __future__ import annotations

import io
import json
import urllib.request
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENS = {"390": PHONE, "1280": DESKTOP}

# what a professional types: realistic lengths, so that the page count means something
NOTE = ("Besproken met de gedragswetenschapper; de informatie komt uit het dossier van vorige week "
        "en is nagegaan bij de melder.")
TEXT_FIELDS = {
    "Dossier- of registratienummer": "VT-2026-0042",
    "Opgesteld door (naam en functie)": "J. de Vries, aandachtsfunctionaris",
    "Registratienummer of toelichting": "SKJ 110012345",
    "Wie vraagt (organisatie en functie)": "Politie Utrecht, wijkagent",
    "Het gestelde doel": "Een veiligheidsplan maken voor het gezin voor het casusoverleg van donderdag.",
    "Wat is gedeeld of achtergehouden": "Gedeeld: de datum van de melding en het lopende traject. "
                                         "Achtergehouden: de inhoud van de gesprekken met de kinderen.",
    "Aan wie (ontvanger: organisatie en functie)": "De wijkagent, mondeling in het casusoverleg",
    "Het besluit": "Deels gedeeld, alleen wat nodig is voor het veiligheidsplan.",
    "Het gezin over het overleg geïnformeerd (vuistregel 7, punt 4): wanneer en door wie, of waarom niet":
        "Maandag door de casusregisseur, telefonisch.",
    "Het gezin over het delen geïnformeerd (vuistregel 7, punt 3): wanneer en door wie, of waarom niet":
        "Dinsdag door mij, in een huisbezoek.",
    "Vervolgafspraken": "Evaluatie over vier weken in het casusoverleg.",
    "Overleg of consultatie: met wie, en de uitkomst": "Collegiaal overleg met de jurist: delen past.",
}
SELECTS = {"Registratie van de opsteller": "SKJ", "Vorm van het delen": "mondeling"}
# every label the verslag carries, printed and copied alike
LABELS = ["Datum en tijd", "Beslisboom", "Antwoordcode", "Registratie van de opsteller", *TEXT_FIELDS,
          *SELECTS, "Vragen en antwoorden", "Uitkomst", "Uit de vuistregels"]


def compiled(server) -> dict:
    with urllib.request.urlopen(urljoin(server, "beslisboom/beslisboom.json")) as response:
        return json.load(response)


def paths(data):
    """Every path from the start: (answer ids, [(question id, answer)], outcome id)."""
    todo = [((), [], data["start"])]
    while todo:
        answers, steps, node = todo.pop()
        if node in data["uitkomsten"]:
            yield answers, steps, node
            continue
        for answer in data["vragen"][node]["antwoorden"]:
            todo.append(((*answers, answer["id"]), [*steps, (node, answer)], answer["naar"]))


def typical(data):
    """A typical long decision: a 7-question path (the most the tree asks), preferring one whose
    reminders ask the verslag a question, then the one with the most cited rule texts."""
    def weight(item):
        answers, steps, outcome = item
        asked = sum(1 for _, a in steps for r in a["let_op"] if r["verslagvraag"])
        return len(answers), asked > 0, len(data["uitkomsten"][outcome]["bronnen"])
    return max(paths(data), key=weight)


def perspective(steps):
    found = None
    for _, answer in steps:
        found = answer.get("perspectief") or found
    return found


def normalise(text: str) -> str:
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


@pytest.fixture(scope="module")
def data(server):
    return compiled(server)


@pytest.fixture
def record(browser, server, data):
    """The verslag of a typical decision, every field and note filled in."""
    answers, steps, outcome = typical(data)
    assert len(answers) == 7
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/#a=" + "/".join(answers) + "&verslag"))
    page.wait_for_selector("textarea")
    for label, value in TEXT_FIELDS.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in SELECTS.items():
        page.get_by_label(label, exact=True).select_option(value)
    for question_id, _ in steps:
        page.fill(f"#notitie-{question_id}", NOTE)
    for _, answer in steps:
        for reminder in answer["let_op"]:
            if reminder["verslagvraag"]:
                page.get_by_label(reminder["verslagvraag"], exact=True).fill("Er zijn goede redenen: " + NOTE)
    page.typical = answers, steps, outcome
    yield page
    context.close()


def printed_pages(page) -> list[str]:
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return [normalise(p.extract_text()) for p in reader.pages]


def copied(page) -> str:
    page.get_by_role("button", name="Kopieer als tekst").click()
    page.wait_for_function("document.querySelector('[aria-live]').textContent.includes('gekopieerd')")
    return normalise(page.evaluate("navigator.clipboard.readText()"))


# --- the verslag ------------------------------------------------------------------------

def test_typical_record_prints_on_at_most_two_a4_pages(record):
    pages = printed_pages(record)
    assert len(pages) <= 2, f"{len(pages)} pagina's"


def test_outcome_block_and_answers_are_never_split_over_a_page_break(record, data):
    answers, steps, outcome = record.typical
    pages = printed_pages(record)
    part = data["uitkomsten"][outcome].get("voor_" + str(perspective(steps))) or data["uitkomsten"][outcome]
    shown = record.locator(".verslag-uitkomst li").all_inner_texts()
    assert shown, "het verslag toont geen advies"
    # the outcome's title and its last advice step on one printed page
    title = normalise(data["uitkomsten"][outcome]["titel"])
    assert any(title in p and normalise(shown[-1])[:60] in p for p in pages)
    # each answer with its question on one page
    for question_id, answer in steps:
        question = normalise(data["vragen"][question_id]["vraag"])
        assert any(question in p and normalise(answer["tekst"]) in p for p in pages), question
    # and the rule holds for every block, whatever the content: break-inside avoid in print
    record.emulate_media(media="print")
    loose = record.evaluate("""() => Array.from(document.querySelectorAll(
        '.verslag-uitkomst, .verslag-stappen > li, .verslag-let-op > li, .verslag-veld, .verslag-bijlage > li, '
        + '.verslag-gegevens, .verslag-route')).filter(e => getComputedStyle(e).breakInside !== 'avoid')
        .map(e => e.className || e.tagName)""")
    assert loose == []
    assert part["advies"]


def test_printed_and_copied_record_carry_the_same_fields(record, data):
    answers = record.typical[0]
    text = copied(record)
    printed = " ".join(printed_pages(record))
    code = data["versie"] + ":" + "/".join(answers)  # the edition is in the code itself
    for label in LABELS:
        assert normalise(label) in printed, label
        assert normalise(label) in text, label
    for value in [*TEXT_FIELDS.values(), *SELECTS.values(), NOTE, code]:
        assert normalise(value) in printed, value
        assert normalise(value) in text, value


def test_record_route_is_the_path_walked_without_the_section_chart(record, data):
    answers, steps, outcome = record.typical
    verslag = record.locator("[data-wizard]")
    assert verslag.locator("svg").count() == 0
    assert "Klik op een vraag" not in verslag.inner_text()
    route = normalise(record.locator(".verslag-route").inner_text())
    walked = [f"Vraag {data['vragen'][q]['nummer']}" for q, _ in steps]
    walked.append(f"Uitkomst {data['uitkomsten'][outcome]['letter']}")
    assert [part.strip() for part in route.split(":", 1)[1].split("→")] == walked


def test_record_advice_is_this_perspectives_decisive_advice(record, data):
    answers, steps, outcome = record.typical
    o = data["uitkomsten"][outcome]
    own = perspective(steps)
    part = o.get(f"voor_{own}") or o
    shown = [normalise(t) for t in record.locator(".verslag-uitkomst li").all_inner_texts()]
    sourced = [normalise(s["tekst"]) for s in part["advies"] if isinstance(s, dict) and s["bronnen"] and not s.get("als")]
    assert sourced and all(any(s in t for t in shown) for s in sourced)
    assert not any("afwegingsverslag" in t.lower() for t in shown)
    # own advice, and steps that apply only sometimes, stay on the outcome step
    left_out = [normalise(s["tekst"]) for s in part["advies"]
                if isinstance(s, dict) and (s["eigen_advies"] or s.get("als"))]
    assert left_out and not any(s in t for s in left_out for t in shown)
    for other in (k for k in ("voor_vt", "voor_partner") if k in o and k != f"voor_{own}"):
        assert not any(normalise(s["tekst"]) in t for s in o[other]["advies"] for t in shown
                       if normalise(s["tekst"]) not in sourced)


def test_record_quotes_rules_in_short(record, data):
    _, steps, outcome = record.typical
    items = record.locator(".verslag-bijlage > li").all_inner_texts()
    found = data["uitkomsten"][outcome]
    own = perspective(steps)
    part = found.get(f"voor_{own}") if own else None
    # the points of the steps the verslag shows (no own advice, no "als" steps), each once
    shown = {b["ref"] for step in (part or found)["advies"] if isinstance(step, dict)
             and not step["eigen_advies"] and not step.get("als") for b in step["bronnen"]}
    assert shown and len(items) == len(shown)
    assert all(len(item) < 400 for item in items)
    assert record.locator(".verslag-bijlage a").count() == len(items)


# --- on a phone and on a desktop -------------------------------------------------------

@pytest.mark.parametrize("screen", SCREENS, ids=SCREENS)
def test_first_question_and_its_answers_are_visible_without_scrolling(browser, server, screen):
    page = browser.new_page(viewport=SCREENS[screen])
    page.goto(urljoin(server, "beslisboom/"))
    page.wait_for_selector("[data-wizard] [data-answer]")
    assert page.evaluate("window.scrollY") == 0
    heading = page.locator("#beslishulp-kop").bounding_box()
    assert heading["y"] >= 0
    for button in page.locator("[data-answer]").all():
        box = button.bounding_box()
        assert box["y"] + box["height"] <= SCREENS[screen]["height"], button.inner_text()
    # the privacy note and the disclaimer are still on the page
    assert page.get_by_text("Een hulpmiddel, geen besluit").count() >= 1
    assert page.locator("details", has_text="blijft in uw browser").count() == 1
    page.close()


def box_shows(box, node_selector: str) -> bool:
    """The node lies wholly inside the chart's box, left to right."""
    return box.evaluate("""(box, n) => { const node = box.querySelector(n);
        const r = box.getBoundingClientRect(), s = node.getBoundingClientRect();
        return s.left >= r.left - 1 && s.right <= r.right + 1; }""", node_selector)


def outcome_page(browser, server, data, screen):
    answers = typical(data)[0]
    context = browser.new_context(viewport=SCREENS[screen], has_touch=True, is_mobile=screen == "390")
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/#a=" + "/".join(answers)))
    page.wait_for_selector("[data-wizard] [data-outcome]")
    return page, answers


@pytest.mark.parametrize("screen", SCREENS, ids=SCREENS)
def test_route_chart_opens_with_the_first_walked_node_in_view_and_a_scroll_hint(browser, server, data, screen):
    page, answers = outcome_page(browser, server, data, screen)
    box = "[data-wizard] .stroomschema"
    page.locator(box).scroll_into_view_if_needed()
    page.wait_for_timeout(100)
    first = page.evaluate(f"document.querySelector('{box} .node.route').id")
    assert first.endswith("--" + data["start"])
    assert box_shows(page.locator(box), ".node.route")
    overflows = page.evaluate(f"(b => b.scrollWidth > b.clientWidth)(document.querySelector('{box}'))")
    hint = page.locator("[data-wizard] .schema-schuifhint")
    assert hint.is_visible() == overflows
    if screen == "390":
        assert overflows  # a real section chart is wider than a phone
    page.context.close()


@pytest.mark.parametrize("screen", SCREENS, ids=SCREENS)
def test_a_vertical_swipe_over_the_route_chart_scrolls_the_page(browser, server, data, screen):
    page, answers = outcome_page(browser, server, data, screen)
    box = page.locator("[data-wizard] .stroomschema")
    # the box scrolls sideways only: a vertical swipe has nothing to scroll in it
    assert box.evaluate("b => getComputedStyle(b).overflowY") == "hidden"
    # the box's top a little below the top of the screen; a swipe down over it should scroll the page up
    page.evaluate("b => window.scrollTo(0, window.scrollY + b.getBoundingClientRect().top - 100)", box.element_handle())
    before = page.evaluate("window.scrollY")
    assert before > 300
    area = box.bounding_box()
    x = area["x"] + area["width"] / 2
    y = area["y"] + min(area["height"], SCREENS[screen]["height"] - area["y"]) / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.synthesizeScrollGesture", {"x": x, "y": y, "yDistance": 250, "speed": 1200,
                                                "gestureSourceType": "mouse"})
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") < before - 100
    page.context.close()


@pytest.mark.parametrize("screen", SCREENS, ids=SCREENS)
def test_overview_charts_open_on_their_start_node(browser, server, data, screen):
    page = browser.new_page(viewport=SCREENS[screen])
    page.goto(urljoin(server, "beslisboom/overzicht/"))
    count = page.locator(".stroomschema").count()
    assert count >= 2
    for i in range(count):
        box = page.locator(".stroomschema").nth(i)
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(150)
        start = box.locator(f'.node[id$="--{data["start"]}"]')
        assert start.count() == 1
        assert box_shows(box, f'.node[id$="--{data["start"]}"]'), i
    page.close()
