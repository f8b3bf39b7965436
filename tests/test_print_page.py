"""The print page (afdrukversie/) that the compiler writes and the PDF is printed from."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

from handboek import print_page, site_source

CONFIG = {"site_name": "Handboek & co", "extra": {"editie": {"versie": "1&#46;0", "datum": "1 mei"}},
          "markdown_extensions": ["attr_list", {"toc": {"permalink": "#"}}]}
COVER = "<h1>{{ config.site_name }}</h1><p>Versie {{ config.extra.editie.versie }}</p>" \
        "{% if config.extra.lokaal %}<p>{{ config.extra.lokaal.naam }}</p>{% endif %}"
FILES = {
    "index.md": "# Start\n\n[Inleiding](inleiding.md)\n",
    "inleiding.md": "# Inleiding\n\nZie [regel 1](regels/1.md#kern), [hier](#wat) en [de start](index.md).\n\n"
                    "## Wat {#wat}\n\n![plaatje](assets/a.png)\n",
    "regels/index.md": "# Regels\n\n## Wat\n",
    "regels/1.md": "---\ntitle: Regel 1 &amp; meer\n---\n\n# Eén\n\n## Kern\n\n[terug](../inleiding.md#wat)\n",
    "schema/index.md": '# Schema\n\n<svg><a xlink:href="../werkplek/">1</a><a xlink:href="../regels/1/#kern">2</a>'
                       '<a xlink:href="#wat">3</a><a xlink:href="https://example.org/">4</a></svg>\n\n## Wat\n',
    "werkplek.md": "# Werkplek\n",
    "assets/a.png": b"\x89PNG",
}
NAV = [{"Start": "index.md"}, {"Inleiding": "inleiding.md"},
       {"Regels": ["regels/index.md", "regels/1.md"]}, {"Schema": "schema/index.md"}, {"Werkplek": "werkplek.md"}]
EXCLUDE = ("index.md", "werkplek.md")


def made() -> str:
    return print_page.print_page(FILES, NAV, CONFIG, COVER, EXCLUDE)


def ids(text: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', text)


def test_the_cover_comes_first_filled_from_the_config():
    text = made()
    cover = text[text.index('<section id="print-site-cover-page">'):text.index('<div id="print-page-toc">')]
    assert "<h1>Handboek & co</h1><p>Versie 1&#46;0</p>" in cover and "<p></p>" not in cover


def test_pages_come_in_nav_order_without_the_excluded_ones():
    sections = re.findall(r'<section class="print-page" id="([^"]+)"', made())
    assert sections == ["inleiding", "regels", "regels-1", "schema"]


def test_the_contents_list_has_the_nav_titles_two_levels_deep():
    toc = made().split('<div id="print-page-toc">')[1].split("</nav>\n</div>")[0]
    titles = re.findall(r'<a href="([^"]+)" class="md-nav__link"><span class="md-ellipsis">([^<]*)<', toc)
    assert titles == [("#inleiding", "Inleiding"), ("#section-3", "Regels"), ("#regels", "Regels"),
                      ("#regels-1", "Regel 1 &amp; meer"), ("#schema", "Schema")]


def test_ids_are_unique_and_every_internal_link_leads_to_one():
    text = made()
    found = ids(text)
    assert len(found) == len(set(found)), found
    assert {"inleiding-wat", "regels-wat", "regels-1-kern", "schema-wat"} <= set(found)
    for target in re.findall(r'(?:href|xlink:href)="#([^"]+)"', text):
        assert target in found, target


def test_links_point_inside_the_print_page_or_to_the_site():
    text = made()
    inleiding = text.split('id="inleiding"')[1].split("</section>")[0]
    assert 'href="#regels-1-kern"' in inleiding and 'href="#inleiding-wat"' in inleiding
    assert 'href="../"' in inleiding  # the start page is not printed: the link goes to the site
    assert 'src="../assets/a.png"' in inleiding
    assert 'href="#inleiding-wat"' in text.split('id="regels-1"')[1]


def test_chart_links_in_raw_html_lead_from_the_print_page():
    """A flowchart's links are written from its own page's address (../werkplek/ from
    schema/); on the print page they lead to the printed page or from afdrukversie/."""
    schema = made().split('id="schema"')[1]
    assert 'xlink:href="../werkplek/"' in schema
    assert 'xlink:href="#regels-1-kern"' in schema
    assert 'xlink:href="#schema-wat"' in schema and 'xlink:href="https://example.org/"' in schema


def test_the_print_page_is_raw_html_with_no_values_left_for_macros():
    front, meta, body = site_source.split_front_matter(made())
    assert meta["render_macros"] is False and meta["search"] == {"exclude": True}
    assert meta["title"] == "Handboek &amp; co"
    assert body.lstrip().startswith('<div id="print-site-page">') and body.rstrip().endswith("</div>")


def test_no_print_plugin_is_left():
    """The print page is the compiler's: mkdocs-print-site is in no configuration or requirement."""
    config = site_source.read_config(ROOT)
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "print-site" not in names
    assert "print-site" not in (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_contents_entries_of_the_local_layer_are_marked_local():
    files = {**FILES, "lokaal/index.md": "# Lokaal\n", "lokaal/contact.md": "# Contact Regio X\n"}
    nav = [*NAV, {"Lokale aanvulling": ["lokaal/index.md", "lokaal/contact.md"]}]
    text = print_page.print_page(files, nav, CONFIG, COVER, EXCLUDE, "lokaal")
    toc = text.split('<div id="print-page-toc">')[1].split("</nav>\n</div>")[0]
    assert re.findall(r'<li class="([^"]+)"><a href="#([^"]+)"', toc)[-3:] == [
        ("md-nav__item lokaal-regio", "section-6"), ("md-nav__item lokaal-regio", "lokaal"),
        ("md-nav__item lokaal-regio", "lokaal-contact")]
    assert 'class="md-nav__item"><a href="#inleiding"' in toc


def test_each_nested_contents_list_is_a_navigation_named_after_its_section():
    toc = made().split('<div id="print-page-toc">')[1]
    assert re.findall(r'<nav class="md-nav"( aria-label="[^"]*")?', toc) == [' aria-label="Regels"']


def test_the_built_print_page_carries_no_search_marks(site):
    """The print page is left out of search, so the search plugin never strips the marks the
    adapter adds for it: the adapter leaves such a page alone, as the pages looked before."""
    page = (site / "afdrukversie" / "index.html").read_text(encoding="utf-8")
    assert 'id="print-site-page"' in page and "data-search-exclude" not in page


def test_the_built_print_page_explains_abbreviations_as_the_pages_do(site):
    """A page's ending (the abbreviation list) is kept aside for mkdocs-macros and appended by
    the adapter; the print page gets it too, so an abbreviation is explained in the PDF."""
    page = (site / "afdrukversie" / "index.html").read_text(encoding="utf-8")
    rule = (site / "vuistregels" / "1" / "index.html").read_text(encoding="utf-8")
    assert "<abbr" in rule
    assert set(re.findall(r"<abbr title=\"[^\"]+\">[^<]+</abbr>", rule)) <= set(
        re.findall(r"<abbr title=\"[^\"]+\">[^<]+</abbr>", page))
