"""The site as an intranet serves it: nginx with deploy/nginx.conf, under a sub-path,
behind a strict Content-Security-Policy, with gzip and without internet."""

from __future__ import annotations

import gzip
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import SUB_PATH
from sitetext import site_pages
from test_search_browser import search

from handboek.build import load_content

REPORT_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def fetch(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture(scope="module")
def visitor(browser):
    context = browser.new_context()
    context.add_init_script(REPORT_CSP)
    yield context
    context.close()


def load(context, url: str) -> dict:
    """Open a page; report what went wrong: CSP, failed or foreign requests, errors."""
    page = context.new_page()
    problems: list[str] = []
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"script: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    page.on("request", lambda r: not r.url.startswith((origin, "data:")) and problems.append(f"foreign: {r.url}"))
    page.goto(url, wait_until="networkidle")
    problems += [f"csp: {v}" for v in page.evaluate("window.__csp")]
    return {"page": page, "problems": problems}


def test_every_page_loads_cleanly_behind_nginx_and_the_csp(site, nginx, visitor):
    pages = site_pages(site)
    assert len(pages) > 50
    problems = {}
    for path in pages:
        result = load(visitor, urljoin(nginx, path))
        if result["problems"]:
            problems[path] = result["problems"]
        result["page"].close()
    assert problems == {}


def test_security_headers_and_gzip(nginx):
    response = fetch(urljoin(nginx, "vuistregels/5/"), {"Accept-Encoding": "gzip"})
    assert response.status == 200
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'",
                      "img-src 'self' data:"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Vuistregel 5" in gzip.decompress(response.read()).decode("utf-8")
    assert "nginx/" not in response.headers.get("Server", "")


def test_search_works_behind_nginx(nginx, visitor):
    page = load(visitor, urljoin(nginx, "begrippen/"))["page"]
    search(page, "geheimhoudingsplicht")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.close()


def test_wizard_works_behind_nginx(nginx, visitor):
    case = load_content().cases[0]
    result = load(visitor, urljoin(nginx, "beslisboom/#a=" + "/".join(case.answers)))
    result["page"].wait_for_selector(f"[data-outcome='{case.outcome}']")
    assert result["problems"] == []
    result["page"].close()


def test_pdf_downloads(nginx):
    response = fetch(urljoin(nginx, "handboek-vuistregels-zorg-en-straf.pdf"))
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.read(5) == b"%PDF-"


@pytest.mark.parametrize("path", ["vuistregels/5", "vuistregels//5/", "beslisboom/druk", ""])
def test_missing_or_extra_slash_leads_to_the_page(nginx, visitor, path):
    url = urljoin(nginx, path) if path else nginx.rstrip("/")
    result = load(visitor, url)
    assert result["page"].url.endswith("/") and result["problems"] == []
    assert result["page"].locator("article h1").count() == 1
    result["page"].close()


def test_unknown_page_gives_a_dutch_404_with_search_and_start(nginx, visitor):
    response = fetch(urljoin(nginx, "bestaat/niet/meer/"))
    assert response.status == 404
    page = visitor.new_page()
    page.goto(urljoin(nginx, "bestaat/niet/meer/"), wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Deze pagina bestaat niet"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", \
        "the 404 page has its styles"
    search(page, "ZSM")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Naar de startpagina").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == SUB_PATH
    page.close()


def test_folders_without_a_page_give_the_dutch_404(site, nginx):
    folders = sorted(d.relative_to(site).as_posix() + "/" for d in site.rglob("*")
                     if d.is_dir() and not (d / "index.html").exists())
    assert "assets/" in folders and "search/" in folders
    answers = {}
    for folder in folders:
        response = fetch(urljoin(nginx, folder))
        answers[folder] = (response.status, "Deze pagina bestaat niet" in response.read().decode("utf-8"))
    assert answers == {folder: (404, True) for folder in folders}


def test_addresses_outside_the_site_posts_and_overlong_addresses_give_the_dutch_404(nginx):
    root = urljoin(nginx, "/")
    requests = {
        "server root": urllib.request.Request(root),
        "dot-dot out of the site": urllib.request.Request(nginx + "%2e%2e/"),
        "POST": urllib.request.Request(nginx, data=b"x=1"),
        "over-long address": urllib.request.Request(nginx + "a" * 9000),
        "TRACE at the root": urllib.request.Request(root, method="TRACE"),
        "PUT": urllib.request.Request(nginx, data=b"x", method="PUT"),
        "too large a body": urllib.request.Request(nginx, data=b"x" * 2_000_000),
        "range past the end": urllib.request.Request(nginx + "index.html", headers={"Range": "bytes=99999999-"}),
        "old precondition": urllib.request.Request(
            nginx + "index.html", headers={"If-Unmodified-Since": "Mon, 01 Jan 1990 00:00:00 GMT"}),
        "huge header": urllib.request.Request(nginx, headers={"X-Groot": "a" * 20_000}),
    }
    answers = {}
    for name, request in requests.items():
        try:
            response = urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read().decode("utf-8", "replace")
        answers[name] = (response.status, "Deze pagina bestaat niet" in body, "nginx" in body.lower())
    for name, raw in {"unknown HTTP version": b"GET / HTTP/3.0\r\nHost: x\r\n\r\n",
                      "unknown transfer coding": b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"}.items():
        head, _, body = raw_request(nginx, raw).partition("\r\n\r\n")
        answers[name] = (int(head.split()[1]), "Deze pagina bestaat niet" in body, "nginx" in body.lower())
    assert answers == {name: (404, True, False) for name in answers}


def raw_request(url: str, request: bytes) -> str:
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_an_svg_opened_on_its_own_leaves_no_404_in_the_log(site, nginx, nginx_work, browser):
    """The browser asks for /favicon.ico at the server's root for a document without an icon."""
    svg = sorted(site.glob("beslisboom/**/*.svg"))[0].relative_to(site).as_posix()
    log = nginx_work / "access.log"
    start = log.stat().st_size
    context = browser.new_context()  # a fresh one: no icon remembered
    page = context.new_page()
    page.goto(urljoin(nginx, svg), wait_until="networkidle")
    for _ in range(50):
        lines = log.read_bytes()[start:].decode("utf-8").splitlines()
        if any("/favicon.ico" in line for line in lines):
            break
        time.sleep(0.1)
    context.close()
    assert any(f"/{svg} " in line and '" 200 ' in line for line in lines), lines
    assert any("GET /favicon.ico " in line and '" 204 ' in line for line in lines), lines
    assert not any('" 404 ' in line for line in lines), lines
