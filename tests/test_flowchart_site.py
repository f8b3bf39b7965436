"""The flowcharts in the built site: links without JavaScript, readable text at 1280 and
390 px, no page-level horizontal scroll, no mermaid, escaping into page and PDF."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from sitetext import page_text

from handboek import flowchart

TREES = Path(__file__).parent / "bomen"
SVG = "{http://www.w3.org/2000/svg}"


def compiled_json(site: Path) -> dict:
    return json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))


def section_nodes(data: dict) -> dict[str, set[str]]:
    """Per situation, the nodes of its chart, walked in the compiled JSON. A situation is a
    start answer or, where that answer says who answers (sets a perspective) and leads to a
    question, an answer of that question."""
    found = {}
    for first in data["vragen"][data["start"]]["antwoorden"]:
        then = data["vragen"].get(first["naar"])
        if first.get("perspectief") and then:
            for second in then["antwoorden"]:
                found[f"{first['id']}-{second['id']}"] = {data["start"], first["naar"]} | reach(data, second["naar"])
        else:
            found[first["id"]] = {data["start"]} | reach(data, first["naar"])
    return found


def reach(data: dict, node: str) -> set[str]:
    nodes, todo = set(), [node]
    while todo:
        node = todo.pop()
        if node not in nodes:
            nodes.add(node)
            todo.extend(a["naar"] for a in data["vragen"].get(node, {}).get("antwoorden", []))
    return nodes


def section_of(data: dict, walk: list[tuple[str, str]]) -> str:
    """The situation (chart) a walk from the start belongs to."""
    first = next(a for a in data["vragen"][data["start"]]["antwoorden"] if a["id"] == walk[0][1])
    if first.get("perspectief") and first["naar"] in data["vragen"]:
        return f"{walk[0][1]}-{walk[1][1]}"
    return walk[0][1]


def node_id(url: str) -> str | None:
    parts = urlsplit(url).path.strip("/").split("/")
    return parts[-1] if len(parts) >= 2 and parts[-2] == "beslisboom" else None


CHART_LINKS = """() => [...document.querySelectorAll('.stroomschema svg')].map(svg => ({
  id: svg.closest('.stroomschema-pagina').querySelector('h2').id,
  links: [...svg.querySelectorAll('a')].map(a => ({href: a.href.baseVal, name: a.getAttribute('aria-label'),
                                                   node: a.closest('g.node').id}))}))"""


def test_every_node_of_every_chart_is_a_link_to_its_page_without_javascript(browser, server, site):
    sections = section_nodes(compiled_json(site))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/overzicht/"))
    charts = [c for c in page.evaluate(CHART_LINKS) if c["id"].startswith("situatie-")]
    assert [c["id"] for c in charts] == [f"situatie-{s}" for s in sections]
    for chart, (section_id, nodes) in zip(charts, sections.items()):
        assert len(chart["links"]) == len(nodes)
        linked = {node_id(urljoin(page.url, link["href"])) for link in chart["links"]}
        assert linked == nodes
        assert all(link["name"].startswith(("Vraag ", "Uitkomst ")) for link in chart["links"])
    for target in {urljoin(page.url, link["href"]) for chart in charts for link in chart["links"]}:
        assert page.request.get(target).status == 200, target
    # by keyboard: the chart's box, then its first node
    page.focus(f"#situatie-{next(iter(sections))} + .stroomschema, #situatie-{next(iter(sections))} ~ .stroomschema")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.namespaceURI, document.activeElement.getAttribute('aria-label')]")
    assert focused == ["http://www.w3.org/2000/svg", charts[0]["links"][0]["name"]]
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: node_id(url) == data_start(site))
    context.close()


def data_start(site: Path) -> str:
    return compiled_json(site)["start"]


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_text_is_at_least_12_px_and_only_the_chart_box_scrolls(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/overzicht/"))
    boxes = page.evaluate("""() => [...document.querySelectorAll('.stroomschema')].map(box => ({
      smallest: Math.min(...[...box.querySelectorAll('g.node text, g.edge text')]
                               .map(t => t.getBoundingClientRect().height)),
      right: box.getBoundingClientRect().right,
      scrolls: box.scrollWidth > box.clientWidth,
      wider: box.querySelector('svg').getBoundingClientRect().width > box.clientWidth}))""")
    assert boxes
    for box in boxes:
        assert box["smallest"] >= 12, box
        assert box["right"] <= width
        assert box["scrolls"] == box["wider"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 390:
        assert any(box["scrolls"] for box in boxes)
    context.close()


def test_open_groot_opens_the_chart_file_whose_links_work(browser, server, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(server, "beslisboom/overzicht/"))
    links = page.get_by_role("link", name="Open groot")
    assert links.count() == len(section_nodes(compiled_json(site)))
    href = links.first.get_attribute("href")
    response = page.goto(urljoin(page.url, href))
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")
    first = page.locator("a").first.get_attribute("xlink:href")
    assert page.request.get(urljoin(page.url, first)).status == 200
    context.close()


def test_no_mermaid_in_the_site(site):
    assert not [p for p in site.rglob("*mermaid*")]
    mentions = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                      if p.is_file() and p.suffix != ".pdf" and b"mermaid" in p.read_bytes())
    # Material's own bundle names it (and its source maps); no page has a diagram or a script
    assert mentions and all(name.startswith(("assets/javascripts/bundle.", "assets/stylesheets/main."))
                            for name in mentions), mentions


NASTY = "Let op <script> alert(1) </script> {{ 7*7 }} & \"aanhalingstekens\""
NASTY_KORT = '<script>"&{{ 7*7 }}'


def test_markup_in_question_answer_and_kort_is_text_in_svg_page_and_pdf(tmp_path):
    project = copy_project(tmp_path / "project")
    toy = (TREES / "secties.yaml").read_text(encoding="utf-8")
    for old, new in {"vraag: Is het doel uitgelegd?": f"vraag: '{NASTY}'",
                     "tekst: Nee, alleen voor de taak van de ander.": f"tekst: '{NASTY}'",
                     "kort: Ik word gevraagd": f"kort: '{NASTY_KORT}'"}.items():
        assert old in toy
        toy = toy.replace(old, new)
    (project / "decision_tree" / "beslisboom.yaml").write_text(toy, encoding="utf-8")
    (project / "decision_tree" / "casuistiek.yaml").write_text(
        "casussen:\n  - {id: toets, titel: Toets, perspectief: vt, situatie: Een toets., "
        "antwoorden: [vastgelopen], uitkomst: samen-oplossen, moet_noemen: [], bespreekpunten: [Geen.]}\n",
        encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    svg_text = (site / flowchart.SCHEMA_DIR / "gevraagd.svg").read_text(encoding="utf-8")
    assert "<script" not in svg_text
    root = ET.fromstring(svg_text)
    shown = " ".join(" ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
                     for g in root.iter(f"{SVG}g") if g.get("class", "").startswith(("node", "edge")))
    for text in (NASTY, NASTY_KORT):
        assert text in shown
    overview = site / "beslisboom" / "overzicht" / "index.html"
    html = overview.read_text(encoding="utf-8")
    assert "<script> alert(1)" not in html and '<script>"&' not in html
    assert NASTY in page_text(overview) and f"Situatie 1: {NASTY_KORT}" in page_text(overview)

    pdf = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(site)], capture_output=True,
                         text=True)
    assert pdf.returncode == 0, pdf.stderr
    pages = pdf_pages(next(site.glob("*.pdf")))
    chart_page = next(p for p in pages if f"Situatie 1: {NASTY_KORT}" in p and "Vraag 1" in p)
    assert NASTY in chart_page and NASTY_KORT in chart_page.replace(f"Situatie 1: {NASTY_KORT}", "")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page as pdftotext reads it, white space folded."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def paths_in_two_sections(data: dict) -> list[list[tuple[str, str]]]:
    """Two walks from the start to an outcome, each in another section: (node, answer id) steps,
    taking the last answer at every question, so that the walks differ from the first answers."""
    walks = []
    for first in data["vragen"][data["start"]]["antwoorden"][:2]:
        walk, node = [(data["start"], first["id"])], first["naar"]
        while node in data["vragen"]:
            answer = data["vragen"][node]["antwoorden"][-1]
            walk.append((node, answer["id"]))
            node = answer["naar"]
        walk.append((node, ""))
        walks.append(walk)
    return walks


ROUTE = """() => [...document.querySelectorAll('[data-wizard] .stroomschema .route')].map(e => e.id).sort()"""


@pytest.mark.parametrize("which", [0, 1])
def test_route_highlight_marks_exactly_the_nodes_and_edges_of_the_path(browser, server, site, which):
    walk = paths_in_two_sections(compiled_json(site))[which]
    section = section_of(compiled_json(site), walk)
    expected = sorted([flowchart.node_element_id(section, node) for node, _ in walk]
                      + [flowchart.edge_element_id(section, node, answer) for node, answer in walk[:-1]])
    answers = "/".join(answer for _, answer in walk[:-1])
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(urljoin(server, f"beslisboom/#a={answers}"))
    page.wait_for_selector("[data-wizard] [data-outcome]")
    assert page.evaluate(ROUTE) == expected
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the chart scrolls in its box
    assert page.locator("[data-wizard] .stroomschema g.node").count() == \
        len(section_nodes(compiled_json(site))[section])
    # the verslag names the path walked, not the section: no chart, and no node off the route
    data = compiled_json(site)
    page.goto(urljoin(server, f"beslisboom/#a={answers}&verslag"))
    page.wait_for_selector("[data-wizard] .verslag-route")
    assert page.locator("[data-wizard] .stroomschema").count() == 0
    names = [f"Vraag {data['vragen'][node]['nummer']}" if node in data["vragen"]
             else f"Uitkomst {data['uitkomsten'][node]['letter']}" for node, _ in walk]
    route = page.locator("[data-wizard] .verslag-route").inner_text().split(":", 1)[1]
    assert [name.strip() for name in route.split("\u2192")] == names
    context.close()


def test_every_chart_file_of_the_site_is_well_formed_xml(site):
    """A chart file is loaded as an image and as XML (the route chart): one attribute without
    a value (HTML allows it, XML does not) and the browser shows a parser error instead."""
    charts = sorted((site / flowchart.SCHEMA_DIR).glob("*.svg"))
    assert charts
    for chart in charts:
        ET.fromstring(chart.read_text(encoding="utf-8"))
