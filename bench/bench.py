#!/usr/bin/env python3
"""Benchmarks (`make bench`): prints tables and writes build/bench.json. Never a test.

Compiler: load + check + render of the real tree and of synthetic trees of 1,000 and
10,000 nodes, each in a fresh process; time is the median of three runs, memory the
peak of Python allocations (tracemalloc) in a separate run.
Wizard: in Chromium, the median time from an answer click to the next step rendered
(and to the next frame), and the size of the wizard's own JS and CSS.
PDF: time of pdf/build_pdf.py on a built site (median of three) and the file size.
Flowcharts (bench/charts.py): Graphviz render time per chart and in total, SVG sizes.
Site: per page type, bytes transferred (gzip) and requests on a first load in Chromium,
behind nginx with deploy/nginx.conf, and Lighthouse scores where build/lighthouse has it
(`make bench` installs it); and `mkdocs build` time with the real tree and with a
two-question toy tree, to show what the tree step costs.
Compare ratios, not seconds: the machine is shared.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from devsupport import (CHROMIUM, CHROMIUM_ARGS, copy_project, free_port, launch_chromium,  # noqa: E402
                        mkdocs_build, nginx_binary, nginx_config, serve)

RESULTS = ROOT / "build" / "bench.json"
LIGHTHOUSE = ROOT / "build" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"


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
        lines.append(f'  - {{id: u{j}, titel: Uitkomst {j}, advies: [{{tekst: Doe iets., bronnen: ["5.1"]}}], waarom: Daarom., '
                     f'bronnen: ["7.1", "5.1"]}}')
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


STEP_TIMER = """async (answers) => {
  const root = document.querySelector('[data-wizard]');
  const times = [];
  for (const id of answers) {
    const before = root.dataset.state;
    const button = root.querySelector(`[data-answer="${id}"]`);
    const start = performance.now();
    button.click();
    while (root.dataset.state === before) await new Promise(r => setTimeout(r, 0));
    const rendered = performance.now();
    await new Promise(r => requestAnimationFrame(() => r()));
    times.push([rendered - start, performance.now() - start]);
  }
  return times;
}"""


def run_wizard_bench(rounds: int = 10) -> dict:
    from playwright.sync_api import sync_playwright

    from handboek.build import load_content

    longest = max(load_content().tree.paths(), key=lambda path: len(path[0]))[0]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site).check_returncode()
        httpd = serve(site)
        steps = []
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            for _ in range(rounds):
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/beslisboom/#a=")
                page.wait_for_selector("[data-answer]")
                steps += page.evaluate(STEP_TIMER, [answer for _, answer in longest])
            browser.close()
        httpd.shutdown()
    sizes = {name: (ROOT / "docs" / "assets" / name).stat().st_size for name in ("wizard.js", "wizard.css")}
    gzipped = sum(len(gzip.compress((ROOT / "docs" / "assets" / name).read_bytes(), mtime=0)) for name in sizes)
    return {"steps": len(steps),
            "render_ms_median": statistics.median(t[0] for t in steps),
            "frame_ms_median": statistics.median(t[1] for t in steps),
            "render_ms_max": max(t[0] for t in steps),
            "bytes": sizes, "gzip_bytes": gzipped}


def print_wizard_table(result: dict) -> None:
    total = sum(result["bytes"].values())
    print("\nBeslishulp (Chromium, klik op een antwoord -> volgende stap)")
    print(f"| {'meting':<34} | {'waarde':>10} | {'doel':>10} |")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|")
    print(f"| {'mediaan tot gerenderd (ms)':<34} | {result['render_ms_median']:>10.2f} | {'< 16':>10} |")
    print(f"| {'mediaan tot volgend frame (ms)':<34} | {result['frame_ms_median']:>10.2f} | {'':>10} |")
    print(f"| {'slechtste tot gerenderd (ms)':<34} | {result['render_ms_max']:>10.2f} | {'':>10} |")
    for name, size in result["bytes"].items():
        print(f"| {name + ' (bytes)':<34} | {size:>10} | {'':>10} |")
    print(f"| {'JS + CSS samen (bytes)':<34} | {total:>10} | {'':>10} |")
    print(f"| {'JS + CSS samen, gzip (bytes)':<34} | {result['gzip_bytes']:>10} | {'< 10240':>10} |")
    print(f"({result['steps']} stappen gemeten)")


def run_pdf_bench(runs: int = 3) -> dict:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site).check_returncode()
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(site)], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
        pdf = next(site.glob("*.pdf"))
        from pypdf import PdfReader
        pages = len(PdfReader(str(pdf)).pages)
        size = pdf.stat().st_size
    return {"seconds_median": statistics.median(times), "bytes": size, "pages": pages}


def print_pdf_table(result: dict) -> None:
    print("\nPDF (pdf/build_pdf.py op een gebouwde site)")
    print(f"| {'meting':<20} | {'waarde':>10} | {'doel':>10} |")
    print(f"|{'-' * 22}|{'-' * 12}|{'-' * 12}|")
    print(f"| {'bouwtijd (s)':<20} | {result['seconds_median']:>10.1f} | {'< 15':>10} |")
    print(f"| {'grootte (KB)':<20} | {result['bytes'] / 1024:>10.0f} | {'< 2048':>10} |")
    label = "pagina's"
    print(f"| {label:<20} | {result['pages']:>10} | {'':>10} |")


# the casuïstiek belongs to the real tree; the 2-question tree of the build comparison gets one case of its own
TOY_CASES = """casussen:
  - id: bench
    titel: Alleen voor de benchmark
    perspectief: vt
    situatie: Alleen voor de benchmark.
    antwoorden: [nee]
    uitkomst: u0
    moet_noemen: []
    bespreekpunten: [Geen.]
