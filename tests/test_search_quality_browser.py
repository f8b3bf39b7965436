"""Search as a professional uses it, in Chromium: the query set, no results, and privacy."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))  # the query set lives with the bench
from search_quality import (QUERIES, HeldOut, Outcome, Query, depends_on_tree, held_out_files, is_open, landings,
                            load_held_out, load_queries, open_search, run_all, search, table)

# A regression floor for the development set, a little under its measured level. Since round 2
# of issue 20 the set holds 42 queries written from the source before they were searched, some
# of which still miss (80 % / 87 % in total when this was written); the goals (80 % /
# 95 %) are for the held-out sets, which `make bench` measures.
TOP1_GOAL = 0.75
TOP3_GOAL = 0.85


def test_query_set_is_large_and_mixed():
    items = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["zoekvragen"]
    assert len(items) >= 30
    assert len({item["zoek"].lower() for item in items}) == len(items)
    assert sum(" " in item["zoek"] for item in items) >= 10          # phrases, not only single words
    assert sum(item["zoek"].isupper() or item["zoek"] == "RvdK" for item in items) >= 4   # abbreviations
    assert sum(depends_on_tree(item) for item in items) <= len(items) // 4  # mostly stable addresses
    load_queries()  # every "boom:" title names exactly one node


def test_every_held_out_set_loads_and_every_target_exists(site):
    """A held-out set is never printed: this says only, per file, how many queries or targets fail."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {e["location"] for e in index["docs"]}
    files = held_out_files()
    assert files
    for path in files:
        queries, unresolved = load_held_out(path)
        missing = sum(1 for q in queries for target in q.top3 if target not in locations)
        assert len(queries) + unresolved >= 30, f"{path.name}: {len(queries) + unresolved} zoekvragen"
        assert (unresolved, missing) == (0, 0), \
            f"{path.name}: {unresolved} doelen in de beslisboom en {missing} adressen bestaan niet"


def test_bench_reads_every_held_out_file_and_prints_only_counts(tmp_path):
    for name in ("zoekvragen.yaml", "zoekvragen-toets.yaml", "zoekvragen-toets2.yaml", "andere-toets.yaml"):
        (tmp_path / name).write_text("zoekvragen: []\n", encoding="utf-8")
    assert [p.name for p in held_out_files(tmp_path)] == ["zoekvragen-toets.yaml", "zoekvragen-toets2.yaml"]
    hit = Outcome(Query("geheime vraag", "a/", ("a/",)), [("a/", "a/")])
    miss = Outcome(Query("nog een geheime vraag", "b/", ("b/",)), [("a/", "a/")])
    printed = table([hit], [HeldOut("zoekvragen-toets.yaml", [hit, miss]),
                            HeldOut("zoekvragen-toets2.yaml", [miss], broken=2)])
    assert "toets2" in printed and "1/2 50%" in printed and "0/1 0%" in printed
    assert "2 zoekvraag/zoekvragen met een doel dat niet (meer) bestaat" in printed
    assert "geheime vraag" not in printed and "b/" not in printed


def test_bench_prints_the_misses_of_an_open_set_only(tmp_path):
    """Round 3 of issue 20 opened the first two held-out sets: a file that says `open: true`
    is a development set and the bench prints its misses; a blind set (no `open`) stays counts only."""
    (tmp_path / "zoekvragen-toets.yaml").write_text("open: true\nzoekvragen: []\n", encoding="utf-8")
    (tmp_path / "zoekvragen-toets3.yaml").write_text("zoekvragen: []\n", encoding="utf-8")
    assert [is_open(p) for p in held_out_files(tmp_path)] == [True, False]
    miss_open = Outcome(Query("open vraag", "b/", ("b/",)), [("a/", "a/")])
    miss_blind = Outcome(Query("geheime vraag", "c/", ("c/",)), [("a/", "a/")])
    printed = table([], [HeldOut("zoekvragen-toets.yaml", [miss_open], open=True),
                         HeldOut("zoekvragen-toets3.yaml", [miss_blind])])
    assert "'open vraag' verwacht b/" in printed
    assert "geheime vraag" not in printed and "c/" not in printed


def test_query_set_meets_the_hit_rates(browser, server):
    outcomes = run_all(browser, server)
    top1 = sum(o.top1 for o in outcomes) / len(outcomes)
    top3 = sum(o.top3 for o in outcomes) / len(outcomes)
    assert top1 >= TOP1_GOAL and top3 >= TOP3_GOAL, table(outcomes)


