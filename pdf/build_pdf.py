#!/usr/bin/env python3
"""Make the PDF handbook from a built site: `python pdf/build_pdf.py SITE [--png DIR]`.

The print page (/afdrukversie/, written by the compiler: handboek/print_page.py) is opened in Debian's Chromium
through Playwright, from a loopback server, and printed to a tagged A4 PDF with bookmarks.
Before printing, links that would leave the PDF are made plain text, so that no link
points to the temporary server. With --png, the cover and the first flowchart page are also
rendered to PNG (pdftoppm) for a visual check.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from devsupport import launch_chromium, serve  # noqa: E402

PDF_NAME = "handboek-vuistregels-zorg-en-straf.pdf"
PRINT_PAGE = "afdrukversie/"
TITLE = "Handboek Vuistregels zorg en straf"

# Every link inside the print page leads to an id on it (handboek/print_page.py). Keep links that stay inside the print page; make every other link plain text.
PREPARE = """(title) => {
  document.title = title;
  let removed = 0;
  for (const a of document.querySelectorAll('a[href], a[*|href]')) {  // also the flowcharts' SVG links
    const href = a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '';
    if (href.startsWith('#') && document.getElementById(decodeURIComponent(href.slice(1)))) continue;
    a.removeAttribute('href');
    a.removeAttributeNS('http://www.w3.org/1999/xlink', 'href');
    removed++;
  }
  document.querySelectorAll('.headerlink').forEach(a => a.remove());
  // A chart becomes one figure in the tagged PDF (role img gives /Figure with /Alt), whose
  // alternative sends the reader to the same content as text. On screen the chart stays a region.
  for (const chart of document.querySelectorAll('.stroomschema')) {
    const name = (chart.getAttribute('aria-label') || '').replace(/^Schema: /, '');
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', `Stroomschema ${name}. Dezelfde vragen en uitkomsten staan als tekst ` +
      'in de lijst onder het schema en in het deel Als lijst.');
  }
  return removed;
}"""


def print_to_pdf(site: Path) -> tuple[bytes, list[str]]:
    """The PDF as Chromium prints it, and the text of every heading in the print page."""
    from playwright.sync_api import sync_playwright

    httpd = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context()
            page = context.new_page()
            page.emulate_media(media="print")
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{PRINT_PAGE}", wait_until="networkidle")
            page.evaluate(PREPARE, TITLE)
            headings = page.evaluate("[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]"
                                     ".map(h => h.textContent.replace(/\\s+/g, ' ').trim())")
            pdf = page.pdf(format="A4", outline=True, tagged=True, prefer_css_page_size=True,
                           print_background=True)
            browser.close()
    finally:
        httpd.shutdown()
    return pdf, headings


def fix_bookmarks(writer: PdfWriter, headings: list[str]) -> None:
    """Chromium drops the space where a heading wraps onto a new line ("zaakwaarin");
    put back the heading's own text, matched with all white space ignored."""
    by_letters = {re.sub(r"\s", "", h): h for h in headings}
    root = writer.root_object
    todo = [root["/Outlines"].get("/First")] if "/Outlines" in root else []
    while todo:
        item = todo.pop()
        if item is None:
            continue
        item = item.get_object()
        title = str(item.get("/Title", ""))
        fixed = by_letters.get(re.sub(r"\s", "", title))
        if fixed and fixed != title:
            item[NameObject("/Title")] = TextStringObject(fixed)
        todo += [item.get("/First"), item.get("/Next")]


# Text that Chromium leaves outside every marked-content sequence: the @page margin boxes, the
# running footer "Pagina 2 van 88". In a tagged PDF such text must be an artifact, so that
# assistive technology skips it. Chromium writes its text as hex strings; literal strings and
# dictionaries are matched whole, so that no operator is found inside them.
_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|<[^<>]*>|(?<![\w/#.])(BDC|BMC|EMC|BT|ET)(?!\w)")
_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"


def mark_artifacts(content: bytes) -> bytes:
    """The page's content stream, with every text object outside marked content wrapped as a
    pagination /Artifact."""
    depth, start, spans = 0, None, []
    for match in _TOKEN.finditer(content):
        operator = match.group(1)
        if operator in (b"BDC", b"BMC"):
            depth += 1
        elif operator == b"EMC":
            depth -= 1
        elif operator == b"BT" and depth == 0:
            start = match.start()
        elif operator == b"ET" and start is not None:
            spans.append((start, match.end()))
            start = None
    parts, last = [], 0
    for begin, end in spans:
        parts += [content[last:begin], _ARTIFACT, content[begin:end], b"\nEMC"]
        last = end
    return b"".join(parts) + content[last:]


def mark_page_artifacts(writer: PdfWriter) -> None:
    for page in writer.pages:
        content = page.get_contents()
        content.set_data(mark_artifacts(content.get_data()))
        page.replace_contents(content)
        page.compress_content_streams()


def finish(pdf: bytes, headings: list[str]) -> bytes:
    """Repair bookmarks; set title, language and fixed dates (the same site gives the same PDF)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    fix_bookmarks(writer, headings)
    mark_page_artifacts(writer)
    stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "0"))))
    writer.add_metadata({"/Title": TITLE, "/CreationDate": stamp, "/ModDate": stamp,
                         "/Producer": "Chromium (Playwright) en pypdf"})
    writer.root_object[NameObject("/Lang")] = TextStringObject("nl-NL")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def previews(pdf_path: Path, out_dir: Path) -> list[Path]:
    """The cover and the first flowchart page as PNG, for a person to look at."""
    reader = PdfReader(str(pdf_path))
    chart = next((i for i, page in enumerate(reader.pages) if "Situatie 1:" in (page.extract_text() or "")), 0)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for name, number in (("voorblad", 1), ("stroomschema", chart + 1)):
        prefix = out_dir / name
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(number), "-l", str(number),
                        str(pdf_path), str(prefix)], check=True)
        made.append(prefix.with_suffix(".png"))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="de gebouwde site (met /afdrukversie/)")
    parser.add_argument("--png", type=Path, help="maak ook PNG's van voorblad en stroomschema in deze map")
    args = parser.parse_args(argv)
    if not (args.site / PRINT_PAGE / "index.html").is_file():
        print(f"{args.site / PRINT_PAGE} ontbreekt: bouw eerst de site (make site).", file=sys.stderr)
        return 1
    started = time.perf_counter()
    target = args.site / PDF_NAME
    target.write_bytes(finish(*print_to_pdf(args.site)))
    print(f"PDF gemaakt: {target} ({target.stat().st_size / 1024:.0f} KB, "
          f"{time.perf_counter() - started:.1f} s)")
    if args.png:
        for png in previews(target, args.png):
            print(f"Voorbeeld: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
