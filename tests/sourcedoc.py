"""An independent reading of the source text file, for fidelity tests.

It deliberately does not use decision_tree/vuistregels.yaml: it handles the quirks of
the extraction itself (see shared/source/README.md), so that a mistake in the YAML
cannot hide from the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).parent / "bron" / "vuistregels-samenwerking-zorg-en-straf.txt"
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@dataclass
class SourceDoc:
    segments: list[str]          # text between layout boundaries (cells, <p>, bullets)
    sentences: list[str]
    footnotes: dict[int, str]
    rule_points: dict[int, list[str]]


def normalise(text: str) -> str:
    return " ".join(text.split())


def _footnote(line: str) -> tuple[int, str] | None:
    match = re.match(f"^([{SUPERSCRIPT_DIGITS}]+)\\s*(.*)$", line)
    if not match:
        return None
    number = int(match[1].translate(str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")))
    return number, normalise(match[2].replace("*", ""))


def _content_lines(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Drop footnote blocks; a line after a block continues the line before it (page break)."""
    content: list[str] = []
    footnotes: dict[int, str] = {}
    after_footnotes = False
    for line in lines:
        if not line.strip() or set(line.strip()) <= set("-\t"):
            continue
        note = _footnote(line)
        if note:
            footnotes[note[0]] = note[1]
            after_footnotes = True
            continue
        if after_footnotes and content:
            previous = content.pop()
            if re.match(r"^\s*[a-zà-ÿ]", line):  # a sentence cut in two by the page end
                previous = re.sub(r"</p>\s*$", "", previous)
            line = previous.rstrip() + " " + line.strip()
        content.append(line)
        after_footnotes = False
    return content, footnotes


def _segments(line: str) -> list[str]:
    line = re.sub(r"</?i>", "", line)
    line = re.sub(f"[{SUPERSCRIPT_DIGITS}]", "", line)
    line = re.sub(r"<[^>]+>|•|\t", "\n", line)
    return [normalise(s) for s in line.split("\n") if normalise(s)]


def parse(path: Path = SOURCE) -> SourceDoc:
    lines = path.read_text(encoding="utf-8").splitlines()
    content, footnotes = _content_lines(lines)
    segments = [s for line in content for s in _segments(line)]
    sentences = [s for seg in segments for s in re.split(r"(?<=[.!?])\s+", seg) if s]
    rule_points = {}
    for line in content:
        match = re.match(r"^(?:<p>)?Vuistregel (\d+)", line)
        if match:
            rule_points[int(match[1])] = [normalise(re.sub(r"<[^>]+>", " ", p))
                                         for p in _segments_after_bullets(line)]
    return SourceDoc(segments, sentences, footnotes, rule_points)


def _segments_after_bullets(line: str) -> list[str]:
    line = re.sub(f"[{SUPERSCRIPT_DIGITS}]", "", line)
    return [p for p in (normalise(re.sub(r"<[^>]+>", " ", part)) for part in line.split("•")[1:]) if p]
