"""Keyboard only, in Chromium: no single-key shortcut, the afwegingsverslag survives leaving the
page, and the focused element is always visible (never under the sticky header, never in the
closed drawer) at 1280 px, at 200 % zoom (640 px CSS), at 400 % (320 px CSS) and on a 390 px
phone.

Paths through the beslisboom are read from the compiled JSON of the built site, never typed in."""

from __future__ import annotations

import json
import string
from urllib.parse import urljoin

import pytest

# Every printable ASCII character except the space (which activates buttons, as it should).
PRINTABLE = string.ascii_letters + string.digits + string.punctuation
FOCUSABLE = ("a[href], button, input:not([type=hidden]), textarea, select, summary, "
             "[tabindex]:not([tabindex='-1'])")
TEXT_FIELD = "el => el.matches('textarea, input[type=text], input[type=search], input:not([type])')"
VIEWPORTS = {"1280px": (1280, 800), "200-procent": (640, 400), "telefoon": (390, 844), "400-procent": (320, 256)}


@pytest.fixture(scope="module")
def tree(site):
    return json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))


def path_to_outcome(tree) -> list[str]:
    """The answer ids of the first path (first answers only) that ends at an outcome."""
    answers, node = [], tree["start"]
    while node in tree["vragen"]:
        answer = tree["vragen"][node]["antwoorden"][0]
        answers.append(answer["id"])
        node = answer["naar"]
    return answers


def wizard_states(tree) -> dict[str, str]:
    answers = "/".join(path_to_outcome(tree))
    return {"vraag": "", "uitkomst": "#a=" + answers, "verslag": "#a=" + answers + "&verslag"}


def open_page(browser, url: str, width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    if "beslisboom/" in url and url.split("#")[0].endswith("beslisboom/"):
        page.wait_for_selector("[data-wizard] #beslishulp-kop")
    page.wait_for_load_state("networkidle")
    return page


# --- 1. no single-key shortcut (WCAG 2.1.4) ---------------------------------------------

@pytest.mark.parametrize("state", ["vraag", "uitkomst", "verslag"])
def test_no_printable_key_acts_outside_a_text_field(browser, server, tree, state):
    url = urljoin(server, "beslisboom/") + wizard_states(tree)[state]
    page = open_page(browser, url)
    typed = {}
    fields = page.locator("[data-wizard] textarea, [data-wizard] input[type=text]")
    for i in range(fields.count()):
        if not fields.nth(i).is_visible():
            continue  # in a closed <details> (the answer code on the first question)
        fields.nth(i).fill(f"Getypt in veld {i}")
        typed[i] = f"Getypt in veld {i}"
    focusable = page.locator(f"[data-wizard] :is({FOCUSABLE})")
    count = focusable.count()
    assert count > 3
    for i in range(count):
        element = focusable.nth(i)
        if element.evaluate(TEXT_FIELD) or not element.evaluate("el => el.checkVisibility()"):
            continue  # typing in a field is tested below; a closed <details> hides its links
        element.focus()
        page.keyboard.type(PRINTABLE)
        where = element.evaluate("el => el.outerHTML.slice(0, 80)")
        assert page.url == url, f"een toets in {where} verliet de pagina"
        assert not page.evaluate("document.getElementById('__search').checked"), f"een toets in {where} opende zoeken"
        focused_here = element.evaluate("el => el === document.activeElement")
        assert focused_here, f"een toets in {where} verplaatste de focus"
    for i, text in typed.items():
        assert fields.nth(i).input_value() == text
    assert page.errors == []
    page.context.close()


def test_typing_in_a_text_field_still_types_every_key(browser, server, tree):
    page = open_page(browser, urljoin(server, "beslisboom/") + wizard_states(tree)["verslag"])
    area = page.locator("[data-wizard] textarea").first
    area.focus()
    page.keyboard.type(PRINTABLE)
    assert area.input_value() == PRINTABLE
    page.context.close()


# --- 2. the verslag survives leaving the page -------------------------------------------

def typed_verslag(browser, server, tree):
    page = open_page(browser, urljoin(server, "beslisboom/") + wizard_states(tree)["verslag"])
    fields = page.locator("[data-wizard] textarea, [data-wizard] input[type=text]")
    texts = [f"Tekst in veld {i}" for i in range(fields.count())]
    for i, text in enumerate(texts):
        fields.nth(i).fill(text)
    return page, fields, texts


def leave_by_the_footer(page) -> list[str]:
    """Click the footer's privacy link, accepting any warning; returns the warnings' types."""
    warnings: list[str] = []

    def accept(dialog):
        warnings.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="Privacyverklaring").click()
    return warnings


def test_leaving_the_verslag_with_typed_text_asks_first(browser, server, tree):
    page, _, _ = typed_verslag(browser, server, tree)
    assert leave_by_the_footer(page) == ["beforeunload"]
    page.context.close()


def test_leaving_without_typed_text_asks_nothing(browser, server, tree):
    page = open_page(browser, urljoin(server, "beslisboom/") + wizard_states(tree)["verslag"])
    page.locator("[data-wizard] textarea").first.fill("weg")
    page.locator("[data-wizard] textarea").first.fill("")
    assert leave_by_the_footer(page) == []
    page.context.close()


