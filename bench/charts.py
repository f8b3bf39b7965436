"""Benchmark of the flowcharts (part of `make bench`): Graphviz render time per chart and in
total (median of three), SVG size, and the text size each chart gets in the PDF."""

from __future__ import annotations

import statistics
import time


def run_and_print(runs: int = 3) -> dict:
    from handboek import flowchart
    from handboek.build import load_content
    from handboek.render_tree import TreePages

    content = load_content()
    drawer = TreePages(content.tree, content.rulebook).chart_drawer()
    rows = []
    for section in [*flowchart.sections(content.tree), flowchart.whole_tree(content.tree)]:
        source = drawer.dot(section)
        times, svg = [], ""
        for _ in range(runs):
            start = time.perf_counter()
            svg = flowchart.tidy_svg(flowchart.render(source))
            times.append(time.perf_counter() - start)
        width, height = flowchart.size(svg)
        rows.append({"chart": section.id, "nodes": len(section.nodes), "seconds": statistics.median(times),
                     "bytes": len(svg.encode("utf-8")), "width_pt": width, "height_pt": height,
                     "print_pt": round(flowchart.print_fit(svg).text_pt, 1)})
    total = sum(row["seconds"] for row in rows)

    print("Stroomschema's (Graphviz dot, mediaan van 3)")
    print(f"| {'schema':<26} | {'knopen':>6} | {'tijd (s)':>8} | {'KB':>6} | {'pt x pt':>11} | {'tekst op papier':>15} |")
    print(f"|{'-' * 28}|{'-' * 8}|{'-' * 10}|{'-' * 8}|{'-' * 13}|{'-' * 17}|")
    for row in rows:
        size = f"{row['width_pt']:.0f}x{row['height_pt']:.0f}"
        print(f"| {row['chart']:<26} | {row['nodes']:>6} | {row['seconds']:>8.3f} | {row['bytes'] / 1024:>6.1f} "
              f"| {size:>11} | {row['print_pt']:>12.1f} pt |")
    print(f"Samen: {total:.2f} s (doel: < 2 s: {'gehaald' if total < 2 else 'NIET gehaald'}). "
          "Tekst op papier: doel >= 7 pt (het hele schema staat niet in de PDF).\n")
    return {"charts": rows, "total_seconds": total}
