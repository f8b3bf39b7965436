"""Keyboard only, in Chromium: no single-key shortcut, the afwegingsverslag survives leaving the
page, and the focused element is always visible (never under the sticky header, never in the
closed drawer) at 1280 px, at 200 % zoom (640 px CSS) and on a 390 px phone.

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
VIEWPORTS = {"1280px": (1280, 800), "200-procent": (640, 400), "telefoon": (390, 844)}


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
  const inHeader = !!el.closest('.md-header') || getComputedStyle(el).position === 'fixed';
  const top = inHeader ? 0 : header.bottom;
  const name = (el.getAttribute('aria-label') || el.textContent || el.outerHTML).trim().slice(0, 60);
  // an element taller than the room below the header needs only its top in view
  const room = innerHeight - top;
  const fits = box.height <= room
    ? box.top >= top - 1 && box.bottom <= innerHeight + 1
    : box.top >= top - 1 && box.top < innerHeight;
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
        assert len(stops) > 5, kind
        bad = [s for s in stops if not s["visible"]]
        if bad:
            hidden[kind] = bad[:5] + ([f"... {len(bad)} in all of {len(stops)}"] if len(bad) > 5 else [])
        page.context.close()
    assert hidden == {}
