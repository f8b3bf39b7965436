"""Flowcharts of the decision tree as SVG, drawn at build time by Graphviz (`dot`).

One chart per section (an answer of the start question: the start question, that answer,
and everything reachable from its target) and one of the whole tree. Nodes shared between
sections appear in each. Every node is a link to its page (works without JavaScript),
and carries a stable id, so that CSS can highlight a route:

    node  schema-<section>--<node id>
    edge  schema-<section>--<question id>--<answer id>

Ids in the tree are kebab-case slugs, so "--" never occurs inside one. All text is escaped;
long text is wrapped at word boundaries (a word longer than a line is cut), so no text can
break a chart. The DOT source is written here, not by a library, to control the escaping.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Callable

from .errors import ContentError, ContentErrors
from .markdown import plain, squash
from .tree import Answer, Tree, situations

SCHEMA_DIR = "beslisboom/schema"
WHOLE_TREE = "hele_boom"  # ids cannot contain "_": no start answer can have this name
KORT_MAX = 30            # characters in an edge label; `kort` in the YAML is held to this too
NODE_LINE = 16           # characters per line in a node: narrow charts print larger
EDGE_LINE = 10           # characters per line in an edge label
LONG_WORD = 24           # a longer word is cut; shorter ones get a line of their own
NODE_FONT_PT = 11        # the PDF prints charts at >= 7 pt: at most 7/11 scale
EDGE_FONT_PT = 11
FONT = "Helvetica,Arial,sans-serif"
MAX_NODES = 300          # dot's time grows fast beyond this; bigger charts are not drawn
# The room for a chart on an A4 page of its own in the PDF, in pt: the page area (@page and
# @page schema-liggend in handboek.css) minus the article's padding and the heading. Chromium
# lays a portrait page out at the width of the first page's area, whatever its own margins.
PAGES = {"staand": (469.0, 640.0), "liggend": (750.0, 456.0)}
MIN_PRINT_PT = 7.0
# Notes above a chart ("Bij vraag 1 gekozen: …") take room from it: estimated from their length,
# a character's average width and the line height of the printed text, in pt.
NOTE_CHAR_PT = 5.0
NOTE_LINE_PT = 14.0
NOTE_GAP_PT = 4.0


@dataclass(frozen=True)
class Section:
    id: str                                  # the situation's answer ids joined, or WHOLE_TREE
    answer: Answer | None                    # the answer that chose the situation; None: whole tree
    nodes: tuple[str, ...]                   # the start question first, then in order of reach
    edges: tuple[tuple[str, str, str], ...]  # (question id, answer id, target id)


def sections(tree: Tree) -> list[Section]:
    """One section per situation (tree.situations): the steps that choose it, then all that
    follows. Its id joins the answer ids of those steps."""
    found = []
    for steps in situations(tree):
        *lead, last = steps
        found.append(_reach(tree, situation_chart_id(tuple(a.id for _, a in steps)), [last], lead))
    return found


def situation_chart_id(answer_ids: tuple[str, ...]) -> str:
    """The wizard joins the same ids to find the chart of a path (chartSection in wizard.js)."""
    return "-".join(answer_ids)


def whole_tree(tree: Tree) -> Section:
    return _reach(tree, WHOLE_TREE, [(tree.start, a) for a in tree.questions[tree.start].answers])


def _reach(tree: Tree, section_id: str, first: list[tuple[str, Answer]],
           lead: list[tuple[str, Answer]] = ()) -> Section:
    nodes, edges, seen = [tree.start], [], {tree.start}
    for question_id, answer in lead:  # the steps that chose this situation
        edges.append((question_id, answer.id, answer.target))
        nodes.append(answer.target)
        seen.add(answer.target)
    todo = list(first)
    while todo:  # breadth first: nodes in the order a reader meets them
        question_id, answer = todo.pop(0)
        edges.append((question_id, answer.id, answer.target))
        if answer.target in seen:
            continue
        seen.add(answer.target)
        nodes.append(answer.target)
        if answer.target in tree.questions:
            todo.extend((answer.target, a) for a in tree.questions[answer.target].answers)
    return Section(section_id, first[0][1] if section_id != WHOLE_TREE else None, tuple(nodes), tuple(edges))


def node_element_id(section_id: str, node_id: str) -> str:
    return f"schema-{section_id}--{node_id}"


def edge_element_id(section_id: str, question_id: str, answer_id: str) -> str:
    return f"schema-{section_id}--{question_id}--{answer_id}"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken between words. A longer word gets a line
    of its own; a word longer than LONG_WORD is cut."""
    lines: list[str] = []
    line = ""
    cut = max(width, LONG_WORD)
    for word in squash(text).split(" "):
        if not word:
            continue
        while len(word) > cut:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return lines


