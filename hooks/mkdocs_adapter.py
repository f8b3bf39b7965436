"""The MkDocs adapter: the only module that imports MkDocs (tests/test_engine.py checks this).

The compiler (handboek/site_source.py) writes the whole site source into build/bron/: pages,
charts, assets, nav and macro values. What stays here is what only this engine needs:

- run on the project's own mkdocs.yml (`make site`, `make serve`, the tests), it runs the
  compiler first and points MkDocs at the generated folder (docs_dir, nav, extra, extra_css
  as the compiler wrote them in build/bron/mkdocs.yml); run on that generated mkdocs.yml, it
  compiles nothing;
- the search index: rewritten after Material's search plugin wrote it (handboek/search_index.py;
  the compiler already marked what the plugin leaves out, data-search-exclude), the local
  layer's entries marked local, and a Dutch "nothing found" help under the result list;
- the 404 page's links from the site root (the web server adds <base>, deploy/nginx.conf);
- mkdocs-macros-plugin fills the values into the pages, but also renders each page's title
  from its first heading: the title MkDocs gave the page is put back after it; and what no
  Jinja may read (the abbreviations, the local start section) is appended after it;
- `mkdocs serve`: the compiler runs again at every rebuild (`watch:` covers decision_tree/,
  docs/ and the local layer), and no error stops the server: broken content, a typo in
  docs/ or any other failure makes every page show the errors, and live reload brings the
  site back once they are fixed (`mkdocs build` and `make site` still fail hard, before
  site/ is touched); see the last part.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import sys
import time
import traceback
from pathlib import Path

import yaml
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
# MkDocs runs from its console script, so the project root is not on sys.path by itself.
sys.path.insert(0, str(ROOT))

from handboek import lokaal, lokaal_pages, site_source
from handboek.build import load_content
from handboek.errors import ContentErrors, visible
from handboek.render_rules import FRONT_MATTER
from handboek.search_index import TERM_PAGE, full_forms, rewrite_index, search_terms, see_also

log = logging.getLogger("mkdocs.hooks.handboek")
_state: dict = {}


@event_priority(100)  # before the plugins read the config
def on_config(config):
    _state.clear()
    project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    if not (project / site_source.DOCS).is_dir() or not (project / "decision_tree").is_dir():
        return config  # the generated folder itself (build/bron/mkdocs.yml): nothing to compile
    layer_folder = lokaal.chosen_folder()
    for folder in (project / site_source.DOCS, layer_folder):  # `make serve` rebuilds when these change
        if folder and folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
    try:
        content = load_content()
        # the whole site source, written now, so that an error while generating (a chart
        # Graphviz cannot draw, a typo in docs/) takes the same path as any other content error
        target = site_source.write_source(content, project)
    except ContentErrors as exc:
        if not _serving(config):
            _abort([str(error) for error in exc.errors])
        return _show_errors(config, [str(error) for error in exc.errors])
    except Exception as exc:  # a bug or a tool (Graphviz) that fails: while serving, a page too
        if not _serving(config):
            raise
        return _show_errors(config, [_unexpected(exc)])
    generated = yaml.safe_load((target / site_source.CONFIG).read_text(encoding="utf-8"))
    config.docs_dir = str(target / generated["docs_dir"])
    config.nav = generated["nav"]
    config.extra.update(generated["extra"])
    config.extra_css[:] = generated["extra_css"]
    return config


def _built_pages(site_dir: Path) -> list[str]:
    """Markdown paths of the pages of the previous build (mkdocs serve builds into one folder)."""
    pages = []
    for index in site_dir.glob("**/index.html"):
        rel = index.relative_to(site_dir).parent.as_posix()
        if rel != "." and not rel.startswith(("afdrukversie", "search", "assets")):
            pages.append(f"{rel}.md")
    return pages


def _message_html(message: str) -> str:
    """One message: every line escaped and made visible; the indented lines under it (a short
    diff) stay lines of their own."""
    return "<br>".join(html.escape(visible(line)) for line in message.split("\n"))


def _error_page() -> str:
    # Raw HTML, each message escaped on one line: nothing in a message is read as Markdown or HTML.
    items = "\n".join(f"<li><code>{_message_html(error)}</code></li>" for error in _state["errors"])
    return (f"{FRONT_MATTER}# De inhoud bevat fouten\n\n"
            "Er is niets gebouwd. Verbeter deze fouten en sla ze op; deze pagina ververst dan "
            f'vanzelf.\n\n<ul class="inhoudsfouten">\n{items}\n</ul>\n')


def on_files(files, config):
    if "errors" in _state:
        page = _error_page()
        keep = [f for f in files if not f.is_documentation_page()]
        names = {"index.md", *_state["old_pages"], *(f.src_uri for f in files if f.is_documentation_page())}
        files = type(files)(keep)
        for name in sorted(names):
            files.append(File.generated(config, name, content=page, inclusion=InclusionLevel.INCLUDED))
        return files
    return _in_compiler_order(files, Path(config.docs_dir).parent / site_source.ORDER)


def _in_compiler_order(files, order_file: Path):
    """The pages in the order the compiler made them (build/bron/paginas.txt), the other files after."""
    if not order_file.is_file():
        return files
    order = {name: i for i, name in enumerate(order_file.read_text(encoding="utf-8").splitlines())}
    ranked = sorted(files, key=lambda f: order.get(f.src_uri, len(order)))
    return type(files)(ranked)


def on_pre_page(page, config, files):
    _remember_title(page)
    return page


@event_priority(-100)  # after mkdocs-macros
def on_page_markdown(markdown, page, config, files):
    _restore_title(page)
    return markdown + _endings(config).get(page.file.src_uri, "")


def _endings(config) -> dict:
    """What the compiler kept aside for after mkdocs-macros (build/bron/afsluiting.json): the
    abbreviations and the local start section, which macros would read as Jinja."""
    if "endings" not in _state:
        path = Path(config.docs_dir).parent / site_source.ENDINGS
        _state["endings"] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return _state["endings"]


_NO_TITLE = object()


def _remember_title(page) -> None:
    """The title MkDocs gave the page (from the nav), or none: before mkdocs-macros runs."""
    _state.setdefault("titles", {})[page.file.src_uri] = page.__dict__.get("title", _NO_TITLE)


def _restore_title(page) -> None:
    """Undo mkdocs-macros' rendering of the page title: it renders (or, with render_macros:
    false, copies) the first heading's Markdown source into page.title, escapes and all. Without a
    title from the nav, MkDocs takes it from the rendered heading or the front matter again."""
    title = _state.get("titles", {}).get(page.file.src_uri, _NO_TITLE)
    if title is _NO_TITLE:
        page.__dict__.pop("title", None)
    else:
        page.title = title


# The help goes after Material's result component, not inside it: Material takes that
# component's first and last child as its count and its list.
RESULT_END = re.compile(r'(<ol class="md-search-result__list" role="presentation"></ol>\s*</div>)')

NO_RESULTS = """
<div class="zoeken-niets md-typeset" id="zoeken-niets" hidden
  style="padding:0 1.2em 1em;font-size:.8rem;color:var(--md-default-fg-color)">
  <p>Niets gevonden. De vuistregels gebruiken soms andere woorden dan u: probeer een ander
  woord, of begin hier:</p>
  <ul>
    <li><a href="@beslisboom@">Doorloop de beslisboom</a>: beantwoord een paar vragen over uw situatie.</li>
    <li><a href="@vuistregels@">Lees de zeven vuistregels</a>.</li>
    <li><a href="@begrippen@">Zoek een woord op bij Begrippen</a>.</li>
  </ul>
