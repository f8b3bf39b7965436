"""MkDocs glue for the handboek compiler. The only module that imports MkDocs.

on_config loads and checks the content before anything in site/ is touched; on_files
adds the generated pages and flowcharts as virtual files (never written into docs/);
on_page_markdown appends the abbreviations (tooltips); on_template_context gives the 404
page links that work under any sub-path; on_post_page drops print-site's assets from
normal pages. `watch:` in mkdocs.yml makes `mkdocs serve` rebuild when the YAML changes.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
# MkDocs runs from its console script, so the project root is not on sys.path by itself.
sys.path.insert(0, str(ROOT))

from handboek.build import generate, load_content
from handboek.errors import ContentErrors
from handboek.render_rules import abbreviations

log = logging.getLogger("mkdocs.hooks.handboek")
_state: dict = {}


def on_config(config):
    try:
        content = load_content()
    except ContentErrors as exc:
        for error in exc.errors:
            log.error(str(error))
        raise Abort(f"De inhoud bevat {len(exc.errors)} fout(en); er is niets gebouwd.")
    _state["content"] = content
    _state["abbreviations"] = abbreviations(content.glossary)
    return config


def on_files(files, config):
    for path, text in generate(_state["content"]).items():
        files.append(File.generated(config, path, content=text, inclusion=InclusionLevel.INCLUDED))
    return files


def on_page_markdown(markdown, page, config, files):
    return markdown + _state["abbreviations"]


def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    # MkDocs renders 404.html with links from "/" (site_url stays empty, so the site works
    # under any sub-path). The 404 page gets links relative to the site root instead; the
    # web server adds <base href="/sub/path/"> to it (deploy/nginx.conf).
    not_found = dict(context, base_url=".")
    # mkdocs-print-site keeps this very context object to render its print page later;
    # give that page the base of its own address, or its search looks in the wrong place.
    print_site = config.plugins.get("print-site")
    if print_site is not None:
        context["base_url"] = get_relative_url(".", print_site.print_page.url)
    return not_found


_PRINT_SITE_ASSET = re.compile(r'\s*<(?:link rel="stylesheet" href|script src)="[^"]*/?(?:css/print-site[\w-]*\.css|js/print-site\.js)"[^>]*>(?:</script>)?')


def on_post_page(output, page, config):
    # mkdocs-print-site adds its CSS and JS to every page, but only its print page (which it
    # renders itself, without this event) uses them: three requests fewer per page.
    return _PRINT_SITE_ASSET.sub("", output)