def test_back_after_leaving_brings_the_typed_text_back_without_storage(browser, server, tree):
    page, fields, texts = typed_verslag(browser, server, tree)
    verslag_url = page.url
    leave_by_the_footer(page)
    page.go_back()
    page.wait_for_selector("[data-wizard] textarea")
    assert page.url == verslag_url
    assert [fields.nth(i).input_value() for i in range(fields.count())] == texts
    # kept in the tab's history only: no cookies, no storage, and gone from history.state again
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("history.state") is None
    page.context.close()


def test_restart_forgets_the_typed_text(browser, server, tree):
    page, fields, _ = typed_verslag(browser, server, tree)
    page.get_by_role("link", name="Opnieuw beginnen").click()
    page.wait_for_selector("[data-wizard] [data-answer]")
    page.goto(urljoin(server, "beslisboom/") + wizard_states(tree)["verslag"])
    page.wait_for_selector("[data-wizard] textarea")
    assert all(fields.nth(i).input_value() == "" for i in range(fields.count()))
    page.context.close()


# --- 3. the focused element is always visible --------------------------------------------

# Where the focused element is, and whether the sticky header or the viewport's edge hides it.
FOCUS_BOX = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  // the header, the open drawer and the open search lie above the page: nothing covers them
  // when the element's top left corner is the element itself
  const probe = document.elementFromPoint(Math.min(Math.max(box.left + 2, 0), innerWidth - 1),
                                          Math.min(Math.max(box.top + 2, 0), innerHeight - 1));
  const onTop = !!probe && (probe === el || el.contains(probe));
  const inHeader = !!el.closest('.md-header') || getComputedStyle(el).position === 'fixed'
    || (onTop && !!el.closest('.md-sidebar--primary, .md-search'));
  const top = inHeader ? 0 : header.bottom;
  const name = (el.getAttribute('aria-label') || el.textContent || el.outerHTML).trim().slice(0, 60);
  // a small element is seen whole; one taller than half the room below the header (a chart,
  // a long search result at 400 %) shows at least its top
  const room = innerHeight - top;
  const fits = box.height <= room / 2
    ? box.top >= top - 1 && box.bottom <= innerHeight + 1
    : box.top >= top - 1 && box.top < innerHeight - 24;
  const across = box.right > 0 && box.left < innerWidth && box.width > 0 && box.height > 0;
  return {name, visible: el.checkVisibility({visibilityProperty: true}) && fits && across,
          box: [Math.round(box.left), Math.round(box.top), Math.round(box.width), Math.round(box.height)],
          header: Math.round(top)};
}"""


def tab_walk(page, stops: int = 200) -> list[dict]:
    """Press Tab until the focus leaves the page (or `stops` times); each stop's FOCUS_BOX."""
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        where = page.evaluate(FOCUS_BOX)
        if where is None:
            break
        seen.append(where)
    return seen


def page_kinds(tree) -> dict[str, str]:
    """One page of every kind: start page, section index, content page, wizard states."""
    states = wizard_states(tree)
    return {"start": "", "vuistregels": "vuistregels/", "begrippen": "begrippen/",
            "vraag": "beslisboom/", "uitkomst": "beslisboom/" + states["uitkomst"],
            "verslag": "beslisboom/" + states["verslag"]}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_tab_stop_is_visible_and_not_under_the_header(browser, server, tree, viewport):
    width, height = VIEWPORTS[viewport]
    hidden = {}
    for kind, path in page_kinds(tree).items():
        page = open_page(browser, urljoin(server, path), width, height)
        stops = tab_walk(page)
        assert len(stops) > 5 and page.errors == [], (kind, page.errors)
        bad = [s for s in stops if not s["visible"]]
        if bad:
            hidden[kind] = bad[:5] + ([f"... {len(bad)} in all of {len(stops)}"] if len(bad) > 5 else [])
        page.context.close()
    assert hidden == {}


@pytest.mark.parametrize("viewport", ["200-procent", "telefoon"])
def test_heading_moved_to_after_an_answer_is_not_under_the_header(browser, server, tree, viewport):
    page = open_page(browser, urljoin(server, "beslisboom/"), *VIEWPORTS[viewport])
    for answer_id in path_to_outcome(tree)[:2]:
        page.locator(f"[data-wizard] [data-answer='{answer_id}']").focus()
        press_enter_and_wait_for_state(page)
    page.context.close()


def tab_to(page, predicate: str, stops: int = 60) -> None:
    for _ in range(stops):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    pytest.fail(f"Tab bereikte nooit: {predicate}")


@pytest.mark.parametrize("viewport", ["200-procent", "telefoon"])
def test_menu_is_a_named_button_that_opens_the_drawer_and_escape_closes_it(browser, server, viewport):
    page = open_page(browser, urljoin(server, "vuistregels/"), *VIEWPORTS[viewport])
    menu = page.get_by_role("button", name="Menu", exact=True)
    assert menu.get_attribute("aria-expanded") == "false"
    tab_to(page, "el.getAttribute('aria-label') === 'Menu'")
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.wait_for_timeout(300)  # the drawer slides in
    tab_to(page, "!!el.closest('.md-sidebar--primary')")
    where = page.evaluate(FOCUS_BOX)
    assert where["visible"], where
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"
    page.context.close()


