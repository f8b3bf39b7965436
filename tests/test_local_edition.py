"""The local layer (lokaal/<naam>/): read as strictly as the national content, rendered in
marked blocks only, never changing the national text (issue 18). No browser here."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import LOCAL_EXAMPLE, ROOT, copy_project, mkdocs_build
from hostile import MARKDOWN_VECTORS, PAYLOAD, SHORT_PAYLOAD, live_markup, poison, text_fields
from sitetext import INLINE, page_text, site_pages
from sourcedoc import parse

from handboek import lokaal, lokaal_pages
from handboek.build import generate, load_content
from handboek.errors import ContentErrors

EXAMPLE = ROOT / LOCAL_EXAMPLE
national = load_content(layer_folder=None)


@pytest.fixture
def layer_copy(tmp_path) -> Path:
    """A throw-away copy of the example layer."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "laag"))


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(layer_folder=folder)
    return [str(e) for e in caught.value.errors]


def edit(folder: Path, old: str, new: str, file: str = lokaal.FILE) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, needle: str, file: str = lokaal.FILE) -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# --- the layer as an editor writes it ---------------------------------------------------

def test_example_layer_loads_and_attaches_to_rule_points_outcomes_and_the_start_page():
    content = load_content(layer_folder=EXAMPLE)
    layer = content.lokaal
    assert layer is not None and layer.documents and layer.contacts and layer.logo
    kinds = {"start" if a.at == "start" else "punt" if re.fullmatch(r"\d+\.\d+", a.at) else "uitkomst"
             for a in layer.agreements}
    assert kinds == {"start", "punt", "uitkomst"}
    assert all(a.at in content.tree.outcomes for a in layer.agreements if kinds and "." not in a.at
               and a.at != "start")


def test_without_a_layer_nothing_is_read(monkeypatch):
    monkeypatch.delenv(lokaal.ENV, raising=False)
    assert lokaal.chosen_folder() is None
    monkeypatch.setenv(lokaal.ENV, "  ")
    assert lokaal.chosen_folder() is None and load_content().lokaal is None


@pytest.mark.parametrize("where, reason", [
    ('"9.1"', "die vuistregel of dat punt staat niet in de vuistregels"),
    ('"1.99"', "die vuistregel of dat punt staat niet in de vuistregels"),
    ("bestaat-niet", "er is geen uitkomst met dit id in de beslisboom"),
])
def test_unknown_place_is_an_error_with_file_and_line(layer_copy, where, reason):
    edit(layer_copy, 'bij: "1.3"', f"bij: {where}")
    line = line_of(layer_copy, f"bij: {where}")
    errors = errors_of(layer_copy)
    assert any(e.endswith(f"lokaal.yaml:{line}: bij: '{where.strip(chr(34))}' bestaat niet: {reason}")
               or (f"lokaal.yaml:{line}: bij: '{where.strip(chr(34))}' bestaat niet: {reason}" in e)
               for e in errors), errors


def test_a_layer_folder_that_does_not_exist_is_an_error(tmp_path):
    errors = errors_of(tmp_path / "bestaat-niet")
    assert len(errors) == 1 and "de map van de lokale aanvulling bestaat niet" in errors[0]


def test_an_empty_layer_folder_says_the_file_is_missing(tmp_path):
    (tmp_path / "leeg").mkdir()
    errors = errors_of(tmp_path / "leeg")
    assert len(errors) == 1 and errors[0].endswith("leeg/lokaal.yaml:1: het bestand ontbreekt")


def test_the_strict_reader_and_the_schema_apply(layer_copy):
    edit(layer_copy, "  korte_naam: VT Voorbeeld", "  korte_naam: VT Voorbeeld\n  korte_naam: Nog een\n  website: x")
    edit(layer_copy, "kleur:", "onbekend: 1\nkleur:")
    edit(layer_copy, "    titel: Knelpunten melden", "    titel: " + "x" * 121)
    errors = errors_of(layer_copy)
    text = "\n".join(errors)
    assert f"lokaal.yaml:{line_of(layer_copy, 'korte_naam: Nog een')}: dubbele sleutel 'korte_naam'" in text
    # the schema runs after the reader has refused the duplicate key: a second check, once fixed
    edit(layer_copy, "\n  korte_naam: Nog een", "")
    text = "\n".join(errors_of(layer_copy))
    assert f"lokaal.yaml:{line_of(layer_copy, 'website: x')}: organisatie: onbekend veld 'website'" in text
    assert f"lokaal.yaml:{line_of(layer_copy, 'onbekend: 1')}: onbekend veld 'onbekend'" in text
    assert "is te lang: 121 tekens, de grens is 120" in text


