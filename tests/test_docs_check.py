"""docs/*.md may only use the project's macro variables, and no markup that runs or loads from
another site; every problem is a Dutch `docs/page.md:line:` message, before anything runs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, copy_project, mkdocs_build

from handboek.build import load_content, macro_variables
from handboek.docs_check import docs_errors, page_errors

VARIABLES = {"bron": {"titel": "t", "organisatie": "o"}, "editie": {"versie": "2.0", "datum": "1 januari"}}
ONLY_VARIABLES = "in een pagina mag alleen {{ naam }} of {{ naam.veld }} staan"


def messages(text: str | bytes) -> list[str]:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return [str(error) for error in page_errors(raw, "docs/p.md", VARIABLES)]


@pytest.mark.parametrize("macro", [
    '{{ cycler.__init__.__globals__.os.popen("id").read() }}',  # runs a program at build time
    '{{ bron.titel | attr("__class__") }}',
    '{{ "<scr" ~ "ipt>alert(1)</script>" }}',
    "{{ 1/0 }}",
    "{% for i in range(300000000) %}{% endfor %}",  # a build that never ends
    '{% include "../../etc/passwd" %}',
    "{{ bron['titel'] }}",
    "{% set x = 1 %}",
])
def test_a_macro_that_is_more_than_a_variable_is_refused_at_its_line(macro):
    assert messages(f"# Kop\n\nTekst {macro} meer.\n") == [f"docs/p.md:3: {ONLY_VARIABLES}, zoals "
                                                          "{{ editie.versie }}; filters, berekeningen en "
                                                          "opdrachten als {% … %} mogen niet"]


def test_a_misspelled_variable_names_what_exists():
    assert messages("---\ntitle: Over\n---\n# Kop\n\nVersie {{ editie.versi }}.\n") == [
        "docs/p.md:6: 'versi' bestaat niet; u kunt gebruiken: bron.organisatie, bron.titel, editie.datum, "
        "editie.versie"]


def test_an_unclosed_macro_is_dutch():
    found = messages("# Kop\n\n{{ bron.titel\n")
    assert len(found) == 1 and "deze macro is niet goed geschreven" in found[0]


@pytest.mark.parametrize("markup, reason", [
    ("<script>alert(1)</script>", "<script>"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("[x](javascript:alert(1))", "javascript:"),
    ('<a href="data:text/html,x">d</a>', "data:"),
    ('<div onclick="x()">d</div>', "onclick="),
    ("![x](https://voorbeeld.example/y.png)", "andere website"),
    ('<img src="//voorbeeld.example/y.png" alt="">', "andere website"),
    ("<style>@import url(https://voorbeeld.example/s.css);</style>", "andere website"),
])
def test_markup_that_runs_or_loads_from_elsewhere_is_refused(markup, reason):
    found = messages(f"# Kop\n\n{markup}\n")
    assert found and all(m.startswith("docs/p.md:3: ") for m in found) and reason in " ".join(found), found


def test_plain_html_links_and_local_images_are_fine():
    assert messages('# Kop\n\n<p><a class="md-button" href="../x.pdf" download>PDF</a></p>\n'
                    "![logo](assets/logo.png) [site](https://www.rijksoverheid.nl/)\n") == []


def test_bytes_that_are_not_utf8_and_broken_front_matter_are_dutch():
    assert messages(b"# Kop\n\n\xff\xfe\n") == ["docs/p.md:3: byte 0xFF is geen UTF-8; sla het bestand op als UTF-8"]
    assert messages("---\ntitle: [open\n---\n# Kop\n")[0].endswith("de kop tussen de regels --- is geen geldige YAML")


def test_a_page_without_macros_is_not_read_for_them():
    assert messages("---\nrender_macros: false\n---\n# Kop\n\n{{ wat dan ook }}\n") == []


def test_the_projects_own_pages_pass():
    content = load_content()
    assert docs_errors(ROOT / "docs", macro_variables(content, {"datum": "x"})) == []


def test_build_and_check_refuse_a_docs_macro_before_it_runs(tmp_path):
    project = copy_project(tmp_path / "project")
    marker = tmp_path / "ran"
    about = project / "docs" / "over-deze-uitgave.md"
    text = about.read_text(encoding="utf-8")
    line = text[: text.index("{{ bron.titel }}")].count("\n") + 1
    attack = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    about.write_text(text.replace("{{ bron.titel }}", attack, 1), encoding="utf-8")
    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    check = subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project, capture_output=True, text=True)
    expected = f"docs/over-deze-uitgave.md:{line}: {ONLY_VARIABLES}"
    assert build.returncode != 0 and expected in build.stderr, build.stderr[-2000:]
    assert check.returncode == 1 and expected in check.stdout + check.stderr, check.stdout + check.stderr
    assert not marker.exists()
    assert "Traceback" not in build.stderr + check.stderr
