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
    found = messages(f"# Kop\n\nTekst {macro} meer.\n")
    assert f"docs/p.md:3: {ONLY_VARIABLES}, zoals {{{{ editie.versie }}}}; filters, berekeningen en " \
           "opdrachten als {% … %} mogen niet" in found, found


def test_a_misspelled_variable_names_what_exists():
    assert messages("---\ntitle: Over\n---\n# Kop\n\nVersie {{ editie.versi }}.\n") == [
        "docs/p.md:6: 'versi' bestaat niet; u kunt gebruiken: bron.organisatie, bron.titel, editie.datum, "
        "editie.versie"]


def test_an_unclosed_macro_is_dutch():
    found = messages("# Kop\n\n{{ bron.titel\n")
    assert len(found) == 1 and "deze macro is niet goed geschreven" in found[0]


@pytest.mark.parametrize("markup, reason", [
    ("<script>alert(1)</script>", "<script>"),
    ('<a href="javascript:alert(1)">x</a>', "'javascript:'"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "'javascript:'"),
    ('<a href="java&#9;script:alert(1)">x</a>', "'javascript:'"),
    ("[x](javascript:alert(1))", "'javascript:'"),
    ("[x]: javascript:alert(1)", "'javascript:'"),
    ('[x](y.md){ onclick="alert(1)" }', "'onclick'"),
    ('<a href="data:text/html,x">d</a>', "'data:'"),
    ('<div onclick="x()">d</div>', "'onclick'"),
    ("<svg/onload=alert(1)>", "<svg>"),
    ('<form action="javascript&colon;alert(1)"><button>x</button></form>', "<form>"),
    ('<base href="http://voorbeeld.example/">', "<base>"),
    ("![x](https://voorbeeld.example/y.png)", "van deze website"),
    ('<img src="//voorbeeld.example/y.png" alt="">', "van deze website"),
    ('<img src="&#104;ttp://voorbeeld.example/y.png" alt="">', "van deze website"),
    ('<img src="http:\\\\voorbeeld.example/y.png" alt="">', "van deze website"),
    ('<img srcset="http://voorbeeld.example/y.png" alt="">', "'srcset'"),
    ('<div style="background:url(http://voorbeeld.example/y.png)">x</div>', "'style'"),
    ("<style>@import url(https://voorbeeld.example/s.css);</style>", "<style>"),
    ('<a href="{{ bron.titel }}">bron</a>', "niet in een HTML-tag"),
])
def test_markup_outside_the_allow_list_is_refused(markup, reason):
    found = messages(f"# Kop\n\n{markup}\n")
    assert found and all(m.startswith("docs/p.md:3: ") for m in found) and reason in " ".join(found), found


def test_front_matter_cannot_redefine_a_variable_or_hold_an_alias_bomb():
    redefined = messages('---\nbron:\n  titel: "\\x3cscript\\x3e"\n---\n# Kop\n\n{{ bron.titel }}\n')
    assert redefined == ["docs/p.md:2: de kop mag 'bron' niet opnieuw vastleggen: die waarde komt uit de inhoud"]
    bomb = messages("---\na: &a [x, x]\nb: [*a, *a]\n---\n# Kop\n")
    assert [m.split(": ")[0] for m in bomb] == ["docs/p.md:2", "docs/p.md:3"], bomb


def test_a_deeply_nested_macro_is_a_dutch_message_not_a_traceback():
    assert messages("# Kop\n\n{{ " + "(" * 3000 + " }}\n") == [
        "docs/p.md:3: een macro in deze pagina is te diep genest; schrijf {{ naam.veld }}"]


def test_every_kind_of_page_file_is_checked(tmp_path):
    for suffix in (".md", ".markdown", ".mdown", ".mkdn", ".mkd"):
        (tmp_path / f"p{suffix}").write_text("# Kop\n\n<script>x</script>\n", encoding="utf-8")
    found = [str(e) for e in docs_errors(tmp_path, VARIABLES, lambda path: path.name)]
    assert sorted(m.split(":")[0] for m in found) == sorted(f"p{s}" for s in (".md", ".markdown", ".mdown",
                                                                                ".mkdn", ".mkd"))


def test_plain_html_links_and_local_images_are_fine():
    assert messages('# Kop\n\n<p><a class="md-button" href="../x.pdf" download>PDF</a></p>\n'
                    "![logo](assets/logo.png) [site](https://www.rijksoverheid.nl/)\n") == []


def test_bytes_that_are_not_utf8_and_broken_front_matter_are_dutch():
    assert messages(b"# Kop\n\n\xff\xfe\n") == ["docs/p.md:3: byte 0xFF is geen UTF-8; sla het bestand op als UTF-8"]
    broken = messages("---\ntitle: [open\n---\n# Kop\n")
    assert len(broken) == 1 and broken[0].startswith("docs/p.md:") and "YAML-fout" in broken[0], broken


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


def test_a_page_name_with_control_characters_is_refused_before_mkdocs_prints_it(tmp_path):
    (tmp_path / "x\x1b[31mROOD\nbeslisboom.yaml:1: in orde.md").write_text("# Kop\n", encoding="utf-8")
    (tmp_path / "goed-1.md").write_text("# Kop\n", encoding="utf-8")
    found = [str(e) for e in docs_errors(tmp_path, VARIABLES, lambda path: path.name)]
    assert len(found) == 1 and "\x1b" not in found[0] and "\n" not in found[0], found
    assert "de naam van een pagina mag alleen kleine letters" in found[0]

