"""Fuzzing the check: mutated real YAML files and random small trees.

For every example, `build_tree.py --check` (called in-process, for speed) either passes
or prints only `file:line: message` lines and exits 1: never a traceback. Fixed seed, so a
failure is reproducible; the slowest check is written to build/fuzz.json for `make bench`
(speed is judged there, not here). A third generator attacks the YAML reader itself with
escapes, keys, extra documents, depths and lengths: it reads a file exactly or refuses it.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import time
from pathlib import Path

import build_tree
import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from handboek import yamlsource
from hostile import invisible

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "decision_tree"
FILES = sorted(p.name for p in CONTENT.glob("*.yaml"))
ERROR_LINE = re.compile(r"^[^:\n]+\.yaml:\d+: \S.*$")
MUTATION_EXAMPLES = 600
TREE_EXAMPLES = 400
SEED = 20261130
SLOWEST: dict[str, float] = {}


def fuzz_settings(examples: int) -> settings:
    """Reproducible: a fixed seed (see @seed), no example database, no time limit per example."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


def run_check(content_dir: Path, name: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build_tree.main(["--check", "--content", str(content_dir)])
    seconds = time.perf_counter() - started
    SLOWEST[name] = max(SLOWEST.get(name, 0.0), seconds)  # for make bench; no timed assertion
    lines = err.getvalue().splitlines()
    if code == 0:
        assert out.getvalue().startswith("In orde") and not lines
        return
    assert code == 1
    assert lines and re.fullmatch(r"\d+ fout\(en\) gevonden\.", lines[-1]), lines[-3:]
    bad = [line for line in lines[:-1] if not ERROR_LINE.match(line)]
    assert not bad, bad[:3]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("fuzz")
    yield work
    results = ROOT / "build" / "fuzz.json"
    results.parent.mkdir(exist_ok=True)
    results.write_text(json.dumps({"examples": MUTATION_EXAMPLES + TREE_EXAMPLES, "slowest_seconds": SLOWEST},
                                  indent=2) + "\n", encoding="utf-8")


def fresh_copy(work: Path) -> Path:
    target = work / "decision_tree"
    if target.exists():
        shutil.rmtree(target)
    return Path(shutil.copytree(CONTENT, target))


# --- mutations of the real files --------------------------------------------------------

ODD_VALUES = ["[]", "{}", "0", "-1", "null", "true", "~", '""', "' '", "- x", "[a, [b]]", "{a: 1}",
              "2026-02-30", ".inf", "0x1F", "&a x", "*a", "!!str x", "<<: {}", "|", ">-", "'", '"', "#",
              "situatie", "5.4", "inleiding.99", "\\u0000", "é" * 5000]


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(FILES))
    lines = (CONTENT / name).read_bytes().split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "retype", "retarget", "bytes", "indent", "swap"]))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "retype" and b": " in line:
            key = line.split(b": ", 1)[0]
            lines[i] = key + b": " + draw(st.sampled_from(ODD_VALUES)).encode("utf-8")
        elif kind == "retarget":
            j = draw(st.integers(0, len(lines) - 1))
            targets = [ln for ln in lines if ln.strip().startswith((b"naar:", b"start:", b"- id:", b"id:"))]
            if targets:
                value = draw(st.sampled_from(targets)).split(b":", 1)[1]
                key = lines[j].split(b":", 1)[0] if b":" in lines[j] else b"naar"
                lines[j] = key + b":" + value
        elif kind == "bytes":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.binary(min_size=1, max_size=4)) + line[at:]
        elif kind == "indent":
            stripped = line.lstrip(b" ")
            lines[i] = draw(st.sampled_from([b"", b" ", b"  ", b"\t", b" " * 12])) + stripped
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return name, b"\n".join(lines)


@seed(SEED)
@fuzz_settings(MUTATION_EXAMPLES)
@given(mutated())
def test_mutated_content_gives_file_line_errors_or_passes(workdir, mutation):
    name, raw = mutation
    content = workdir / "mutated"
    if not content.exists():
        shutil.copytree(CONTENT, content)
    (content / name).write_bytes(raw)
    try:
        run_check(content, "mutaties")
    finally:
        shutil.copy2(CONTENT / name, content / name)


# --- random small trees ------------------------------------------------------------------

IDS = ["a", "b", "c", "d", "e", "f", "g", "overzicht", "index", "Fout", "a-b"]
REFS = ["1.1", "5.4", "7.4", "inleiding.1", "8.1", "1.9", "x", 5.4]
PERSPECTIVES = ["vt", "partner", "vt", "partner", "politie", ""]


