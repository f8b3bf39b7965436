#!/usr/bin/env python3
"""Build the generated site source with another engine and compare it with the normal build.

    python bench/engines.py --engine "/tmp/venv-properdocs/bin/properdocs build --strict -f {config} -d {site}"
    python bench/engines.py --engine mkdocs              (the normal engine against itself: a sanity check)
    python bench/engines.py --engine "zensical build --clean -f {config}" --niet-streng

The compiler writes build/bron/ (build_tree.py --bron); MkDocs from this project's venv builds
it as always (its values filled by mkdocs-macros-plugin), and `--engine` builds the same
source written with the values filled in by the compiler (build/bron-gevuld/, --vul-waarden),
since another engine may run no MkDocs plugins: a full command with {config} (the
generated mkdocs.yml) and {site} (the output folder; without it, the engine's default
site/ beside the config is taken), or just a command name, to which `build -f {config}
-d {site}` is added. Compared, per page: the list of pages, the
`<article>` element (the page's own text; white space between tags ignored), and the links
inside it (to what, and whether each one resolves within that build). A short table is
printed; the exit status is 1 when anything differs, 2 when a build fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handboek import lokaal, site_source  # noqa: E402
from handboek.build import load_content  # noqa: E402
from handboek.errors import ContentErrors  # noqa: E402

NORMAL = f"{shlex.quote(sys.executable)} -m mkdocs build --strict --quiet -f {{config}} -d {{site}}"
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
_LINK = re.compile(r'\s(?:href|src|xlink:href)="([^"]*)"')
_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACE = re.compile(r"\s+")
# Known differences that are not the page's own text, left out of the comparison (and counted):
# the compiler's search marks (data-search-exclude: Material's search plugin strips those
# with a value, another engine may keep them), and the
# skip-link target that Zensical's theme puts at the start of every article.
KNOWN = {"zoekmarkering (data-search-exclude)": re.compile(r" data-search-exclude(?==| |>)(?:=\"\")?"),
         "Zensical-sprongdoel (__skip)": re.compile(r'<a id="__skip" tabindex="-1"></a>')}


def command(engine: str) -> str:
    if engine == "mkdocs":
        return NORMAL
    return engine if "{config}" in engine else f"{engine} build -f {{config}} -d {{site}}"


def build(template: str, config: Path, site: Path) -> float:
    """Run one build; its duration in seconds. Stops the script (exit 2) when it fails.
    A command without {site} builds into the config's default, site/ beside it: moved to `site`."""
    argv = [part.format(config=config, site=site) for part in shlex.split(template)]
    default = config.parent / "site"
    if "{site}" not in template:
        shutil.rmtree(default, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, cwd=config.parent,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    if result.returncode != 0:
        print(f"Bouwen mislukt: {' '.join(argv)}\n{result.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(2)
    seconds = time.perf_counter() - started
    if "{site}" not in template:
        shutil.move(default, site)
    return seconds


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a build: its path -> its text."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(site.rglob("*.html"))}


def article(page_html: str, known: dict | None = None) -> str | None:
    """The page's <article>, white space between tags ignored and the KNOWN differences left
    out (counted in `known`, per name)."""
    match = _ARTICLE.search(page_html)
    if not match:
        return None
    text = match[1]
    for name, pattern in KNOWN.items():
        text, count = pattern.subn("", text)
        if known is not None:
            known[name] = known.get(name, 0) + count
    return _SPACE.sub(" ", _BETWEEN_TAGS.sub("><", text)).strip()


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return bool(url) and not parts.scheme and not parts.netloc and not url.startswith("#")


def resolves(site: Path, page: str, url: str) -> bool:
    target = (site / page).parent / unquote(urlsplit(url).path)
    return (target / "index.html").is_file() if url.endswith("/") or target.is_dir() else target.is_file()


def links(site: Path, page: str, text: str) -> tuple[list[str], int]:
    """The internal links of the article, and how many of them lead nowhere in this build."""
    found = [url for url in _LINK.findall(text) if is_internal(url)]
    return found, sum(not resolves(site, page, url) for url in found)


def compare(normal: Path, other: Path) -> dict:
    a, b = pages(normal), pages(other)
    shared = sorted(set(a) & set(b))
    known = [{}, {}]
    articles = [(p, article(a[p], known[0]), article(b[p], known[1])) for p in shared]
    with_article = [(p, x, y) for p, x, y in articles if x is not None or y is not None]
    result = {"pages": (len(a), len(b)), "only_normal": sorted(set(a) - set(b)), "only_other": sorted(set(b) - set(a)),
              "articles": len(with_article), "same": sum(x == y for _, x, y in with_article),
              "different": [p for p, x, y in with_article if x != y], "links": [0, 0], "broken": [0, 0],
              "link_differences": [], "known": known}
    for page, x, y in with_article:
        for side, (site, html_text) in enumerate(((normal, x or ""), (other, y or ""))):
            found, broken = links(site, page, html_text)
            result["links"][side] += len(found)
            result["broken"][side] += broken
        if sorted(_LINK.findall(x or "")) != sorted(_LINK.findall(y or "")):
            result["link_differences"].append(page)
    return result


def table(result: dict, seconds: tuple[float, float], engine: str) -> str:
    rows = [("", "normaal (MkDocs)", "andere engine"),
            ("pagina's (HTML)", *map(str, result["pages"])),
            ("alleen in deze build", str(len(result["only_normal"])), str(len(result["only_other"]))),
            ("artikel gelijk", f"{result['same']} van {result['articles']}", ""),
            ("interne links in artikelen", *map(str, result["links"])),
            ("links die nergens heen gaan", *map(str, result["broken"])),
            ("pagina's met andere links", str(len(result["link_differences"])), ""),
            *((f"genegeerd: {name}", str(result["known"][0].get(name, 0)), str(result["known"][1].get(name, 0)))
              for name in KNOWN),
            ("bouwtijd (s)", f"{seconds[0]:.1f}", f"{seconds[1]:.1f}")]
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"Andere engine: {engine}"]
    lines += ["  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    for label, names in (("Alleen normaal", result["only_normal"]), ("Alleen andere engine", result["only_other"]),
                         ("Ander artikel", result["different"]), ("Andere links", result["link_differences"])):
        if names:
            lines.append(f"{label}: {', '.join(names[:12])}{' …' if len(names) > 12 else ''}")
    return "\n".join(lines)


def differs(result: dict) -> bool:
    return bool(result["only_normal"] or result["only_other"] or result["different"]
                or result["link_differences"] or result["broken"][0] != result["broken"][1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="mkdocs", help="de andere engine: een commando met {config} en {site}, "
                                                           "of alleen de naam (standaard: mkdocs zelf)")
    parser.add_argument("--lokaal", type=Path, help="een lokale uitgave vergelijken (map van de aanvulling)")
    parser.add_argument("--niet-streng", action="store_true",
                        help="de andere engine bouwt met strict: false (Zensical 0.0.73 stopt anders op zijn eigen "
                             "verwijzingen naar unpkg.com)")
    parser.add_argument("--bewaar", type=Path, help="bewaar beide builds in deze map")
    args = parser.parse_args(argv)
    try:
        content = load_content(layer_folder=lokaal.chosen_folder(str(args.lokaal)) if args.lokaal else None)
        source = site_source.write_source(content, ROOT)
        # the other engine may run no MkDocs plugins: its folder has the values filled in
        filled = site_source.write_source(content, ROOT, source.with_name(source.name + "-gevuld"),
                                          fill_values=True)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 2
    config, filled_config = source / site_source.CONFIG, filled / site_source.CONFIG
    with tempfile.TemporaryDirectory(prefix="engines-") as temp:
        out = args.bewaar or Path(temp)
        normal, other = out / "normaal", out / "ander"
        other_config = filled_config
        if args.niet_streng:
            other_config = filled_config.with_name("mkdocs-niet-streng.yml")
            text = filled_config.read_text(encoding="utf-8")
            other_config.write_text(re.sub(r"(?m)^strict: true$", "strict: false", text), encoding="utf-8")
        seconds = (build(NORMAL, config, normal), build(command(args.engine), other_config, other))
        result = compare(normal, other)
    print(table(result, seconds, args.engine))
    return 1 if differs(result) else 0


if __name__ == "__main__":
    sys.exit(main())
