"""Read the built site as a reader would: the text of each page's main content."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

INLINE = {"a", "abbr", "em", "strong", "span", "sup", "sub", "code", "i", "b", "small", "mark", "kbd"}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed"}


class _ArticleText(HTMLParser):
    """Text inside <article>, without footnote marks and heading permalinks."""

    SKIP_CLASSES = {"voetnoot-ref", "headerlink"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # nesting inside <article>
        self.skip_depth = 0     # nesting inside a skipped element
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article" or self.depth:
            self.depth += 1
            if self.skip_depth or classes & self.SKIP_CLASSES:
                self.skip_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID or not self.depth:
            return
        self.depth -= 1
        if self.skip_depth:
            self.skip_depth -= 1
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip_depth:
            self.parts.append(data)


def page_text(html_file: Path) -> str:
    parser = _ArticleText()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


def site_pages(site: Path) -> list[str]:
    """Every page's address relative to the site root ("", "vuistregels/5/", …), 404 left out."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel != "404.html":
            pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages
