"""The query sets run against the real search box in Chromium: the development set
(bench/zoekvragen.yaml, tuned against) and the held-out sets (every bench/zoekvragen-toets*.yaml,
each written blind by someone who did not see the index or the development set). Of a held-out
set only counts are ever printed, never its queries or per-query results: tuning on it
would make it a second development set.

Shared by tests/test_search_quality_browser.py and bench/search.py (it lives in bench/, which imports nothing from tests/). A result item is one
page in Material's result list; its *landing* is the link with the best score in it (the
page itself, or the best section shown under it, such as a rule point).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
QUERIES = Path(__file__).with_name("zoekvragen.yaml")
HELD_OUT = Path(__file__).with_name("zoekvragen-toets.yaml")
# Every other query set: zoekvragen-toets.yaml, zoekvragen-toets2.yaml (held-out sets of
# rounds 1 and 2, opened in round 3), zoekvragen-ronde3.yaml, and any blind set added later.
HELD_OUT_PATTERN = "zoekvragen-*.yaml"
# A set whose file says `open: true` is a development set: the bench prints its misses too.
# A file without it is held out (blind): only its counts are printed.
OPEN_KEY = "open"
TREE_TARGET = "boom:"


@dataclass(frozen=True)
class Query:
    text: str
    first: str                # expected landing of the first result
    top3: tuple[str, ...]     # every one of these is the landing (or page) of one of the first three


def tree_titles() -> dict[str, str]:
    """Site address of every tree node -> its question or outcome title."""
    from handboek.build import load_content
    from handboek.render_tree import TREE_DIR

    tree = load_content().tree
    titles = {f"{TREE_DIR}/{q.id}/": q.text for q in tree.questions.values()}
    titles.update({f"{TREE_DIR}/{o.id}/": o.title for o in tree.outcomes.values()})
    return titles


def resolve(target: str, titles: dict[str, str]) -> str:
    """'boom: part of a title' -> the node's address; an address stays as it is."""
    if not target.startswith(TREE_TARGET):
        return target
    words = target[len(TREE_TARGET):].strip().lower()
    found = [url for url, title in titles.items() if words in " ".join(title.lower().split())]
    if len(found) != 1:
        raise ValueError(f"zoekvragen.yaml: '{target}' past bij {len(found)} pagina's van de beslisboom, "
                         f"niet bij precies één: {found}")
    return found[0]


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    titles = tree_titles()
    queries = []
    for item in data["zoekvragen"]:
        first = resolve(item["eerste"], titles)
        others = [resolve(t, titles) for t in item.get("ook", [])]
        queries.append(Query(str(item["zoek"]), first, (first, *others)))
    return queries


def held_out_files(folder: Path = QUERIES.parent) -> list[Path]:
    """Every other query set: bench/zoekvragen-toets.yaml, zoekvragen-toets2.yaml, … (names only)."""
    return sorted(folder.glob(HELD_OUT_PATTERN))


def is_open(path: Path) -> bool:
    """Whether a set's file declares itself a development set (`open: true`); read without
    loading its queries."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get(OPEN_KEY) is True


def load_held_out(path: Path = HELD_OUT) -> tuple[list[Query], int]:
    """The held-out queries whose targets resolve, and how many do not (an error message
    would quote the query, so only the count leaves this function)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    titles = tree_titles()
    queries, broken = [], 0
    for item in data["zoekvragen"]:
        try:
            first = resolve(item["eerste"], titles)
            others = [resolve(t, titles) for t in item.get("ook", [])]
        except ValueError:
            broken += 1
            continue
        queries.append(Query(str(item["zoek"]), first, (first, *others)))
    return queries, broken


def depends_on_tree(item: dict) -> bool:
    return any(str(t).startswith(TREE_TARGET) for t in [item["eerste"], *item.get("ook", [])])


# The first three result items: per item, its links shown above "more" with their scores.
_ITEMS = """items => items.slice(0, 3).map(li =>
  Array.from(li.querySelectorAll(':scope > a.md-search-result__link')).map(a =>
    [a.getAttribute('href'), parseFloat(a.querySelector('article').getAttribute('data-md-score'))]))"""


def search(page, text: str) -> list[list[tuple[str, float]]]:
    """Type the query into the search box (the page's index must be ready) and read the top 3."""
    meta = page.locator(".md-search-result__meta")
    box = page.locator(".md-search__input")
    box.click()
    # Material searches on keyup. Clear the box with a key, then put in all but the last
    # character and type that one: exactly one search, for the whole query, so the results
    # on screen are the ones for this query once the count replaces "Typ om te beginnen".
    box.fill(" ")
    box.press("Backspace")
    expect(meta).to_have_text(re.compile("^Typ"), timeout=15000)
    box.fill(text[:-1])
    box.press(text[-1])
    expect(meta).not_to_have_text(re.compile("^Typ"), timeout=10000)
    return page.locator(".md-search-result__item").evaluate_all(_ITEMS)


