"""The built site: strict build, self-contained, Dutch search, links and pinned URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from links import broken_links, parse, resolve
from sitetext import page_text

PUBLISHED = Path(__file__).resolve().parent.parent / "decision_tree" / "gepubliceerde-adressen.txt"
FOREIGN = re.compile(r"(?:https?:)?//(?!site\.invalid)[\w.-]+", re.I)


def published_urls() -> list[str]:
    lines = PUBLISHED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_html_and_css_reference_no_other_origin(site):
    offenders = []
    for page in site.rglob("*.html"):
        for tag, attr, value in parse(page).urls:
            if FOREIGN.search(value) and not value.startswith("data:"):
                offenders.append(f"{page.relative_to(site)}: <{tag} {attr}={value}>")
    for css in site.rglob("*.css"):
        for match in re.finditer(r"(?:url\(|@import)\s*['\"]?([^'\")\s]+)", css.read_text(encoding="utf-8")):
            if FOREIGN.match(match[1]):
                offenders.append(f"{css.relative_to(site)}: {match[1]}")
    assert not offenders, "\n".join(offenders)


def test_every_internal_link_and_anchor_resolves(site, pdf_previews):  # the PDF is linked too
    assert broken_links(site) == []


def test_link_check_reports_a_broken_anchor(site, tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<a href="vuistregels/1/#punt-99">x</a><a href="nergens/">y</a>', encoding="utf-8")
    (tmp_path / "vuistregels" / "1").mkdir(parents=True)
    (tmp_path / "vuistregels" / "1" / "index.html").write_text('<li id="punt-1">', encoding="utf-8")
    assert broken_links(tmp_path) == ["/: missing anchor vuistregels/1/#punt-99",
                                      "/: broken link nergens/"]


@pytest.mark.parametrize("url", published_urls())
def test_published_url_still_exists(site, pdf_previews, url):  # pdf_previews: the PDF is published too
    path, _, anchor = url.partition("#")
    target = resolve(site, path.lstrip("/"))
    assert target is not None, f"{url} is gone"
    if anchor:
        assert anchor in parse(target).ids, f"{url}: anchor is gone"


def test_every_rule_point_is_pinned():
    from handboek.build import load_content

    pinned = set(published_urls())
    for ref in load_content().rulebook.all_point_refs():
        rule, point = ref.split(".")
        assert f"/vuistregels/{rule}/#punt-{point}" in pinned


@pytest.fixture(scope="module")
def search_index(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_is_dutch_without_stemmer(search_index):
    assert search_index["config"]["lang"] == ["nl"]
    assert not any("stemmer" in step for step in search_index["config"].get("pipeline", []))


@pytest.mark.parametrize("word", ["beroepsgeheim", "geheimhoudingsplicht", "ZSM", "wederkerigheid"])
def test_search_index_finds_word(search_index, word):
    hits = [doc["location"] for doc in search_index["docs"]
            if re.search(rf"\b{word}", doc["text"] + " " + doc["title"], re.I)]
    assert hits, f"'{word}' is in no indexed document"


def test_pages_are_dutch(site):
    for page in site.rglob("*.html"):
        assert '<html lang="nl"' in page.read_text(encoding="utf-8"), page


def test_acronyms_have_tooltips(site):
    html = (site / "vuistregels" / "1" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">ZSM</abbr>', html)
    assert re.search(r'<abbr title="Collectieve Opdracht Routeer Voorziening">CORV</abbr>', html)


@pytest.mark.parametrize("term", ["OM", "RvdK", "VT", "3RO", "OvJ", "ZSM", "CORV", "AVG", "Wmo", "BIG", "SKJ"])
def test_glossary_explains_term(site, term):
    assert re.search(rf"(^| ){re.escape(term)} ", page_text(site / "begrippen" / "index.html"))


def mkdocs_config() -> dict:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names Python objects (a mermaid fence formatter); they do not matter here
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_edition_is_shown_from_one_place(site):
    from handboek.build import load_content

    edition = mkdocs_config()["extra"]["editie"]
    assert "versie" not in edition, "the edition number is the tree's versie, nowhere else"
    text = page_text(site / "over-deze-uitgave" / "index.html")
    assert f"Versie {load_content().tree.version}, {edition['datum']}" in text


def test_rule_nav_is_generated_from_the_yaml(site):
    from handboek.build import load_content

    assert "vuistregels/1.md" not in (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    html = (site / "inleiding" / "index.html").read_text(encoding="utf-8")
    for rule in load_content().rulebook.rules:
        assert re.search(rf'<a href="[^"]*vuistregels/{rule.number}/" class="md-nav__link">\s*'
                         rf'(<span[^>]*>\s*)?Vuistregel {rule.number}\b', html), rule.number
