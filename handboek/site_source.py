"""The compiler's last step: the complete site source, in one folder that any engine renders.

`write_source()` writes `build/bron/` (a local edition: `build/bron-<folder>/`):

- `mkdocs.yml`: the project's own mkdocs.yml with what the content decides filled in: the
  rule pages and the local layer in the nav, the macro values (bron, editie, lokaal) under
  `extra`, the local layer's CSS, and only the adapter as hook. mkdocs-macros-plugin (part
  of the fixed stack) fills the values into the pages; for an engine that runs no MkDocs
  plugins, `fill_values=True` (build_tree.py --bron --vul-waarden) fills them in here and
  leaves the plugin out;
- `docs/`: the hand-written pages of docs/ (checked first by docs_check), every generated
  page, chart and asset, the local layer's files;
  every page ends with the abbreviations, and a `title:` in front matter is HTML-escaped
  once (the theme prints a title as HTML);
- a page with relative links in raw HTML as `<name>/index.md` (placed_for_raw_links), so
  that those links resolve the same in every engine;
- the print page `afdrukversie/index.md` (handboek/print_page.py), which the PDF is printed from:
  the cover (pdf/voorblad.tpl), the contents, every printed page with ids unique per page;
- `overrides/`, so the folder needs nothing else of the project;
- `paginas.txt` (the order of the pages) and, with a local layer, `zoeken-lokaal.json` (its
  search entries), for the adapter.

Nothing in this module imports an engine. The folder is written next to its place and
swapped in only when everything succeeded: never a half-written folder. All content errors
come at once, as `file:line: message`.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import uuid
from pathlib import Path

import jinja2
import jinja2.sandbox
import yaml

from . import lokaal, lokaal_pages
from .build import Content, display_name, generate, macro_variables
from .docs_check import PAGE_SUFFIXES, docs_errors
from .errors import ContentError, ContentErrors
from .render_rules import abbreviations

PROJECT = Path(__file__).resolve().parent.parent
CONFIG = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
COVER = "pdf/voorblad.tpl"
ADAPTER = "hooks/mkdocs_adapter.py"
SOURCE_DIR = "build/bron"
# The pages in the order they were made: the hand-written ones, then the generated ones.
# MkDocs reads a folder in alphabetical order; the adapter keeps this order instead, since
# the search index lists its entries in it (and ties in the ranking keep that order).
ORDER = "paginas.txt"
# Per page, what the adapter appends after mkdocs-macros has run (abbreviations, local start section).
ENDINGS = "afsluiting.json"
# The local layer's search entries (lokaal_pages.search_entries), for the engine's search index.
LOCAL_SEARCH = "zoeken-lokaal.json"
# MkDocs' own rule for front matter at the top of a page (mkdocs.utils.meta)
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# Sandboxed as well, though docs_check already allows nothing but `{{ name.key }}`.
_VALUES = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                              autoescape=False)


def source_dir(project: Path = PROJECT, layer: lokaal.Layer | None = None) -> Path:
    """Where the site source of this edition goes: one folder per edition, so that building
    the national and a local edition one after the other never mixes them."""
    name = SOURCE_DIR if layer is None else f"{SOURCE_DIR}-{layer.folder.name}"
    return project / name


def read_config(project: Path = PROJECT) -> dict:
    """The project's mkdocs.yml as plain data (the file an editor changes)."""
    path = project / CONFIG
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ContentErrors([ContentError(display_name(path), line, f"geen geldige YAML: {exc.problem}")]) from None
    except (OSError, yaml.YAMLError) as exc:
        raise ContentErrors([ContentError(display_name(path), 1, f"niet te lezen: {exc}")]) from None
    if not isinstance(data, dict):
        raise ContentErrors([ContentError(display_name(path), 1, "moet instellingen bevatten (sleutel: waarde)")])
    return data


def with_rule_pages(nav: list, rules) -> list:
    """The nav with "Vuistregel N" added to the section that lists vuistregels/index.md."""
    entries = [{f"Vuistregel {rule.number}": f"vuistregels/{rule.number}.md"} for rule in rules]
    out = []
    for item in nav or []:
        if isinstance(item, dict):
            item = {title: (with_rule_pages(sub, rules) + entries if isinstance(sub, list)
                            and "vuistregels/index.md" in sub else sub) for title, sub in item.items()}
        out.append(item)
    return out


