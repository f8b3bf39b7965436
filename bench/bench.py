#!/usr/bin/env python3
"""Benchmarks (`make bench`): prints a table and writes build/bench.json. Never a test.

Compiler: load + check + render of the real tree and of synthetic trees of 1,000 and
10,000 nodes, each in a fresh process; time is the median of three runs, memory the
peak of Python allocations (tracemalloc) in a separate run. Compare ratios, not seconds:
the machine is shared.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "build" / "bench.json"


def synthetic_tree(nodes: int) -> str:
    """A binary DAG of about `nodes` nodes: half questions, half outcomes."""
    questions = nodes // 2
    lines = ['versie: "synthetisch"', "titel: Synthetische boom", "start: v0",
             "disclaimer: Alleen voor de benchmark.", "vragen:"]
    for i in range(questions):
        targets = [f"v{c}" if c < questions else f"u{c - questions}" for c in (2 * i + 1, 2 * i + 2)]
        lines += [f"  - id: v{i}", f"    vraag: Vraag {i}?", "    toelichting: Waarom deze vraag.",
                  '    bronnen: ["5.1", "6.1"]', "    antwoorden:",
                  f"      - {{id: ja, tekst: Ja., naar: {targets[0]}}}",
                  f"      - {{id: nee, tekst: Nee., naar: {targets[1]}}}"]
    lines.append("uitkomsten:")
    for j in range(questions + 1):
        lines.append(f'  - {{id: u{j}, titel: Uitkomst {j}, advies: [Doe iets.], waarom: Daarom., '
                     f'bronnen: ["7.1"]}}')
    return "\n".join(lines) + "\n"


def measure_one(tree_file: str) -> dict:
    """Runs inside a fresh process: compile once for warm-up, then time and trace."""
    from handboek.build import generate, load_content

    path = Path(tree_file) if tree_file != "-" else None

    def compile_once():
        generate(load_content(tree_file=path))

    compile_once()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        compile_once()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    compile_once()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    content = load_content(tree_file=path)
    return {"nodes": len(content.tree.questions) + len(content.tree.outcomes),
            "seconds": statistics.median(times), "peak_mb": peak / 2**20}


def run_compiler_bench() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("echte boom", "-")]
        for size in (1000, 10000):
            path = Path(tmp) / f"boom-{size}.yaml"
            path.write_text(synthetic_tree(size), encoding="utf-8")
            cases.append((f"synthetisch {size}", str(path)))
        for name, tree_file in cases:
            out = subprocess.run([sys.executable, __file__, "--one", tree_file], cwd=ROOT,
                                 capture_output=True, text=True, check=True)
            rows.append({"case": name, **json.loads(out.stdout)})
    return rows


def print_compiler_table(rows: list[dict]) -> None:
    print("Compiler (build_tree.py: laden, controleren, pagina's maken)")
    print(f"| {'geval':<18} | {'knopen':>7} | {'tijd (s)':>8} | {'µs/knoop':>8} | {'piek (MB)':>9} |")
    print(f"|{'-' * 20}|{'-' * 9}|{'-' * 10}|{'-' * 10}|{'-' * 11}|")
    for row in rows:
        per_node = row["seconds"] / row["nodes"] * 1e6
        print(f"| {row['case']:<18} | {row['nodes']:>7} | {row['seconds']:>8.3f} | {per_node:>8.1f} "
              f"| {row['peak_mb']:>9.1f} |")
    small, large = rows[1], rows[2]
    ratio = large["seconds"] / small["seconds"]
    print(f"Groei 1.000 -> 10.000 knopen: tijd x{ratio:.1f} (lineair is x10). "
          f"Doel: 10.000 knopen onder 2 s: {'gehaald' if large['seconds'] < 2 else 'NIET gehaald'}.")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(sys.argv[2])))
        return 0
    results = {"compiler": run_compiler_bench()}
    print_compiler_table(results["compiler"])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nResultaten ook in {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
