"""Running `build_tree.py --check` in-process, as the editor-error tests do."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import build_tree

ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<message>.+)$")
ENGLISH = re.compile(r"\b(found|expected|while|could not|cannot|mapping|scalar|token|Error|No such)\b")


def check(content_dir: Path, tree: Path | None = None) -> tuple[int, list[str]]:
    """build_tree.py --check in-process: exit status and the error lines (nothing else allowed).
    With `tree`, that tree file is checked (and the casuistiek, which belongs to the real tree, not)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build_tree.main(["--check", "--content", str(content_dir), *([str(tree)] if tree else [])])
    lines = err.getvalue().splitlines()
    if code:
        assert lines[-1].endswith("fout(en) gevonden."), lines
        for line in lines[:-1]:
            assert ERROR_LINE.match(line), f"not file:line: message: {line!r}"
            assert not ENGLISH.search(line), f"not Dutch: {line!r}"
        lines = lines[:-1]
    return code, lines


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first `old`; return the line where it stood."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1
