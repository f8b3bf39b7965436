"""Path lengths for `make bench`: how many questions a professional answers before the advice.

Goal (content brief, GUIDE §3): no path longer than 7 questions, median 5 or fewer, over all
paths of the real tree; the same table for the casuïstiek, per entry situation.
"""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LONGEST_GOAL, MEDIAN_GOAL = 7, 5


def summary(lengths: list[int]) -> dict:
    return {"paden": len(lengths), "kortste": min(lengths), "mediaan": statistics.median(lengths),
            "langste": max(lengths)}


def run_and_print() -> dict:
    from handboek.build import load_content

    content = load_content()
    tree = content.tree
    by_situation: dict[str, list[int]] = defaultdict(list)
    for trail, _ in tree.paths():
        by_situation[trail[0][1]].append(len(trail))
    cases = [len(case.answers) for case in content.cases]
    result = {"boom": summary([n for lengths in by_situation.values() for n in lengths]),
              "casuistiek": summary(cases),
              "per_situatie": {situation: summary(lengths) for situation, lengths in by_situation.items()},
              "casussen": {case.id: len(case.answers) for case in content.cases}}

    print(f"\nPadlengte in vragen (beslisboom versie {tree.version}; doel: langste <= {LONGEST_GOAL}, "
          f"mediaan <= {MEDIAN_GOAL})")
    print(f"| {'wat':<38} | {'paden':>6} | {'kortste':>7} | {'mediaan':>7} | {'langste':>7} | {'doel':>6} |")
    print(f"|{'-' * 40}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for name, row in [("alle paden van de boom", result["boom"]), ("alle casussen", result["casuistiek"]),
                      *((f"  situatie: {s}", r) for s, r in result["per_situatie"].items())]:
        met = row["langste"] <= LONGEST_GOAL and row["mediaan"] <= MEDIAN_GOAL
        verdict = ("ja" if met else "NEE") if not name.startswith("  ") else ""  # the goal is over all paths
        print(f"| {name:<38} | {row['paden']:>6} | {row['kortste']:>7} | {row['mediaan']:>7g} | "
              f"{row['langste']:>7} | {verdict:>6} |")
    return result


if __name__ == "__main__":
    run_and_print()
