"""Whatever an editor (or a hostile file) puts in decision_tree/, the check answers with
Dutch `file:line: message` lines and exit status 1: never a traceback, never minutes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checking import ERROR_LINE, check, replace_once

ROOT = Path(__file__).resolve().parent.parent
TREE = "beslisboom.yaml"
RULES = "vuistregels.yaml"
GLOSSARY = "begrippen.yaml"
CONTENT_FILES = sorted(p.name for p in (ROOT / "decision_tree").glob("*.yaml"))


@pytest.fixture
def content(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "decision_tree", tmp_path / "decision_tree"))


@pytest.fixture
def toy(content) -> Path:
    """The real rules and glossary with the small toy tree (tests/bomen/goed.yaml) as
    beslisboom.yaml: tree errors are then tested without naming the real tree's ids."""
    shutil.copyfile(ROOT / "tests" / "bomen" / "goed.yaml", content / TREE)
    return content


def only(lines: list[str], file: str, line: int, *words: str) -> None:
    assert len(lines) == 1, lines
    match = ERROR_LINE.match(lines[0])
    assert match["file"].endswith(file) and int(match["line"]) == line, lines
    for word in words:
        assert word in match["message"], lines


def test_answer_back_to_the_start_question_is_a_loop_not_a_crash(toy):
    line = replace_once(toy / TREE, "naar: klaar", "naar: begin")  # the start's own second answer
    code, lines = check(toy, toy / TREE)
    assert code == 1
    only(lines, TREE, line, "kring", "begin → begin")


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_byte_that_is_not_utf8_names_its_line(content, name):
    path = content / name
    raw = path.read_bytes()
    at = raw.index(b"\n", len(raw) // 2) + 1
    path.write_bytes(raw[:at] + b"caf\xe9\n" + raw[at:])
    code, lines = check(content)
    assert code == 1
    only(lines, name, raw[:at].count(b"\n") + 1, "UTF-8")


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_control_character_names_its_line(content, name):
    path = content / name
    text = path.read_text(encoding="utf-8")
    at = text.index("\n", len(text) // 2)
    path.write_text(text[:at] + "\u0007" + text[at:], encoding="utf-8")
    code, lines = check(content)
    assert code == 1
    only(lines, name, text[:at].count("\n") + 1, "U+0007")


def test_tab_indentation_names_its_line(content):
    line = replace_once(content / RULES, "\n  - nummer: 3\n", "\n\t- nummer: 3\n") + 1
    code, lines = check(content)
    assert code == 1
    assert any(f"{RULES}:{line}: " in entry and "tab" in entry for entry in lines), lines


def test_python_tag_is_refused_at_its_own_line(content):
    line = replace_once(content / RULES, "organisatie: Landelijk", "organisatie: !!python/name:os.system Landelijk")
    code, lines = check(content)
    assert code == 1
    only(lines, RULES, line, "YAML-tag", "niet toegestaan")


def test_merge_key_is_refused_at_its_own_line(content):
    line = replace_once(content / GLOSSARY, "    voluit: Openbaar Ministerie\n",
                        "    voluit: Openbaar Ministerie\n    <<: {}\n") + 1
    code, lines = check(content)
    assert code == 1
    assert any(f"{GLOSSARY}:{line}: " in entry and "'<<'" in entry for entry in lines), lines


def test_alias_bomb_is_refused_at_its_lines(toy):
    bomb = ['a0: &a0 ["5.1"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = (toy / TREE).read_text(encoding="utf-8")
    assert 'bronnen: ["1.1"]' in text
    (toy / TREE).write_text("\n".join(bomb) + "\n" + text.replace('bronnen: ["1.1"]', "bronnen: *a9", 1),
                            encoding="utf-8")
    code, lines = check(toy, toy / TREE)  # aliases are never expanded; speed is bench's job, not a test's
    assert code == 1
    assert any(f"{TREE}:1: " in entry and "anker '&a0'" in entry for entry in lines), lines
    assert any("verwijzing '*a9'" in entry for entry in lines), lines


def test_missing_file_is_reported_in_dutch(content):
    (content / GLOSSARY).unlink()
    code, lines = check(content)
    assert code == 1
    only(lines, GLOSSARY, 1, "het bestand ontbreekt")


def test_missing_folder_is_reported_in_dutch(tmp_path):
    code, lines = check(tmp_path / "bestaat-niet")
    assert code == 1
    assert len(lines) == 1 and lines[0].endswith(":1: deze map bestaat niet"), lines


@pytest.mark.parametrize("old, new", [
    ("  - nummer: 3\n    titel:", "  - nummer: 3\n    titel: a: b:"),   # mapping values
    ("  - nummer: 3\n    titel:", "  - nummer: [3\n    titel:"),         # unclosed flow sequence
    ("organisatie: Landelijk", 'organisatie: "Landelijk'),                # unclosed quote
    ("organisatie: Landelijk", "organisatie: @Landelijk"),                # reserved indicator
])
def test_yaml_syntax_reasons_are_dutch(content, old, new):
    replace_once(content / RULES, old, new)
    code, lines = check(content)  # check() refuses English words
    assert code == 1 and lines and all("YAML-fout" in line for line in lines), lines


def test_misspelled_target_gives_one_error_with_a_suggestion(toy):
    text = (toy / TREE).read_text(encoding="utf-8")
    target = "tweede"
    assert text.count(f"naar: {target}\n") == 1, "pick a question with one way in"
    line = replace_once(toy / TREE, f"naar: {target}\n", "naar: twede\n")
    code, lines = check(toy, toy / TREE)
    assert code == 1
    assert len(lines) == 2, lines  # the cause, and one line for everything cut off by it
    assert f"{TREE}:{line}: " in lines[0] and "bedoelt u 'tweede'?" in lines[0]
    assert "niet te bereiken" in lines[1] and f"gevolg van regel {line}" in lines[1]


def test_misspelled_citation_gets_a_suggestion(toy):
    replace_once(toy / TREE, 'bronnen: ["1.1"]', 'bronnen: ["5.44"]')
    code, lines = check(toy, toy / TREE)
    assert code == 1
    assert len(lines) == 1 and "bedoelt u '5.4'?" in lines[0], lines


@pytest.mark.parametrize("old, new, words", [
    ("organisatie: Landelijk", "organisatie: !!python/name:os.system Landelijk", "YAML-tag"),
    ("\n  - nummer: 3\n", "\n\t- nummer: 3\n", "tab"),
])
def test_site_build_reports_the_line_without_a_traceback(tmp_path, old, new, words):
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    line = replace_once(project / "decision_tree" / RULES, old, new) + new.startswith("\n")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output and len(output.splitlines()) < 10, output
    assert re.search(rf"decision_tree/{RULES}:{line}: .*{words}", output), output


def test_every_text_field_has_a_maximum_length():
    import json

    from hostile import text_fields

    for schema in sorted((ROOT / "decision_tree").glob("*.schema.json")):
        for path, limit in text_fields(json.loads(schema.read_text(encoding="utf-8"))):
            assert limit, f"{schema.name}: {'.'.join(path)} has no maxLength"


def test_too_long_text_names_file_line_and_limit(toy):
    line = replace_once(toy / TREE, "vraag: Begin?", "vraag: " + "Begin?" * 70)
    code, lines = check(toy, toy / TREE)
    assert code == 1
    only(lines, TREE, line, "vragen[1].vraag: is te lang: 420 tekens, de grens is 400")


def test_misspelled_start_gets_a_suggestion(toy):
    line = replace_once(toy / TREE, "start: begin", "start: begni")
    code, lines = check(toy, toy / TREE)
    assert code == 1
    only(lines, TREE, line, "bedoelt u 'begin'?")