@st.composite
def small_tree(draw):
    ids = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=7, unique=True))
    split = draw(st.integers(1, len(ids) - 1))
    text = st.one_of(st.sampled_from(["Tekst.", "", " ", "<b>x</b>", "{{ x }}", "[^1]", "*y*"]),
                     st.text(max_size=20))

    def node_common(node_id):
        return {"id": node_id, "bronnen": draw(st.lists(st.sampled_from(REFS), max_size=2))}

    def step():
        """An advice step in the current shape, now and then without provenance or with both."""
        kind = draw(st.sampled_from(["bronnen", "bronnen", "eigen", "eigen", "beide", "geen", "tekst"]))
        if kind == "tekst":  # a plain text: only a frozen edition may have it
            return draw(text)
        item = {"tekst": draw(text)}
        if kind in ("bronnen", "beide"):
            item["bronnen"] = draw(st.lists(st.sampled_from(REFS), max_size=2))
        if kind in ("eigen", "beide"):
            item["eigen_advies"] = draw(st.sampled_from([True, True, False, "ja"]))
        return item

    def advice():
        return {"advies": [step() for _ in range(draw(st.integers(0, 2)))], "waarom": draw(text)}

    questions = []
    for node_id in ids[:split]:
        answers = [{"id": draw(st.sampled_from(["ja", "nee", "ja", "Ja!"])), "tekst": draw(text),
                    "naar": draw(st.sampled_from(ids + ["nergens"]))} for _ in range(draw(st.integers(0, 3)))]
        for answer in answers:
            if draw(st.integers(0, 3)) == 0:
                answer["perspectief"] = draw(st.sampled_from(PERSPECTIVES))
        question = {**node_common(node_id), "vraag": draw(text), "toelichting": draw(text), "antwoorden": answers}
        if draw(st.booleans()):
            question["vorige_ids"] = draw(st.lists(st.sampled_from(IDS), max_size=2))
        questions.append(question)
    outcomes = []
    for node_id in ids[split:]:
        outcome = {**node_common(node_id), "titel": draw(text)}
        parts = draw(st.sampled_from([["advies"], ["advies"], ["voor_vt", "voor_partner"], ["voor_vt"],
                                      ["voor_partner"], ["advies", "voor_vt"], []]))
        for part in parts:
            if part == "advies":
                outcome.update(advice())
            else:
                outcome[part] = advice()
        outcomes.append(outcome)
    tree = {"versie": draw(st.sampled_from(["1", 1, "x" * 30])), "titel": "Boom",
            "start": draw(st.sampled_from(ids + ["nergens"])), "disclaimer": "Test.",
            "vragen": questions, "uitkomsten": outcomes}
    for key in draw(st.lists(st.sampled_from(list(tree)), max_size=1)):
        del tree[key]
    return tree