def short_answer(answer: Answer) -> str:
    """The edge label: the answer's `kort`, or its text cut after a word, with an ellipsis."""
    if answer.short:
        return squash(answer.short)
    text = plain(answer.text, notes=False)
    if len(text) <= KORT_MAX:
        return text
    cut = text[:KORT_MAX - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


# Characters XML 1.0 does not allow (Graphviz parses labels as XML and stops), and the other
# control characters: the YAML reader refuses them, and a chart never passes one on.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def label_text(text: str) -> str:
    """Text as a chart may show it: one line, every character XML and Graphviz accept."""
    return squash(_NOT_XML.sub("\ufffd", text))


_GRAPH_NAME = "stroomschema"


def _dot_string(text: str) -> str:
    """A quoted DOT string that Graphviz shows as exactly `text`: a backslash doubled twice (once
    for the DOT parser, once for escapes such as \\N), quotes escaped, and '&' written as an
    entity (Graphviz passes entities through to SVG)."""
    text = label_text(text).replace("&", "&amp;")
    return '"' + text.replace("\\", "\\" * 4).replace('"', '\\"') + '"'


def _html_label(lines: list[str], bold: str | None = None) -> str:
    """An HTML-like label: every line escaped, joined by <BR/>. Graphviz expands escapes such as
    \\N (the node name) even here (also after an entity), so a backslash is doubled."""
    def text(line: str) -> str:
        return html.escape(label_text(line), quote=True).replace("\\", "\\\\")

    body = "<BR/>".join(text(line) for line in lines)
    if bold:
        body = f"<B>{text(bold)}</B><BR/>{body}"
    return f"<{body}>"


class Charts:
    """DOT sources and SVG for a tree. `label` names a node as the outline does ("Vraag 4",
    "Uitkomst C"); `text` gives its question or outcome title."""

    def __init__(self, tree: Tree, label: Callable[[str], str], text: Callable[[str], str]):
        self.tree = tree
        self.label = label
        self.text = lambda node_id: plain(text(node_id), notes=False)

    def title(self, section: Section) -> str:
        if section.answer is None:
            return "Stroomschema van de hele beslisboom"
        return f"Stroomschema: {short_answer(section.answer)}"

    def dot(self, section: Section, href_prefix: str = "../") -> str:
        # Graphviz writes the graph's name, unescaped, as the chart's <title>: a fixed name
        # here, the real title put in by svg() (a backslash in it would otherwise multiply).
        lines = [f"digraph {_GRAPH_NAME} {{",
                 f'  graph [rankdir=TB, ranksep=0.12, nodesep=0.08, margin=0.05, fontname="{FONT}"];',
                 f'  node [fontname="{FONT}", fontsize={NODE_FONT_PT}, margin="0.06,0.02", penwidth=1.2, '
                 'color="#154273", fontcolor="#1a1a1a"];',
                 f'  edge [fontname="{FONT}", fontsize={EDGE_FONT_PT}, color="#4a4a4a", fontcolor="#1a1a1a", '
                 'arrowsize=0.7];']
        for node_id in section.nodes:
            text = self.text(node_id)
            if node_id in self.tree.questions:
                shape = 'shape=box, style="filled", fillcolor="#ffffff", class="vraag"'
            else:
                shape = 'shape=box, style="rounded,filled", peripheries=2, fillcolor="#e8f0f8", class="uitkomst"'
            tooltip = f"{self.label(node_id)}: {text}"
            lines.append(f"  {_dot_string(node_id)} [{shape}, "
                         f"label={_html_label(wrap(text, NODE_LINE), self.label(node_id))}, "
                         f"id={_dot_string(node_element_id(section.id, node_id))}, "
                         f"href={_dot_string(href_prefix + node_id + '/')}, tooltip={_dot_string(tooltip)}];")
        for question_id, answer_id, target in section.edges:
            answer = next(a for a in self.tree.questions[question_id].answers if a.id == answer_id)
            lines.append(f"  {_dot_string(question_id)} -> {_dot_string(target)} "
                         f"[label={_html_label(wrap(short_answer(answer), EDGE_LINE))}, "
                         f"id={_dot_string(edge_element_id(section.id, question_id, answer_id))}];")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def svg(self, section: Section, href_prefix: str = "../") -> str:
        try:
            svg = tidy_svg(render(self.dot(section, href_prefix)))
            return svg.replace(f"<title>{_GRAPH_NAME}</title>",
                               f"<title>{html.escape(label_text(self.title(section)))}</title>", 1)
        except ChartError as exc:
            raise ContentErrors([self._culprit(section, exc)]) from None

    def _culprit(self, section: Section, failure: ChartError) -> ContentError:
        """The node whose text Graphviz cannot read, drawn one by one, as `file:line: message`."""
        full = self.dot(section).splitlines()
        head, body = full[:4], full[4:-1]
        for node_id in section.nodes:
            own = [line for line in body if line.startswith(f"  {_dot_string(node_id)} ")]
            try:
                render("\n".join([*head, *own, "}"]) + "\n")
            except ChartError:
                kind = "vraag" if node_id in self.tree.questions else "uitkomst"
                return ContentError(self.tree.file, self.tree.lines.get(node_id, 1),
                                    f"{kind} '{node_id}': het stroomschema kan deze tekst of die van een antwoord "
                                    f"niet tekenen. Graphviz meldt: {failure.reason}")
        return ContentError(self.tree.file, self.tree.lines.get(self.tree.start, 1),
                            f"het stroomschema '{section.id}' kan niet getekend worden. Graphviz meldt: {failure.reason}")


def size(svg: str) -> tuple[float, float]:
    """Width and height of a chart in pt, from its <svg> element."""
    found = re.search(r'<svg[^>]* width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
    return float(found[1]), float(found[2])


@dataclass(frozen=True)
class PrintFit:
    page: str      # "staand" (portrait) or "liggend" (landscape): the A4 page that fits best
    scale: float   # at most 1
    width: float   # printed size in pt
    height: float

    @property
    def text_pt(self) -> float:
        """The smallest text size on paper."""
        return min(NODE_FONT_PT, EDGE_FONT_PT) * self.scale

    @property
    def readable(self) -> bool:
        return self.text_pt >= MIN_PRINT_PT


def print_fit(svg: str, notes: tuple[str, ...] = ()) -> PrintFit:
    """The page and scale that print the chart largest, below its `notes` on the same page."""
    width, height = size(svg)

    def scale(page: str) -> float:
        room_width, room_height = PAGES[page]
        return min(1.0, room_width / width, (room_height - notes_height(notes, room_width)) / height)

    best = max(PAGES, key=scale)
    factor = scale(best)
    return PrintFit(best, factor, round(width * factor, 1), round(height * factor, 1))


def notes_height(notes: tuple[str, ...], page_width: float) -> float:
    """The estimated printed height of the notes above a chart, on a page this wide."""
    per_line = max(1, int(page_width / NOTE_CHAR_PT))
    return sum(math.ceil(len(note) / per_line) * NOTE_LINE_PT + NOTE_GAP_PT for note in notes)


class ChartError(Exception):
    """`dot` failed; `reason` is its first message, on one line."""

    def __init__(self, stderr: str):
        lines = [" ".join(line.split()) for line in stderr.splitlines() if line.strip()]
        self.reason = label_text(lines[0] if lines else "onbekende fout")[:200]
        super().__init__(self.reason)


def render(dot_source: str) -> str:
    """SVG from DOT, by Graphviz's `dot` (through the pinned Python binding)."""
    import graphviz

    try:
        return graphviz.pipe("dot", "svg", dot_source.encode("utf-8", "replace"), quiet=True).decode("utf-8")
    except graphviz.CalledProcessError as exc:
        raise ChartError(exc.stderr.decode("utf-8", "replace") if exc.stderr else "") from None
    except graphviz.ExecutableNotFound:
        raise RuntimeError("Graphviz ontbreekt: het programma 'dot' tekent de stroomschema's. "
                           "Installeer het met: sudo apt-get install graphviz (make doet dat als root vanzelf).")


_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_ITEM_TITLE = re.compile(r'(<g id="[^"]*" class="(?:node[^"]*|edge)">)\n<title>[^<]*</title>')
_LINK = re.compile(r'<a xlink:href="([^"]*)" xlink:title="([^"]*)">')
_GRAPH_TITLE = re.compile(r'(<svg [^>]*>\n)(<g id="graph0" class="graph"[^>]*>\n)(<title>[^<]*</title>\n)')


def tidy_svg(svg: str) -> str:
    """Graphviz's SVG, fit to be inlined: no XML prologue, no comments (they hold Graphviz's
    version), no per-node <title> (it holds the bare id), no id on the outer group, every
    link named by its text, the chart's title first in <svg> and its language Dutch."""
    svg = _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1)).replace("&#45;", "-")
    svg = _ITEM_TITLE.sub(r"\1", svg)
    svg = _LINK.sub(r'<a xlink:href="\1" xlink:title="\2" aria-label="\2">', svg)
    svg = svg.replace("<svg ", '<svg role="group" class="stroomschema-svg" lang="nl" data-search-exclude="" ', 1)
    # the chart's title (Graphviz puts it in the outer group) becomes the document's title
    svg = _GRAPH_TITLE.sub(r"\1\3\2", svg, count=1)
    # every chart's outer group is "graph0": on a page with several charts that id would repeat
    return reading_order(svg.replace('<g id="graph0" class="graph"', '<g class="graph"', 1))


