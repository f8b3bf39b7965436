"""The same commit gives the same site, byte for byte, the PDF included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, mkdocs_build

EPOCH = "1764460800"  # any fixed moment; `make` takes the last commit's


def build(target: Path) -> dict[str, bytes]:
    result = mkdocs_build(ROOT, target, SOURCE_DATE_EPOCH=EPOCH)
    assert result.returncode == 0, result.stderr
    pdf = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(target)],
                         env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH), capture_output=True, text=True)
    assert pdf.returncode == 0, pdf.stderr
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    first, second = build(tmp_path / "een"), build(tmp_path / "twee")
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert any(name.endswith(".pdf") for name in first)
