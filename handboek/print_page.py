"""The print page (afdrukversie/), written by the compiler: what the PDF is printed from.

One page holds the cover (pdf/voorblad.tpl), a contents list (the nav, two levels deep) and
every page in nav order except PRINT_EXCLUDE. Each page is rendered to HTML here with the
site's own Markdown extensions; its ids get the page's key in front ("aanleiding-alinea-1"),
so that they are unique on the print page, and its links point inside the print page where
the target is on it, or to the page on the site (../x/) where it is not.

Engine-neutral: Python-Markdown and Jinja2 only, no site generator.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import jinja2
import markdown

from .site_source import split_front_matter  # site_source imports this module when it runs

PAGE = "afdrukversie.md"
ADDRESS = "afdrukversie/"
TOC_TITLE = "Inhoudsopgave"
# Pages the PDF leaves out: the start page, the wizard, the changes per edition, the PDF page.
PRINT_EXCLUDE = ("index.md", "beslisboom/index.md", "beslisboom/wijzigingen.md", "pdf.md")
# MkDocs always adds these to the configured extensions.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")

_ID = re.compile(r'(\sid=")([^"]+)(")')
_LINK = re.compile(r'(\s(?:href|src|xlink:href)=")([^"]*)(")')
_EXTERNAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/")
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
# The compiler's marks for search (data-search-exclude): the print page is not searched, and
# the search plugin strips only marks with a value, so they are taken out here.
_SEARCH_MARK = re.compile(r'\sdata-search-exclude(?:="[^"]*")?(?=[\s>/])')


def folder_page(name: str) -> str:
    """`x.md` -> `x/index.md`: the print page has relative links in raw HTML (site_source.placed_for_raw_links)."""
    return f"{name[:-len(Path(name).suffix)]}/index.md"


def page_url(name: str) -> str:
    """The address of page `name` (directory URLs): `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    stem = name[:-len(Path(name).suffix)]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def page_key(name: str) -> str:
    """A page's key on the print page: its address with dashes ("vuistregels-1")."""
    return page_url(name).strip("/").replace("/", "-")


def markdown_renderer(config: dict) -> markdown.Markdown:
    """Python-Markdown with the extensions of the site's configuration."""
    names, settings = list(DEFAULT_EXTENSIONS), {}
    for item in config.get("markdown_extensions", []):
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


def nav_pages(nav) -> list[str]:
    """Every page of the nav, in order."""
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    if isinstance(nav, dict):
        return [page for sub in nav.values() for page in nav_pages(sub)]
    return [nav] if isinstance(nav, str) and not _EXTERNAL.match(nav) else []


def _resolve(target: str, base: str, printed: dict[str, str], url_of: dict[str, str]) -> str:
    """A link of a page rendered at `base` (a folder), as seen from the print page."""
    if not target or target.startswith("#") or _EXTERNAL.match(target):
        return target
    path, hash_, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(base, path))
    resolved = "" if resolved == "." else resolved
    page = url_of.get(resolved) or url_of.get(resolved.rstrip("/") + "/") if path else None
    if page is None and resolved in printed:
        page = resolved
    if page in printed:
        key = printed[page]
        return f"#{key}-{fragment}" if fragment else f"#{key}"
    if page is not None:  # a page the print page leaves out: on the site
        address = page_url(page)
        return f"../{address}{hash_}{fragment}"
    slash = "/" if path.endswith("/") and resolved else ""
    return f"../{resolved}{slash}{hash_}{fragment}"


def printed_html(body: str, name: str, printed: dict[str, str], url_of: dict[str, str]) -> str:
    """A page's HTML with every id prefixed by its key and every link as seen from the print page.
    Every relative link resolves from the page's file: a page with relative links in raw HTML
    is an `index.md` (site_source.placed_for_raw_links), whose folder is its address too.
    `url_of` maps a page's file and its address to the file."""
    key = printed[name]
    ids = {m[2] for m in _ID.finditer(body)}
    base = posixpath.dirname(name)

    def link(match):
        target = match[2]
        if target.startswith("#"):
            fragment = html.unescape(target[1:])
            return match[1] + (f"#{key}-{target[1:]}" if fragment in ids or target[1:] in ids else target) + match[3]
        return match[1] + _resolve(target, base, printed, url_of) + match[3]

    body = _LINK.sub(link, body)
    return _ID.sub(lambda m: f"{m[1]}{key}-{m[2]}{m[3]}", body)


def page_title(body: str) -> str:
    """The text of a page's first heading."""
    match = _H1.search(body)
    return html.unescape(_TAG.sub("", _HEADERLINK.sub("", match[1]))).strip() if match else ""


def cover(template: str, config: dict) -> str:
    """The cover, from pdf/voorblad.tpl, filled with the site's name and `extra` values."""
    env = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=False)
    return env.from_string(template).render(config=config)


def _toc(nav, printed: dict[str, str], titles: dict[str, str], local: str, depth: int = 1) -> str:
    """The contents list: the nav's sections and pages, two levels deep. An entry of the local
    layer (its pages are under the folder `local`) is marked as local text ("lokaal-regio")."""
    items = []
    for number, item in enumerate(nav, start=1):
        if isinstance(item, str):
            item = {None: item}
        for title, sub in item.items():
            if isinstance(sub, list):
                inner = _toc(sub, printed, titles, local, depth + 1) if depth < 2 else ""
                if not inner and not any(p in printed for p in nav_pages(sub)):
                    continue
                target = f"#section-{number}" if depth == 1 else f"#{printed.get(nav_pages(sub)[0], '')}"
            elif sub in printed:
                target, inner = f"#{printed[sub]}", ""
            else:
                continue
            text = html.escape(title or titles.get(sub, ""), quote=False)
            is_local = local and all(p.startswith(f"{local}/") for p in nav_pages(sub))
            items.append(f'<li class="md-nav__item{" lokaal-regio" if is_local else ""}"><a href="{target}" class="md-nav__link">'
                         f'<span class="md-ellipsis">{text}</span></a>'
                         + (f'<nav class="md-nav" aria-label="{html.escape(text)}"><ul class="md-nav__list">'
                            f"{inner}</ul></nav>" if inner else "")
                         + "</li>")
    return "".join(items)


def _sections(nav, rendered: dict[str, str], depth: int = 1) -> str:
    out = []
    for number, item in enumerate(nav, start=1):
        if isinstance(item, str):
            item = {None: item}
        for title, sub in item.items():
            if isinstance(sub, list):
                inner = _sections(sub, rendered, depth + 1)
                if inner:
                    out.append(f'<section class="print-page md-section" id="section-{number}">\n'
                               f"<h1>{html.escape(title or '', quote=False)}</h1>\n{inner}</section>\n")
            elif sub in rendered:
                out.append(rendered[sub])
    return "".join(out)


def print_page(files: dict, nav: list, config: dict, cover_template: str, exclude=PRINT_EXCLUDE,
               local: str = "") -> str:
    """The print page's source (raw HTML in a Markdown page) from the site's pages `files`
    (name -> Markdown with its values filled in), in the order of `nav`; `local`: the folder
    of the local layer's pages."""
    pages = [p for p in nav_pages(nav) if p not in exclude and isinstance(files.get(p), str)]
    printed = {name: page_key(name) for name in pages}
    url_of: dict[str, str] = {}
    for name, data in files.items():
        if isinstance(data, str) and name.endswith(".md"):
            url_of[name] = name
            url_of[page_url(name) or ""] = name
    renderer = markdown_renderer(config)
    rendered, titles = {}, {}
    for name in pages:
        _, meta, text = split_front_matter(files[name])
        body = renderer.reset().convert(text)
        # a title in front matter is HTML-escaped already (site_source.escaped_title)
        title = meta.get("title")
        titles[name] = html.unescape(title) if isinstance(title, str) else page_title(body)
        body = printed_html(_SEARCH_MARK.sub("", body), name, printed, url_of)
        rendered[name] = f'<section class="print-page" id="{printed[name]}">\n{body}\n</section>\n'
    title = html.escape(config.get("site_name", ""), quote=False)
    return ("---\n"
            f"title: {title}\nrender_macros: false\nsearch:\n  exclude: true\n"
            "hide:\n  - navigation\n  - toc\n---\n\n"
            '<div id="print-site-page">\n'
            f'<section id="print-site-cover-page">\n{cover(cover_template, config)}\n</section>\n'
            '<section class="print-page">\n<div id="print-page-toc">\n'
            f'<nav role="navigation" class="print-page-toc-nav">\n<h1 class="print-page-toc-title">{TOC_TITLE}</h1>\n'
            f'<ul class="md-nav__list">{_toc(nav, printed, titles, local)}</ul>\n</nav>\n</div>\n</section>\n'
            f"{_sections(nav, rendered)}</div>\n")