def search_word(site) -> str:
    """A word from the first page title in the search index: it finds several results."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return next(doc["title"].split()[0] for doc in index["docs"] if doc["title"] and len(doc["title"].split()[0]) > 4)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_results_are_reached_with_tab_named_and_outlined(browser, server, site, viewport):
    page = open_page(browser, urljoin(server, "begrippen/"), *VIEWPORTS[viewport])
    search = page.get_by_role("button", name="Zoeken", exact=True)
    if search.is_visible():
        search.click()
        assert search.get_attribute("aria-expanded") == "true"
    else:
        page.locator(".md-search__input").click()
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(search_word(site))
    page.wait_for_selector(".md-search-result__link")
    # the count is written when the search for the whole word has finished: no re-render after it
    page.wait_for_function("/\\d/.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Zoekresultaten"
    page.keyboard.press("Tab")
    link = page.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el);
        return {cls: el.className, name: el.getAttribute('aria-label') || '', outline: parseFloat(s.outlineWidth),
                style: s.outlineStyle}; }""")
    assert "md-search-result__link" in link["cls"].split(), link
    assert link["name"].strip() and link["outline"] >= 2 and link["style"] != "none", link
    # the panel may still be scrolling the result into view
    page.wait_for_function(f"({FOCUS_BOX})()?.visible", timeout=5000)
    page.context.close()


# --- 4. keyboard only, from the start page to a printed verslag ---------------------------

def tab_until(page, predicate: str, on_stop=None, stops: int = 300) -> list[dict]:
    """Press Tab until the focused element meets `predicate` (a JS expression of `el`); every
    stop on the way must be visible. `on_stop` is called at every stop (to type in a field)."""
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        where = page.evaluate(FOCUS_BOX)
        assert where is not None, f"de focus verliet de pagina voor {predicate}"
        assert where["visible"], (where, seen[-3:])
        seen.append(where)
        if on_stop:
            on_stop()
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return seen
    pytest.fail(f"Tab bereikte nooit: {predicate}")


def press_enter_and_wait_for_state(page) -> None:
    before = page.get_attribute("[data-wizard]", "data-state")
    page.keyboard.press("Enter")
    page.wait_for_function("b => document.querySelector('[data-wizard]').dataset.state !== b", arg=before)
    assert page.evaluate("document.activeElement.id") == "beslishulp-kop"
    where = page.evaluate(FOCUS_BOX)
    assert where["visible"], where


# The print dialog of a real browser would block the test: count the calls instead. (A function,
# because Playwright calls a function that an expression returns.)
COUNT_PRINTS = "() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }"


def pdf_text(page) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(page.pdf()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.mark.parametrize("viewport", ["1280px", "200-procent", "telefoon"])
def test_keyboard_only_from_the_start_page_to_a_printed_verslag(browser, server, tree, viewport):
    page = open_page(browser, server, *VIEWPORTS[viewport])
    tab_until(page, "!!el.closest('.md-content') && /beslisboom\\/(index\\.html)?$/.test(el.getAttribute('href') || '')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("[data-wizard] #beslishulp-kop")
    page.evaluate(COUNT_PRINTS)

    for answer_id in path_to_outcome(tree):
        tab_until(page, f"el.dataset.answer === {json.dumps(answer_id)}")
        press_enter_and_wait_for_state(page)
    assert page.get_attribute("[data-wizard] #beslishulp-kop", "data-outcome")

    tab_until(page, "el.textContent.trim() === 'Maak een afwegingsverslag'")
    press_enter_and_wait_for_state(page)
    assert page.evaluate("document.activeElement.textContent") == "Afwegingsverslag"

    typed: list[str] = []

    def type_in_a_field():
        if page.evaluate(f"({TEXT_FIELD})(document.activeElement)"):
            text = f"Getypt met het toetsenbord {len(typed) + 1}"
            page.keyboard.type(text)
            typed.append(text)

    tab_until(page, "el.textContent.trim() === 'Afdrukken'", on_stop=type_in_a_field)
    fields = page.locator("[data-wizard] textarea, [data-wizard] input[type=text]")
    assert len(typed) == fields.count() > 3
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") == 1
    assert page.evaluate("document.activeElement.textContent.trim()") == "Afdrukken"

    # the print view: the typed text in place of the fields, no header, buttons or navigation
    page.emulate_media(media="print")
    assert not any(fields.nth(i).is_visible() for i in range(fields.count()))
    for hidden in (".md-header", ".beslishulp-navigatie", ".md-sidebar--primary"):
        assert not page.locator(hidden).first.is_visible(), hidden
    shown = page.locator("[data-wizard]").inner_text()
    assert all(text in shown for text in typed), shown
    printed = pdf_text(page)
    assert all(text in printed for text in typed), printed
    assert "Afwegingsverslag" in printed and "Afdrukken" not in printed
    assert page.errors == []
    page.context.close()
