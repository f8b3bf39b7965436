"""Links and ids in the built site, for link-integrity and pinned-URL tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRS = {"href", "xlink:href", "src", "srcset", "poster", "action", "data", "formaction"}
LINK_ATTRS = ("href", "xlink:href")  # xlink:href: the links in the flowcharts (SVG)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            elif name in URL_ATTRS:
                self.urls.append((tag, name, value))
            elif name == "style" and "url(" in value:
                self.urls.append((tag, name, value))


def parse(page: Path) -> _Collector:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def page_url(site: Path, page: Path) -> str:
    """The page's URL path from the site root, e.g. '/vuistregels/1/'."""
    rel = "/" + page.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def resolve(site: Path, url: str) -> Path | None:
    """The file a site-relative URL path serves, or None."""
    target = site / unquote(url)
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


WIZARD_PAGE = "/beslisboom/"


def broken_links(site: Path) -> list[str]:
    problems = []
    ids_cache: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):  # the print page too: the adapter repairs its anchors
        here = "http://site.invalid" + page_url(site, page)
        for tag, attr, value in parse(page).urls:
            if attr not in LINK_ATTRS or re.match(r"^(mailto:|tel:|javascript:|data:)", value):
                continue
            absolute = urljoin(here, value)
            parts = urlsplit(absolute)
            if parts.netloc != "site.invalid":
                problems.append(f"{page_url(site, page)}: external link {value}")
                continue
            target = resolve(site, parts.path.lstrip("/"))
            if target is None:
                problems.append(f"{page_url(site, page)}: broken link {value}")
            elif parts.fragment.startswith("a=") and page_url(site, target) == WIZARD_PAGE:
                continue  # the wizard's state (answer ids), not an anchor; the build checks cases' paths
            elif parts.fragment and target.suffix == ".html":
                ids = ids_cache.setdefault(target, parse(target).ids)
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page_url(site, page)}: missing anchor {value}")
    return problems
