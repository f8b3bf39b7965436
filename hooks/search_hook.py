"""MkDocs glue for the search index (the rules live in handboek/search_index.py).

on_page_content marks boilerplate before Material's search plugin indexes the page (the
plugin reads the page in on_page_context, which comes later, and strips the marks again);
on_post_build rewrites search/search_index.json after the plugin has written it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handboek.search_index import mark_boilerplate, rewrite_index


def on_page_content(html, page, config, files):
    return mark_boilerplate(html)


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    index = rewrite_index(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
