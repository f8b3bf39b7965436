"""What every part of the tree's pages shares: numbers, letters, labels and citation links."""

from __future__ import annotations

import functools
import json
import posixpath

from ..markdown import escape, inline
from ..rules import Rulebook
from ..tree import Advice, Question, Tree

TREE_DIR = "beslisboom"
# shown beside every advice step marked `eigen_advies: true` (page, wizard, verslag, PDF)
OWN_ADVICE = "Advies van dit handboek, geen vuistregel"
# above the steps that apply only sometimes (`als`), after the steps for every case (page, wizard)
CONDITIONAL_INTRO = "Geldt een van deze situaties voor u? Dan ook:"


def page_front_matter(title: str) -> str:
    """Front matter with a page title for <title>, header, nav and search.

    The title is plain text: the compiler (site_source) HTML-escapes every front-matter
    title once, for all the places the theme prints it. JSON is valid YAML, so the value is safe whatever it
    contains.
    """
    value = json.dumps(title, ensure_ascii=False)
    return f"---\nrender_macros: false\ntitle: {value}\n---\n\n"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=None)
def link_from_tree(citation_page: str, anchor: str) -> str:
    """Relative Markdown link from a page in beslisboom/ to a source page."""
    return f"{posixpath.relpath(citation_page, TREE_DIR)}#{anchor}"


class TreeContext:
    """The tree with its rulebook, numbers and letters: the pieces every page uses."""

    def __init__(self, tree: Tree, book: Rulebook):
        self.tree = tree
        self.book = book
        self.number = tree.numbers()
        self.letter = tree.letters()

    def label(self, node_id: str) -> str:
        if node_id in self.tree.questions:
            return f"vraag {self.number[node_id]}"
        return f"uitkomst {self.letter[node_id]}"

    def title(self, node_id: str) -> str:
        node = self.tree.node(node_id)
        return node.text if isinstance(node, Question) else node.title

    def citation_link(self, ref: str) -> str:
        c = self.book.citation(ref)
        return f"[{escape(c.label)}]({link_from_tree(c.page, c.anchor)})"

    def advice_step(self, step: Advice) -> str:
        """One advice step with its provenance: links to its rule points, or the own-advice label."""
        text = inline(step.text)
        if step.citations:
            return f"{text} (bron: {', '.join(map(self.citation_link, step.citations))})"
        if step.own:
            return f'{text} <span class="eigen-advies">{OWN_ADVICE}</span>'
        return text  # a frozen edition from before provenance

    def advice_list(self, steps: tuple[Advice, ...], numbered_from: int | None = None) -> str:
        """The steps for every case as a numbered Markdown list (`numbered_from` writes the
        numbers out, for the outline), then the steps that apply only sometimes, each after
        its question in bold."""
        always = [step for step in steps if not step.condition]
        if numbered_from is None:
            text = "\n".join(f"1. {self.advice_step(step)}" for step in always)
        else:
            text = "\n".join(f"{i}. {self.advice_step(step)}" for i, step in enumerate(always, start=numbered_from))
        sometimes = [step for step in steps if step.condition]
        if sometimes:
            text += f"\n\n{CONDITIONAL_INTRO}\n{{ .als-het-geldt }}\n\n" + "\n\n".join(
                (f"**{escape(heading)}**\n{{ .als-groep }}\n\n" if heading else "") + "\n".join(
                    f"- **{inline(step.condition)}** {self.advice_step(step)}" for step in group)
                for heading, group in self.grouped(sometimes))
        return text

    def grouped(self, steps: list[Advice]) -> list[tuple[str | None, list[Advice]]]:
        """The steps that apply only sometimes under their headings (`groep`), in the order of
        `situatiegroepen`, each group in file order; one group without heading if none has one."""
        headings = dict(self.tree.groups)
        order = {group: i for i, group in enumerate(headings)}
        found: dict[str | None, list[Advice]] = {}
        for step in sorted(steps, key=lambda step: order.get(step.group, -1)):
            found.setdefault(step.group, []).append(step)
        return [(headings.get(group), group_steps) for group, group_steps in found.items()]

    def citation_list(self, refs: tuple[str, ...]) -> str:
        return "\n".join(f"- {self.citation_link(ref)}" for ref in refs)

    def quotes(self, refs: tuple[str, ...]) -> str:
        blocks = []
        for ref in refs:
            c = self.book.citation(ref)
            blocks.append(f'<figure class="bronciaat" markdown>\n<blockquote markdown>\n{inline(c.text)}\n'
                          f'</blockquote>\n<figcaption markdown>— [{escape(c.label)}]'
                          f"({link_from_tree(c.page, c.anchor)})</figcaption>\n</figure>")
        return "\n\n".join(blocks)

    def footer(self) -> str:
        return (f"\n---\n\n[Opnieuw beginnen]({self.tree.start}.md){{ .md-button data-search-exclude }} "
                "[Stap voor stap, met afwegingsverslag](index.md){ .md-button data-search-exclude } "
                "[De hele beslisboom bekijken](overzicht.md){ .md-button data-search-exclude }\n")
