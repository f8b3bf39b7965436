"""Search quality for `make bench`: both query sets typed into the real search box in
Chromium; prints the top-1 and top-3 hit rates of the development set (bench/zoekvragen.yaml)
and of every other set (bench/zoekvragen-*.yaml), and every query of the development set and of
the open sets (`open: true`) that misses. Of a blind set only the counts are printed.
Runs on its own too: .venv/bin/python bench/search.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def run_search_bench() -> dict:
    from playwright.sync_api import sync_playwright

    from devsupport import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve
    from search_quality import HeldOut, held_out_files, is_open, load_held_out, run_all, table

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site).check_returncode()
        httpd = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{httpd.server_address[1]}/"
            outcomes = run_all(browser, base)
            held_out = []
            for path in held_out_files():
                queries, broken = load_held_out(path)
                held_out.append(HeldOut(path.name, run_all(browser, base, queries), broken, is_open(path)))
            browser.close()
        httpd.shutdown()
    print("\n" + table(outcomes, held_out))
    return {"queries": len(outcomes),
            "top1": sum(o.top1 for o in outcomes) / len(outcomes),
            "top3": sum(o.top3 for o in outcomes) / len(outcomes),
            "misses": [o.query.text for o in outcomes if not (o.top1 and o.top3)],
            # the held-out sets: counts only
            "toets": {h.name: {"queries": len(h.outcomes), "unresolved": h.broken,
                               "top1": sum(o.top1 for o in h.outcomes) / max(len(h.outcomes), 1),
                               "top3": sum(o.top3 for o in h.outcomes) / max(len(h.outcomes), 1),
                               # an open set is a development set: its misses too
                               **({"misses": [o.query.text for o in h.outcomes if not (o.top1 and o.top3)]}
                                  if h.open else {})}
                      for h in held_out}}


if __name__ == "__main__":
    run_search_bench()
