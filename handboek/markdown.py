"""Turn YAML text into safe Markdown.

Everything from YAML is text, never markup. `escape()` is the one escaping path: it writes
every ASCII character that means something to Markdown, HTML or Jinja (the values in docs/) as a
numeric character reference (`[` -> `&#91;`), so the value is inert in all three, in running
text and in attribute values alike; the browser shows the character itself. Two things are
recognised on purpose by `inline()`: footnote marks `[^N]` and `*italics*` (the source uses it
for publication titles). Pages built from YAML are also never run through Jinja (front matter
`render_macros: false`); the macro variables go through `escape()` too.
"""

from __future__ import annotations

import re
from typing import Callable

_TOKENS = re.compile(
    r"\[\^(?P<note>\d+)\]"
    r"|(?<![\w*])\*(?P<em>\S(?:[^*]*?\S)?)\*(?![\w*])"
)
# ASCII punctuation that is syntax somewhere (Markdown, attribute lists, HTML, Jinja, entities).
# Left as they are: letters, digits and ',;?/@$^', which are syntax nowhere here (no extension
# that reads them is on), and '.', except after a number at the start ("1." would begin a list).
_SYNTAX = re.compile(r"""[!"#%&'()*+\-:<=>\[\\\]_`{|}~]""")
_LEADING_NUMBER_DOT = re.compile(r"^(\d+)\.")
# Line breaks and ordinary spaces join words; a no-break space (U+00A0, U+202F) is part of the
# text and stays, as it does in the wizard.
_SPACES = re.compile(r"[ \t\r\n]+")


def squash(text: str) -> str:
    """Runs of spaces and line breaks as one space, no space at either end."""
    return _SPACES.sub(" ", text).strip(" ")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text, whatever it contains: inert as
    Markdown, as HTML (also inside a quoted attribute) and as Jinja. Whitespace becomes one space."""
    text = _SPACES.sub(" ", text)
    text = _SYNTAX.sub(lambda m: f"&#{ord(m[0])};", text)
    return _LEADING_NUMBER_DOT.sub(r"\1&#46;", text)


def inline(text: str, footnote: Callable[[int], str] | None = None) -> str:
    """Text with footnote marks and *italics* rendered, all else escaped. Without `footnote`
    (texts that have no footnotes) a mark stays visible as written, as in the wizard."""
    text = squash(text)
    out, pos = [], 0
    for match in _TOKENS.finditer(text):
        out.append(escape(text[pos:match.start()]))
        if match["note"]:
            out.append(footnote(int(match["note"])) if footnote else escape(match[0]))
        else:
            out.append(f"<em>{escape(match['em'])}</em>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def plain(text: str, notes: bool = True) -> str:
    """The reading text: italics markers removed, and footnote marks too where the text has
    footnotes (`notes`: the rule texts); elsewhere a mark is text and stays, as inline() shows it."""
    return _TOKENS.sub(lambda m: m["em"] or ("" if notes else m[0]), squash(text))


def unsearched_note(kind: str, title: str, body: str) -> str:
    """A note (admonition) that search leaves out: a note takes no attributes of its own, so a
    block around it carries the mark (data-search-exclude)."""
    return f'<div data-search-exclude markdown>\n\n!!! {kind} "{title}"\n\n    {body}\n\n</div>\n\n'
