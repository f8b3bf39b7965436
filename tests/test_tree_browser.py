"""The decision tree in a real browser, without JavaScript (the flowcharts: test_flowchart_site.py)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from handboek.build import load_content

TREE = load_content().tree
ALL_NODE_IDS = set(TREE.questions) | set(TREE.outcomes)


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