def site_config(config: dict, content: Content, target: Path, project: Path = PROJECT,
                fill_values: bool = False) -> dict:
    """The engine's configuration for the generated folder `target`."""
    out = dict(config)
    out["docs_dir"] = DOCS
    out.pop("watch", None)
    out["extra"] = {**config.get("extra", {}), **macro_variables(content, config.get("extra", {}).get("editie", {}))}
    out["nav"] = with_rule_pages(config.get("nav"), content.rulebook.rules)
    out["extra_css"] = list(config.get("extra_css", []))
    if content.lokaal:  # the local layer: its own nav section and colour, after the national ones
        out["nav"] = [*out["nav"], lokaal_pages.nav_section(content.lokaal)]
        out["extra_css"].append(lokaal_pages.CSS)
    out["theme"] = {**config.get("theme", {}), "custom_dir": OVERRIDES}
    out["hooks"] = [Path(os.path.relpath(project / ADAPTER, target)).as_posix()]
    plugins = []
    for plugin in config.get("plugins", []):
        name = next(iter(plugin)) if isinstance(plugin, dict) else plugin
        if name == "macros" and fill_values:
            continue  # the values are filled in by the compiler
        plugins.append(plugin)
    out["plugins"] = plugins
    return out


def filled(text: str, variables: dict) -> str:
    """A page with its values filled in (what mkdocs-macros-plugin does), unless `render_macros: false`."""
    front, meta, body = split_front_matter(text)
    if meta.get("render_macros") is False:
        return text
    return front + _VALUES.from_string(body).render(**variables)


def split_front_matter(text: str) -> tuple[str, dict, str]:
    """(front matter as written, its data, the rest) of a page, the way MkDocs splits it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", {}, text
    try:
        meta = yaml.safe_load(match[1])
    except yaml.YAMLError:
        meta = None
    return match[0], meta if isinstance(meta, dict) else {}, text[match.end():]


def escaped_title(front: str, meta: dict) -> str:
    """The front matter with its `title:` HTML-escaped once: the theme prints a title as HTML."""
    title = meta.get("title")
    if not isinstance(title, str) or html.escape(title, quote=False) == title:
        return front
    data = {**meta, "title": html.escape(title, quote=False)}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def page_source(text: str, variables: dict, ending: str, fill_values: bool = True) -> str:
    """A page as the engine gets it: with `fill_values`, its values filled in (unless
    `render_macros: false`; otherwise mkdocs-macros-plugin fills them), the title escaped,
    `ending` (the abbreviations) appended."""
    front, meta, body = split_front_matter(text)
    if fill_values and meta.get("render_macros") is not False:
        body = _VALUES.from_string(body).render(**variables)
    return escaped_title(front, meta) + body + ending


def site_files(content: Content, variables: dict, project: Path = PROJECT, draw: bool = True,
               fill_values: bool = False, endings: dict[str, str] | None = None) -> dict[str, str | bytes]:
    """Every file of the generated docs folder, as path -> text (or bytes, for images)."""
    docs = project / DOCS
    errors = docs_errors(docs, variables, display_name)
    if errors:
        raise ContentErrors(errors)
    generated = generate(content, draw=draw)
    ending = abbreviations(content.glossary)
    files: dict[str, str | bytes] = {}
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        name = path.relative_to(docs).as_posix()
        if name in generated:
            errors.append(ContentError(display_name(path), 1, "deze pagina maakt de compiler zelf; "
                                       "geef de pagina een andere naam"))
        elif path.suffix.lower() in PAGE_SUFFIXES:
            local = ""
            if name == "index.md" and content.lokaal:  # after the start page's own text
                local = lokaal_pages.start_section(content.lokaal, content.tree.version)
            files[name] = _with_ending(name, path.read_text(encoding="utf-8-sig"), variables, local + ending,
                                       fill_values, endings)
        else:
            files[name] = path.read_bytes()
    if errors:
        raise ContentErrors(errors)
    for name, text in generated.items():
        files[name] = (_with_ending(name, text, variables, ending, fill_values, endings)
                       if name.endswith(".md") else text)
    layer = content.lokaal
    files.update(layer.files if layer else {})  # the local logo and images
    return files


def _with_ending(name: str, text: str, variables: dict, ending: str, fill_values: bool,
                 endings: dict[str, str] | None) -> str:
    """The page; its ending (abbreviations, the local start section) in it when the values are
    filled in here, else kept aside in `endings`: mkdocs-macros would read it as Jinja, so the
    adapter appends it after the plugin (ENDINGS)."""
    if fill_values or endings is None:
        return page_source(text, variables, ending, fill_values)
    endings[name] = ending
    return page_source(text, variables, "", fill_values)


_RAW_LINK = re.compile(r'\s(?:href|src|xlink:href)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/])[^"]')
# a Markdown link's target: inline `](target` or a reference definition `[x]: target`
_MARKDOWN_LINK = re.compile(r"(\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:\s*<?)([^\s)>]*)", re.M)
_EXTERNAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[#/]")


def folder_page(name: str) -> str:
    """`x/y.md` -> `x/y/index.md`: the same address (x/y/), with the file in that folder."""
    return f"{name[:-len(Path(name).suffix)]}/index.md"


def relinked(text: str, old_name: str, new_name: str, moved: dict[str, str]) -> str:
    """The Markdown links of page `old_name`, now at `new_name`, pointing at the same files
    (under their new names where they moved too)."""
    def fix(match):
        target = match[2]
        if not target or _EXTERNAL.match(target):
            return match[0]
        path, hash_, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(old_name), path))
        resolved = moved.get(resolved, resolved)
        new = posixpath.relpath(resolved, posixpath.dirname(new_name) or ".")
        return match[1] + (new if path else "") + hash_ + fragment
    return _MARKDOWN_LINK.sub(fix, text)


def placed_for_raw_links(files: dict) -> tuple[dict, dict[str, str]]:
    """Pages with relative links in raw HTML, moved to `<name>/index.md`: a raw-HTML link is
    written from the page's address (x/y/), which MkDocs leaves alone but another engine
    (Zensical) reads from the file's folder (x/). In `<name>/index.md` the two are the same
    folder. Every page's Markdown links follow the move. Returns the files and {old: new}."""
    moved = {name: folder_page(name) for name, data in files.items()
             if isinstance(data, str) and Path(name).suffix.lower() in PAGE_SUFFIXES
             and Path(name).stem != "index" and _RAW_LINK.search(data)}
    if not moved:
        return files, moved
    out = {}
    for name, data in files.items():
        new_name = moved.get(name, name)
        if isinstance(data, str) and Path(name).suffix.lower() in PAGE_SUFFIXES:
            data = relinked(data, name, new_name, moved)
        out[new_name] = data
    return out, moved