"""
PAGE_TYPES = {"start": "", "vuistregel": "vuistregels/5/", "knooppunt": "beslisboom/situatie/",
              "overzicht beslisboom": "beslisboom/overzicht/", "beslishulp": "beslisboom/"}


def run_site_bench() -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"pages": {}, "build": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        toy = copy_project(tmp / "toy")
        (toy / "decision_tree" / "beslisboom.yaml").write_text(synthetic_tree(4), encoding="utf-8")  # 2 questions
        (toy / "decision_tree" / "casuistiek.yaml").write_text(TOY_CASES, encoding="utf-8")
        for key, (name, project) in enumerate((("met de echte boom", ROOT), ("met een boom van 2 vragen", toy))):
            times = []
            for i in range(3):
                start = time.perf_counter()
                mkdocs_build(project, tmp / f"site-{key}-{i}").check_returncode()
                times.append(time.perf_counter() - start)
            results["build"][name] = statistics.median(times)
        site = tmp / "site-0-0"  # the real project
        subprocess.run([sys.executable, str(ROOT / "pdf" / "build_pdf.py"), str(site)], check=True,
                       capture_output=True)
        work = tmp / "nginx"
        work.mkdir()
        port = free_port()
        (work / "nginx.conf").write_text(nginx_config(site, port, work), encoding="utf-8")
        nginx = subprocess.Popen([nginx_binary(), "-c", str(work / "nginx.conf"),
                                  "-p", str(work), "-g", "daemon off;"])
        time.sleep(0.5)
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                for label, path in PAGE_TYPES.items():
                    context = browser.new_context()
                    page = context.new_page()
                    seen = []
                    page.on("requestfinished", lambda request: seen.append(request))
                    page.goto(f"http://127.0.0.1:{port}/handboek/zorg-en-straf/{path}", wait_until="networkidle")
                    # count what a reader's first visit loads: also the search index, fetched after load
                    page.wait_for_selector(".md-search-result__meta:text-matches('^Typ')", timeout=20000)
                    page.wait_for_load_state("networkidle")
                    sizes = [r.sizes() for r in seen]
                    results["pages"][label] = {
                        "requests": len(seen),
                        "bytes": sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes),
                        "mermaid": any("mermaid" in r.url for r in seen)}
                    context.close()
                browser.close()
            for label, path in PAGE_TYPES.items():
                results["pages"][label]["lighthouse"] = lighthouse(
                    f"http://127.0.0.1:{port}/handboek/zorg-en-straf/{path}", tmp / "lighthouse.json")
        finally:
            nginx.terminate()
            nginx.wait()
    return results


def lighthouse(url: str, report: Path) -> dict | None:
    """Lighthouse's four category scores (0-100) for one page, or None where it is not installed."""
    if not LIGHTHOUSE.exists():
        return None
    result = subprocess.run([str(LIGHTHOUSE), url, "--quiet",
                             f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
                             "--only-categories=performance,accessibility,best-practices,seo", "--output=json",
                             f"--output-path={report}"], env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:  # say why, instead of a silent traceback or nothing
        print(f"Lighthouse mislukt voor {url} (exit {result.returncode}):\n{result.stderr.strip()[-2000:]}",
              file=sys.stderr)
        return {"error": result.returncode}
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(category["score"] * 100) for name, category in categories.items()}


