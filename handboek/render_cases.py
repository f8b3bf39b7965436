"""The page /oefencasussen/: every case as an exercise for trainers.

The worked answer sits in a closed <details> element, which opens without JavaScript.
Links into the wizard are plain HTML: MkDocs would try to check `#a=…` as a heading.
"""

from __future__ import annotations

import html

from .casuistiek import PERSPECTIVES, Case, route
from .markdown import escape, inline
from .render_tree import TREE_DIR, TreePages, page_front_matter
from .tree import Tree


def cases_page(cases: tuple[Case, ...], tree: Tree, tree_pages: TreePages) -> str:
    parts = [page_front_matter("Oefencasussen"), "# Oefencasussen\n",
             "Deze casussen zijn bedoeld om te oefenen met de beslisboom, bijvoorbeeld in een training. "
             "Lees de situatie. Loop dan de beslisboom door en kies de antwoorden die bij de casus passen. "
             "Vergelijk daarna uw antwoorden met de uitwerking en bespreek de bespreekpunten.\n"]
    for case in cases:
        parts.append(case_section(case, tree, tree_pages))
    return "\n".join(parts)


def case_section(case: Case, tree: Tree, tree_pages: TreePages) -> str:
    steps = route(tree, case.answers)
    answers = "\n".join(f"{i}. {escape(q.text)} → {inline(a.text)}" for i, (q, a) in enumerate(steps, start=1))
    outcome = tree.outcomes[case.outcome]
    wizard_path = html.escape(f"../{TREE_DIR}/#a=" + "/".join(case.answers))
    points = "\n".join(f"- {inline(point)}" for point in case.discussion)
    also = ""
    if case.alternatives:
        routes = "\n".join("- " + " · ".join(f"{escape(q.text)} → {inline(a.text)}" for q, a in route(tree, alternative))
                           for alternative in case.alternatives)
        also = f"Ook goed (andere antwoorden die bij dezelfde uitkomst uitkomen):\n\n{routes}\n\n"
    return (f"## {escape(case.title)} {{ #{case.id} }}\n\n"
            f"**{PERSPECTIVES[case.perspective]}**\n\n{inline(case.situation)}\n\n"
            f'<p class="alleen-scherm" data-search-exclude><a href="../{TREE_DIR}/">Open de beslisboom bij de eerste vraag</a></p>\n\n'
            '<details class="uitwerking" data-search-exclude markdown>\n<summary>Uitwerking</summary>\n\n'
            f"De antwoorden die bij deze casus passen:\n\n{answers}\n\n"
            f'<p class="alleen-scherm" data-search-exclude><a href="{wizard_path}">Bekijk deze antwoorden in de beslisboom</a></p>\n\n'
            f"{also}"
            f"Uitkomst: [{tree_pages.letter[outcome.id]}. {escape(outcome.title)}]({TREE_DIR}/{outcome.id}.md)\n\n"
            f"Bespreekpunten:\n\n{points}\n\n</details>\n")