@seed(SEED)
@fuzz_settings(TREE_EXAMPLES)
@given(small_tree())
def test_random_small_tree_gives_file_line_errors_or_passes(workdir, tree):
    content = workdir / "bomen"
    if not content.exists():
        shutil.copytree(CONTENT, content)
    (content / "beslisboom.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    run_check(content, "kleine bomen")


# --- the reader itself: escapes, keys, documents, depths, lengths ------------------------

MAX_DEPTH = yamlsource.MAX_DEPTH   # lists and mappings inside each other
MAX_BYTES = yamlsource.MAX_BYTES
def refused(text: str) -> bool:
    return any(invisible(c) for c in text)


ESCAPES = {"\\a": "\a", "\\e": "\x1b", "\\0": "\0", "\\x7f": "\x7f", "\\x9b": "\x9b", "\\uFFFE": "\ufffe",
           "\\r": "\r", "\\N": "\x85", "\\L": "\u2028", "\\P": "\u2029", "\\t": "\t", "\\n": "\n",
           "\\_": "\xa0", "\\\\": "\\", '\\"': '"', "\\/": "/"}
RAW = ["\u2028", "\u2029", "\x85", "\r", "\x01", "\x7f", "é", "\t", "\ufeff", "\u200b", "\u202e"]
GOOD_KEYS = ["vraag", "tekst", "a-b", "k" * 100, "'quoted'", '"ja"']
BAD_KEYS = ["~", "null", "true", "yes", "Off", "1", "5.0", "0x1F", "2026-01-01", '""', "k" * 101, '"a\\nb"',
            '"\\e[31m"']


def escaped(text: str) -> str:
    """`text` as a YAML double-quoted scalar with every non-ASCII character as an escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


@st.composite
def reader_attack(draw):
    """A small YAML file, the data it must give, and whether the reader must accept it."""
    lines, expected, ok = [], {}, True
    for i in range(draw(st.integers(1, 6))):
        key = f"k{i}"
        kind = draw(st.sampled_from(["text", "escape", "raw", "key", "depth", "length"]))
        if kind == "text":
            value = draw(st.text(max_size=12))
            lines.append(f"{key}: {escaped(value)}")
        elif kind == "escape":
            codes = draw(st.lists(st.sampled_from(sorted(ESCAPES)), min_size=1, max_size=3))
            value = "x" + "".join(ESCAPES[code] for code in codes)
            lines.append(f'{key}: "x{"".join(codes)}"')
        elif kind == "raw":
            value = "x" + draw(st.sampled_from(RAW)) + "y"
            lines.append(f'{key}: "{value}"')
            if "\r" in value:  # a lone CR is refused before YAML reads it; in a value it would be a space
                ok = False
        elif kind == "key":
            bad = draw(st.booleans())
            raw_key = draw(st.sampled_from(BAD_KEYS if bad else GOOD_KEYS))
            lines.append(f"{raw_key}: x")
            name = raw_key.strip("'\"")
            ok = ok and not bad and name not in expected  # a repeated key is refused too
            expected[name] = "x"
            continue
        elif kind == "depth":
            depth = draw(st.integers(1, 2 * MAX_DEPTH))
            value = "x"
            for _ in range(depth):
                value = [value]
            lines.append(f"{key}: " + "[" * depth + "x" + "]" * depth)
            ok = ok and depth < MAX_DEPTH  # the file's own mapping is one level too
        else:
            length = draw(st.sampled_from([0, 1, 1000, MAX_BYTES + 1]))
            value = "a" * length
            lines.append(f"{key}: '{value}'")
            ok = ok and length <= MAX_BYTES // 2
        ok = ok and not (isinstance(value, str) and refused(value))
        expected[key] = value
    if draw(st.booleans()) and draw(st.booleans()):
        lines += ["---", "extra: x"]
        ok = False
    return "\n".join(lines) + "\n", expected, ok


@seed(SEED)
@fuzz_settings(400)
@given(reader_attack())
def test_reader_reads_exactly_or_refuses_with_file_line_messages(attack):
    from handboek.errors import ContentErrors
    from handboek.yamlsource import loads

    text, expected, ok = attack
    try:
        data = loads(text.encode("utf-8"), "x.yaml").data
    except ContentErrors as exc:
        assert not ok, [str(error) for error in exc.errors]
        assert exc.errors and all(re.match(r"x\.yaml:\d+: \S", str(error)) for error in exc.errors), exc.errors
        assert len(exc.errors) <= 101
    else:
        assert ok, f"accepted: {text[:300]!r}"
        assert data == expected


# --- the provenance of each advice step ---------------------------------------------------

@st.composite
def advice_steps(draw):
    """Advice steps of every shape the schema might meet: a plain text, or a 'tekst' with
    'bronnen' (maybe empty), 'eigen_advies' (true or false), both or neither."""
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 4)) == 0:
            steps.append("Doe dit.")
            continue
        item = {"tekst": "Doe dit."}
        if draw(st.booleans()):
            item["bronnen"] = draw(st.lists(st.sampled_from(["5.1", "5.2"]), max_size=2, unique=True))
        if draw(st.booleans()):
            item["eigen_advies"] = draw(st.booleans())
        steps.append(item)
    return steps


def with_provenance(step) -> bool:
    """The project rule: a step has 'bronnen' or 'eigen_advies: true', not both, not neither."""
    return (isinstance(step, dict) and step.get("bronnen") != []
            and bool(step.get("bronnen")) != (step.get("eigen_advies") is True))


@seed(SEED)
@fuzz_settings(150)
@given(advice_steps())
def test_an_advice_step_is_accepted_only_with_sources_or_as_own_advice(tmp_path_factory, steps):
    # The schema also reads plain texts, because a frozen edition (2.0) has them and cannot change;
    # in the current tree the provenance check refuses a step without 'bronnen' or
    # 'eigen_advies: true', or with both, each at the line of that step.
    from handboek.build import CONTENT_DIR
    from handboek.errors import ContentErrors
    from handboek.rules import load_rulebook
    from handboek.tree import load_tree

    tree = {"versie": "t-oud", "titel": "Boom", "start": "v", "disclaimer": "Test.",
            "vragen": [{"id": "v", "vraag": "V?", "toelichting": "T.", "bronnen": ["1.1"], "antwoorden": [
                {"id": "ja", "tekst": "Ja.", "naar": "u"}, {"id": "nee", "tekst": "Nee.", "naar": "u"}]}],
            "uitkomsten": [{"id": "u", "titel": "U", "advies": steps, "waarom": "W.", "bronnen": ["5.1", "5.2"]}]}
    path = tmp_path_factory.mktemp("herkomst") / "boom.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    if "book" not in RULEBOOK:
        RULEBOOK["book"] = load_rulebook(CONTENT_DIR / "vuistregels.yaml", CONTENT_DIR / "vuistregels.schema.json")
    book = RULEBOOK["book"]
    schema = CONTENT_DIR / "beslisboom.schema.json"
    try:
        load_tree(path, schema, book)
    except ContentErrors as exc:
        assert not all(with_provenance(step) for step in steps), [str(e) for e in exc.errors]
        assert all(re.match(r"[^:]+\.yaml:\d+: advies \d van uitkomst 'u'|[^:]+\.yaml:\d+: uitkomsten\[1\]", str(e))
                   for e in exc.errors), [str(e) for e in exc.errors]
    else:
        assert all(with_provenance(step) for step in steps), steps
    if not any(isinstance(step, dict) and step.get("bronnen") == [] for step in steps):
        load_tree(path, schema, book, edition="t-oud")  # a frozen edition is read as it was written


RULEBOOK: dict = {}
