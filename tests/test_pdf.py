"""The PDF handbook: the same verbatim text as the site, navigable, Dutch, printable."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys
from urllib.parse import urljoin

import pytest
from conftest import ROOT
from pypdf import PdfReader
from sourcedoc import parse
from test_flowchart_site import section_nodes

from handboek.build import load_content
from handboek.markdown import plain

sys.path.insert(0, str(ROOT / "pdf"))
from build_pdf import PDF_NAME, TITLE  # noqa: E402

CONTENT = load_content()
TREE = CONTENT.tree
FOOTER = re.compile(r"Pagina (\d+) van (\d+)")
# Footnote marks come out of the PDF as digits after a word ("3RO 1,", "pakken. 2 De").
# For the comparison with the source, single digits after a word are dropped on both sides.
SINGLE_DIGIT = re.compile(r"(?<=[A-Za-z.)]) ?[1-9](?=[\s,.]|$)")


def fold(text: str) -> str:
    """White space folded; a line broken after a hyphen ("BIG-\nregistratie") joined."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


@pytest.fixture(scope="module")
def pdf(site, pdf_previews) -> PdfReader:
    reader = PdfReader(str(site / PDF_NAME))
    reader.previews = pdf_previews
    return reader


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """All text, without the page footers, white space folded."""
    return fold(" ".join(FOOTER.sub(" ", t) for t in page_texts(pdf)))


def outline_titles(reader: PdfReader) -> list[str]:
    titles, todo = [], list(reader.outline)
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo[:0] = item
        else:
            titles.append(item.title)
    return titles


def test_every_source_sentence_is_in_the_pdf(text):
    without_marks = fold(SINGLE_DIGIT.sub("", text))
    missing = [s for s in parse().sentences if fold(SINGLE_DIGIT.sub("", s)) not in without_marks]
    assert not missing, "missing from the PDF:\n" + "\n".join(missing)


def test_chapters_come_in_the_promised_order(pdf):
    titles = outline_titles(pdf)
    order = ["Inhoudsopgave", "Aanleiding opstellen vuistregels", "Inleiding",
             *[f"Vuistregel {n}" for n in range(1, 8)], "De hele beslisboom", "Oefencasussen", "Begrippen",
             "Bronnen", "Over deze uitgave"]
    positions = [titles.index(title) for title in order]
    assert positions == sorted(positions)


def test_practice_cases_are_printed_with_their_worked_answers(text):
    # on screen the Uitwerking is a closed <details>; on paper it is printed
    for case in CONTENT.cases:
        for part in (case.title, case.situation, *case.discussion):
            assert fold(plain(part)) in text, f"{case.id}: {part!r} not in the PDF"


def test_each_rule_starts_on_a_new_page(pdf):
    for number in range(1, 8):
        starts = [FOOTER.sub("", t).lstrip().startswith(f"Vuistregel {number}\n") for t in page_texts(pdf)]
        assert any(starts), f"no page starts with Vuistregel {number}"


def test_metadata_title_language_and_tags(pdf):
    assert pdf.metadata.title == TITLE
    root = pdf.trailer["/Root"]
    assert str(root["/Lang"]).startswith("nl")
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_pages_are_numbered_in_dutch(pdf):
    texts = page_texts(pdf)
    assert not FOOTER.search(texts[0]), "the cover has no page number"
    for number, page_text in enumerate(texts[1:], start=2):
        assert f"Pagina {number} van {len(texts)}" in page_text


@pytest.mark.parametrize("label", ["Page ", "Table of Contents", "Description", "Copyright", "Permanent link",
                                   "Figure", "Author", "Repository"])
def test_no_english_label(text, label):
    assert label not in text


def test_every_question_and_outcome_is_on_paper_with_its_targets(text):
    numbers, letters = TREE.numbers(), TREE.letters()
    for question in TREE.questions.values():
        assert fold(f"Vraag {numbers[question.id]}. {plain(question.text)}") in text
        for answer in question.answers:
            target = (f"ga naar vraag {numbers[answer.target]}" if answer.target in numbers
                      else f"zie uitkomst {letters[answer.target]}")
            assert fold(f"{plain(answer.text)} → {target}") in text, (question.id, answer.id)
    for outcome in TREE.outcomes.values():
        assert fold(f"Uitkomst {letters[outcome.id]}. {plain(outcome.title)}") in text
        for step in outcome.advice:
            assert fold(plain(step.text)) in text


def test_links_stay_inside_the_pdf_and_lead_somewhere(pdf):
    named = pdf.named_destinations
    internal = 0
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action else ""
            assert not uri, f"link leaves the PDF: {uri}"
            dest = annot.get("/Dest") if annot.get("/Dest") is not None else (action or {}).get("/D")
            if dest is None:
                continue
            internal += 1
            if not isinstance(dest, list):
                assert str(dest) in named, f"link to a missing destination {dest}"
    # table of contents (16), footnotes there and back (16), "ga naar vraag/zie uitkomst" (49)
    assert internal >= 80