def test_all_problems_of_the_layer_and_its_documents_come_at_once(layer_copy):
    edit(layer_copy, 'kleur: "#1f4e79"', 'kleur: "#88aaff"')
    edit(layer_copy, 'bij: "2.2"', 'bij: "8.1"')
    edit(layer_copy, 'vastgesteld: "2026-11-15"', 'vastgesteld: "2026-02-30"')
    edit(layer_copy, "## Wettelijke kaders", "## Wettelijke kaders <b>vet</b>", "kaders-vt.md")
    errors = errors_of(layer_copy)
    assert len(errors) == 5, errors  # the HTML twice: <b> and </b>
    bij_line = line_of(layer_copy, 'bij: "8.1"')
    assert any(f"lokaal.yaml:{bij_line}: bij: '8.1' bestaat niet" in e for e in errors)
    assert any("contrast" in e and "WCAG AA" in e for e in errors)
    assert any("'2026-02-30' is geen bestaande datum" in e for e in errors)
    assert any(f"kaders-vt.md:{line_of(layer_copy, '<b>', 'kaders-vt.md')}: HTML" in e for e in errors)


def test_a_schema_error_does_not_hide_the_other_problems(layer_copy):
    edit(layer_copy, "  korte_naam: VT Voorbeeld", "  korte_naam: VT Voorbeeld\n  website: x")
    edit(layer_copy, 'bij: "2.2"', 'bij: "8.1"')
    edit(layer_copy, "## Wettelijke kaders", "## Wettelijke kaders <!-- x -->", "kaders-vt.md")
    errors = "\n".join(errors_of(layer_copy))
    assert "onbekend veld 'website'" in errors
    assert "bij: '8.1' bestaat niet" in errors
    assert f"kaders-vt.md:{line_of(layer_copy, '<!--', 'kaders-vt.md')}: een HTML-opmerking" in errors


@pytest.mark.parametrize("colour, enough", [("#1f4e79", True), ("#767676", True), ("#777777", False),
                                            ("#ffffff", False), ("#000000", True)])
def test_colour_contrast_with_white_text_is_wcag_aa(colour, enough):
    assert (lokaal.contrast_with_white(colour) >= lokaal.MIN_CONTRAST) is enough


def test_logo_must_be_a_real_png(layer_copy):
    (layer_copy / "logo.png").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')
    errors = errors_of(layer_copy)
    assert len(errors) == 1 and errors[0].endswith(
        f"lokaal.yaml:{line_of(layer_copy, 'logo:')}: organisatie.logo: logo.png is geen PNG-bestand; alleen PNG "
        "is toegestaan (geen SVG of ander formaat)")


def test_svg_logo_is_refused_by_name(layer_copy):
    edit(layer_copy, "logo: logo.png", "logo: logo.svg")
    assert any("het logo is een PNG-bestand" in e for e in errors_of(layer_copy))


# --- local documents: Markdown only -------------------------------------------------------

@pytest.mark.parametrize("vector", [*MARKDOWN_VECTORS, "<script>xss()</script>", "<b onclick=xss()>x</b>",
                                    "[a [b] c](javascript:xss())", "[t]( JaVaScRiPt:xss())",
                                    "[t][r]\n\n[r]: vbscript:x", "![k](../../geheim.png)", "[t](//ander.invalid/)",
                                    "# Tweede titel", "<https://ander.invalid/>"])
def test_every_hostile_markdown_vector_is_refused_with_its_line(layer_copy, vector):
    path = layer_copy / "kaders-vt.md"
    path.write_text("## Kop\n\nGewone tekst.\n\n" + vector + "\n", encoding="utf-8")
    errors = errors_of(layer_copy)
    lines = range(5, 5 + vector.count("\n") + 1)
    assert errors and all(re.search(r"kaders-vt\.md:\d+: ", e) for e in errors), errors
    assert any(f"kaders-vt.md:{line}: " in e for e in errors for line in lines), errors


@pytest.mark.parametrize("allowed", ["[site](https://voorbeeld.invalid/pad)", "[mail](mailto:a@voorbeeld.invalid)",
                                     "[bel](tel:09000000000)", "[regel](../vuistregels/7.md#punt-4)",
                                     "## Kop\n\n- lijst\n\n1. een\n\n> citaat", "!!! note \"Let op\"\n\n    Tekst.",
                                     "a < b en c > d"])
def test_plain_markdown_with_allowed_links_passes(allowed):
    assert lokaal.document_problems(allowed + "\n") == []


