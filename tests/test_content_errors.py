"""Bad content stops the build with `file:line: message`, all at once, and harms nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from sitetext import page_text

RULES = "decision_tree/vuistregels.yaml"
GLOSSARY = "decision_tree/begrippen.yaml"


def test_real_content_is_valid():
    from conftest import CONTENT_ERRORS

    assert not CONTENT_ERRORS, "De inhoud in decision_tree/ bevat fouten:\n" + "\n".join(CONTENT_ERRORS)


def test_broken_content_gives_one_failure_naming_the_errors_not_collection_errors(tmp_path):
    import shutil

    from conftest import ROOT

    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "tests", project / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pytest.ini", project / "pytest.ini")
    line = edit(project, RULES, "  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_pdf.py",
                             "tests/test_tree_browser.py", "tests/test_wizard_browser.py", "tests/test_site.py",
                             "tests/test_tree_content.py", "tests/test_content_errors.py::test_real_content_is_valid"],
                            cwd=project, capture_output=True, text=True, timeout=300)
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 1, result.stdout
    assert "1 failed" in summary and "error" not in summary, result.stdout
    assert f"{RULES}:{line}: vuistregels[5].nummer: moet een heel getal zijn" in result.stdout


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def edit(project: Path, file: str, old: str, new: str) -> int:
    """Replace `old` (which must occur once) and return the line where `new` starts."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {file}"
    before = text[: text.index(old)]
    path.write_text(text.replace(old, new), encoding="utf-8")
    return before.count("\n") + 1


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build_tree.py", "--check"], cwd=project,
                          capture_output=True, text=True)


def test_valid_content_passes_the_check(project):
    result = check(project)
    assert result.returncode == 0, result.stderr
    assert "In orde" in result.stdout


def test_yaml_syntax_error_names_file_and_line(project):
    line = edit(project, RULES, "  - nummer: 3\n    titel:", "  - nummer: [3\n    titel:")
    result = check(project)
    assert result.returncode == 1
    assert f"{RULES}:{line + 1}: YAML-fout" in result.stderr


def test_duplicate_key_names_file_and_line(project):
    line = edit(project, RULES, "  - nummer: 6\n    titel:", "  - nummer: 6\n    nummer: 6\n    titel:")
    result = check(project)
    assert f"{RULES}:{line + 1}: dubbele sleutel 'nummer'" in result.stderr


def test_unknown_field_names_file_and_line(project):
    line = edit(project, RULES, "  - nummer: 2\n    titel:", "  - nummer: 2\n    opmerking: x\n    titel:")
    result = check(project)
    assert f"{RULES}:{line + 1}: vuistregels[2]: onbekend veld 'opmerking'" in result.stderr


def test_wrong_type_names_file_and_line(project):
    line = edit(project, RULES, "  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:")
    result = check(project)
    assert f"{RULES}:{line}: vuistregels[5].nummer: moet een heel getal zijn" in result.stderr


def test_footnote_cited_but_not_defined(project):
    line = edit(project, RULES, "Wij vragen nooit meer persoonsgegevens dan strikt noodzakelijk is.",
                "Wij vragen nooit meer persoonsgegevens dan strikt noodzakelijk is.[^9]")
    result = check(project)
    assert f"{RULES}:{line}: voetnoot 9 wordt genoemd maar staat niet onder 'voetnoten'" in result.stderr


def test_footnote_defined_but_never_cited(project):
    line = edit(project, RULES, "  - nummer: 8\n    zelfde_als: 7\n",
                "  - nummer: 8\n    zelfde_als: 7\n  - nummer: 9\n    tekst: Extra.\n")
    result = check(project)
    assert f"{RULES}:{line + 2}: voetnoot 9 wordt nergens in de tekst genoemd" in result.stderr


def test_rule_without_points(project):
    text = (project / RULES).read_text(encoding="utf-8")
    start = text.index("  - nummer: 6\n    titel:")
    end = text.index("  - nummer: 7\n    titel:")
    block = text[start:end]
    line = edit(project, RULES, block, "  - nummer: 6\n    titel: Zes.\n    inleiding: \"Dit houdt in:\"\n"
                "    punten: []\n")
    result = check(project)
    assert f"{RULES}:{line + 3}: vuistregels[6].punten: een vuistregel moet minstens één punt hebben" \
        in result.stderr


def test_empty_text_is_an_error(project):
    line = edit(project, GLOSSARY, "    voluit: Openbaar Ministerie\n", "    voluit: \"  \"\n")
    result = check(project)
    assert f"{GLOSSARY}:{line}: begrippen[5].voluit: moet een tekst zijn en mag niet leeg zijn" in result.stderr


def test_all_errors_of_all_files_are_reported_at_once(project):
    edit(project, RULES, "  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:")
    edit(project, RULES, "  - nummer: 2\n    titel:", "  - nummer: 2\n    opmerking: x\n    titel:")
    edit(project, GLOSSARY, "  - afkorting: OM\n", "  - afkorting: O M\n")
    result = check(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ".yaml:" in line]
    assert len(errors) == 3, result.stderr
    assert "3 fout(en) gevonden." in result.stderr


def test_failed_build_leaves_the_existing_site_untouched(project, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie", encoding="utf-8")
    line = edit(project, RULES, "  - nummer: 5\n    titel:", "  - nummer: vijf\n    titel:")
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert f"{RULES}:{line}:" in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "vorige versie"


def test_markup_in_yaml_text_is_shown_as_text(project, tmp_path):
    nasty = "Let op: {{ 7*7 }} {% if true %}ja{% endif %} <script>alert(1)</script> & *nadruk*"
    edit(project, RULES, "Wij vragen nooit meer persoonsgegevens dan strikt noodzakelijk is.", nasty)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "vuistregels" / "5" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    text = page_text(site / "vuistregels" / "5" / "index.html")
    assert "Let op: {{ 7*7 }} {% if true %}ja{% endif %} <script>alert(1)</script> & nadruk" in text
    assert "49" not in text


def test_case_that_no_longer_fits_the_tree_fails_the_check_and_the_build(project):
    from handboek.yamlsource import load

    cases = project / "decision_tree" / "casuistiek.yaml"
    source = load(cases)
    first = source.data["casussen"][0]
    line = source.line(("casussen", 0, "antwoorden"))
    lines = cases.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].strip() == f"antwoorden: [{', '.join(first['antwoorden'])}]"
    lines[line - 1] = lines[line - 1].replace(", " + first["antwoorden"][-1] + "]", ", niet-bestaand]")
    cases.write_text("".join(lines), encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    step = len(first["antwoorden"])
    assert f"decision_tree/casuistiek.yaml:{line}: casus '{first['id']}', stap {step}: vraag '" in result.stderr
    assert "heeft geen antwoord 'niet-bestaand'" in result.stderr
    built = mkdocs_build(project, project / "site")
    assert built.returncode == 1 and f"casus '{first['id']}'" in built.stderr
    assert not (project / "site" / "index.html").exists()
