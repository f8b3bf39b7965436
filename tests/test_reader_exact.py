"""The YAML reader reads content exactly, or refuses it with Dutch `file:line: message` lines.

Each test here is an attack that once passed the check (or crashed it): escaped control
characters, a second YAML document, keys that are not plain text, numbers that are not
written as plain numbers, deep nesting, endless citations and ids, and characters that
make PyYAML count lines differently from an editor.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from checking import check, replace_once
from hostile import invisible

from handboek.errors import ContentErrors
from handboek.yamlsource import MAX_BYTES, MAX_VALUES, loads

ROOT = Path(__file__).resolve().parent.parent
TREE, RULES, GLOSSARY, CASES = "beslisboom.yaml", "vuistregels.yaml", "begrippen.yaml", "casuistiek.yaml"


@pytest.fixture
def content(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "decision_tree", tmp_path / "decision_tree"))


@pytest.fixture
def toy(content) -> Path:
    """The real rules and glossary, with the toy tree tests/bomen/let-op.yaml as beslisboom.yaml."""
    shutil.copyfile(ROOT / "tests" / "bomen" / "let-op.yaml", content / TREE)
    return content


def errors_of(text: str) -> list[tuple[int, str]]:
    """(line, message) of every error the reader gives for `text`; [] if it reads it."""
    try:
        loads(text, "x.yaml")
    except ContentErrors as exc:
        return [(error.line, error.message) for error in exc.errors]
    return []


def lines_with(lines: list[str], file: str, line: int, word: str) -> list[str]:
    return [entry for entry in lines if f"{file}:{line}: " in entry and word in entry]


# --- 1. control characters written as escapes -------------------------------------------

@pytest.mark.parametrize("escape, code", [
    ("\\a", "0007"), ("\\e", "001B"), ("\\0", "0000"), ("\\x7f", "007F"), ("\\x9b", "009B"),
    ("\\uFFFE", "FFFE"), ("\\r", "000D"), ("\\N", "0085"), ("\\L", "2028"), ("\\P", "2029"),
])
def test_escaped_control_character_is_refused_at_its_line(toy, escape, code):
    line = replace_once(toy / TREE, "tekst: Leg de redenen vast.", f'tekst: "Leg de redenen{escape} vast."')
    status, lines = check(toy, toy / TREE)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, TREE, line, f"U+{code}"), lines


@pytest.mark.parametrize("char", ["\u200b", "\u200f", "\u202e", "\u2066", "\u2069", "\u2060", "\ufeff"])
def test_invisible_formatting_character_is_refused_raw_and_escaped(char):
    """Zero-width and bidi characters can hide or reorder what an editor reviews."""
    code = f"U+{ord(char):04X}"
    raw = errors_of(f"a: 1\nb: twee{char}drie\n")
    escaped = errors_of(f'a: 1\nb: "twee\\u{ord(char):04X}drie"\n')
    assert [line for line, _ in raw] == [2] and code in raw[0][1], raw
    assert [line for line, _ in escaped] == [2] and code in escaped[0][1], escaped


def test_every_invisible_formatting_character_and_non_character_is_refused():
    """Unicode's own lists (category Cf, default ignorables) and the non-characters, each written
    as an escape on a line of its own: every line must be refused."""
    chars = [c for c in map(chr, range(0x110000)) if invisible(c) and unicodedata.category(c) not in ("Cc", "Cs")]
    assert len(chars) > 4000
    for start in range(0, len(chars), 90):
        chunk = chars[start:start + 90]
        text = "".join(f'k{i}: "x\\U{ord(c):08x}y"\n' for i, c in enumerate(chunk))
        assert sorted({line for line, _ in errors_of(text)}) == list(range(1, len(chunk) + 1))


def test_byte_order_mark_at_the_start_is_fine():
    assert loads("\ufeffa: 1\n".encode("utf-8"), "x.yaml").data == {"a": 1}


def test_escaped_tab_and_newline_are_text():
    assert errors_of('a: "een\\tb\\nc"\n') == []


def test_escaped_control_character_in_a_key_is_refused():
    assert [line for line, _ in errors_of('a: 1\n"b\\e[31m": 2\n')] == [2]


# --- 2. exactly one document ---------------------------------------------------------------

def test_second_document_is_refused_at_its_line(content):
    text = (content / GLOSSARY).read_text(encoding="utf-8")
    (content / GLOSSARY).write_text(text + "---\nbegrippen:\n  - afkorting: X\n    voluit: X\n    uitleg: X\n",
                                    encoding="utf-8")
    status, lines = check(content)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, GLOSSARY, text.count("\n") + 1, "één YAML-document"), lines


def test_explicit_start_of_the_only_document_is_fine():
    assert errors_of("---\na: b\n...\n") == []


# --- 3. keys are plain, non-empty text -----------------------------------------------------

@pytest.mark.parametrize("key", ["~", "null", "true", "yes", "Off", "1", "5.0", "0x1F", "2026-01-01", '""', "''"])
def test_key_that_is_not_text_is_refused_at_its_line(key):
    errors = errors_of(f"a: b\n{key}: c\nd: e\n")
    assert len(errors) == 1 and errors[0][0] == 2, errors
    assert "naam van een veld" in errors[0][1]


def test_null_key_does_not_shift_the_other_fields(toy):
    line = replace_once(toy / TREE, "    vraag: Begin?\n", "    ~: Ander veld\n    vraag: Begin?\n")
    status, lines = check(toy, toy / TREE)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, TREE, line, "naam van een veld"), lines


@pytest.mark.parametrize("text", ['a: b\n? |\n  c\n  d\n: e\n', 'a: b\n"c\\nd": e\n'])
def test_multi_line_key_is_refused_at_its_first_line(text):
    errors = errors_of(text)
    assert len(errors) == 1 and errors[0][0] == 2 and "één regel" in errors[0][1], errors


def test_very_long_key_is_refused():
    errors = errors_of("a: b\n" + "k" * 101 + ": c\n")
    assert len(errors) == 1 and errors[0][0] == 2 and "te lang" in errors[0][1], errors
    assert errors_of("k" * 100 + ": c\n") == []


# --- 4. integers are integers; text stays text ---------------------------------------------

@pytest.mark.parametrize("number", ["3.0", "3e0", "03", "0o3", "0x3", "0b11", "1_0", "0:3", ".inf"])
def test_rule_number_written_other_than_plain_digits_is_refused(content, number):
    line = replace_once(content / RULES, "  - nummer: 3\n", f"  - nummer: {number}\n")
    status, lines = check(content)
    assert status == 1
    assert lines_with(lines, RULES, line, "heel getal"), lines


@pytest.mark.parametrize("text", ["010", "0x1F", "1_000", "1:30", "2026-02-30", "2026-01-01", "yes", "Off", ".nan"])
def test_number_or_date_look_alike_stays_the_text_that_was_written(text):
    assert loads(f"a: {text}\n", "x.yaml").data == {"a": text}


def test_plain_values_keep_their_types():
    data = loads("a: 12\nb: -3\nc: true\nd: false\ne: ~\nf:\ng: 1.5\nh: tekst\n", "x.yaml").data
    assert data == {"a": 12, "b": -3, "c": True, "d": False, "e": None, "f": None, "g": 1.5, "h": "tekst"}
    assert type(data["a"]) is int and type(data["g"]) is float


# --- 5. and 10. nesting, size and number of values -----------------------------------------

@pytest.mark.parametrize("depth", [21, 1_000, 20_000])
def test_deep_nesting_is_refused_at_its_line(toy, depth):
    line = replace_once(toy / TREE, "tekst: Leg de redenen vast.", "tekst: " + "[" * depth + "x" + "]" * depth)
    status, lines = check(toy, toy / TREE)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, TREE, line, "te diep"), lines


def test_nesting_up_to_the_limit_is_read():
    assert errors_of("a: " + "[" * 19 + "x" + "]" * 19 + "\n") == []


def test_too_large_file_is_refused_before_reading(content):
    (content / GLOSSARY).write_text("# " + "x" * MAX_BYTES + "\nbegrippen: []\n", encoding="utf-8")
    status, lines = check(content)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, GLOSSARY, 1, "te groot"), lines


def test_too_many_values_are_refused_at_the_first_one_too_many(content):
    entries = "".join(f"  - afkorting: A{i}\n    voluit: a\n    uitleg: a\n"
                      for i in range(MAX_VALUES // 3))
    (content / GLOSSARY).write_text("begrippen:\n" + entries, encoding="utf-8")
    status, lines = check(content)
    assert status == 1
    assert len(lines) == 1 and "te veel waarden" in lines[0], lines


def test_many_errors_are_capped_with_a_count(content):
    entries = "".join(f"  - afkorting: '{i}!'\n    voluit: a\n    uitleg: a\n" for i in range(300))
    (content / GLOSSARY).write_text("begrippen:\n" + entries, encoding="utf-8")
    status, lines = check(content)
    assert status == 1
    assert len(lines) == 101, lines[-3:]
    assert GLOSSARY in lines[-1] and "en nog meer fouten" in lines[-1], lines[-1]  # the schema stops looking


def test_many_reader_errors_are_counted():
    errors = errors_of("~: x\n" * 300)
    assert len(errors) == 101 and errors[-1] == (101, "en nog 200 fout(en) die hier niet staan; verbeter eerst "
                                                      "de fouten hierboven en controleer dan opnieuw"), errors[-2:]


# --- 6. citations -------------------------------------------------------------------------

DIGITS = "1" * 5000


@pytest.mark.parametrize("file, old, new", [
    (TREE, 'bronnen: ["5.4"]', f'bronnen: ["{DIGITS}.4"]'),                 # a question's sources
    (TREE, 'bronnen: ["7.4"]', f'bronnen: ["7.{DIGITS}"]'),                 # a reminder's sources
    (CASES, 'moet_noemen: ["', f'moet_noemen: ["{DIGITS}.1", "'),
    (GLOSSARY, "zie: [", f'zie: ["{DIGITS}.1", '),
])
def test_endless_citation_is_refused(toy, file, old, new):
    if file == CASES:  # the cases belong to the real tree
        shutil.copyfile(ROOT / "decision_tree" / TREE, toy / TREE)
    line = replace_once(toy / file, old, new)
    status, lines = check(toy)
    assert status == 1
    assert lines_with(lines, file, line, "bron"), lines


# --- 7. and 8. ids and every string have a maximum length ----------------------------------

def test_long_id_is_refused_with_its_length(toy):
    line = replace_once(toy / TREE, "  - id: begin\n", "  - id: " + "b" * 300 + "\n")
    replace_once(toy / TREE, "start: begin", "start: " + "b" * 300)
    status, lines = check(toy, toy / TREE)
    assert status == 1
    assert lines_with(lines, TREE, line, "te lang: 300 tekens, de grens is 60"), lines


def test_id_with_a_trailing_newline_is_refused(toy):
    line = replace_once(toy / TREE, "  - id: begin\n", '  - id: "begin\\n"\n')
    status, lines = check(toy, toy / TREE)
    assert status == 1
    assert lines_with(lines, TREE, line, "id bestaat uit"), lines


def _strings(node, path: str = ""):
    """Every schema node (also in $defs) that allows a string; a $ref to one inherits its limit."""
    if isinstance(node, dict):
        types = node.get("type")
        if types == "string" or isinstance(types, list) and "string" in types:
            yield path, node
        for key, value in node.items():
            yield from _strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}/{i}")


@pytest.mark.parametrize("schema", sorted(p.name for p in (ROOT / "decision_tree").glob("*.schema.json")))
def test_every_string_in_every_schema_has_a_maximum_length(schema):
    data = json.loads((ROOT / "decision_tree" / schema).read_text(encoding="utf-8"))
    strings = list(_strings(data))
    assert strings
    for path, node in strings:
        assert node.get("maxLength"), f"{schema}{path} has no maxLength"


@pytest.mark.parametrize("old, new", [
    ("  - woord: toestemming\n", "  - woord: " + "a" * 200_000 + "\n"),
    ("  - afkorting: OM\n", "  - afkorting: " + "A" * 500 + "\n"),
])
def test_huge_glossary_word_is_refused(content, old, new):
    line = replace_once(content / GLOSSARY, old, new)
    status, lines = check(content)
    assert status == 1
    assert lines_with(lines, GLOSSARY, line, "te lang"), lines


# --- 9. line numbers stay the editor's --------------------------------------------------

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\r"])
def test_line_break_that_editors_do_not_count_is_refused_at_the_right_line(content, char):
    text = (content / RULES).read_text(encoding="utf-8")
    lines_ = text.split("\n")
    at = len(lines_) // 3
    lines_[at] += char + " x"
    (content / RULES).write_text("\n".join(lines_), encoding="utf-8", newline="")
    status, lines = check(content)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, RULES, at + 1, f"U+{ord(char):04X}"), lines


def test_later_errors_keep_their_line_after_such_a_character():
    errors = errors_of("a: b\u2028c\nd: [\ne: f\n")
    assert errors[0][0] == 1 and "U+2028" in errors[0][1], errors


def test_windows_line_ends_are_fine():
    assert loads("a: b\r\nc: d\r\n", "x.yaml").data == {"a": "b", "c": "d"}


def test_unclosed_quote_is_reported_at_its_opening_line(content):
    line = replace_once(content / RULES, "organisatie: Landelijk", 'organisatie: "Landelijk')
    status, lines = check(content)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, RULES, line, "aanhalingsteken"), lines


@pytest.mark.parametrize("text, line, words", [
    ('a: 1\nb: "x\nc: 2\nd: "y"\ne: 3\n', 2, "pas op regel 4 gesloten"),   # closed by the next quote
    ("a: 1\nb: 'x\nc: 2\nd: 'y'\n", 2, "pas op regel 4 gesloten"),
    ('a:\n  - "open\n  - b\n', 2, "niet gesloten"),                      # never closed
    ('a: "x\n  y"\nb: c: d\n', 3, "dubbele punt"),                         # a closed quote is not blamed
])
def test_syntax_error_after_an_open_quote_names_the_quote_line(text, line, words):
    errors = errors_of(text)
    assert len(errors) == 1 and errors[0][0] == line and words in errors[0][1], errors


def test_unknown_field_is_named_short_and_visible(toy):
    line = replace_once(toy / TREE, "    vraag: Begin?\n", '    "<b>\\u00e9' + "x" * 80 + '": a\n    vraag: Begin?\n')
    status, lines = check(toy, toy / TREE)
    assert status == 1
    assert len(lines) == 1 and lines_with(lines, TREE, line, "onbekend veld '<b>é" + "x" * 36 + "…'"), lines


def test_rule_number_has_an_upper_bound(content):
    line = replace_once(content / RULES, "  - nummer: 3\n", "  - nummer: 100000000000000\n")
    status, lines = check(content)
    assert status == 1
    assert lines_with(lines, RULES, line, "buiten de grenzen"), lines
