"""The rule texts on the site are the source document, word for word."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitetext import page_text
from sourcedoc import SOURCE, normalise, parse

DOC = parse()
SOURCE_PAGES = ["aanleiding", "inleiding", "vuistregels", "over-deze-uitgave",
                *[f"vuistregels/{n}" for n in range(1, 8)]]


@pytest.fixture(scope="module")
def source_text(site) -> str:
    return " \n ".join(page_text(site / page / "index.html") for page in SOURCE_PAGES)


def test_source_copy_is_unchanged():
    original = Path(__file__).resolve().parents[2] / "shared" / "source" / SOURCE.name
    if not original.exists():
        assert not os.environ.get("CI"), f"CI must have the shared source at {original}"
        pytest.skip("the shared source is not beside this clone; the copy in tests/bron is used")
    assert original.read_bytes() == SOURCE.read_bytes()


def test_source_parse_finds_the_whole_document():
    # guards the parser itself: 7 rules with 4, 2, 3, 4, 6, 2 and 4 points, 8 footnotes
    assert {n: len(p) for n, p in DOC.rule_points.items()} == {1: 4, 2: 2, 3: 3, 4: 4, 5: 6, 6: 2, 7: 4}
    assert sorted(DOC.footnotes) == list(range(1, 9))
    assert len(DOC.sentences) > 80


def test_every_source_sentence_appears_verbatim(source_text):
    missing = [s for s in DOC.sentences if s not in source_text]
    assert not missing, "missing from the site:\n" + "\n".join(missing)


def test_page_break_splits_are_rejoined(source_text):
    assert "situaties van Huiselijk Geweld of Kindermishandeling opgesteld." in source_text
    assert ("De vuistregels zijn gericht op een goede samenwerking met oog voor een "
            "zorgvuldige omgang met persoonsgegevens.") in source_text


@pytest.mark.parametrize("number", range(1, 8))
def test_rule_page_has_its_points_in_order(site, number):
    from html.parser import HTMLParser

    class Points(HTMLParser):
        def __init__(self):
            super().__init__()
            self.points: list[list[str]] = []
            self.open = 0

        def handle_starttag(self, tag, attrs):
            if tag == "li" and (dict(attrs).get("id") or "").startswith("punt-"):
                self.points.append([])
                self.open = 1
            elif self.open:
                self.open += 1
                if "voetnoot-ref" in (dict(attrs).get("class") or ""):
                    self.open += 1000  # skip the footnote mark's text

        def handle_endtag(self, tag):
            if self.open:
                self.open -= 1000 if self.open > 1000 and tag == "sup" else 1

        def handle_data(self, data):
            if self.open and self.open < 1000:
                self.points[-1].append(data)

    parser = Points()
    parser.feed((site / "vuistregels" / str(number) / "index.html").read_text(encoding="utf-8"))
    on_page = [normalise("".join(p)) for p in parser.points]
    assert on_page == DOC.rule_points[number]


def test_every_footnote_text_appears_where_it_is_cited(site):
    pages = {1: "aanleiding", 2: "aanleiding", 3: "aanleiding", 4: "inleiding", 5: "inleiding",
             6: "inleiding", 7: "vuistregels/1", 8: "vuistregels/2"}
    for number, page in pages.items():
        text = page_text(site / page / "index.html")
        assert DOC.footnotes[number] in text, f"footnote {number} not on {page}"
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'id="voetnoot-{number}"' in html and f'href="#voetnoot-{number}"' in html


def test_missing_overview_of_vt_frameworks_is_stated(site):
    text = page_text(site / "over-deze-uitgave" / "index.html")
    assert "overzicht van de kaders van VT" in text
    assert "staat niet in de brontekst" in text
