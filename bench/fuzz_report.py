"""Bench section: the slowest content check the fuzz test saw (tests/test_fuzz_content.py
writes build/fuzz.json on every `make test`); runs the fuzz test first if it never ran."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ_RESULTS = ROOT / "build" / "fuzz.json"


def fuzz_report() -> dict:
    if not FUZZ_RESULTS.exists():
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz_content.py"],
                       cwd=ROOT, check=True, capture_output=True)
    result = json.loads(FUZZ_RESULTS.read_text(encoding="utf-8"))
    print(f"\nFuzzen van de controle ({result['examples']} voorbeelden, tests/test_fuzz_content.py)")
    for case, seconds in result["slowest_seconds"].items():
        print(f"  traagste controle, {case:<14} {seconds:6.3f} s (grens: 2 s)")
    return result