_TEXT_AT = re.compile(r'<text [^>]*?\bx="(-?[\d.]+)" y="(-?[\d.]+)"')
_PATH_START = re.compile(r'\bd="M(-?[\d.]+),(-?[\d.]+)')


def _position(item: str) -> tuple[float, float]:
    """Where a node or edge is read: the middle of its text lines and their left edge; an edge
    without a label where its line starts."""
    texts = [(float(x), float(y)) for x, y in _TEXT_AT.findall(item)]
    if texts:
        return round(sum(y for _, y in texts) / len(texts)), min(x for x, _ in texts)
    start = _PATH_START.search(item)
    return (round(float(start.group(2))), float(start.group(1))) if start else (0, 0.0)


def reading_order(svg: str) -> str:
    """The chart's nodes and edges in the order they are seen: top down, in a row from left to
    right (Graphviz writes them in the order of the dot file). A screen reader and the Tab key
    follow this order. Graphviz writes one tag per line, so a group is its lines from an
    opening <g at the top level to its closing </g>."""
    head, opening, rest = svg.partition('<g class="graph"')
    if not opening:
        return svg
    first_line, _, body = rest.partition("\n")
    body, closing, tail = body.rpartition("</g>\n</svg>")
    loose, items, depth = [], [], 0
    for line in body.splitlines(keepends=True):
        if depth == 0 and line.startswith("<g "):
            items.append("")
        if depth == 0 and not line.startswith("<g "):
            loose.append(line)
        else:
            items[-1] += line
        depth += line.count("<g ") + line.count("<g>") - line.count("</g>")
    items.sort(key=_position)
    return head + opening + first_line + "\n" + "".join(loose) + "".join(items) + closing + tail