def test_local_image_must_be_a_png_in_the_layer(layer_copy):
    edit(layer_copy, "## Wettelijke kaders", "![Kaart van de regio](logo.png)\n\n## Wettelijke kaders", "kaders-vt.md")
    content = load_content(layer_folder=layer_copy)
    assert f"{lokaal.SITE_DIR}/logo.png" in content.lokaal.files
    edit(layer_copy, "](logo.png)", "](kaart.png)", "kaders-vt.md")
    assert any("kaart.png ontbreekt" in e for e in errors_of(layer_copy))


# --- rendering: marked, escaped, after the national text ------------------------------------

def local_pages(folder: Path = EXAMPLE) -> tuple:
    content = load_content(layer_folder=folder)
    return content, generate(content, draw=False)


def test_national_text_is_never_changed_or_hidden_by_the_layer():
    """Every line of every national page is still there, in order, in the local edition
    (the one thing a block under a rule point adds is the list's number going on after it)."""
    national_pages = generate(national, draw=False)
    content, pages = local_pages()
    changed = 0
    for path, text in national_pages.items():
        if path.endswith(".json"):  # the wizard's data: the same, with the layer beside it
            local_json = json.loads(pages[path])
            changed += local_json.pop("lokaal", None) is not None
            assert local_json == json.loads(text), path
            continue
        wanted = [line for line in text.split("\n") if not re.fullmatch(r"\{ #punt-\d+ \}", line)]
        local_lines = iter(pages[path].split("\n"))
        missing = [line for line in wanted if not any(line == other for other in local_lines)]
        assert missing == [], path
        changed += pages[path] != text
    # the pages the layer attaches to, the overview's list of outcomes (which the PDF prints),
    # and the wizard's JSON (its "lokaal", outside the hash)
    places = {a.at.split(".")[0] for a in content.lokaal.agreements if a.at != "start"}
    assert changed == len(places) + any(p in content.tree.outcomes for p in places) + 1
    # only local pages are added, under lokaal/, and the colour's style sheet
    added = set(pages) - set(national_pages)
    assert added and all(p.startswith(f"{lokaal.SITE_DIR}/") or p == lokaal_pages.CSS for p in added)


def test_rule_point_blocks_stand_between_the_points_not_inside_them():
    content, pages = local_pages()
    for agreement in content.lokaal.agreements:
        rule, _, point = agreement.at.partition(".")
        if not point:
            continue
        html = markdown.markdown(pages[f"vuistregels/{rule}.md"].split("---\n", 2)[2], extensions=lokaal.EXTENSIONS)
        item = re.search(rf'<li id="punt-{point}"[^>]*>(.*?)</li>', html, re.S)
        assert item and "lokaal" not in item[1]
        after = html[item.end():]
        assert re.match(r'\s*</ol>\s*<div class="lokaal"[^>]* id="' + agreement.anchor, after)
        assert escape_free(content.lokaal.heading) in after[:400]
        # the numbering goes on after the block
        following = int(point) + 1
        if following <= len(content.rulebook.rule(int(rule)).points):
            assert f'<li id="punt-{following}" value="{following}">' in after


def escape_free(text: str) -> str:
    return text.split(" \u2014 ")[0]


def _poisoned_layer(folder: Path, payload: str = PAYLOAD) -> list[str]:
    schema = json.loads(lokaal.SCHEMA.read_text(encoding="utf-8"))
    data = yaml.safe_load((folder / lokaal.FILE).read_text(encoding="utf-8"))
    unfilled = [".".join(path) for path, limit in text_fields(schema)
                if not poison(data, path, limit, payload, SHORT_PAYLOAD)]
    (folder / lokaal.FILE).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                                      encoding="utf-8")
    return unfilled


def test_hostile_text_in_every_field_of_the_layer_stays_text(layer_copy):
    assert _poisoned_layer(layer_copy) == []
    content, pages = local_pages(layer_copy)
    rendered_pages = dict(pages)
    rendered_pages["index.md"] = "# Start\n" + lokaal_pages.start_section(content.lokaal, content.tree.version)
    checked = 0
    for path, text in rendered_pages.items():
        if not path.endswith(".md") or "xss" not in text:
            continue
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        html = markdown.markdown(body, extensions=lokaal.EXTENSIONS)
        # what a local page may have: the example document's https link, the layer's own PNG logo
        local_images = all(re.fullmatch(r"[a-z0-9_-]+\.png", src) for src in re.findall(r'<img[^>]* src="([^"]*)"', html))
        allowed = {"<img>"} if local_images else set()
        assert [m for m in live_markup(html) if m not in allowed
                and not m.startswith("<a href=https://voorbeeld.invalid")] == [], path
        assert "<script" not in html and "{{ 7*7 }}" not in body, path
        assert "xss()" in unescape(html)  # shown as text
        checked += 1
    assert checked >= 5
    # the wizard's data is plain text that the wizard writes with textContent
    payload = json.loads(pages["beslisboom/beslisboom.json"])["lokaal"]
    assert "<script>xss()</script>" in json.dumps(payload, ensure_ascii=False)


