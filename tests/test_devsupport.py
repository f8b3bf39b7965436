"""One place for the tools around the build: tests, bench and the PDF builder share it."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_pdf_builder_uses_the_chromium_named_in_the_environment(tmp_path):
    (tmp_path / "afdrukversie").mkdir()
    (tmp_path / "afdrukversie" / "index.html").write_text("<html></html>", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(tmp_path)],
                            capture_output=True, text=True, env=dict(os.environ, CHROMIUM="/nergens/chromium"))
    assert result.returncode != 0
    assert "Chromium ontbreekt (/nergens/chromium)" in result.stderr
    assert "Traceback" not in result.stderr


def test_bench_imports_nothing_from_the_tests():
    for module in (ROOT / "bench").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "conftest" not in text and '"tests"' not in text.replace('"tests/test_fuzz_content.py"', ""), module


def test_helpers_are_defined_once():
    for name in ("def _free_port", "def free_port", "AXE_OPTIONS = ", "CHROMIUM_ARGS = ", "def serve("):
        owners = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("**/*.py")
                  if ".venv" not in p.parts and "node_modules" not in p.parts and name in p.read_text(encoding="utf-8")
                  and p.name != "test_devsupport.py"]
        assert owners in ([], ["devsupport.py"]), (name, owners)
