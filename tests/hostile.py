"""Hostile content: a payload in every text field of every content file.

The fields come from the JSON Schemas (a string without a format pattern is free text),
so a field added to a schema is covered without changing the tests.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import yaml

# Runs `xss()` if it ever becomes markup; `alert(1)` shows Markdown escapes that leak as text.
PAYLOAD = "</title><script>xss()</script><img src=x onerror=xss()> alert(1) {{ 7*7 }} &amp; \\"
SHORT_PAYLOAD = "<b onclick=xss()>x</b>\\"


def text_fields(schema: dict) -> list[tuple]:
    """Paths of every free-text string in a schema; '*' stands for any list item."""
    defs = schema.get("$defs", {})
    found: list[tuple] = []

    def walk(node: dict, path: tuple) -> None:
        if "$ref" in node:
            node = {**defs[node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
        if node.get("type") == "string" and node.get("pattern", "\\S") == "\\S" and "enum" not in node:
            found.append((path, node.get("maxLength")))
        for key, sub in node.get("properties", {}).items():
            walk(sub, path + (key,))
        if isinstance(node.get("items"), dict):
            walk(node["items"], path + ("*",))

    walk(schema, ())
    return found


def poison(data, path: tuple, limit: int | None, payload: str = PAYLOAD, short: str = SHORT_PAYLOAD) -> int:
    """Append the payload to every value at `path`; returns how many values it changed. Where
    that is longer than `limit`, the value becomes `short` (cut to the limit)."""
    if not path:
        return 0
    head, rest = path[0], path[1:]
    children = (list(enumerate(data)) if head == "*" and isinstance(data, list)
                else [(head, data[head])] if isinstance(data, dict) and head in data else [])
    changed = 0
    for key, value in children:
        if rest:
            changed += poison(value, rest, limit, payload, short)
        elif isinstance(value, str):
            # an advice step's condition (`als`) stays a question: the payload goes before it
            new = f"{payload} {value}" if key == "als" else f"{value} {payload}"
            if limit and len(new) > limit:
                new = (short if len(short) <= limit else "<b>")[:limit]
            data[key] = new
            changed += 1
    return changed


# Fields that the real content may not use yet, filled and rendered on a toy build instead
# (tests/test_tree_model_browser.py::test_hostile_text_in_the_perspective_parts_stays_text).
# Once the content uses them, they are filled here too.
COVERED_BY_TOY = {f"beslisboom.yaml: uitkomsten.*.voor_{p}.{f}" for p in ("vt", "partner")
                  for f in ("advies.*.tekst", "waarom")}


def poison_content(content_dir: Path, payload: str = PAYLOAD, short: str = SHORT_PAYLOAD) -> list[str]:
    """Rewrites every YAML file in `content_dir` with payloads; returns schema fields never filled
    (except those in COVERED_BY_TOY)."""
    unfilled = []
    for schema_path in sorted(content_dir.glob("*.schema.json")):
        yaml_path = content_dir / schema_path.name.replace(".schema.json", ".yaml")
        if not yaml_path.exists():
            continue
        data = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
        for path, limit in text_fields(json.loads(schema_path.read_text(encoding="utf-8"))):
            field = f"{yaml_path.name}: {'.'.join(path)}"
            if not poison(data, path, limit, payload, short) and field not in COVERED_BY_TOY:
                unfilled.append(field)
        yaml_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                             encoding="utf-8")
    return unfilled


# --- Markdown vectors -----------------------------------------------------------------
# Each would become live markup if a value reached Markdown (or Jinja) unescaped: links and
# images with dangerous or external URLs, attribute lists with handlers, autolinks, HTML
# comments, Jinja. `xss()` counts a run in the browser tests. Short ones fit short fields.
MARKDOWN_VECTORS = (
    "[t](javascript:xss())",
    "![](x){onerror=xss()}",
    "[d](data:text/html,x)",
    "![](http://127.0.0.1:9/p.png)",
    "<http://127.0.0.1:9/auto>",
    "<!-- c -->",
    "{{ 7*7 }}",
    "{% raw %}",
    "*[x]: y",
)
MARKDOWN_PAYLOAD = " ".join(MARKDOWN_VECTORS)
SHORT_MARKDOWN_PAYLOAD = "[t](javascript:x)"  # 17 characters: fits `versie` (at most 20)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "formaction", "poster", "srcset", "data")


def live_markup(page_html: str) -> list[str]:
    """Markup that content must never produce: images, event handler attributes, links to
    script, data or other servers. The one data: URL allowed is the inline favicon."""
    parser = _Tags()
    parser.feed(page_html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("img", "image", "iframe", "object", "embed"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            url = "".join(value.split()).lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "http:", "https:", "//")):
                found.append(f"<{tag} {name}={value[:40]}>")
            elif name in URL_ATTRIBUTES and url.startswith("data:") and not (tag == "link" and "icon" in attrs.get("rel", "")):
                found.append(f"<{tag} {name}={value[:40]}>")
    return found


# Default_Ignorable_Code_Point of Unicode's DerivedCoreProperties.txt beyond category Cf:
# characters that show as nothing (the YAML reader refuses them, with Cf and non-characters).
DEFAULT_IGNORABLE = frozenset([0x34F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164,
                               *range(0xFE00, 0xFE10), 0xFFA0, *range(0xFFF0, 0xFFF9), *range(0xE0000, 0xE1000)])


def invisible(char: str) -> bool:
    """A character the content may not contain: controls other than tab and newline, line
    separators, surrogates, formatting and other default-ignorable characters, non-characters."""
    import unicodedata
    code = ord(char)
    return ((unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"} and char not in "\t\n")
            or code in DEFAULT_IGNORABLE or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