</div>
<script>
(function () {
  var help = document.getElementById("zoeken-niets");
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  var input = document.querySelector(".md-search__input");
  if (!list || !meta || !input) return;
  // Material writes the result count into meta and the results into list after each query.
  function update() { help.hidden = !(input.value.trim() && list.children.length === 0); }
  var observer = new MutationObserver(update);
  observer.observe(meta, {childList: true, characterData: true, subtree: true});
  observer.observe(list, {childList: true});
})();
</script>"""


def no_results(link) -> str:
    out = NO_RESULTS
    for name in ("beslisboom", "vuistregels", "begrippen"):
        out = out.replace(f"@{name}@", link(f"{name}/"))
    return out


def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    # MkDocs renders 404.html with links from "/" (site_url stays empty, so the site works
    # under any sub-path). The 404 page gets links relative to the site root instead; the
    # web server adds <base href="/sub/path/"> to it (deploy/nginx.conf).
    return dict(context, base_url=".")


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config):
    """The search index rewritten (handboek/search_index.py); with a local layer, its texts
    join the index, marked as local."""
    site = Path(config.site_dir)
    index = site / "search" / "search_index.json"
    if index.is_file():
        glossary = site / TERM_PAGE / "index.html"
        glossary_html = glossary.read_text(encoding="utf-8") if glossary.exists() else ""
        words = see_also(glossary_html)
        data = rewrite_index(json.loads(index.read_text(encoding="utf-8")), full_forms(glossary_html),
                             words, search_terms(words=words))
        local = Path(config.docs_dir).parent / site_source.LOCAL_SEARCH
        if local.is_file():
            data = lokaal_pages.mark_search_index(data, json.loads(local.read_text(encoding="utf-8")))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_page(output, page, config):
    help_html = no_results(lambda url: get_relative_url(url, page.url))
    return RESULT_END.sub(lambda m: m[1] + help_html, output, count=1)


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    # the 404 page links from the site root; the web server adds <base> (deploy/nginx.conf)
    return RESULT_END.sub(lambda m: m[1] + no_results(lambda url: url), output, count=1)


# --- `mkdocs serve`: every error becomes a page, the terminal stays quiet ------------------
# The hook module is loaded again for every rebuild; what must outlive one build (the build
# wrapper, the terminal filter) is installed once, in on_startup, and reached through the
# logger "handboek.serve", which is the same object in every load.

_report = logging.getLogger("handboek.serve")
_report.propagate = False


def _serving(config) -> bool:
    """`mkdocs serve` sets site_url to its own address; `mkdocs build` and `make site` do not."""
    host, port = config.dev_addr
    return (config.site_url or "").startswith(f"http://{host}:{port}/")


def _abort(errors: list[str]):
    for error in errors:
        log.error(error)
    raise Abort(f"De inhoud bevat {len(errors)} fout(en); er is niets gebouwd.")


def _show_errors(config, errors: list[str]):
    """While serving: every page becomes the error page (the build itself goes on)."""
    _state["errors"] = errors
    _state["old_pages"] = _built_pages(Path(config.site_dir))
    config.nav = [{"Fouten in de inhoud": "index.md"}]
    config.extra.setdefault("editie", {})["versie"] = "?"
    for error in errors:  # not to MkDocs' logger: a warning there would stop the build (strict)
        _report.error(error)
    return config


def _unexpected(exc: BaseException) -> str:
    """A Dutch line for an error that is not a content error, with the last project line it passed."""
    if isinstance(exc, Abort):  # MkDocs stopped itself, e.g. at a warning (strict: true)
        return visible(f"MkDocs heeft het bouwen gestopt: {exc.message}")
    where = ""
    for frame, line in traceback.walk_tb(exc.__traceback__):
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(ROOT) and ".venv" not in path.parts and \
                not frame.f_code.co_qualname.startswith("_ServeOutput."):
            where = f"{path.relative_to(ROOT).as_posix()}:{line}: "
    text = re.sub(r"\s*\n\s*", " ", str(exc))  # one line (MkDocs' and YAML's messages have several)
    return visible(f"{where}onverwachte fout bij het bouwen: {type(exc).__name__}: {text}")


def on_startup(command, dirty):
    if command == "serve":
        _ServeOutput.install()


def on_serve(server, config, builder):
    """Rebuilds read mkdocs.yml again, before the build: an error there becomes the page too.
    The generated folder is written anew at every build: its sources are watched instead
    (docs/ and the rest through `watch:`), or every build would start the next."""
    generated = Path(config.docs_dir).resolve()
    if generated.parent.parent.name == "build":
        server.unwatch(config.docs_dir)
    for output in _report.handlers:
        if isinstance(output, _ServeOutput):
            server.builder = output.guard(server.builder, Path(server.root), config.site_url)
    return server


class _ServeOutput(logging.Handler):
    """Wraps MkDocs' build while serving: an error of any kind becomes the error page (a build
    that raises would leave the server waiting, "appearing stuck", or end it), and the terminal
    shows one line per build, or the errors last. VERBOSE (HANDBOEK_VERBOSE=1, or
    `mkdocs serve -v`) shows MkDocs' own messages as well."""

    @classmethod
    def install(cls):
        import mkdocs.commands.serve as serve_command

        if any(isinstance(h, cls) for h in _report.handlers):
            return
        # the engine's own logger: "mkdocs", or "properdocs" (which loads itself for mkdocs.*)
        engine = logging.getLogger(serve_command.__name__.split(".")[0])
        output = cls(serve_command.build, engine)
        _report.addHandler(output)
        serve_command.build = output.build
        for handler in engine.handlers:
            if (handler.name or "").endswith("StreamHandler"):  # MkDocsStreamHandler, ProperDocsStreamHandler
                handler.addFilter(output.screen)

    def __init__(self, build, engine: logging.Logger):
        super().__init__()
        self.original_build = build
        self.verbose = os.environ.get("HANDBOEK_VERBOSE", "") not in ("", "0") or \
            engine.getEffectiveLevel() <= logging.DEBUG
        self.messages: list[str] | None = None  # a list while a build runs

    def emit(self, record):  # the hook's content errors
        if self.messages is not None:
            self.messages.append(record.getMessage())

    def screen(self, record) -> bool:
        """Filter of MkDocs' terminal handler: warnings during a build are shown at its end."""
        if self.messages is not None and record.levelno >= logging.WARNING:
            self.messages.append(f"MkDocs: {record.getMessage()}")
            return self.verbose
        return self.verbose or record.levelno >= logging.WARNING

    def build(self, config, **kwargs):
        site = Path(config.site_dir)
        pages = {p.relative_to(site) for p in site.rglob("*.html")}
        self.messages = []
        started = time.monotonic()
        failure = None
        try:
            self.original_build(config, **kwargs)
        except (Exception, SystemExit) as exc:  # never let the server hang or exit
            failure = exc
            self.messages.append(_unexpected(exc))
            write_error_pages(site, pages, self.messages)
        finally:
            messages, self.messages = self.messages, None
        self.summary(messages, time.monotonic() - started, config.site_url, failure)

    def guard(self, builder, site: Path, url: str):
        """MkDocs' rebuild step (read mkdocs.yml, then build), which must not raise either."""
        def build():
            started = time.monotonic()
            pages = {p.relative_to(site) for p in site.rglob("*.html")}
            try:
                builder()
            except (Exception, SystemExit) as exc:
                messages = [_unexpected(exc)]
                write_error_pages(site, pages, messages)
                self.summary(messages, time.monotonic() - started, url, exc)
        return build

    def summary(self, messages: list[str], seconds: float, url: str, failure):
        if failure is not None and self.verbose:
            traceback.print_exception(failure)
        if not messages:
            print(f"Klaar in {seconds:.1f} s — {url}".replace(".", ",", 1), file=sys.stderr, flush=True)
            return
        lines = [f"Het handboek is niet gebouwd: {len(messages)} fout(en).", *map(visible, messages),
                 f"De browser toont deze fouten ook ({url}). Verbeter ze en sla op: de pagina ververst vanzelf."]
        print("\n".join(lines), file=sys.stderr, flush=True)


def write_error_pages(site: Path, pages: set[Path], messages: list[str]):
    """A plain error page at every page address (and for every other one, as 404.html), so
    the open page shows the errors and live reload brings it back once they are fixed."""
    items = "\n".join(f"<li><code>{_message_html(m)}</code></li>" for m in messages)
    text = ('<!doctype html>\n<html lang="nl"><head><meta charset="utf-8">'
            "<title>Het handboek kon niet worden gebouwd</title></head>\n<body>\n"
            "<h1>Het handboek kon niet worden gebouwd</h1>\n<p>Verbeter deze fouten en sla op; "
            f'deze pagina ververst dan vanzelf.</p>\n<ul class="inhoudsfouten">\n{items}\n</ul>\n</body></html>\n')
    pages = pages | {p.relative_to(site) for p in site.rglob("*.html")} | {Path("index.html"), Path("404.html")}
    for page in pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(text, encoding="utf-8")