def test_wizard_json_keeps_the_national_content_hash():
    national_json = json.loads(generate(national, draw=False)["beslisboom/beslisboom.json"])
    local_json = json.loads(local_pages()[1]["beslisboom/beslisboom.json"])
    assert local_json["inhoudshash"] == national_json["inhoudshash"]
    assert "lokaal" not in national_json and local_json["lokaal"]["versie"]


# --- the built local edition ---------------------------------------------------------------

def local_texts(layer) -> list[str]:
    """Every piece of local text that a reader can find on a page."""
    texts = [layer.name, layer.region]
    for a in layer.agreements:
        texts += [a.title, " ".join(a.text.split())[:60]]
    for c in layer.contacts:
        texts += [c.function, c.hours] + [v for v in (c.phone, c.email) if v]
    return texts


# the local blocks, the outcome's region section, and the cover's line naming the local edition
MARKED = {"lokaal", "lokaal-regio", "voorblad-lokaal"}


class _Marked:
    """Text of a page's <article>, split into inside and outside the marked local blocks."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        marked = self
        self.inside: list[str] = []
        self.outside: list[str] = []

        class Parser(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack: list[bool] = []
                self.article = 0

            def handle_starttag(self, tag, attrs):
                if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
                    return
                classes = (dict(attrs).get("class") or "").split()
                if tag == "article" or self.article:
                    self.article += 1
                    self.stack.append(bool(MARKED & set(classes))
                                      or bool(self.stack and self.stack[-1]))

            def handle_endtag(self, tag):
                if self.article and tag not in ("br", "img", "hr", "input", "meta", "link", "wbr"):
                    self.article -= 1
                    was_marked = self.stack.pop()
                    if tag not in INLINE:  # a block ends: its words do not run into the next ones
                        (marked.inside if was_marked else marked.outside).append(" ")

            def handle_data(self, data):
                if self.article:
                    (marked.inside if self.stack and self.stack[-1] else marked.outside).append(data)

        Parser().feed(html)
        self.inside_text = " ".join("".join(self.inside).split())
        self.outside_text = " ".join("".join(self.outside).split())


def test_every_local_text_is_inside_a_marked_block_on_every_page(local_site):
    layer = load_content(layer_folder=EXAMPLE).lokaal
    texts = local_texts(layer)
    seen: dict[str, set[str]] = {}
    for page in site_pages(local_site):
        if not page.endswith("/") and page:
            continue
        marked = _Marked((local_site / page / "index.html").read_text(encoding="utf-8"))
        leaked = [t for t in texts if t in marked.outside_text]
        assert leaked == [], f"{page}: local text outside a marked block: {leaked}"
        for t in texts:
            if t in marked.inside_text:
                seen.setdefault(t, set()).add(page)
        if any(a.title in marked.inside_text for a in layer.agreements):
            assert layer.heading in marked.inside_text, page
    assert set(seen) == set(texts)
    for a in layer.agreements:
        expected = ("" if a.at == "start" else f"vuistregels/{a.at.split('.')[0]}/" if "." in a.at
                    else f"beslisboom/{a.at}/")
        assert expected in seen[a.title], (a.title, seen[a.title])


def test_every_source_sentence_is_verbatim_in_the_local_edition(local_site):
    doc = parse()
    pages = ["aanleiding", "inleiding", "vuistregels", "over-deze-uitgave", *[f"vuistregels/{n}" for n in range(1, 8)]]
    text = " \n ".join(page_text(local_site / page / "index.html") for page in pages)
    missing = [s for s in doc.sentences if s not in text]
    assert missing == []
    for number, points in doc.rule_points.items():
        html = (local_site / "vuistregels" / str(number) / "index.html").read_text(encoding="utf-8")
        items = re.findall(r'<li id="punt-(\d+)"', html)
        assert items == [str(i) for i in range(1, len(points) + 1)]


def test_start_page_names_the_edition_and_the_pdf_cover_the_organisation(local_site):
    layer = load_content(layer_folder=EXAMPLE).lokaal
    start = page_text(local_site / "index.html")
    assert f"lokale aanvulling van {layer.name}" in start and f"versie {layer.version}" in start
    assert f"beslisboom versie {national.tree.version}" in start
    cover = (local_site / "afdrukversie" / "index.html").read_text(encoding="utf-8")
    assert "Lokale aanvulling</dt>" in cover and layer.name in cover
    assert layer.contacts[0].function in _Marked(cover).inside_text  # the annex is on the print page
    assert (local_site / lokaal.SITE_DIR / layer.logo).read_bytes().startswith(lokaal.PNG_SIGNATURE)


def test_search_finds_local_text_marked_as_local_and_only_there(local_site):
    layer = load_content(layer_folder=EXAMPLE).lokaal
    docs = json.loads((local_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for a in layer.agreements:
        entries = [d for d in docs if d["title"] == f"{lokaal_pages.SEARCH_PREFIX}{a.title}"]
        assert len(entries) == 1, a.title
        page, _, anchor = entries[0]["location"].partition("#")
        assert f'id="{anchor}"' in (local_site / page / "index.html").read_text(encoding="utf-8")
        # nowhere else: the block itself is left out of the national page's entry
        others = [d["location"] for d in docs if " ".join(a.text.split())[:50] in d["text"] and d not in entries]
        assert others == []
    assert all(d["title"].startswith(lokaal_pages.SEARCH_PREFIX) for d in docs
               if d["location"].startswith(f"{lokaal.SITE_DIR}/"))


def test_national_build_is_byte_identical_with_an_empty_layer_folder_and_an_empty_lokaal(site, tmp_path):
    """The layer is chosen only by LOKAAL: a project with layer folders (one of them empty)
    and LOKAAL empty builds the national edition, byte for byte."""
    project = copy_project(tmp_path / "project")
    (project / "lokaal" / "leeg").mkdir()
    out = tmp_path / "site"
    result = mkdocs_build(project, out, HANDBOEK_LOKAAL="")
    assert result.returncode == 0, result.stderr

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and p.suffix != ".pdf"}

    national_files, again = files(site), files(out)
    assert sorted(national_files) == sorted(again)
    assert [name for name in national_files if national_files[name] != again[name]] == []
    assert not (out / lokaal.SITE_DIR).exists()


def test_local_documents_also_go_through_the_allow_list_of_every_page(layer_copy, monkeypatch):
    """docs_check is the second net under the local rules: with those switched off, it still
    refuses a script in a local document."""
    monkeypatch.setattr(lokaal, "document_problems", lambda text, folder=None: [])
    edit(layer_copy, "## Wettelijke kaders", "## Wettelijke kaders\n\n<script>xss()</script>", "kaders-vt.md")
    errors = errors_of(layer_copy)
    assert any("kaders-vt.md:" in e and "<script>" in e for e in errors), errors


def test_a_minimal_layer_needs_no_logo_documents_or_agreements(tmp_path):
    folder = tmp_path / "klein"
    folder.mkdir()
    (folder / lokaal.FILE).write_text(
        'organisatie:\n  naam: Regio Klein\n  korte_naam: Klein\n  regio: Klein\n  vastgesteld: "2026-01-31"\n'
        '  versie: "0.1"\nkleur: "#000000"\ncontactpunten: []\nafspraken: []\n', encoding="utf-8")
    content, pages = local_pages(folder)
    layer = content.lokaal
    assert layer.adopted_text == "31 januari 2026" and not layer.files
    index = pages[f"{lokaal.SITE_DIR}/index.md"]
    assert "![" not in index and "Lokale documenten" not in index
    national_pages = generate(national, draw=False)
    assert all(pages[p] == text for p, text in national_pages.items() if not p.endswith(".json"))


def test_ids_stay_unique_on_every_page_of_the_local_edition(local_site):
    doubled = {}
    for page in site_pages(local_site):
        path = local_site / page / "index.html" if page.endswith("/") or not page else local_site / page
        if path.suffix != ".html":
            continue
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            doubled[page] = twice
    assert doubled == {}


def test_make_check_also_checks_every_layer_in_the_project(tmp_path):
    """A national change that leaves a layer in lokaal/ pointing at nothing is found by
    `make check` (no LOKAAL needed), with the layer's file and line."""
    import subprocess
    import sys

    project = copy_project(tmp_path / "project")
    layer = project / LOCAL_EXAMPLE
    edit(layer, 'bij: "1.3"', 'bij: "1.9"')
    result = subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    line = line_of(layer, 'bij: "1.9"')
    assert f"{LOCAL_EXAMPLE}/lokaal.yaml:{line}: bij: '1.9' bestaat niet" in result.stderr