def test_pdf_is_offered_for_download(site):
    html = (site / "pdf" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{PDF_NAME}"' in html
    assert (site / PDF_NAME).stat().st_size > 0


def test_previews_of_cover_and_flowchart_are_made(pdf):
    for name in ("voorblad.png", "stroomschema.png"):
        png = pdf.previews / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_single_page_prints_clean(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(urljoin(server, "vuistregels/5/"))
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    context.close()
    printed = " ".join(p.extract_text() for p in reader.pages)
    assert "Vuistregel 5" in printed and "Pagina 1 van" in printed
    for chrome in ("Zoeken", "Inhoudsopgave", "Download als PDF", "Volgende", "In de beslisboom"):
        assert chrome not in printed


WORD_BOX = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def word_sizes(pdf_path, page_number: int) -> list[tuple[str, float]]:
    """(word, height of its box in pt) for every word on one page, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page_number), "-l", str(page_number), str(pdf_path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(html.unescape(word), float(y_max) - float(y_min)) for y_min, y_max, word in WORD_BOX.findall(out)]


def test_each_section_chart_has_a_page_of_its_own_with_all_its_text_at_7_pt_or_more(site, pdf):
    pdf_path = site / PDF_NAME
    raw = subprocess.run(["pdftotext", "-raw", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"\s", "", page) for page in raw.split("\f")]
    data = json.loads((site / "beslisboom" / "beslisboom.json").read_text(encoding="utf-8"))
    chart_pages = []
    for number, nodes in enumerate(section_nodes(data).values(), start=1):
        texts = [data["vragen"][n]["vraag"] if n in data["vragen"] else data["uitkomsten"][n]["titel"] for n in nodes]
        found = [i for i, page in enumerate(pages, start=1)
                 if f"Situatie{number}:" in page and all(re.sub(r"\s", "", t) in page for t in texts)]
        assert found, f"no page with chart {number} and all its text"
        chart_pages.append(found[0])
    assert len(set(chart_pages)) == len(chart_pages)
    for page_number in chart_pages:
        words = word_sizes(pdf_path, page_number)
        footer = next(height for word, height in words if word == "Pagina")  # 9 pt: calibrates the box height
        smallest = min(height for _, height in words) / (footer / 9)
        assert smallest >= 6.95, f"page {page_number}: text of {smallest:.1f} pt"


# --- tagged PDF: charts are figures with an alternative, footers are artifacts -----------

def struct_elements(reader: PdfReader, role: str) -> list:
    """Every element of the structure tree with structure type `role` ("/Figure")."""
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == role:
            found.append(node)
        kids = node.get("/K")
        todo.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return found


def test_each_chart_is_a_figure_whose_alternative_points_to_the_text(site, pdf):
    charts = (site / "afdrukversie" / "index.html").read_text(encoding="utf-8").count('class="stroomschema"')
    figures = [str(f.get("/Alt", "")) for f in struct_elements(pdf, "/Figure")]
    alternatives = [alt for alt in figures if alt.startswith("Stroomschema")]
    assert charts > 3 and len(alternatives) == charts, figures
    for alt in alternatives:
        assert "Situatie" in alt and "lijst" in alt and len(alt) < 300, alt


def marked_texts(page) -> list[tuple[list[str], str]]:
    """(the marked-content tags around it, text) for each piece of text on the page."""
    stack: list[str] = []
    texts = []

    def before(operator, args, *_):
        if operator in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif operator == b"EMC" and stack:
            stack.pop()

    page.extract_text(visitor_operand_before=before,
                      visitor_text=lambda text, *_: texts.append((list(stack), text)) if text.strip() else None)
    return texts


def test_page_footers_are_artifacts_and_no_text_is_left_unmarked(pdf):
    for number, page in enumerate(pdf.pages, start=1):
        texts = marked_texts(page)
        unmarked = [text for tags, text in texts if not tags]
        assert unmarked == [], f"page {number}: text neither tagged nor an artifact: {unmarked[:4]}"
        footer = [tags for tags, text in texts if text.strip() == "Pagina"]
        assert number == 1 or footer, f"page {number}: no footer"
        assert all(tags[-1] == "/Artifact" for tags in footer), (number, footer)


def test_only_text_outside_marked_content_becomes_an_artifact():
    from build_pdf import mark_artifacts

    stream = (b"q 0 0 9 9 re f Q\nBT <0017> Tj ET\n/P <</MCID 0 >>BDC\nBT (a BT b ET) Tj ET\nEMC\n"
              b"BT /BT 1 Tf <00BDC0> Tj ET")
    marked = mark_artifacts(stream)
    assert marked == (b"q 0 0 9 9 re f Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nBT <0017> Tj ET\nEMC\n"
                      b"/P <</MCID 0 >>BDC\nBT (a BT b ET) Tj ET\nEMC\n"
                      b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nBT /BT 1 Tf <00BDC0> Tj ET\nEMC")
