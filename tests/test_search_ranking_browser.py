"""Ranking in the real search box: the rules and the tree before the practice cases.

Which entries are practice cases, rule points and tree pages is read from their addresses in
the built index (never from content ids), and the query words from the cases themselves.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))  # the search helpers live with the bench
from search_quality import open_search, search, site_address

CASE = re.compile(r"^oefencasussen/#.+")
NORMATIVE = re.compile(r"^(vuistregels/\d+/#punt-\d+|beslisboom/(?!overzicht/)[^/#]+/)$")
MAX_HOLDERS = 6      # a word held by more pages than fit above the first rendered case says little
WORDS_PER_CASE = 2
_ITEM_LINKS = """items => items.map(li =>
  Array.from(li.querySelectorAll('a.md-search-result__link')).map(a => a.getAttribute('href')))"""


@pytest.fixture(scope="module")
def search_index(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def tokens(entry: dict, separator: re.Pattern) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", f"{entry['title']} {entry['text']}")
    return {t for t in separator.split(text.lower()) if t}


def holds(words: set[str], word: str) -> bool:
    """Material adds a trailing wildcard to every query word: 'plan' finds 'plannen'."""
    return any(t.startswith(word) for t in words)


def case_queries(index: dict) -> list[tuple[str, set[str]]]:
    """(query word, pages of the rule points and tree pages that hold it) for words of the cases."""
    separator = re.compile(index["config"]["separator"])
    words = {e["location"]: tokens(e, separator) for e in index["docs"]}
    normative = [loc for loc in words if NORMATIVE.match(loc)]
    queries: dict[str, set[str]] = {}
    for case in [loc for loc in words if CASE.match(loc)]:
        found = []
        for word in sorted(w for w in words[case] if len(w) >= 6 and w.isalpha()):
            holders = {loc.split("#")[0] for loc in normative if holds(words[loc], word)}
            if 1 <= len(holders) <= MAX_HOLDERS:
                found.append((len(holders), word, holders))
        for _, word, holders in sorted(found)[:WORDS_PER_CASE]:
            queries[word] = holders
    return sorted(queries.items())


def result_pages(page, base: str, word: str) -> list[list[str]]:
    search(page, word)
    items = page.locator(".md-search-result__item").evaluate_all(_ITEM_LINKS)
    return [[site_address(href, base) for href in links] for links in items]


def test_no_practice_case_ranks_above_a_rule_point_or_tree_page_with_the_same_words(browser, server, search_index):
    queries = case_queries(search_index)
    assert queries, "geen woorden uit de oefencasussen gevonden die ook in de vuistregels of de beslisboom staan"
    context, page = open_search(browser, server)
    wrong = []
    for word, holders in queries:
        items = result_pages(page, server, word)
        case_at = next((i for i, links in enumerate(items) if any(CASE.match(link) for link in links)), None)
        if case_at is None:
            continue  # the case is not even in the first rendered results
        above = {links[0].split("#")[0] for links in items[:case_at]}
        if not holders <= above:
            wrong.append((word, sorted(holders - above), [links[0] for links in items[:case_at + 1]]))
    context.close()
    assert not wrong, wrong


def test_a_practice_case_is_found_by_its_own_title(browser, server, search_index):
    cases = [(e["location"], re.sub(r"<[^>]+>", "", e["title"])) for e in search_index["docs"]
             if CASE.match(e["location"])]
    assert cases
    context, page = open_search(browser, server)
    missing = []
    for location, title in cases:
        items = result_pages(page, server, title)
        if not any(location in links for links in items[:5]):
            missing.append((title, [links[0] for links in items[:5]]))
    context.close()
    assert not missing, missing
