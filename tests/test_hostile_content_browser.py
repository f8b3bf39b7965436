"""A payload in every text field of every content file is shown as text and never runs:
in every built page (title, nav, footer, search), in the JSON, and in the PDF. Markdown
vectors (links and images to script, data and other servers, attribute lists, autolinks,
comments, Jinja) in every text field, the macro fields included, make no markup at all and
no download during the build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import ROOT, copy_project, mkdocs_build, serve
from hostile import MARKDOWN_PAYLOAD, SHORT_MARKDOWN_PAYLOAD, live_markup, poison_content
from playwright.sync_api import expect
from pypdf import PdfReader

COUNT_XSS = "window.xss = () => { window.__xss = (window.__xss || 0) + 1; };"
LEAKED_ESCAPE = "alert\\("  # a Markdown escape shown to the reader


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    project = copy_project(work / "project")
    assert poison_content(project / "decision_tree") == []
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


def test_every_schema_text_field_is_filled_by_the_payload_test(tmp_path):
    """A new text field in a schema that the content never uses would go untested: fail."""
    content = Path(shutil.copytree(ROOT / "decision_tree", tmp_path / "decision_tree"))
    assert poison_content(content) == []


def test_payloads_are_text_on_every_page(hostile_site, browser):
    httpd = serve(hostile_site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = browser.new_context()
    context.add_init_script(COUNT_XSS)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems = []
    try:
        pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
        assert len(pages) > 40
        # pages at old node addresses only send the browser on (meta refresh): read them as files
        redirects = [rel for rel in pages if 'http-equiv="refresh"' in (hostile_site / rel).read_text(encoding="utf-8")]
        for rel in redirects:
            if "<script>" in (hostile_site / rel).read_text(encoding="utf-8"):
                problems.append(f"{rel}: script tag in a redirect page")
        for rel in sorted(set(pages) - set(redirects)):
            page.goto(urljoin(base, rel.removesuffix("index.html")), wait_until="load")
            if rel == "beslisboom/index.html":  # the wizard: walk a few steps, or to an outcome
                page.locator("[data-answer]").first.wait_for(timeout=10000)
                for _ in range(3):
                    answers = page.locator("[data-answer]")
                    if not answers.count():
                        break
                    clicked = answers.first.element_handle()
                    clicked.click()
                    clicked.wait_for_element_state("hidden")  # the next step has replaced it
            ran = page.evaluate("window.__xss || 0")
            shown = page.title() + "\n" + page.inner_text("body")
            if ran:
                problems.append(f"{rel}: script ran {ran}x")
            if LEAKED_ESCAPE in shown:
                problems.append(f"{rel}: Markdown escape shown")
            if "&lt;" in shown:
                problems.append(f"{rel}: escaped twice")
        page.goto(urljoin(base, "vuistregels/"))
        assert "</title><script>xss()</script>" in page.title()  # shown as text, in the title too
        expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("^Typ"), timeout=15000)
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("alert")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        if page.evaluate("window.__xss || 0"):
            problems.append("search results: script ran")
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_load_state("load")
        if page.evaluate("window.__xss || 0"):
            problems.append("page opened from search: script ran")
    finally:
        context.close()
        httpd.shutdown()
    assert not dialogs and not problems, dialogs + problems


def test_json_carries_payloads_as_data(hostile_site):
    import json

    data = json.loads((hostile_site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    assert "<script>xss()</script>" in data["titel"]  # raw data; the wizard inserts it as text


def test_pdf_shows_payloads_as_text(hostile_site):
    reader = PdfReader(str(next(hostile_site.glob("*.pdf"))))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "xss()" in text
    titles, todo = [], list(reader.outline)
    while todo:
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
        else:
            titles.append(item.title)
    for shown in [str(reader.metadata.title), *titles, text]:
        assert LEAKED_ESCAPE not in shown


def test_long_wizard_fragment_is_not_echoed_whole(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/#a=" + "x" * 100_000))
    message = page.locator("[data-wizard] p", has_text="Misschien is de link")
    expect(message).to_be_visible(timeout=10000)
    assert len(message.inner_text()) < 600, len(message.inner_text())
    context.close()


# --- Markdown vectors ---------------------------------------------------------------------

MACRO_PAGES = ["", "over-deze-uitgave/", "pdf/", "afdrukversie/"]


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("markdown")
    project = copy_project(work / "project")
    assert poison_content(project / "decision_tree", MARKDOWN_PAYLOAD, SHORT_MARKDOWN_PAYLOAD) == []
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout + result.stderr


def test_markdown_vectors_make_no_markup_in_any_page_or_chart(markdown_site):
    site, _ = markdown_site
    files = sorted([*site.rglob("*.html"), *site.rglob("*.svg")])
    assert len(files) > 40
    problems = [f"{f.relative_to(site)}: {found}" for f in files for found in live_markup(f.read_text(encoding="utf-8"))]
    assert not problems, problems[:20]


def test_markdown_vectors_make_the_build_download_nothing(markdown_site):
    _, log = markdown_site
    assert "Downloading" not in log and "127.0.0.1:9" not in log, log


def test_markdown_vectors_do_not_run_on_the_macro_pages(markdown_site, browser):
    site, _ = markdown_site
    httpd = serve(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = browser.new_context()
    context.add_init_script(COUNT_XSS)
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    try:
        for rel in MACRO_PAGES:
            page.goto(urljoin(base, rel), wait_until="load")
            live = page.evaluate("""() => [...document.querySelectorAll('a[href], img, [onerror], [onclick]')]
                .filter(e => e.tagName === 'IMG' || e.hasAttribute('onerror') || e.hasAttribute('onclick')
                        || /^\\s*(javascript|data|vbscript):/i.test(e.getAttribute('href'))).length""")
            if live or page.evaluate("window.__xss || 0"):
                problems.append(f"{rel or '/'}: {live} live element(s), script ran {page.evaluate('window.__xss || 0')}x")
            if "[t](javascript:" not in page.inner_text("body"):
                problems.append(f"{rel or '/'}: the vector is not shown as text")
    finally:
        context.close()
        httpd.shutdown()
    outside = [url for url in requests if not url.startswith(base) and not url.startswith("data:")]
    assert not problems and not outside, problems + outside


def test_markdown_vectors_are_text_in_the_pdf(markdown_site):
    site, _ = markdown_site
    result = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(next(site.glob("*.pdf"))))
    first_pages = " ".join((page.extract_text() or "") for page in reader.pages[:3])
    assert "[t](javascript:x)" in " ".join(first_pages.split())  # the edition on the cover, as text
    uris = [str(annot.get_object().get("/A", {}).get("/URI", "")) for page in reader.pages
            for annot in page.get("/Annots", None) or []]
    assert not [uri for uri in uris if uri.lower().startswith(("javascript:", "data:", "http:", "https:"))], uris
