"""WCAG 2.1 AA on every page (axe-core), a skip link, and the statements in the footer."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest
from sitetext import site_pages

from devsupport import axe_at_rest  # noqa: E402


@pytest.fixture(scope="module")
def reader(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_axe_finds_no_violation_on_any_page(site, server, reader):
    failures = {}
    for path in site_pages(site):
        reader.goto(urljoin(server, path), wait_until="networkidle")
        results = axe_at_rest(reader)
        if results.violations_count:
            failures[path] = [v["id"] for v in results.response["violations"]]
    assert failures == {}


def test_first_tab_reaches_a_skip_link_to_the_content(server, reader):
    reader.goto(urljoin(server, "vuistregels/5/"))
    reader.keyboard.press("Tab")
    focused = reader.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert focused[0] == "Naar inhoud" or focused[0].lower().startswith(("naar", "ga naar", "doorgaan")), focused
    target = focused[1].lstrip("#")
    assert reader.locator(f"article [id='{target}']").count() == 1


@pytest.mark.parametrize("name, path, heading", [
    ("Privacyverklaring", "privacy/", "Privacyverklaring"),
    ("Toegankelijkheidsverklaring", "toegankelijkheid/", "Toegankelijkheidsverklaring"),
])
def test_footer_links_to_the_statements(server, reader, name, path, heading):
    reader.goto(urljoin(server, "beslisboom/overzicht/"))
    reader.locator("footer").get_by_role("link", name=name).click()
    reader.wait_for_url(urljoin(server, path))
    assert reader.locator("article h1").inner_text().rstrip("#") == heading  # "#": the permalink


# --- names, states and landmarks in the frame (WCAG 4.1.2, 1.3.1) ------------------------

LANDMARK = re.compile(r'^\s*- (navigation|banner|contentinfo|search|region|complementary|main|form)(?: "([^"]*)")?',
                      re.M)
WIDTHS = [320, 640, 1280]


def wizard_tree(site) -> dict:
    return json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))


def first_path(tree) -> list[tuple[str, str]]:
    """(question id, answer id) along the first answers, read from the compiled JSON."""
    steps, node = [], tree["start"]
    while node in tree["vragen"]:
        answer = tree["vragen"][node]["antwoorden"][0]
        steps.append((node, answer["id"]))
        node = answer["naar"]
    return steps


def at_width(browser, url: str, width: int):
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_landmarks_are_named_in_dutch_and_each_navigation_once(server, browser, width):
    problems = {}
    for path in ["", "vuistregels/", "beslisboom/", "begrippen/"]:
        page = at_width(browser, urljoin(server, path), width)
        landmarks = LANDMARK.findall(page.locator("body").aria_snapshot())
        names = [name for role, name in landmarks if role == "navigation"]
        english = [name for _, name in landmarks if name in {"Header", "Footer", "Navigation", "Search", "Table of contents"}]
        if english or "" in names or len(names) != len(set(names)):
            problems[path] = landmarks
        page.context.close()
    assert problems == {}


def test_sidebar_toggles_are_buttons_with_a_name_and_state(server, browser):
    page = at_width(browser, urljoin(server, "vuistregels/"), 1280)
    toggles = page.locator(".md-nav__link[data-schakelt^='__nav_']")
    assert toggles.count() >= 1
    for toggle in toggles.all():
        assert toggle.evaluate("el => el.tagName") == "BUTTON"
        assert (toggle.get_attribute("aria-label") or toggle.inner_text()).strip()
        assert toggle.get_attribute("aria-expanded") in ("true", "false")
    closed = page.locator(".md-nav__link[data-schakelt^='__nav_'][aria-expanded='false']").first
    name = closed.get_attribute("aria-label")
    closed.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name=name).get_attribute("aria-expanded") == "true"
    page.keyboard.press(" ")
    assert page.get_by_role("button", name=name).get_attribute("aria-expanded") == "false"
    page.context.close()


@pytest.mark.parametrize("width", [320, 640])
def test_axe_finds_no_violation_on_small_screens(site, server, browser, width):
    failures = {}
    for path in ["", "vuistregels/", "beslisboom/"]:
        page = at_width(browser, urljoin(server, path), width)
        results = axe_at_rest(page)
        if results.violations_count:
            failures[path] = [v["id"] for v in results.response["violations"]]
        page.context.close()
    assert failures == {}


def test_search_results_have_names_and_their_count_is_announced(site, server, browser):
    page = at_width(browser, urljoin(server, "begrippen/"), 1280)
    meta = page.locator(".md-search-result__meta")
    assert meta.get_attribute("role") == "status"
    page.locator(".md-search__input").click()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    word = next(d["title"].split()[0] for d in index["docs"] if d["title"] and len(d["title"].split()[0]) > 4)
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__link")
    links = page.locator(".md-search-result__link")
    assert all((link.get_attribute("aria-label") or "").strip() for link in links.all())
    assert page.get_by_role("region", name="Zoekresultaten").count() + page.locator(
        ".md-search__scrollwrap[aria-label='Zoekresultaten']").count() >= 1
    results = axe_at_rest(page)
    assert results.violations_count == 0, results.generate_report()
    page.context.close()


def test_current_answer_when_changing_is_marked_in_visible_words(site, server, browser):
    tree = wizard_tree(site)
    steps = first_path(tree)
    fragment = "#a=" + "/".join(a for _, a in steps) + "&wijzig=" + steps[0][0]
    page = at_width(browser, urljoin(server, "beslisboom/" + fragment), 1280)
    page.wait_for_selector("[data-wizard] [data-answer]")
    current = page.locator("[data-wizard] .beslishulp-antwoord--huidig")
    assert current.get_attribute("data-answer") == steps[0][1]
    words = current.locator(".beslishulp-huidig")
    assert words.inner_text().strip() == "(uw huidige antwoord)"
    assert words.bounding_box()["width"] > 20 and words.evaluate("el => el.checkVisibility()")
    page.context.close()


# --- an honest copy result (WCAG 4.1.3) ----------------------------------------------------

FAILING_CLIPBOARD = """
Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('nee'))}});
document.execCommand = () => false;
"""


def copy_in_record(site, server, browser, failing: bool) -> dict:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    if failing:
        context.add_init_script(FAILING_CLIPBOARD)
    page = context.new_page()
    answers = "/".join(a for _, a in first_path(wizard_tree(site)))
    page.goto(urljoin(server, "beslisboom/#a=" + answers + "&verslag"))
    page.wait_for_selector("[data-wizard] textarea")
    button = page.get_by_role("button", name="Kopieer als tekst")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.verslag-kopie-melding').textContent !== ''")
    page.wait_for_function("document.querySelector('[data-wizard] [aria-live]').textContent !== ''")
    message = page.locator(".verslag-kopie-melding")
    seen = {"shown": message.inner_text() if message.is_visible() else "",
            "spoken": page.locator("[data-wizard] [aria-live]").text_content(),
            "focus": page.evaluate("document.activeElement.textContent")}
    context.close()
    return seen


def test_copy_says_copied_when_it_copied_and_keeps_the_focus(site, server, browser):
    seen = copy_in_record(site, server, browser, failing=False)
    assert "gekopieerd" in seen["shown"] and "gekopieerd" in seen["spoken"]
    assert seen["focus"] == "Kopieer als tekst"


def test_copy_that_failed_says_so_and_keeps_the_focus(site, server, browser):
    seen = copy_in_record(site, server, browser, failing=True)
    assert "niet gelukt" in seen["shown"] and "niet gelukt" in seen["spoken"]
    assert "is gekopieerd" not in seen["spoken"]
    assert seen["focus"] == "Kopieer als tekst"


def test_chart_links_on_the_route_say_so_in_their_name(site, server, browser):
    steps = first_path(wizard_tree(site))
    page = at_width(browser, urljoin(server, "beslisboom/#a=" + "/".join(a for _, a in steps)), 1280)
    page.wait_for_selector("[data-wizard] [data-outcome]")
    on_route = page.locator("[data-wizard] .stroomschema .node.route a")
    assert on_route.count() == len(steps) + 1  # the questions and the outcome
    assert all(link.get_attribute("aria-label").endswith("(op uw route)") for link in on_route.all())
    others = page.locator("[data-wizard] .stroomschema .node:not(.route) a")
    assert not any("op uw route" in (link.get_attribute("aria-label") or "") for link in others.all())
    page.context.close()


def test_404_page_has_its_own_title(site):
    title = re.search(r"<title>(.*?)</title>", (site / "404.html").read_text(encoding="utf-8")).group(1)
    start = re.search(r"<title>(.*?)</title>", (site / "index.html").read_text(encoding="utf-8")).group(1)
    assert title != start and "niet gevonden" in title.lower()


def test_every_stand_alone_chart_has_a_dutch_title(site):
    charts = sorted((site / "beslisboom").rglob("*.svg"))
    assert charts
    for chart in charts:
        svg = chart.read_text(encoding="utf-8")
        opening = re.search(r"<svg\b[^>]*>", svg).group(0)
        assert 'lang="nl"' in opening, chart.name
        # the document's title is the first child of <svg>, not the title of a group inside
        first_child = re.match(r"\s*<(\w+)>([^<]*)</\1>", svg[len(re.search(r"^.*?<svg\b[^>]*>", svg, re.S).group(0)):])
        assert first_child and first_child.group(1) == "title" and first_child.group(2).startswith("Stroomschema"), \
            chart.name


# --- WCAG 1.4.12: the text-spacing override, applied after loading as a bookmarklet does ----

TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
                "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")

# Elements of the page's content, outside SVG, whose text is cut off: overflow hidden or clipped,
# and content larger than the box (scroll boxes and visually hidden text for screen readers do
# not count). The theme's frame shortens the site name and drawer links with an ellipsis at
# every text spacing; that is left to the theme.
CLIPPED = """() => [...document.querySelectorAll('.md-content *')].filter(el => {
  if (el.closest('svg') || !el.checkVisibility() || !el.textContent.trim()) return false;
  const s = getComputedStyle(el);
  if (el.clientWidth <= 1 || el.clientHeight <= 1 || s.position === 'absolute' && s.clip !== 'auto') return false;
  const cuts = v => v === 'hidden' || v === 'clip';
  return (cuts(s.overflowX) && el.scrollWidth > el.clientWidth + 1)
      || (cuts(s.overflowY) && el.scrollHeight > el.clientHeight + 1)
      || (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1);
}).map(el => el.outerHTML.slice(0, 100))"""


def pages_with_charts(site) -> list[str]:
    answers = "/".join(a for _, a in first_path(wizard_tree(site)))
    # the verslag has no chart: it names the route walked in words (tests/test_record_browser.py)
    return ["beslisboom/overzicht/", f"beslisboom/#a={answers}"]


def chart_notes(page) -> list[dict]:
    """Per chart: is it shown, is the note before it shown, and where its link goes."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-content .stroomschema')].map(chart => {
      const note = chart.previousElementSibling;
      const isNote = !!note && note.classList.contains('schema-tekstafstand');
      const link = isNote ? note.querySelector('a[href^="#"]') : null;
      const target = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      return {chart: chart.checkVisibility(), note: isNote && note.checkVisibility(),
              href: link && link.getAttribute('href'), target: !!target && target.checkVisibility()};
    })""")


@pytest.mark.parametrize("width", [1280, 390])
def test_with_wider_text_spacing_the_text_list_replaces_each_chart_and_no_text_is_cut_off(site, server, browser, width):
    for path in pages_with_charts(site):
        page = at_width(browser, urljoin(server, path), width)
        page.wait_for_selector(".md-content .stroomschema")
        before = chart_notes(page)
        assert before and all(c["chart"] and not c["note"] for c in before), (path, before)
        page.add_style_tag(content=TEXT_SPACING)
        page.wait_for_function("document.documentElement.classList.contains('tekstafstand-groot')", timeout=5000)
        after = chart_notes(page)
        assert all(not c["chart"] and c["note"] and c["target"] for c in after), (path, after)
        assert page.evaluate(CLIPPED) == [], path
        # the note's link is reached with Tab
        first = after[0]["href"]
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == first:
                break
        else:
            pytest.fail(f"{path}: Tab bereikte de link naar de lijst nooit")
        url = page.url.split("#")[1] if "#a=" in page.url else None
        page.keyboard.press("Enter")
        page.wait_for_function("id => document.activeElement.id === id || location.hash === '#' + id",
                               arg=first[1:], timeout=5000)
        if url:  # the wizard's state stays in the address
            assert page.url.split("#")[1] == url and page.evaluate("document.activeElement.id") == first[1:]
        page.context.close()