def print_site_table(result: dict, compile_seconds: float) -> None:
    print("\nPagina's (eerste bezoek, Chromium via nginx met gzip)")
    print(f"| {'paginatype':<22} | {'KB':>8} | {'verzoeken':>9} | {'mermaid':>7} | {'doel':>22} |")
    print(f"|{'-' * 24}|{'-' * 10}|{'-' * 11}|{'-' * 9}|{'-' * 24}|")
    for label, row in result["pages"].items():
        goal = "<= 250 KB, <= 15 verz."
        print(f"| {label:<22} | {row['bytes'] / 1024:>8.1f} | {row['requests']:>9} | "
              f"{'ja' if row['mermaid'] else 'nee':>7} | {goal:>22} |")
    scored = {label: row["lighthouse"] for label, row in result["pages"].items() if row.get("lighthouse")}
    if scored:
        print("\nLighthouse (prestaties / toegankelijkheid / goede praktijken / SEO; doel 95+ / 100 / 100 / 100)")
        for label, scores in scored.items():
            if "error" in scores:
                print(f"  {label:<22} MISLUKT (exit {scores['error']}; zie de melding hierboven)")
                continue
            print(f"  {label:<22} " + " / ".join(str(scores[k]) for k in
                                                 ("performance", "accessibility", "best-practices", "seo")))
    else:
        print("\nLighthouse: niet gevonden in build/lighthouse (make bench installeert het)")
    build = result["build"]
    real, toy = build["met de echte boom"], build["met een boom van 2 vragen"]
    print("\nmkdocs build (mediaan van 3)")
    for name, seconds in build.items():
        print(f"  {name:<28} {seconds:6.2f} s")
    print(f"  de beslisboom met al zijn pagina's kost {100 * (real - toy) / toy:.0f}% extra "
          "bouwtijd (doel: < 20%)")
    print(f"  de compiler zelf (build_tree.py) is {100 * compile_seconds / real:.1f}% van de bouwtijd")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(sys.argv[2])))
        return 0
    from fuzz_report import fuzz_report  # each further section: a module in bench/, one call here
    import charts
    import paths

    results = {"padlengte": paths.run_and_print(), "stroomschema": charts.run_and_print(), "compiler": run_compiler_bench(),
               "wizard": run_wizard_bench(), "pdf": run_pdf_bench(), "site": run_site_bench()}
    print_compiler_table(results["compiler"])
    print_wizard_table(results["wizard"])
    print_pdf_table(results["pdf"])
    print_site_table(results["site"], results["compiler"][0]["seconds"])
    results["search"] = __import__("search").run_search_bench()  # bench/search.py
    results["fuzz"] = fuzz_report()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nResultaten ook in {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
