"""The decision tree as pages: one per question and outcome, an overview, and JSON.

Static pages work without JavaScript: every answer is a plain link to the next page.
The JSON at /beslisboom/beslisboom.json is the single input of the wizard.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath

from . import flowchart
from .markdown import escape, inline, plain
from .render_rules import FRONT_MATTER
from .rules import Rulebook
from .tree import Answer, Outcome, Question, Tree

TREE_DIR = "beslisboom"


def page_front_matter(title: str) -> str:
    """Front matter with a page title for <title>, header, nav and search.

    The title is plain text: the hook HTML-escapes every front-matter title once, for all
    the places the theme prints it. JSON is valid YAML, so the value is safe whatever it
    contains.
    """
    value = json.dumps(title, ensure_ascii=False)
    return f"---\nrender_macros: false\ntitle: {value}\n---\n\n"


class TreePages:
    """Renders every page of the tree; questions and outcomes carry the tree's numbers and letters."""

    def __init__(self, tree: Tree, book: Rulebook):
        self.tree = tree
        self.book = book
        self.number = tree.numbers()
        self.letter = tree.letters()
        self._notes_cache: dict[tuple[str, str], str] = {}

    # --- shared pieces -----------------------------------------------------------

    def label(self, node_id: str) -> str:
        if node_id in self.tree.questions:
            return f"vraag {self.number[node_id]}"
        return f"uitkomst {self.letter[node_id]}"

    def title(self, node_id: str) -> str:
        node = self.tree.node(node_id)
        return node.text if isinstance(node, Question) else node.title

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def link_from_tree(citation_page: str, anchor: str) -> str:
        """Relative Markdown link from a page in beslisboom/ to a source page."""
        return f"{posixpath.relpath(citation_page, TREE_DIR)}#{anchor}"

    def citation_list(self, refs: tuple[str, ...]) -> str:
        items = []
        for ref in refs:
            c = self.book.citation(ref)
            items.append(f"- [{escape(c.label)}]({self.link_from_tree(c.page, c.anchor)})")
        return "\n".join(items)

    def quotes(self, refs: tuple[str, ...]) -> str:
        blocks = []
        for ref in refs:
            c = self.book.citation(ref)
            blocks.append(f'<figure class="bronciaat" markdown>\n<blockquote markdown>\n{inline(c.text)}\n'
                          f'</blockquote>\n<figcaption markdown>— [{escape(c.label)}]'
                          f"({self.link_from_tree(c.page, c.anchor)})</figcaption>\n</figure>")
        return "\n\n".join(blocks)

    def footer(self) -> str:
        return (f"\n---\n\n[Opnieuw beginnen]({self.tree.start}.md){{ .md-button }} "
                "[Stap voor stap, met afwegingsverslag](index.md){ .md-button } "
                "[De hele beslisboom bekijken](overzicht.md){ .md-button }\n")

    # --- pages -------------------------------------------------------------------

    def question_page(self, q: Question) -> str:
        answers = "\n".join(f"- [{inline(a.text)}]({a.target}.md)" for a in q.answers)
        return (f"{page_front_matter(q.text)}<p class=\"beslisboom-stap\">Beslisboom · vraag {self.number[q.id]}</p>\n\n"
                f"# {escape(q.text)}\n\n{inline(q.explanation)}\n\n"
                f"## Kies uw antwoord\n\n<div class=\"beslisboom-antwoorden\" markdown>\n\n{answers}\n\n</div>\n\n"
                f"## Waarop deze vraag steunt\n\n{self.citation_list(q.citations)}\n{self.footer()}")

    def outcome_page(self, o: Outcome) -> str:
        advice = "\n".join(f"1. {inline(step)}" for step in o.advice)
        return (f"{page_front_matter(o.title)}<p class=\"beslisboom-stap\">Beslisboom · uitkomst {self.letter[o.id]}</p>\n\n"
                f"# {escape(o.title)}\n\n"
                f"!!! warning \"Een hulpmiddel, geen besluit\"\n\n    {inline(self.tree.disclaimer)}\n\n"
                f"## Wat kunt u doen?\n\n{advice}\n\n{self.reminder_notes(o.id)}## Waarom?\n\n{inline(o.why)}\n\n"
                f"## Wat de vuistregels zeggen\n\n{self.quotes(o.citations)}\n{self.footer()}")

    def index_page(self) -> str:
        # The wizard (docs/assets/wizard.js) replaces the contents of the data-wizard element;
        # without JavaScript its link to the first question remains. It comes last on the page,
        # so that nothing moves when it grows (layout shift).
        # No footer navigation: its "Vorige" link would be a second control with that name.
        return ("---\nrender_macros: false\nbeslishulp: true\nhide:\n  - footer\n---\n\n"
                f"# Beslisboom\n\n**{escape(self.tree.title)}**\n\n"
                "Beantwoord een paar vragen over uw situatie. U krijgt dan een advies dat verwijst "
                "naar de vuistregels waar het op steunt. Elke vraag legt uit waarom hij gesteld wordt. "
                "Liever alles in één keer zien? [Bekijk de hele beslisboom](overzicht.md) als "
                "stroomschema en als lijst.\n\n"
                f"!!! warning \"Een hulpmiddel, geen besluit\"\n\n    {inline(self.tree.disclaimer)}\n\n"
                "Wat u hier kiest of typt, blijft in uw browser. Het wordt niet opgeslagen en niet "
                "verstuurd. Uw antwoorden staan alleen in het adres van de pagina (na het #-teken), "
                "zodat u een link naar uw antwoorden kunt delen.\n\n"
                '<div class="beslishulp" data-wizard data-bron="beslisboom.json" markdown>\n\n'
                f"[Begin met de eerste vraag]({self.tree.start}.md){{ .md-button .md-button--primary }}\n\n"
                "</div>\n")

    def reminder_notes(self, outcome_id: str) -> str:
        """'Let op' notes on an outcome page: each reminder of an answer on some path to it."""
        notes = [self._notes_of(q, a) for q, a in self.answers_towards(outcome_id)]
        if not notes:
            return ""
        return "## Let op, afhankelijk van uw antwoorden\n\n" + "\n".join(notes) + "\n\n"

    def _notes_of(self, q: Question, a: Answer) -> str:
        """The notes of one answer; cached, since they appear on every outcome page below it."""
        key = (q.id, a.id)
        if key not in self._notes_cache:
            notes = []
            for r in a.reminders:
                links = ", ".join(f"[{escape(c.label)}]({self.link_from_tree(c.page, c.anchor)})"
                                  for c in map(self.book.citation, r.citations))
                notes.append(f"- Als u bij \u2018{escape(q.text)}\u2019 koos voor \u2018{inline(a.text)}\u2019: "
                             f"{inline(r.text)} ({links})")
            self._notes_cache[key] = "\n".join(notes)
        return self._notes_cache[key]

    def answers_towards(self, outcome_id: str) -> list[tuple[Question, Answer]]:
        """Answers with reminders that lie on some path from the start to this outcome."""
        return self._reminder_answers_by_outcome.get(outcome_id, [])

    @functools.cached_property
    def _reminder_answers_by_outcome(self) -> dict[str, list[tuple[Question, Answer]]]:
        # Reverse reachability: from each outcome, walk the answers backwards. Every node is
        # reachable from the start (checked on load), so each answer found lies on a path
        # from the start to that outcome. Nothing to do for a tree without reminders.
        if not any(a.reminders for q in self.tree.questions.values() for a in q.answers):
            return {}
        incoming: dict[str, list[tuple[int, Question, Answer]]] = {}
        for order, (q, a) in enumerate((q, a) for q in self.tree.questions.values() for a in q.answers):
            incoming.setdefault(a.target, []).append((order, q, a))
        found = {}
        for outcome_id in self.tree.outcomes:
            seen, todo, hits = {outcome_id}, [outcome_id], []
            while todo:
                for order, q, a in incoming.get(todo.pop(), ()):
                    if a.reminders:
                        hits.append((order, q, a))
                    if q.id not in seen:
                        seen.add(q.id)
                        todo.append(q.id)
            found[outcome_id] = [(q, a) for _, q, a in sorted(hits, key=lambda hit: hit[0])]
        return found

    def overview_page(self, charts: dict[str, str]) -> str:
        whole = charts.get(flowchart.WHOLE_TREE)
        if whole is None:
            whole_text = ""
        elif flowchart.print_fit(whole).readable:  # small trees: the whole chart on screen and paper
            whole_text = self.chart_block("De hele beslisboom in één schema", "hele-schema", whole) + "\n"
        else:  # too big for paper: on screen as a file to zoom in on; the PDF has the list
            whole_text = (f"De hele beslisboom als één schema: [open het schema]({charts_link(flowchart.WHOLE_TREE)}). "
                          "Het is groot; zoom in met uw browser.\n{ .alleen-scherm }\n\n")
        return (f"{FRONT_MATTER}# De hele beslisboom\n\n"
                "De beslisboom begint met de vraag naar uw situatie. Per situatie staat hieronder een "
                "stroomschema, met daaronder de vragen en uitkomsten uit dat schema. Onderaan staat de hele "
                "beslisboom als lijst; die bevat alles wat in de schema's staat.\n\n"
                "Klik op een vraag of uitkomst in een schema om die te openen. Is een schema breder dan het "
                "scherm, schuif het dan opzij of open het groot.\n{ .alleen-scherm }\n\n"
                f"{whole_text}{self.section_blocks(charts)}"
                f"## Als lijst\n\n{self.outline()}\n")

    @staticmethod
    def chart_block(heading: str, anchor: str, svg: str | None, intro: str = "") -> str:
        """A heading and a chart (inline SVG: its links work without JavaScript), together on a
        page of their own in print, landscape where that prints larger."""
        fit = flowchart.print_fit(svg) if svg else None
        block = (f'<div class="stroomschema-pagina stroomschema-pagina--{fit.page if fit else "staand"}" '
                 f"markdown>\n\n## {escape(heading)} {{ #{anchor} }}\n\n{intro}")
        if svg is None:
            return block + "Dit deel van de beslisboom is te groot voor een schema; zie de lijst.\n\n</div>\n"
        return (block + f'<div class="stroomschema" tabindex="0" role="region" '
                f'aria-label="Schema: {html.escape(heading, quote=True)}" '
                f'style="--afdruk-breedte: {fit.width}pt; --afdruk-hoogte: {fit.height}pt">\n'
                f"{svg}</div>\n\n</div>\n")

    def section_blocks(self, charts: dict[str, str]) -> str:
        """Per situation: its chart, a link to the chart file, and the chart's nodes as text."""
        parts = []
        for number, section in enumerate(flowchart.sections(self.tree), start=1):
            kort = section.answer.short
            intro = (f"Bij vraag {self.number[self.tree.start]} gekozen: {inline(section.answer.text)}\n\n"
                     if kort else "")
            parts.append(self.chart_block(f"Situatie {number}: {plain(kort or section.answer.text, notes=False)}",
                                          f"situatie-{section.id}", charts.get(section.id), intro))
            if section.id in charts:
                parts.append(f"[Open groot]({charts_link(section.id)}){{ .alleen-scherm }}\n")
            parts.append("In dit schema:\n")
            parts.extend(f"- [{upper_first(self.label(n))}](#{'vraag' if n in self.tree.questions else 'uitkomst'}-{n}): "
                         f"{escape(self.title(n))}" for n in section.nodes)
            parts.append("")
        return "\n".join(parts) + "\n"

    def outline(self) -> str:
        parts = ["### Vragen\n"]
        for q in self.tree.questions.values():
            parts.append(f"#### Vraag {self.number[q.id]}. {escape(q.text)} {{ #vraag-{q.id} }}\n")
            parts.append(f"[Open vraag {self.number[q.id]} als losse pagina]({q.id}.md)\n{{ .alleen-scherm }}\n")
            for a in q.answers:
                target = (f"ga naar vraag {self.number[a.target]}" if a.target in self.tree.questions
                          else f"zie uitkomst {self.letter[a.target]}")
                kind = "vraag" if a.target in self.tree.questions else "uitkomst"
                parts.append(f"- {inline(a.text)} → [{target}](#{kind}-{a.target})")
            parts.append("")
        parts.append("### Uitkomsten\n")
        for o in self.tree.outcomes.values():
            parts.append(f"#### Uitkomst {self.letter[o.id]}. {escape(o.title)} {{ #uitkomst-{o.id} }}\n")
            parts.append(f"[Open uitkomst {self.letter[o.id]} als losse pagina]({o.id}.md)\n{{ .alleen-scherm }}\n")
            parts.extend(f"{i}. {inline(step)}" for i, step in enumerate(o.advice, start=1))
            parts.append("\nBronnen: " + ", ".join(
                f"[{escape(c.label)}]({self.link_from_tree(c.page, c.anchor)})"
                for c in map(self.book.citation, o.citations)) + "\n")
        return "\n".join(parts)

    def cited_by(self, refs_on_page: list[str]) -> str:
        """'In de beslisboom': per point, the questions and outcomes that cite it."""
        items = []
        for ref in refs_on_page:
            nodes = [n for n in [*self.tree.questions.values(), *self.tree.outcomes.values()]
                     if ref in n.citations]
            if not nodes:
                continue
            c = self.book.citation(ref)
            to_tree = posixpath.relpath(TREE_DIR, posixpath.dirname(c.page) or ".")
            items.append(f"- [{c.anchor.replace('-', ' ').capitalize()}](#{c.anchor})")
            items.extend(f"    - {upper_first(self.label(n.id))}: [{escape(self.title(n.id))}]({to_tree}/{n.id}.md)"
                         for n in nodes)
        if not items:
            return ""
        # left out of print: on paper the tree has its own chapter
        return ('\n<div class="in-de-beslisboom" markdown>\n\n## In de beslisboom { #in-de-beslisboom }\n\n'
                "Deze vragen en uitkomsten van de beslisboom steunen op deze tekst:\n\n" + "\n".join(items)
                + "\n\n</div>\n")

    def json(self, charts: dict[str, str] | None = None) -> str:
        def cite(ref):
            c = self.book.citation(ref)
            return {"ref": ref, "label": c.label, "url": c.url, "tekst": plain(c.text)}

        payload = {
            "versie": self.tree.version,
            "titel": self.tree.title,
            "start": self.tree.start,
            "disclaimer": self.tree.disclaimer,
            "vragen": {q.id: {"nummer": self.number[q.id], "vraag": q.text, "toelichting": q.explanation,
                              "bronnen": [cite(r) for r in q.citations],
                              "antwoorden": [{"id": a.id, "tekst": a.text, "naar": a.target, "kort": a.short,
                                              "let_op": [{"tekst": r.text, "bronnen": [cite(c) for c in r.citations],
                                                          "verslagvraag": r.record_question}
                                                         for r in a.reminders]}
                                             for a in q.answers]}
                       for q in self.tree.questions.values()},
            "uitkomsten": {o.id: {"letter": self.letter[o.id], "titel": o.title, "advies": list(o.advice),
                                  "waarom": o.why, "bronnen": [cite(r) for r in o.citations]}
                           for o in self.tree.outcomes.values()},
        }
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        payload["inhoudshash"] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
        # the section charts for the wizard's route, links relative to /beslisboom/ (outside the hash:
        # the drawing may change with Graphviz, the content does not)
        payload["schemas"] = {section_id: svg.replace('xlink:href="../', 'xlink:href="')
                              for section_id, svg in (charts or {}).items() if section_id != flowchart.WHOLE_TREE}
        # compact on purpose: the indented form needs Python's slow encoder and is never read
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"

    def redirect(self, old_id: str, node_id: str) -> str:
        """A plain HTML page at a node's old address that sends the reader to the new one."""
        title = html.escape(self.title(node_id))
        target = f"../{node_id}/"
        return ("<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>Verplaatst: {title}</title>\n"
                f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
                f"<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n"
                # no favicon request (a 404 in the server log and the console) on the way through
                "<link rel=\"icon\" href=\"data:,\">\n"
                "</head>\n<body>\n"
                f"<p>Deze pagina is verplaatst naar <a href=\"{target}\">{title}</a>.</p>\n"
                "</body>\n</html>\n")

    def chart_drawer(self) -> flowchart.Charts:
        return flowchart.Charts(self.tree, lambda node_id: upper_first(self.label(node_id)), self.title)

    def charts(self, draw: bool = True) -> dict[str, str]:
        """SVG per section (by start answer id) and of the whole tree; too big ones left out.
        Without `draw` only the DOT sources are made (checked for errors) and no SVG: no Graphviz."""
        drawer = self.chart_drawer()
        sections = [s for s in [*flowchart.sections(self.tree), flowchart.whole_tree(self.tree)]
                    if len(s.nodes) <= flowchart.MAX_NODES]
        if not draw:
            for section in sections:
                drawer.dot(section)
            return {}
        return {section.id: drawer.svg(section) for section in sections}

    def pages(self, draw: bool = True) -> dict[str, str]:
        charts = self.charts(draw)
        out = {f"{TREE_DIR}/index.md": self.index_page(),
               f"{TREE_DIR}/overzicht.md": self.overview_page(charts),
               f"{TREE_DIR}/beslisboom.json": self.json(charts)}
        out.update({f"{flowchart.SCHEMA_DIR}/{section_id}.svg": svg for section_id, svg in charts.items()})
        for q in self.tree.questions.values():
            out[f"{TREE_DIR}/{q.id}.md"] = self.question_page(q)
        for o in self.tree.outcomes.values():
            out[f"{TREE_DIR}/{o.id}.md"] = self.outcome_page(o)
        for node in [*self.tree.questions.values(), *self.tree.outcomes.values()]:
            for old_id in node.previous_ids:
                out[f"{TREE_DIR}/{old_id}/index.html"] = self.redirect(old_id, node.id)
        return out


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def charts_link(section_id: str) -> str:
    """From the overview page to a chart's SVG file."""
    return f"{posixpath.relpath(flowchart.SCHEMA_DIR, TREE_DIR)}/{section_id}.svg"
