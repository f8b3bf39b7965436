"""WCAG 2.1 AA on every page (axe-core), a skip link, and the statements in the footer."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from sitetext import site_pages

from devsupport import AXE_OPTIONS  # noqa: E402


@pytest.fixture(scope="module")
def reader(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_axe_finds_no_violation_on_any_page(site, server, reader):
    axe = Axe()
    failures = {}
    for path in site_pages(site):
        reader.goto(urljoin(server, path), wait_until="networkidle")
        results = axe.run(reader, options=AXE_OPTIONS)
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
