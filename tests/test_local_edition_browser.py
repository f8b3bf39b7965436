"""The local edition (lokaal/voorbeeld) in a browser: behind nginx and the CSP, axe, the
wizard's regional block and verslag, and the PDF (issue 18). Built once: `local_site`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import urljoin

import pytest
from conftest import LOCAL_EXAMPLE, ROOT, copy_project, mkdocs_build, running_nginx, serve
from pypdf import PdfReader
from sitetext import site_pages
from test_intranet_nginx import REPORT_CSP, load
from test_pdf import outline_titles
from test_search_browser import search

from devsupport import axe_at_rest
from handboek import lokaal
from handboek.build import load_content

LAYER = load_content(layer_folder=ROOT / LOCAL_EXAMPLE).lokaal
PDF_NAME = "handboek-vuistregels-zorg-en-straf.pdf"


@pytest.fixture(scope="module")
def local_nginx(local_site, tmp_path_factory):
    """The local edition behind nginx with deploy/nginx.conf, under the sub-path."""
    yield from running_nginx(local_site, tmp_path_factory.mktemp("nginx-lokaal"))


def test_every_page_of_the_local_edition_loads_cleanly_behind_nginx_and_the_csp(local_site, local_nginx, browser):
    context = browser.new_context()
    context.add_init_script(REPORT_CSP)
    problems = {}
    pages = site_pages(local_site)
    assert f"{lokaal.SITE_DIR}/" in pages and any(p.startswith(f"{lokaal.SITE_DIR}/") and p != f"{lokaal.SITE_DIR}/"
                                                  for p in pages)
    for path in pages:
        result = load(context, urljoin(local_nginx, path))
        if result["problems"]:
            problems[path] = result["problems"]
        result["page"].close()
    context.close()
    assert problems == {}


def local_pages_to_check() -> list[str]:
    """A page of each kind that shows local text."""
    pages = {"", f"{lokaal.SITE_DIR}/", *(f"{lokaal.SITE_DIR}/{d.name}/" for d in LAYER.documents)}
    for a in LAYER.agreements:
        if "." in a.at:
            pages.add(f"vuistregels/{a.at.split('.')[0]}/")
        elif a.at != "start":
            pages.add(f"beslisboom/{a.at}/")
    return sorted(pages)


def test_axe_finds_no_violation_on_the_pages_with_local_text(local_server, browser):
    context = browser.new_context()
    page = context.new_page()
    failures = {}
    for path in local_pages_to_check():
        page.goto(urljoin(local_server, path), wait_until="networkidle")
        assert page.locator(".lokaal").count() > 0, path
        results = axe_at_rest(page)
        if results.violations_count:
            failures[path] = [v["id"] for v in results.response["violations"]]
    context.close()
    assert failures == {}


def route_to(tree: dict, outcome_id: str) -> list[str]:
    """Answer ids of a shortest path from the start to `outcome_id`, from the compiled JSON."""
    todo, seen = [(tree["start"], [])], set()
    while todo:
        node, answers = todo.pop(0)
        if node == outcome_id:
            return answers
        if node in seen or node not in tree["vragen"]:
            continue
        seen.add(node)
        todo += [(a["naar"], answers + [a["id"]]) for a in tree["vragen"][node]["antwoorden"]]
    raise AssertionError(f"no path to {outcome_id}")


def test_wizard_shows_the_regional_block_and_the_verslag_records_the_local_edition(local_site, local_server, browser):
    tree = json.loads((local_site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    outcome_id = next(iter(tree["lokaal"]["uitkomsten"]))
    agreement = LAYER.at(outcome_id)[0]
    fragment = f"#a={'/'.join(route_to(tree, outcome_id))}&uitgave={tree['versie']}"
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(urljoin(local_server, "beslisboom/") + fragment)
    page.wait_for_selector(f"#beslishulp-kop[data-outcome='{outcome_id}']")
    block = page.locator("[data-wizard] .lokaal").first
    assert block.locator(".lokaal-kop").inner_text() == LAYER.heading
    assert agreement.title in block.inner_text()
    # after the national text: the block follows the quoted rule texts
    order = page.evaluate("""() => {
        const stage = document.querySelector('[data-wizard]');
        const local = stage.querySelector('.lokaal-regio');
        const quotes = [...stage.querySelectorAll('blockquote, .bronciaat')];
        return quotes.length > 0 && quotes.every(q => q.compareDocumentPosition(local) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert order
    contacts = page.locator("[data-wizard] .lokaal-contact").inner_text()
    assert all(c.function in contacts for c in LAYER.contacts)
    page.goto(urljoin(local_server, "beslisboom/") + fragment + "&verslag")
    page.wait_for_selector("#beslishulp-kop:has-text('Afwegingsverslag')")
    record = page.locator(".verslag-gegevens").inner_text()
    assert f"versie {tree['versie']}" in record
    assert f"{LAYER.name}, versie {LAYER.version}, vastgesteld {LAYER.adopted_text}" in record
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def local_pdf(local_site) -> PdfReader:
    result = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(local_site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return PdfReader(str(local_site / PDF_NAME))


def test_pdf_names_the_organisation_on_the_cover_and_has_the_local_annex_with_bookmarks(local_pdf):
    cover = " ".join((local_pdf.pages[0].extract_text() or "").split())
    assert "Lokale aanvulling" in cover and LAYER.name in cover
    titles = outline_titles(local_pdf)
    assert "Lokale aanvulling" in titles
    assert any(d.title in titles for d in LAYER.documents)


def test_every_local_agreement_in_the_pdf_stands_under_its_marked_heading(local_pdf):
    text = " ".join(" ".join((p.extract_text() or "") for p in local_pdf.pages).split())
    heading = " ".join(LAYER.heading.split())
    for agreement in LAYER.agreements:
        places = [m.start() for m in re.finditer(re.escape(agreement.title), text)]
        assert places, agreement.title
        for place in places:
            # the block's heading, with organisation and date, comes right before its title
            assert text.rfind(heading, max(0, place - len(heading) - 20), place) >= 0, agreement.title


# --- hostile local text, built and opened ------------------------------------------------

COUNT_XSS = "window.xss = () => { window.__xss = (window.__xss || 0) + 1; };"


@pytest.fixture(scope="module")
def hostile_local_site(tmp_path_factory):
    """The example layer with a payload in every free-text field of lokaal.yaml, built."""
    from test_local_edition import _poisoned_layer

    work = tmp_path_factory.mktemp("hostile-lokaal")
    project = copy_project(work / "project")
    layer = project / LOCAL_EXAMPLE
    assert _poisoned_layer(layer) == []
    site = work / "site"
    result = mkdocs_build(project, site, HANDBOEK_LOKAAL=str(layer))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_hostile_local_text_is_shown_as_text_and_never_runs(hostile_local_site, browser):
    httpd = serve(hostile_local_site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    tree = json.loads((hostile_local_site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    outcome_id = next(iter(tree["lokaal"]["uitkomsten"]))
    fragment = f"#a={'/'.join(route_to(tree, outcome_id))}&uitgave={tree['versie']}"
    context = browser.new_context()
    context.add_init_script(COUNT_XSS)
    page = context.new_page()
    dialogs, problems = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        visits = [*local_pages_to_check(), "afdrukversie/", f"beslisboom/{fragment}", f"beslisboom/{fragment}&verslag"]
        for path in visits:
            page.goto(urljoin(base, path), wait_until="networkidle")
            if path.startswith("beslisboom/#"):
                page.wait_for_selector(f"#beslishulp-kop[data-outcome='{outcome_id}']")
            shown = page.title() + "\n" + page.inner_text("body")
            if page.evaluate("window.__xss || 0"):
                problems.append(f"{path}: script ran")
            if "<script>xss()</script>" not in shown and "<b onclick=xss()>x</b>" not in shown:  # long or short
                problems.append(f"{path}: the payload is not shown as text")
            if "&lt;" in shown or "alert\\(" in shown:
                problems.append(f"{path}: escaped twice, or a Markdown escape shown")
        search(page, "xss")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        titles = page.locator(".md-search-result__item").all_inner_texts()
        if not any(t.startswith("Lokaal: ") or "\nLokaal: " in t for t in titles):
            problems.append(f"search: no result marked as local: {titles[:3]}")
        if page.evaluate("window.__xss || 0"):
            problems.append("search results: script ran")
    finally:
        context.close()
        httpd.shutdown()
    assert not dialogs and not problems, dialogs + problems