def renamed_nav(nav, moved: dict[str, str]):
    """The nav with every moved page under its new name."""
    if isinstance(nav, list):
        return [renamed_nav(item, moved) for item in nav]
    if isinstance(nav, dict):
        return {title: renamed_nav(sub, moved) for title, sub in nav.items()}
    return moved.get(nav, nav)


def write_source(content: Content, project: Path = PROJECT, target: Path | None = None,
                 fill_values: bool = False) -> Path:
    """Write the whole site source of `content` into `target` (by default source_dir());
    written beside it first, swapped in only when everything succeeded. `fill_values`: for an
    engine without mkdocs-macros-plugin, the values are filled in here."""
    from . import print_page  # it reads split_front_matter from here

    target = target or source_dir(project, content.lokaal)
    config = site_config(read_config(project), content, target, project, fill_values)
    variables = {key: value for key, value in config["extra"].items() if isinstance(value, dict)}
    endings: dict[str, str] = {}
    files, moved = placed_for_raw_links(site_files(content, variables, project, fill_values=fill_values,
                                                   endings=None if fill_values else endings))
    endings = {moved.get(name, name): text for name, text in endings.items()}
    config["nav"] = renamed_nav(config["nav"], moved)
    files[print_page.folder_page(print_page.PAGE)] = print_page.print_page(
        {name: filled(data, variables) + endings.get(name, "") if not fill_values and name.endswith(".md")
         else data for name, data in files.items()},
        config["nav"], config, (project / COVER).read_text(encoding="utf-8"),
        renamed_nav(list(print_page.PRINT_EXCLUDE), moved), lokaal.SITE_DIR)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    try:
        for name, data in files.items():
            path = temp / DOCS / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        shutil.copytree(project / OVERRIDES, temp / OVERRIDES, ignore=shutil.ignore_patterns("__pycache__"))
        if not fill_values:
            (temp / ENDINGS).write_text(json.dumps(endings, ensure_ascii=False), encoding="utf-8")
        pages = [name for name in files if Path(name).suffix.lower() in PAGE_SUFFIXES]
        (temp / ORDER).write_text("".join(f"{name}\n" for name in pages), encoding="utf-8")
        if content.lokaal:
            (temp / LOCAL_SEARCH).write_text(json.dumps(lokaal_pages.search_entries(content.lokaal),
                                                        ensure_ascii=False, indent=1), encoding="utf-8")
        (temp / CONFIG).write_text(
            "# Generated by build_tree.py from the project's mkdocs.yml: do not edit (README).\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        _swap(temp, target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return target


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old.{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)

