"""/beslisboom/overzicht/: per situation its chart and nodes, then the whole tree as a list;
and, for the rule pages, which questions and outcomes cite a point."""

from __future__ import annotations

import html
import posixpath

from .. import flowchart
from ..markdown import escape, inline, plain
from ..render_rules import FRONT_MATTER
from ..tree import PERSPECTIVES, situations
from .charts import charts_link
from .context import TREE_DIR, TreeContext, upper_first


class OverviewPage:
    def __init__(self, context: TreeContext, regional: dict[str, str] | None = None):
        self.context = context
        self.regional = regional or {}  # outcome id -> the local layer's blocks, after the outcome in the list

    def overview_page(self, charts: dict[str, str]) -> str:
        whole = charts.get(flowchart.WHOLE_TREE)
        if whole is None:
            whole_text = ""
        elif flowchart.print_fit(whole).readable:  # small trees: the whole chart on screen and paper
            whole_text = self.chart_block("De hele beslisboom in één schema", "hele-schema", whole,
                                          text_list="als-lijst") + "\n"
        else:  # too big for paper: on screen as a file to zoom in on; the PDF has the list
            whole_text = (f"De hele beslisboom als één schema: [open het schema]({charts_link(flowchart.WHOLE_TREE)}). "
                          "Het is groot; zoom in met uw browser.\n{ .alleen-scherm data-search-exclude }\n\n")
        return (f"{FRONT_MATTER}# De hele beslisboom\n\n"
                "De beslisboom begint met de vraag naar uw situatie. Per situatie staat hieronder een "
                "stroomschema, met daaronder de vragen en uitkomsten uit dat schema. Onderaan staat de hele "
                "beslisboom als lijst; die bevat alles wat in de schema's staat.\n\n"
                "Klik op een vraag of uitkomst in een schema om die te openen. Is een schema breder dan het "
                "scherm, schuif het dan opzij of open het groot.\n{ .alleen-scherm data-search-exclude }\n\n"
                f"{whole_text}{self.section_blocks(charts)}"
                f"## Als lijst\n\n{self.outline()}\n")

    @staticmethod
    def chart_block(heading: str, anchor: str, svg: str | None, intro: str = "", text_list: str = "") -> str:
        """A heading and a chart (inline SVG: its links work without JavaScript), together on a
        page of their own in print, landscape where that prints larger. Before the chart a note,
        shown only with wider text spacing, links to `text_list`, the chart's content as text."""
        notes = tuple(note for note in intro.split("\n\n") if note.strip())
        fit = flowchart.print_fit(svg, notes) if svg else None
        block = (f'<div class="stroomschema-pagina stroomschema-pagina--{fit.page if fit else "staand"}" '
                 f"markdown>\n\n## {escape(heading)} {{ #{anchor} }}\n\n{intro}")
        if svg is None:
            return block + "Dit deel van de beslisboom is te groot voor een schema; zie de lijst.\n\n</div>\n"
        note = (f'<p class="schema-tekstafstand">Met uw tekstafstand past de tekst niet in dit schema. '
                f'<a href="#{text_list}">Lees de vragen en uitkomsten als lijst</a>.</p>\n')
        return (block + note + f'<div class="stroomschema" tabindex="0" role="region" '
                f'aria-label="Schema: {html.escape(heading, quote=True)}" '
                f'style="--afdruk-breedte: {fit.width}pt; --afdruk-hoogte: {fit.height}pt">\n'
                f"{svg}</div>\n\n</div>\n")

    def section_blocks(self, charts: dict[str, str]) -> str:
        """Per situation: its chart, a link to the chart file, and the chart's nodes as text."""
        c = self.context
        parts = []
        for number, (section, steps) in enumerate(zip(flowchart.sections(c.tree), situations(c.tree)), start=1):
            kort = section.answer.short
            intro = "".join(f"Bij vraag {c.number[question_id]} gekozen: {inline(answer.text)}\n\n"
                            for question_id, answer in steps) if kort else ""
            parts.append(self.chart_block(f"Situatie {number}: {plain(kort or section.answer.text, notes=False)}",
                                          f"situatie-{section.id}", charts.get(section.id), intro,
                                          text_list=f"lijst-{section.id}"))
            if section.id in charts:
                parts.append(f"[Open groot]({charts_link(section.id)}){{ .alleen-scherm data-search-exclude }}\n")
            parts.append(f"In dit schema:\n{{ #lijst-{section.id} }}\n")
            parts.extend(f"- [{upper_first(c.label(n))}](#{'vraag' if n in c.tree.questions else 'uitkomst'}-{n}): "
                         f"{escape(c.title(n))}" for n in section.nodes)
            parts.append("")
        return "\n".join(parts) + "\n"

    def outline(self) -> str:
        c = self.context
        parts = ["### Vragen\n"]
        for q in c.tree.questions.values():
            parts.append(f"#### Vraag {c.number[q.id]}. {escape(q.text)} {{ #vraag-{q.id} }}\n")
            parts.append(f"[Open vraag {c.number[q.id]} als losse pagina]({q.id}.md)\n{{ .alleen-scherm data-search-exclude }}\n")
            for a in q.answers:
                target = (f"ga naar vraag {c.number[a.target]}" if a.target in c.tree.questions
                          else f"zie uitkomst {c.letter[a.target]}")
                kind = "vraag" if a.target in c.tree.questions else "uitkomst"
                parts.append(f"- {inline(a.text)} → [{target}](#{kind}-{a.target})")
            parts.append("")
        parts.append("### Uitkomsten\n")
        for o in c.tree.outcomes.values():
            parts.append(f"#### Uitkomst {c.letter[o.id]}. {escape(o.title)} {{ #uitkomst-{o.id} }}\n")
            parts.append(f"[Open uitkomst {c.letter[o.id]} als losse pagina]({o.id}.md)\n{{ .alleen-scherm data-search-exclude }}\n")
            if o.parts:
                for perspective, part in o.parts:
                    parts.append(f"**{PERSPECTIVES[perspective]}**\n\n{c.advice_list(part.advice, numbered_from=1)}\n")
            else:
                parts.append(c.advice_list(o.advice, numbered_from=1))
            parts.append("\nBronnen: " + ", ".join(map(c.citation_link, o.citations)) + "\n")
            if o.id in self.regional:
                parts.append(self.regional[o.id])
        return "\n".join(parts)

    def pages(self, charts: dict[str, str]) -> dict[str, str]:
        return {f"{TREE_DIR}/overzicht.md": self.overview_page(charts)}


def cited_by(context: TreeContext, refs_on_page: list[str]) -> str:
    """'In de beslisboom': per point, the questions and outcomes that cite it."""
    tree, items = context.tree, []
    for ref in refs_on_page:
        nodes = [n for n in [*tree.questions.values(), *tree.outcomes.values()] if ref in n.citations]
        if not nodes:
            continue
        c = context.book.citation(ref)
        to_tree = posixpath.relpath(TREE_DIR, posixpath.dirname(c.page) or ".")
        items.append(f"- [{c.anchor.replace('-', ' ').capitalize()}](#{c.anchor})")
        items.extend(f"    - {upper_first(context.label(n.id))}: [{escape(context.title(n.id))}]({to_tree}/{n.id}.md)"
                     for n in nodes)
    if not items:
        return ""
    # left out of print: on paper the tree has its own chapter
    return ('\n<div class="in-de-beslisboom" markdown>\n\n## In de beslisboom { #in-de-beslisboom data-search-exclude }\n\n'
            "Deze vragen en uitkomsten van de beslisboom steunen op deze tekst:\n\n" + "\n".join(items)
            + "\n\n</div>\n")
