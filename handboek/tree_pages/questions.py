"""A static page per question (every answer a plain link), and the wizard's start page."""

from __future__ import annotations

from ..markdown import escape, inline, unsearched_note
from ..tree import Question
from .context import OWN_ADVICE, TREE_DIR, TreeContext, page_front_matter


class QuestionPages:
    def __init__(self, context: TreeContext):
        self.context = context

    def question_page(self, q: Question) -> str:
        c = self.context
        answers = "\n".join(f"- [{inline(a.text)}]({a.target}.md)" for a in q.answers)
        return (f"{page_front_matter(q.text)}<p class=\"beslisboom-stap\" data-search-exclude>Beslisboom · vraag {c.number[q.id]}</p>\n\n"
                f"# {escape(q.text)}\n\n{inline(q.explanation)}\n\n"
                f"## Kies uw antwoord {{ data-search-exclude }}\n\n<div class=\"beslisboom-antwoorden\" markdown>\n\n{answers}\n\n</div>\n\n"
                f"## Waarop deze vraag steunt {{ data-search-exclude }}\n\n{c.citation_list(q.citations)}\n{c.footer()}")

    def index_page(self) -> str:
        # The wizard (docs/assets/wizard.js) replaces the contents of the data-wizard element;
        # without JavaScript its link to the first question remains. It comes right after the
        # title, so that the first question and its answers show without scrolling on a phone
        # (390 x 844); the introduction, the disclaimer and the privacy note (folded) follow it.
        # The wizard keeps room for a question (wizard.css), so that they do not jump down.
        # No footer navigation: its "Vorige" link would be a second control with that name.
        tree = self.context.tree
        return ("---\nrender_macros: false\nbeslishulp: true\nhide:\n  - footer\n---\n\n"
                f"# Beslisboom\n\n**{escape(tree.title)}**\n\n"
                '<div class="beslishulp" data-wizard data-bron="beslisboom.json" markdown>\n\n'
                f"[Begin met de eerste vraag]({tree.start}.md){{ .md-button .md-button--primary data-search-exclude }}\n\n"
                "</div>\n\n"
                "## Over deze beslishulp\n\n"
                "Beantwoord een paar vragen over uw situatie. U krijgt dan een advies dat verwijst "
                "naar de vuistregels waar het op steunt. Elke vraag legt uit waarom hij gesteld wordt. "
                "Het advies begint met wat in uw situatie altijd geldt. Daaronder staan situaties die "
                "alleen soms gelden: vink aan wat voor u geldt, dan ziet u wat u dan ook kunt doen. "
                "Achter elke stap staat de vuistregel waar hij op "
                f"steunt, of \"{OWN_ADVICE}\". "
                "Liever alles in één keer zien? [Bekijk de hele beslisboom](overzicht.md) als "
                "stroomschema en als lijst.\n\n"
                f"{unsearched_note('warning', 'Een hulpmiddel, geen besluit', inline(tree.disclaimer))}"
                '<details class="beslishulp-privacy" markdown>\n'
                "<summary>Wat u hier kiest of typt, blijft in uw browser</summary>\n\n"
                "Het wordt niet opgeslagen en niet verstuurd. Uw antwoorden staan alleen in het adres "
                "van de pagina (na het #-teken), zodat u een link naar uw antwoorden kunt delen. "
                "[Lees de privacyverklaring](../privacy.md).\n\n"
                "</details>\n")

    def pages(self) -> dict[str, str]:
        out = {f"{TREE_DIR}/index.md": self.index_page()}
        for q in self.context.tree.questions.values():
            out[f"{TREE_DIR}/{q.id}.md"] = self.question_page(q)
        return out
