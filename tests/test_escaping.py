"""One escaping path: every content value that reaches Markdown is inert as Markdown, HTML
and Jinja, including the values mkdocs-macros puts into docs/*.md and the print cover."""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import markdown
import pytest
import yaml
from conftest import ROOT, copy_project, mkdocs_build
from hostile import MARKDOWN_PAYLOAD, MARKDOWN_VECTORS, live_markup
from sitetext import page_text

from handboek.markdown import escape, inline

EXTENSIONS = ["abbr", "attr_list", "def_list", "md_in_html", "admonition", "tables",
              "pymdownx.superfences", "toc"]
TEXTS = [*MARKDOWN_VECTORS, MARKDOWN_PAYLOAD, "1. een lijst", "- ook", "# kop", "a_b_ *c* ~~~", "===",
         ": definitie", "> citaat", "| a | b |", '" onmouseover="xss()', "&amp; &#60; \\* \\", "    code"]


def _render(markdown_text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(markdown_text)


@pytest.mark.parametrize("text", TEXTS)
def test_escape_renders_exactly_the_text(text):
    for place in ("{}", "# {}", "1. {}", "- {}", "[{}](x.md)"):
        rendered = _render(place.format(escape(text)))
        body = re.sub(r"</?(p|h1|ol|ul|li)( id=\"[^\"]*\")?>|<a href=\"x.md\">|</a>", "", rendered)
        assert "<" not in body, (place, rendered)
        assert html.unescape(body).strip() == " ".join(text.split()), (place, rendered)


@pytest.mark.parametrize("text", TEXTS)
def test_escape_is_inert_as_jinja_and_in_an_attribute(text):
    escaped = escape(text)
    assert jinja2.Environment().from_string(escaped).render() == escaped
    assert not re.search(r"[<>\"'{}]", escaped)


def test_inline_escapes_around_footnotes_and_italics():
    out = inline("*Titel* [^1] ![](x){onerror=xss()}", lambda n: f"<sup>{n}</sup>")
    assert out.startswith("<em>Titel</em> <sup>1</sup> ")
    assert "onerror=" not in _render(out) and "<img" not in _render(out)


MACRO_PAGES = ["index.html", "over-deze-uitgave/index.html", "pdf/index.html", "afdrukversie/index.html"]


@pytest.fixture(scope="module")
def macro_site(tmp_path_factory):
    """organisatie and titel (vuistregels.yaml) and versie (beslisboom.yaml) hold Markdown
    vectors; they reach docs/*.md through mkdocs-macros and the print cover."""
    work = tmp_path_factory.mktemp("macros")
    project = copy_project(work / "project")
    rules = project / "decision_tree" / "vuistregels.yaml"
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    organisation = "Landelijk Netwerk ![](x){onerror=xss()} [t](javascript:xss())"
    data["organisatie"] = organisation
    data["titel"] = "Vuistregels " + MARKDOWN_PAYLOAD
    rules.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    tree = project / "decision_tree" / "beslisboom.yaml"
    text = tree.read_text(encoding="utf-8")
    text, found = re.subn(r'\nversie: "[^"\n]*"\n', "\nversie: '[t](javascript:x)'\n", text, count=1)
    assert found == 1
    tree.write_text(text, encoding="utf-8")
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, organisation, result.stdout + result.stderr


def test_macro_values_are_text_on_every_page_that_uses_them(macro_site):
    site, organisation, _ = macro_site
    problems = []
    for rel in MACRO_PAGES:
        page_html = (site / rel).read_text(encoding="utf-8")
        problems += [f"{rel}: {found}" for found in live_markup(page_html)]
        if "onerror" in page_html.replace("onerror&#61;", ""):
            problems.append(f"{rel}: onerror outside an escape")
    assert not problems, problems
    assert organisation in page_text(site / "index.html")
    assert "versie [t](javascript:x)," in page_text(site / "pdf" / "index.html")
    assert "Versie [t](javascript:x)" in page_text(site / "over-deze-uitgave" / "index.html")
    assert "{{ 7*7 }}" in page_text(site / "over-deze-uitgave" / "index.html")


def test_macro_values_make_the_build_download_nothing(macro_site):
    _, _, log = macro_site
    assert "127.0.0.1:9" not in log and "Downloading" not in log, log


@pytest.fixture(scope="module")
def title_site(tmp_path_factory):
    """Jinja syntax in page titles: `tabel_titel` (the generated page vuistregels/index.md) and
    the first heading of a page that mkdocs-macros does not render."""
    work = tmp_path_factory.mktemp("titles")
    project = copy_project(work / "project")
    rules = project / "decision_tree" / "vuistregels.yaml"
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    data["tabel_titel"] = "Tabel {% raw %} {{ 7*7 }} *x*"
    rules.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    (project / "docs" / "proef.md").write_text("---\nrender_macros: false\n---\n\n# Proef \\{% raw %\\} \\*x\\*\n",
                                               encoding="utf-8")
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _title(page: Path) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)[1])


def test_macros_never_render_page_titles(title_site):
    assert _title(title_site / "vuistregels" / "index.html").startswith("Tabel {% raw %} {{ 7*7 }} *x* - ")
    assert _title(title_site / "proef" / "index.html").startswith("Proef {% raw %} *x* - ")
    toc = (title_site / "afdrukversie" / "index.html").read_text(encoding="utf-8")
    assert "\\{" not in toc and "&#92;" not in toc


def test_no_break_spaces_are_text_not_space_to_squash():
    text = "artikel\u00a07:2  en\n10\u202fkm"
    assert html.unescape(escape(text)) == "artikel\u00a07:2 en 10\u202fkm"
    assert html.unescape(inline(text)) == "artikel\u00a07:2 en 10\u202fkm"


def test_a_footnote_mark_in_a_text_without_footnotes_stays_visible():
    """Tree and glossary texts have no footnotes: the mark is shown as written, as the wizard
    shows it, and never silently dropped."""
    assert html.unescape(inline("De vuistregels[^2] zijn er.")) == "De vuistregels[^2] zijn er."
    assert inline("a[^2]", footnote=lambda n: f"<sup>{n}</sup>") == "a<sup>2</sup>"
