"""Turn YAML text into safe Markdown.

Everything from YAML is text, never markup: HTML is escaped and Markdown syntax is
neutralised. Two things are recognised on purpose: footnote marks `[^N]` and
`*italics*` (the source uses it for publication titles). Pages built from YAML are
never run through Jinja (front matter `render_macros: false`), so `{{ … }}` stays text.
"""

from __future__ import annotations

import html
import re
from typing import Callable

_TOKENS = re.compile(
    r"\[\^(?P<note>\d+)\]"
    r"|(?<![\w*])\*(?P<em>\S(?:[^*]*?\S)?)\*(?![\w*])"
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text."""
    text = re.sub(r"\s+", " ", text)
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if text.startswith("~"):  # would open a fenced code block
        text = "&#126;" + text[1:]
    return text


def inline(text: str, footnote: Callable[[int], str] | None = None) -> str:
    """Text with footnote marks and *italics* rendered, all else escaped."""
    text = " ".join(text.split())
    out, pos = [], 0
    for match in _TOKENS.finditer(text):
        out.append(escape(text[pos:match.start()]))
        if match["note"]:
            out.append(footnote(int(match["note"])) if footnote else "")
        else:
            out.append(f"<em>{escape(match['em'])}</em>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def plain(text: str) -> str:
    """The reading text: footnote marks and italics markers removed."""
    return _TOKENS.sub(lambda m: m["em"] or "", " ".join(text.split()))
