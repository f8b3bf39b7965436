"""The search index (search/search_index.json): what is in it, once, and what is left out."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project
from handboek.build import load_content
from handboek.markdown import plain
from handboek.search_index import (BOILERPLATE_CLASSES, BOILERPLATE_HEADINGS, BOILERPLATE_NOTES, COMMON_HEADS,
                                   SEARCH_TERMS,
                                   full_forms, rewrite_index, search_terms, see_also, unmarked_boilerplate)
from handboek.zoekwoorden import anchor


@pytest.fixture(scope="module")
def index(site) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def content():
    return load_content()


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<sup>.*?</sup>", "", fragment)).split())


HIDDEN = re.compile(r"<span hidden>(.*?)</span>")


def shown(title: str) -> str:
    """A title as the result list shows it: without the hidden words that lead to it."""
    return text_of(HIDDEN.sub("", title))


def hidden_words(title: str) -> list[str]:
    found = HIDDEN.search(title)
    return html.unescape(found[1]).split() if found else []


def node_titles(content) -> dict[str, str]:
    tree = content.tree
    titles = {f"beslisboom/{q.id}/": q.text for q in tree.questions.values()}
    titles.update({f"beslisboom/{o.id}/": o.title for o in tree.outcomes.values()})
    return titles


def test_index_has_no_boilerplate_section(index):
    titles = {text_of(e["title"]) for e in index}
    assert not titles & set(BOILERPLATE_HEADINGS)


def test_index_has_no_repeated_disclaimer_or_navigation(index, content):
    disclaimer = " ".join(content.tree.disclaimer.split())
    for entry in index:
        text = text_of(entry["text"])
        assert disclaimer not in text, entry["location"]
        assert not any(f"{note} {disclaimer[:30]}" in text for note in BOILERPLATE_NOTES), entry["location"]
        assert "Beslisboom · " not in text, entry["location"]
        # the wizard's button; the privacy statement names it in a sentence, which is content
        if entry["location"].startswith("beslisboom/"):
            assert "Opnieuw beginnen" not in text, entry["location"]
        # the note that replaces a chart only with wider text spacing
        assert "tekstafstand" not in text, entry["location"]


def test_tree_pages_are_one_entry_titled_with_their_question_or_outcome(index, content):
    entries = {e["location"]: e for e in index}
    for url, title in node_titles(content).items():
        assert shown(entries[url]["title"]) == " ".join(title.split()), url
        assert not [e for e in index if e["location"].startswith(url + "#")], url


def test_no_entry_is_titled_with_an_id_slug_or_untitled(index, content):
    # what MkDocs makes of a file name without a title: "zsm-melding" -> "Zsm melding"
    slug_titles = {url.split("/")[1].replace("-", " ").capitalize() for url, title in node_titles(content).items()
                   if url.split("/")[1].replace("-", " ").capitalize() != " ".join(title.split())}
    assert len(slug_titles) >= len(content.tree.questions)  # the check has slugs to look for
    for entry in index:
        assert text_of(entry["title"]), entry["location"]
        assert text_of(entry["title"]) not in slug_titles, entry["location"]


def test_every_address_is_in_the_index_once(index):
    locations = [e["location"] for e in index]
    assert len(locations) == len(set(locations))
    assert [e for e in index if e["location"].startswith("beslisboom/overzicht/")] == \
        [e for e in index if e["location"] == "beslisboom/overzicht/"]


def test_every_rule_point_is_an_entry_of_its_own_at_its_anchor(index, content):
    entries = {e["location"]: e for e in index}
    for rule in content.rulebook.rules:
        page = entries[f"vuistregels/{rule.number}/"]
        for i, point in enumerate(rule.points, start=1):
            entry = entries[f"vuistregels/{rule.number}/#punt-{i}"]
            assert shown(entry["title"]) == " ".join(plain(point).split())
            assert f"Vuistregel {rule.number}, punt {i}" in entry["text"]
            # the page itself no longer holds the point, so a query for it lands on the point
            assert " ".join(plain(point).split())[:60] not in text_of(page["text"])


def test_every_inleiding_paragraph_is_an_entry_at_its_anchor(index, content):
    entries = {e["location"]: e for e in index}
    for i, paragraph in enumerate(content.rulebook.inleiding.paragraphs, start=1):
        words = " ".join(plain(paragraph.text).split())
        assert words[:60] in text_of(entries[f"inleiding/#alinea-{i}"]["text"])


def test_a_paragraph_matches_by_its_words_like_a_point(index, content):
    """Round 3 of issue 20: a point's words are its title (1,000 times text), a paragraph's
    were only its text, so "beroepsnormen en richtlijnen" found tree pages before Inleiding 3.
    Each paragraph of the Inleiding holds its own words in its title, hidden,
    but not the abbreviations: "AVG" finds its explanation first, then the paragraph."""
    entries = {e["location"]: e for e in index}
    abbreviations = {t.abbreviation.lower() for t in content.glossary}
    elsewhere = {w for e in index if e["location"].startswith(("vuistregels/", "beslisboom/", "inleiding/"))
                 for w in re.findall(r"[^\W_]+", text_of(e["title"] + " " + e["text"]).lower())}
    for i, paragraph in enumerate(content.rulebook.aanleiding.paragraphs, start=1):
        # not all of the Aanleiding: its long paragraphs outranked the points on everyday words.
        # Only its own words (round 4), which nothing else holds
        hidden = {w.lower() for w in hidden_words(entries[f"aanleiding/#alinea-{i}"]["title"])}
        assert not hidden & elsewhere, entries[f"aanleiding/#alinea-{i}"]["location"]
    for page, paragraphs in [("inleiding", content.rulebook.inleiding.paragraphs)]:
        for i, paragraph in enumerate(paragraphs):
            entry = entries[f"{page}/#alinea-{i + 1}"]
            words = set(re.findall(r"[^\W_]+", plain(paragraph.text).lower()))
            hidden = set(re.findall(r"[^\W_]+", " ".join(hidden_words(entry["title"])).lower()))
            assert words - abbreviations <= hidden and not hidden & abbreviations, entry["location"]
            assert shown(entry["title"]) == f"{page.capitalize()}, alinea {i + 1}"


def test_every_term_and_zoekwoord_is_an_entry_on_the_begrippen_page(index, content):
    locations = {e["location"] for e in index}
    for term in content.glossary:
        assert f"begrippen/#{term.abbreviation.lower()}" in locations
    assert content.zoekwoorden
    for word in content.zoekwoorden:
        assert f"begrippen/#{anchor(word.word)}" in locations


def test_every_abbreviation_entry_is_titled_with_its_full_form(index, content):
    """'officier van justitie' must find the OvJ: titles weigh 1,000 times text in lunr."""
    entries = {e["location"]: e for e in index}
    for term in content.glossary:
        title = html.unescape(text_of(entries[f"begrippen/#{term.abbreviation.lower()}"]["title"]))
        assert title == f"{term.abbreviation} ({' '.join(term.expansion.split())})", title


def test_practice_cases_are_indexed_without_their_worked_answer_and_weigh_least(index, content):
    cases = [e for e in index if e["location"].startswith("oefencasussen/#")]
    assert len(cases) == len(content.cases)
    for entry in cases:
        assert "Uitwerking" not in entry["text"] and "Bespreekpunten" not in entry["text"], entry["location"]
        assert entry["boost"] < min(e.get("boost", 1) for e in index if not e["location"].startswith("oefencasussen/#"))


def test_rule_point_entry_names_the_zoekwoorden_that_link_to_it(index, content):
    """A search for an everyday word shows the zoekwoord and, after it, the point it links to."""
    entries = {e["location"]: e for e in index}
    for word in content.zoekwoorden:
        for ref in word.see:
            c = content.rulebook.citation(ref)
            location = f"{c.page.removesuffix('.md').removesuffix('index')}/#{c.anchor}".replace("//", "/")
            assert word.word in text_of(entries[location]["text"]).split("Zie ook bij Begrippen:")[1], (word.word, ref)


def test_rule_point_title_hides_its_zoekwoorden_and_zoektermen(index, content):
    """Round 2 of issue 20: the words that lead to a point match as strongly as a zoekwoord's
    heading, so the point that answers the query ranks before the explanation of the word."""
    entries = {e["location"]: e for e in index}
    for word in content.zoekwoorden:
        for ref in word.see:
            c = content.rulebook.citation(ref)
            location = f"{c.page.removesuffix('.md').removesuffix('index')}/#{c.anchor}".replace("//", "/")
            assert set(word.word.split()) <= set(hidden_words(entries[location]["title"])), (word.word, ref)
    for location, words in search_terms().items():
        assert set(words) <= set(hidden_words(entries[location]["title"])), location
    for word, variants in yaml.safe_load(SEARCH_TERMS.read_text(encoding="utf-8"))["zoekwoorden"].items():
        for ref in next(w for w in content.zoekwoorden if w.word == word).see:
            c = content.rulebook.citation(ref)
            location = f"{c.page.removesuffix('.md').removesuffix('index')}/#{c.anchor}".replace("//", "/")
            for variant in variants:
                assert set(variant.split()) <= set(hidden_words(entries[location]["title"])), (word, variant)
    terms = [e for e in index if e["location"].startswith("begrippen/#")]
    points = [e for e in index if re.match(r"vuistregels/\d+/#punt-", e["location"])]
    assert max(e["boost"] for e in terms) < min(e["boost"] for e in points)


def test_zoektermen_name_existing_rule_points_and_only_plain_words(content):
    data = yaml.safe_load(SEARCH_TERMS.read_text(encoding="utf-8"))
    assert data["punten"]
    for citation, words in data["punten"].items():
        assert content.rulebook.citation(str(citation)) is not None, citation
        assert words and all(re.fullmatch(r"[^\W\d_]+", w) for w in words), citation


def test_zoektermen_of_a_zoekwoord_are_words_its_explanation_is_about(content):
    """Honest: a word leads to the points a zoekwoord links only if its explanation names it."""
    data = yaml.safe_load(SEARCH_TERMS.read_text(encoding="utf-8"))
    explanations = {w.word: " ".join(w.explanation.lower().split()) for w in content.zoekwoorden}
    assert data["zoekwoorden"]
    for word, variants in data["zoekwoorden"].items():
        assert word in explanations, word
        for variant in variants:
            assert variant.lower() in explanations[word], (word, variant)


def test_no_hidden_word_is_a_compound_of_a_common_query_word():
    """Round 3 of issue 20: Material's wildcard makes "politie" match "politieagent", so a
    compound that begins with a partner's name or "informatie"/"gegevens", hidden in a point's
    title, pulled every query with that word to the point ("politie wil het hele dossier" to
    4.2 and 7.1, "informatie…" to 6.1 through "informatieverzoek")."""
    data = yaml.safe_load(SEARCH_TERMS.read_text(encoding="utf-8"))
    words = [w for ws in [*data["punten"].values(), *data["zoekwoorden"].values()] for w in ws]
    compounds = [w for w in words for name in COMMON_HEADS if w.lower().startswith(name) and w.lower() != name]
    assert not compounds, compounds


def test_a_word_with_a_diacritic_is_found_without_it(index):
    """Round 3 of issue 20: 'huiselijk geweld beeindigen' did not find rule 5 point 4
    ('beëindigen'): every entry holds the words of its title (a point's own words) also without
    the diacritic, hidden in its title."""
    with_diacritics = [e for e in index if re.search(r"[ëïéèöü]", text_of(e["title"]))]
    assert with_diacritics
    for entry in with_diacritics:
        for word in re.findall(r"\w*[ëïéèöü]\w*", text_of(entry["title"])):
            plain_word = unicodedata.normalize("NFD", word).encode("ascii", "ignore").decode()
            assert plain_word in hidden_words(entry["title"]), (entry["location"], word)


def test_zoektermen_of_a_zoekwoord_go_to_the_points_it_links(tmp_path):
    path = tmp_path / "zoektermen.yaml"
    path.write_text('punten:\n  "9.1": [een]\nzoekwoorden:\n  dossier: [strafdossier, pv]\n', encoding="utf-8")
    terms = search_terms(path, {"vuistregels/9/#punt-1": ["dossier"], "inleiding/#alinea-2": ["dossier", "x"]})
    assert terms == {"vuistregels/9/#punt-1": ["een", "strafdossier", "pv"], "inleiding/#alinea-2": ["strafdossier", "pv"]}


def test_zoekwoord_links_to_the_rule_points_it_names(site, content):
    html = (site / "begrippen" / "index.html").read_text(encoding="utf-8")
    for word in content.zoekwoorden:
        section = html.split(f'id="{anchor(word.word)}"', 1)[1].split("<h3", 1)[0]
        for ref in word.see:
            c = content.rulebook.citation(ref)
            assert f'href="../{c.page.removesuffix(".md")}/#{c.anchor}"' in section, (word.word, ref)


BOILERPLATE_PAGE = ('<p class="beslisboom-stap">Beslisboom · vraag 1</p>\n<h1 id="x">Vraag?</h1>\n'
                    '<h2 id="kies-uw-antwoord">Kies uw antwoord<a class="headerlink" href="#kies-uw-antwoord">#</a></h2>\n'
                    '<h2 id="waarom">Waarom?</h2>\n'
                    '<div class="admonition warning">\n<p class="admonition-title">Een hulpmiddel, geen besluit</p>\n'
                    '<p>Tekst</p>\n</div>\n<div class="admonition note">\n<p class="admonition-title">Let op</p>\n</div>\n'
                    '<p><a class="md-button" href="x/">Opnieuw beginnen</a></p>'
                    '<svg viewBox="0 0 1 1"><text>1. Vraag?</text></svg>')


def test_unmarked_boilerplate_names_only_boilerplate_without_its_mark():
    assert unmarked_boilerplate(BOILERPLATE_PAGE) == [
        '<h2 id="kies-uw-antwoord">', '<div class="admonition warning">', '<p class="beslisboom-stap">',
        '<a class="md-button" href="x/">', '<svg viewBox="0 0 1 1">']
    marked = (BOILERPLATE_PAGE.replace('<h2 id="kies', '<h2 data-search-exclude id="kies')
              .replace('<div class="admonition warning">', '<div data-search-exclude="data-search-exclude">\n'
                       '<div class="admonition warning">')
              .replace('class="beslisboom-stap"', 'class="beslisboom-stap" data-search-exclude')
              .replace('<a class="md-button"', '<a class="md-button" data-search-exclude')
              .replace("<svg ", "<svg data-search-exclude "))
    assert unmarked_boilerplate(marked) == []
    assert set(BOILERPLATE_CLASSES) >= {"beslisboom-stap", "md-button"}


def test_the_compiler_marks_all_boilerplate_in_the_markdown(tmp_path):
    """What search leaves out is marked by the compiler in the pages it writes, not by an
    engine's hook: every page of build/bron/, rendered with the site's Markdown extensions
    and no site generator, carries the marks."""
    from handboek import print_page, site_source

    target = tmp_path / "bron"
    site_source.write_source(load_content(), ROOT, target)
    renderer = print_page.markdown_renderer(site_source.read_config(ROOT))
    pages = sorted((target / "docs").rglob("*.md"))
    assert len(pages) > 50
    unmarked = {}
    for page in pages:
        if page.relative_to(target / "docs").as_posix() == print_page.folder_page(print_page.PAGE):
            continue
        _, _, body = site_source.split_front_matter(page.read_text(encoding="utf-8"))
        found = unmarked_boilerplate(renderer.reset().convert(body))
        if found:
            unmarked[page.relative_to(target).as_posix()] = found
    assert unmarked == {}


def test_rewrite_folds_a_tree_page_and_splits_a_rule_page():
    index = {"config": {}, "docs": [
        {"location": "beslisboom/x/", "title": "X", "text": ""},
        {"location": "beslisboom/x/#vraag", "title": "De vraag?", "text": "<p>Uitleg</p>"},
        {"location": "beslisboom/x/#waarom", "title": "Waarom?", "text": "<p>Omdat</p>"},
        {"location": "vuistregels/9/", "title": "Vuistregel 9", "text": "<p>Titel</p> <ol> <li>Een.</li> <li>Twee<sup>7</sup>.</li> </ol>"},
    ]}
    docs = rewrite_index(index)["docs"]
    assert docs[0] == {"location": "beslisboom/x/", "title": "De vraag?", "text": "<p>Uitleg</p> <p>Omdat</p>"}
    assert docs[1] == {"location": "vuistregels/9/", "title": "Vuistregel 9", "text": "<p>Titel</p>"}
    assert [(d["location"], d["title"]) for d in docs[2:]] == [("vuistregels/9/#punt-1", "Een."),
                                                               ("vuistregels/9/#punt-2", "Twee.")]


def test_rewrite_adds_the_zoekwoorden_to_the_points_they_link():
    glossary = ('<h3 id="dossier">Dossier<a class="headerlink" href="#dossier">#</a></h3><p>Uitleg.</p>'
                '<p>Lees verder: <a href="../vuistregels/9/#punt-1">Vuistregel 9, punt 1</a>.</p>'
                '<h3 id="inzage">Inzage<a class="headerlink" href="#inzage">#</a></h3><p>Zie <a href="../vuistregels/9/#punt-2">hier</a>.</p>'
                '<p>Lees verder: <a href="../vuistregels/9/#punt-3">Vuistregel 9, punt 3</a>, '
                '<a href="../vuistregels/9/#punt-1">Vuistregel 9, punt 1</a>.</p>')
    words = see_also(glossary)
    # only the links under "Lees verder"; the point a zoekwoord links first gets it twice (round 3)
    assert words == {"vuistregels/9/#punt-1": ["dossier", "dossier", "inzage"],
                     "vuistregels/9/#punt-3": ["inzage", "inzage"]}
    index = {"config": {}, "docs": [
        {"location": "vuistregels/9/", "title": "Vuistregel 9", "text": "<p>Titel</p> <ol> <li>Een.</li> <li>Twee.</li> </ol>"}]}
    docs = rewrite_index(index, {}, words, {"vuistregels/9/#punt-2": ["twee", "b&c"]})["docs"]
    assert docs[1]["text"] == "<p>Vuistregel 9, punt 1</p> <p>Zie ook bij Begrippen: dossier, inzage</p>"
    assert docs[1]["title"] == "Een. <span hidden>dossier dossier inzage</span>"
    # zoektermen go into the title only, escaped
    assert docs[2]["text"] == "<p>Vuistregel 9, punt 2</p>"
    assert docs[2]["title"] == "Twee. <span hidden>twee b&amp;c</span>"


def test_rewrite_hides_only_the_own_words_of_an_aanleiding_paragraph():
    """Round 4 of issue 20: "wetsvoorstel" found no Aanleiding paragraph (its words were only
    its text). A paragraph of the Aanleiding holds, hidden in its title, the words of 6+ letters
    that no rule point, Inleiding paragraph or tree page holds, nor a longer or shorter form
    of them that a wildcard query would find: not "veiligheid", not "mogelijkheid" (a point
    holds "mogelijk")."""
    index = {"config": {}, "docs": [
        {"location": "aanleiding/", "title": "Aanleiding",
         "text": "<p>Een wetsvoorstel voor de veiligheid.</p> <p>De mogelijkheid van samenwerking.</p>"},
        {"location": "vuistregels/9/", "title": "Vuistregel 9",
         "text": "<p>Titel</p> <ol> <li>Veiligheid waar mogelijk.</li> </ol>"},
        {"location": "beslisboom/x/", "title": "Samenwerking?", "text": ""},
        {"location": "oefencasussen/", "title": "Oefencasussen", "text": ""},
        {"location": "oefencasussen/#a", "title": "Een wetsvoorstel", "text": "<p>Casus.</p>"},
    ]}
    titles = {d["location"]: d["title"] for d in rewrite_index(index)["docs"]}
    assert titles["aanleiding/#alinea-1"] == "Aanleiding, alinea 1 <span hidden>wetsvoorstel</span>"
    assert titles["aanleiding/#alinea-2"] == "Aanleiding, alinea 2"


def test_rewrite_titles_an_abbreviation_with_its_full_form():
    glossary = ('<h3 id="ovj"><abbr title="officier van justitie">OvJ</abbr><a class="headerlink" href="#ovj">#</a></h3>'
                '<h3 id="x"><abbr title="&lt;b&gt;x&lt;/b&gt; &amp; y">X</abbr><a class="headerlink" href="#x">#</a></h3>'
                '<h3 id="toestemming">Toestemming</h3>')
    forms = full_forms(glossary)
    # Material shows titles as HTML: the full form stays escaped, as in the page
    assert forms == {"ovj": "officier van justitie", "x": "&lt;b&gt;x&lt;/b&gt; &amp; y"}
    index = {"config": {}, "docs": [
        {"location": "begrippen/", "title": "Begrippen", "text": ""},
        {"location": "begrippen/#ovj", "title": "OvJ", "text": "<p>officier van justitie. Werkt bij het OM.</p>"},
        {"location": "begrippen/#toestemming", "title": "Toestemming", "text": "<p>Staat er niet in.</p>"},
    ]}
    titles = [d["title"] for d in rewrite_index(index, forms)["docs"]]
    assert titles == ["Begrippen", "OvJ (officier van justitie)", "Toestemming"]


def test_zoekwoord_that_names_an_unknown_rule_point_is_an_error(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "decision_tree" / "begrippen.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    zie: ["7.3", "7.4"]\n'
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, '    zie: ["7.3", "9.4"]\n', 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert (f"decision_tree/begrippen.yaml:{line}: zoekwoord 'toestemming' verwijst naar '9.4', "
            "maar die bestaat niet in vuistregels.yaml") in result.stderr


def test_search_does_not_send_the_query_to_the_server():
    config = (Path(ROOT) / "mkdocs.yml").read_text(encoding="utf-8")
    assert "search.highlight" not in config  # it would add ?h=<query> to every result link
