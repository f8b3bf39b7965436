"""Dutch search in the browser, the way a reader uses it."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect


def search(page, word: str) -> None:
    """Type into the search box once the index is ready, as a reader would.
    (Locator waits, not wait_for_function: a strict CSP forbids the eval that one needs.)"""
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("^Typ"), timeout=15000)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(word)


@pytest.mark.parametrize("word", ["beroepsgeheim", "geheimhoudingsplicht", "ZSM", "wederkerigheid",
                                  "afdoeningsbeslissing", "beslissing"])
def test_search_finds_word(browser, server, word):
    context = browser.new_context()
    page = context.new_page()
    page.goto(urljoin(server, "vuistregels/"))
    search(page, word)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any(word.lower() in text.lower() for text in results), results
    context.close()


def test_search_for_nonsense_finds_nothing(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(urljoin(server, "vuistregels/"))
    search(page, "xyzzyplugh")
    expect(page.locator(".md-search-result__meta")).not_to_have_text(re.compile("^Typ"))
    assert page.locator(".md-search-result__item").count() == 0
    context.close()


def test_search_words_are_in_no_request_also_after_clicking_a_result(browser, server):
    """docs/privacy.md promises that search words never reach the server (Material's
    search.highlight would put them in the result link as ?h=…, into the access log)."""
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(urljoin(server, "vuistregels/"))
    search(page, "wederkerigheid")
    page.locator(".md-search-result__item a").first.wait_for(timeout=10000)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    assert len(requests) > 3
    # the result's own address may contain the word (/beslisboom/wederkerigheid/); what the
    # reader typed must not: not in a query string, a request body or a Referer
    sent = [(r.url, urlsplit(r.url).query + (r.post_data or "") + urlsplit(r.headers.get("referer", "")).query)
            for r in requests]
    carrying = [url for url, typed in sent if "wederkerigheid" in typed.lower()]
    assert carrying == [], carrying
    assert urlsplit(page.url).query == ""
    context.close()