def test_stop_words_in_a_query_change_nothing(browser, server):
    """Material puts a wildcard after every word: without our worker, 'van' also matched
    'vanuit' in the title of a rule point and pushed the answer down."""
    context, page = open_search(browser, server)
    items = page.locator(".md-search-result__item")
    alone = landings(search(page, "wederkerigheid"), server)
    count = items.count()
    assert landings(search(page, "van de wederkerigheid u"), server) == alone
    assert items.count() == count
    assert landings(search(page, "van de"), server)  # only stop words: searched as typed
    context.close()


def test_query_for_a_rule_point_lands_on_that_point(browser, server):
    context, page = open_search(browser, server)
    got = landings(search(page, "wederkerigheid"), server)
    assert got[0][0] == "vuistregels/3/#punt-3", got
    page.locator(".md-search-result__item").first.locator(
        'a.md-search-result__link[href$="vuistregels/3/#punt-3"]').click()
    expect(page).to_have_url(re.compile(r"/vuistregels/3/#punt-3$"))
    expect(page.locator("#punt-3")).to_contain_text("wederkerigheid")
    context.close()


def test_everyday_word_leads_to_the_rule_point(browser, server):
    """'toestemming' is not in the source: search finds the closest rule point first (round 2
    of issue 20: rule points before glossary entries), and among the first three the Begrippen
    entry, which says so and links to that point."""
    context, page = open_search(browser, server)
    got = landings(search(page, "toestemming"), server)
    assert got[0][0] == "vuistregels/7/#punt-3", got
    assert "begrippen/#toestemming" in [g[0] for g in got[:3]], got
    page.locator('a.md-search-result__link[href$="begrippen/#toestemming"]').first.click()
    expect(page).to_have_url(re.compile(r"/begrippen/#toestemming$"))
    entry = page.locator("h3#toestemming + p")
    expect(entry).to_contain_text("staat niet in de vuistregels")
    page.locator("#toestemming ~ p a", has_text="Vuistregel 7, punt 4").first.click()
    expect(page).to_have_url(re.compile(r"/vuistregels/7/#punt-4$"))
    expect(page.locator("#punt-4")).to_contain_text("vooraf (dan wel zo spoedig mogelijk) informeert")
    context.close()


