"""MkDocs glue for search (the index rules live in handboek/search_index.py).

- on_page_content marks boilerplate before Material's search plugin indexes the page (the
  plugin reads the page in on_page_context, which comes later, and strips the marks again);
- on_post_build rewrites search/search_index.json after the plugin has written it;
- on_post_page / on_post_template put a Dutch "nothing found" help under the result list,
  with links to the beslisboom, the rules and the Begrippen. A small inline script (allowed
  by the CSP, no request) shows it only when a typed query found nothing.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handboek.search_index import (TERM_PAGE, full_forms, mark_boilerplate, rewrite_index, search_terms,
                                   see_also)

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


def on_page_content(html, page, config, files):
    return mark_boilerplate(html)


def on_post_page(output, page, config):
    help_html = no_results(lambda url: get_relative_url(url, page.url))
    return RESULT_END.sub(lambda m: m[1] + help_html, output, count=1)


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    # the 404 page links from the site root; the web server adds <base> (deploy/nginx.conf)
    return RESULT_END.sub(lambda m: m[1] + no_results(lambda url: url), output, count=1)


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    glossary = Path(config.site_dir) / TERM_PAGE / "index.html"
    glossary_html = glossary.read_text(encoding="utf-8") if glossary.exists() else ""
    words = see_also(glossary_html)
    index = rewrite_index(json.loads(path.read_text(encoding="utf-8")), full_forms(glossary_html),
                          words, search_terms(words=words))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