def site_address(href: str, base: str) -> str:
    return href[len(base):] if href.startswith(base) else href


def landings(items: list[list[tuple[str, float]]], base: str) -> list[tuple[str, str]]:
    """Per item: (landing address, page address). The landing is the best-scored link."""
    out = []
    for links in items:
        best = max(links, key=lambda link: link[1])  # max keeps the first of equal scores
        out.append((site_address(best[0], base), site_address(links[0][0], base)))
    return out


def shown(target: str, landing: tuple[str, str]) -> bool:
    """A page target is shown by its page's item; an anchor target only as the landing."""
    return target == landing[0] or ("#" not in target and target == landing[1])


@dataclass(frozen=True)
class Outcome:
    query: Query
    got: list[tuple[str, str]]

    @property
    def top1(self) -> bool:
        return bool(self.got) and shown(self.query.first, self.got[0])

    @property
    def top3(self) -> bool:
        return all(any(shown(t, g) for g in self.got) for t in self.query.top3)


def open_search(browser, base: str):
    """A fresh page with the search index loaded; returns (context, page)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "vuistregels/")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("^Typ"), timeout=15000)
    return context, page


def run_all(browser, base: str, queries: list[Query] | None = None) -> list[Outcome]:
    context, page = open_search(browser, base)
    outcomes = [Outcome(q, landings(search(page, q.text), base)) for q in (load_queries() if queries is None else queries)]
    context.close()
    return outcomes


def rates(outcomes: list[Outcome]) -> tuple[int, int, int]:
    """(top-1 hits, top-3 hits, queries)."""
    return sum(o.top1 for o in outcomes), sum(o.top3 for o in outcomes), len(outcomes)


def _cell(hits: int, n: int) -> str:
    return f"{hits}/{n} {100 * hits / n:.0f}%" if n else "-"


def misses(outcomes: list[Outcome]) -> list[str]:
    """Every query that misses, with what came instead (development set only)."""
    lines = []
    for o in outcomes:
        if not (o.top1 and o.top3):
            kind = "top-3" if not o.top3 else "top-1"
            lines.append(f"  mis ({kind}): '{o.query.text}' verwacht {o.query.first}"
                         + (f" (+ {', '.join(o.query.top3[1:])})" if o.query.top3[1:] else "")
                         + f"; kreeg {[g[0] for g in o.got]}")
    return lines


@dataclass(frozen=True)
class HeldOut:
    """The outcome of one query file besides the development set: its name, its outcomes (of a
    blind set never printed), how many of its queries have a target that no longer resolves,
    and whether it is open (a development set: its misses are printed)."""
    name: str
    outcomes: list[Outcome]
    broken: int = 0
    open: bool = False


def table(outcomes: list[Outcome], held_out: list[HeldOut] | None = None) -> str:
    """The bench table: hit rates of the development set and of each other set; the misses of
    the development set and of the open sets, never those of a blind set."""
    held_out = held_out or []
    d1, d3, dn = rates(outcomes)
    names = [h.name.removeprefix("zoekvragen-").removesuffix(".yaml") for h in held_out]
    width = max([12, *map(len, names)])
    head = "".join(f" {name:>{width}} |" for name in names)
    rule = "".join(f"{'-' * (width + 2)}|" for _ in names)

    def row(label: str, ours: int, goal: str, pick) -> str:
        cells = "".join(f" {_cell(pick(rates(h.outcomes)), len(h.outcomes)):>{width}} |" for h in held_out)
        return f"| {label:<12} | {_cell(ours, dn):>12} |{cells} {goal:>8} |"

    lines = ["Zoeken in Chromium (ontwikkelset: bench/zoekvragen.yaml; toets: bench/zoekvragen-toets*.yaml, blind geschreven)",
             f"| {'meting':<12} | {'ontwikkelset':>12} |{head} {'doel':>8} |",
             f"|{'-' * 14}|{'-' * 14}|{rule}{'-' * 10}|",
             row("top-1 goed", d1, ">= 80%", lambda r: r[0]),
             row("top-3 goed", d3, ">= 95%", lambda r: r[1])]
    for h, name in zip(held_out, names):
        if h.broken:
            lines.append(f"  {name}: {h.broken} zoekvraag/zoekvragen met een doel dat niet (meer) bestaat, niet gemeten")
    lines += misses(outcomes)
    for h, name in zip(held_out, names):
        if h.open and misses(h.outcomes):
            lines += [f"  {name} (open):", *misses(h.outcomes)]
    return "\n".join(lines)