def _normative_words(site) -> tuple[dict[str, set[str]], list[str]]:
    """Words of the rule points' shown titles by address, and every word of every entry but the
    practice cases and the Begrippen (what the worker knows), sorted."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])

    def words(fragment: str) -> list[str]:
        return [w for w in separator.split(re.sub(r"<[^>]+>", " ", fragment).lower()) if w]

    points = {e["location"]: set(words(re.sub(r"<span hidden>.*?</span>", "", e["title"])))
              for e in index["docs"] if "#punt-" in e["location"]}
    known = sorted({w for e in index["docs"] if not e["location"].startswith(("oefencasussen/", "begrippen/"))
                    for w in words(e["title"] + " " + e["text"])})
    return points, known


def _links_for(page, base: str, query: str) -> set[str]:
    search(page, query)
    return {href[len(base):] if href.startswith(base) else href for href in
            page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")}


def test_an_unknown_word_form_finds_the_known_one(browser, server, site):
    """'ongevraagde' found nothing where the rules say 'ongevraagd': a word that begins no word
    the worker knows is searched without its Dutch ending."""
    points, known = _normative_words(site)
    cases = sorted((location, word) for location, ws in points.items() for word in ws
                   if len(word) >= 6 and word.isalpha() and word[-1] not in "aeiouy"
                   and not any(k.startswith(word + "en") for k in known))
    assert cases
    context, page = open_search(browser, server)
    for location, word in cases[:3]:
        assert location in _links_for(page, server, word + "en"), (word + "en", location)
    context.close()


def test_an_unknown_past_participle_finds_the_verb(browser, server, site):
    """'uitgenodigd' found nothing where a point says 'uitnodigen': an unknown word loses the
    'ge' of a past participle (after a separable prefix such as 'uit') and its ending."""
    points, known = _normative_words(site)
    cases = sorted((location, word) for location, ws in points.items() for word in ws
                   if len(word) >= 6 and word.isalpha() and not any(k.startswith("ge" + word) for k in known))
    assert cases
    context, page = open_search(browser, server)
    for location, word in cases[:3]:
        assert location in _links_for(page, server, "ge" + word), ("ge" + word, location)
    context.close()


def test_an_unknown_compound_of_known_words_is_split(browser, server, site):
    """'artsengeheim' is not in the rules, 'artsen' and 'geheim…' are: both parts are searched."""
    points, known = _normative_words(site)
    long_words = sorted({w for ws in points.values() for w in ws if len(w) >= 6 and w.isalpha()})
    first, second = next((a, b) for a in long_words for b in long_words
                         if a != b and not any(k.startswith(a + b) for k in known))
    context, page = open_search(browser, server)
    found = _links_for(page, server, first + second)
    context.close()
    assert {loc for loc, ws in points.items() if second in ws} & found, (first + second, sorted(found))


def test_an_unknown_word_that_begins_with_a_known_word_finds_it(browser, server, site):
    """Round 3 of issue 20: 'vertrouwelijkheid' found nothing where rule 5 point 5 holds
    'vertrouwelijk': an unknown word that no ending or split explains is searched as its
    longest known first part (at least half of it)."""
    points, known = _normative_words(site)
    location, word = next((location, w) for location, ws in sorted(points.items()) for w in sorted(ws)
                          if len(w) >= 8 and w.isalpha())
    context, page = open_search(browser, server)
    found = _links_for(page, server, word + "xq")
    context.close()
    assert location in found, (word + "xq", location, sorted(found))


def test_the_full_form_of_an_abbreviation_is_searched_as_typed(browser, server, site):
    """Round 3 of issue 20: typed in a row, the words of an abbreviation's full form ("veilig
    thuis") are searched without Material's wildcard, so "veilig" no longer matches every
    "veiligheid…" word: an entry that holds only such longer words is not found through it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])

    def words(entry: dict) -> set[str]:
        return {w for w in separator.split(re.sub(r"<[^>]+>", " ", entry["title"] + " " + entry["text"]).lower()) if w}

    forms = [m[1].lower().split() for e in index["docs"] if e["location"].startswith("begrippen/#")
             for m in [re.fullmatch(r"[^\s(]+ \(([^()]+)\)", e["title"])] if m]
    # a rule point rich in longer words (a point is shown as its own link among the first results)
    form, longer_only = max(((f, e["location"]) for f in forms if len(f) == 2 and all(w.isalpha() for w in f)
                             for e in index["docs"] if "#punt-" in e["location"] and not set(f) & words(e)),
                            key=lambda fe: sum(w.startswith(fe[0][0]) for w in words(next(
                                e for e in index["docs"] if e["location"] == fe[1]))))
    context, page = open_search(browser, server)
    assert longer_only in _links_for(page, server, form[0]), (form, longer_only)  # the wildcard alone finds it
    assert longer_only not in _links_for(page, server, " ".join(form)), (form, longer_only)
    context.close()


def test_no_results_offers_the_beslisboom_and_the_rules(browser, server):
    context, page = open_search(browser, server)
    help_block = page.locator("#zoeken-niets")
    expect(help_block).to_be_hidden()
    search(page, "xyzzyplugh")
    assert page.locator(".md-search-result__item").count() == 0
    expect(help_block).to_be_visible()
    expect(help_block).to_contain_text("Niets gevonden")
    # readable: the colour of Material's results, not the header's white on the white panel
    result_colour = page.locator(".md-search-result").evaluate("e => getComputedStyle(e).color")
    expect(help_block.locator("p").first).to_have_css("color", result_colour)
    help_block.get_by_role("link", name="Lees de zeven vuistregels").click()
    expect(page).to_have_url(re.compile(r"/vuistregels/$"))
    context.close()


def test_no_results_help_links_to_the_beslisboom_and_hides_when_something_is_found(browser, server):
    context, page = open_search(browser, server)
    help_block = page.locator("#zoeken-niets")
    search(page, "xyzzyplugh")
    expect(help_block.get_by_role("link", name="Doorloop de beslisboom")).to_have_attribute(
        "href", "../beslisboom/")
    search(page, "geheimhoudingsplicht")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(help_block).to_be_hidden()
    context.close()


def test_nothing_about_the_query_leaves_the_browser(browser, server):
    context, page = open_search(browser, server)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    search(page, "geheimhoudingsplicht")
    link = page.locator("a.md-search-result__link").first
    assert "?" not in (link.get_attribute("href") or "")
    link.click()
    page.wait_for_load_state("load")
    assert requests  # the result page was loaded
    # neither in a query string (Material's search.highlight sends ?h=<query>) nor anywhere else
    assert not [url for url in requests if "geheimhoudingsplicht" in url.split("#")[0].lower()], requests
    assert not [url for url in requests if urlsplit(url).query], requests
    context.close()
