"""Fuzzing the check: mutated real YAML files and random small trees.

For every example, `build_tree.py --check` (called in-process, for speed) either passes
or prints only `file:line: message` lines and exits 1: never a traceback, never more than
2 s. Fixed seed, so a failure is reproducible; the slowest check is written to
build/fuzz.json for `make bench`.
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

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "decision_tree"
FILES = sorted(p.name for p in CONTENT.glob("*.yaml"))
ERROR_LINE = re.compile(r"^[^:\n]+\.yaml:\d+: \S.*$")
LIMIT_SECONDS = 2.0
MUTATION_EXAMPLES = 600
TREE_EXAMPLES = 400
SEED = 20261130
SLOWEST: dict[str, float] = {}


def fuzz_settings(examples: int) -> settings:
    """Reproducible: a fixed seed (see @seed), no example database, no time limit per example
    (run_check applies its own 2 s limit)."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


def run_check(content_dir: Path, name: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build_tree.main(["--check", "--content", str(content_dir)])
    seconds = time.perf_counter() - started
    SLOWEST[name] = max(SLOWEST.get(name, 0.0), seconds)
    assert seconds < LIMIT_SECONDS, f"check took {seconds:.2f} s"
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


@st.composite
def small_tree(draw):
    ids = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=7, unique=True))
    split = draw(st.integers(1, len(ids) - 1))
    text = st.one_of(st.sampled_from(["Tekst.", "", " ", "<b>x</b>", "{{ x }}", "[^1]", "*y*"]),
                     st.text(max_size=20))

    def node_common(node_id):
        return {"id": node_id, "bronnen": draw(st.lists(st.sampled_from(REFS), max_size=2))}

    questions = []
    for node_id in ids[:split]:
        answers = [{"id": draw(st.sampled_from(["ja", "nee", "ja", "Ja!"])), "tekst": draw(text),
                    "naar": draw(st.sampled_from(ids + ["nergens"]))} for _ in range(draw(st.integers(0, 3)))]
        question = {**node_common(node_id), "vraag": draw(text), "toelichting": draw(text), "antwoorden": answers}
        if draw(st.booleans()):
            question["vorige_ids"] = draw(st.lists(st.sampled_from(IDS), max_size=2))
        questions.append(question)
    outcomes = [{**node_common(node_id), "titel": draw(text), "advies": draw(st.lists(text, max_size=2)),
                 "waarom": draw(text)} for node_id in ids[split:]]
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
