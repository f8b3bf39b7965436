"""The decision tree in a real browser: without JavaScript, and the flowchart with it."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from handboek.build import load_content

TREE = load_content().tree
ALL_NODE_IDS = set(TREE.questions) | set(TREE.outcomes)
FORCE_OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""


def node_id(url: str) -> str | None:
    parts = urlsplit(url).path.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "beslisboom" else None


def test_every_node_is_reachable_by_answer_links_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/"))
    page.get_by_role("link", name="Begin met de eerste vraag").click()
    todo, seen = [page.url], set()
    while todo:
        url = todo.pop()
        if node_id(url) in seen:
            continue
        response = page.goto(url)
        assert response.status == 200, url
        seen.add(node_id(url))
        answers = page.locator(".beslisboom-antwoorden a").evaluate_all("links => links.map(a => a.href)")
        todo.extend(answers)
    context.close()
    assert seen == ALL_NODE_IDS


def test_flowchart_renders_from_the_site_and_links_every_node(browser, server):
    context = browser.new_context()
    context.add_init_script(FORCE_OPEN_SHADOW_ROOTS)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(urljoin(server, "beslisboom/overzicht/"))
    page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=20000)
    hrefs = page.evaluate("""() => [...document.querySelector('div.mermaid').shadowRoot.querySelectorAll('a')]
                             .map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))""")
    assert {node_id(urljoin(page.url, href)) for href in hrefs} == ALL_NODE_IDS
    assert any(url.endswith("/assets/mermaid/mermaid.min.js") for url in requests)
    assert [url for url in requests if not url.startswith(server)] == []
    assert errors == []

    page.locator("div.mermaid a").first.click()
    page.wait_for_url(lambda url: node_id(url) in ALL_NODE_IDS)
    context.close()


def test_mermaid_is_loaded_only_where_there_is_a_diagram(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "vuistregels/5/", "beslisboom/", f"beslisboom/{TREE.start}/"):
        page.goto(urljoin(server, path))
    context.close()
    assert not [url for url in requests if "mermaid" in url]
