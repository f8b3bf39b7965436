"""The decision tree as pages: one per question and outcome, an overview, charts and JSON.

Static pages work without JavaScript: every answer is a plain link to the next page.
The JSON at /beslisboom/beslisboom.json is the single input of the wizard.

Each kind of file has its own part in handboek/tree_pages/; `TreePages` composes them and
keeps one name for what other modules and tests use.
"""

from __future__ import annotations

from .rules import Rulebook
from .tree import Outcome, Question, Tree
from .tree_pages.charts import ChartFiles, charts_link  # noqa: F401 (re-exported)
from .tree_pages.context import TREE_DIR, TreeContext, page_front_matter, upper_first  # noqa: F401
from .tree_pages.outcomes import OutcomePages
from .tree_pages.overview import OverviewPage, cited_by
from .tree_pages.questions import QuestionPages
from .tree_pages.redirects import Redirects
from .tree_pages.wizard_json import WizardJson


class TreePages:
    """Every generated file of the tree, from its parts; questions and outcomes carry the
    tree's numbers and letters."""

    def __init__(self, tree: Tree, book: Rulebook, earlier: tuple[str, ...] = (),
                 regional: dict[str, str] | None = None, regional_json: dict | None = None,
                 regional_outline: dict[str, str] | None = None):
        """`earlier`: the versions of the frozen editions, which the wizard can open.
        `regional`, `regional_json`, `regional_outline`: the local layer's section per outcome
        page, what the wizard shows of it, and its blocks in the overview's list (which the PDF
        prints); from handboek/lokaal_pages.py, None for the national edition."""
        self.context = TreeContext(tree, book)
        self.tree, self.book = tree, book
        self.number, self.letter = self.context.number, self.context.letter
        self.questions = QuestionPages(self.context)
        self.outcomes = OutcomePages(self.context, regional)
        self.wizard = WizardJson(self.context, earlier, regional_json)
        self.chart_files = ChartFiles(self.context)
        self.overview = OverviewPage(self.context, regional_outline)
        self.redirects = Redirects(self.context)

    # the parts' entry points under the names the rest of the code uses
    def label(self, node_id: str) -> str:
        return self.context.label(node_id)

    def title(self, node_id: str) -> str:
        return self.context.title(node_id)

    def question_page(self, q: Question) -> str:
        return self.questions.question_page(q)

    def outcome_page(self, o: Outcome) -> str:
        return self.outcomes.outcome_page(o)

    def answers_towards(self, outcome_id: str):
        return self.outcomes.answers_towards(outcome_id)

    def json(self, charts: dict[str, str] | None = None) -> str:
        return self.wizard.json(charts)

    def chart_drawer(self):
        return self.chart_files.chart_drawer()

    def charts(self, draw: bool = True) -> dict[str, str]:
        return self.chart_files.charts(draw)

    def outline(self) -> str:
        return self.overview.outline()

    def cited_by(self, refs_on_page: list[str]) -> str:
        return cited_by(self.context, refs_on_page)

    def pages(self, draw: bool = True) -> dict[str, str]:
        """Every file, in a fixed order: start page, overview, JSON, charts, questions,
        outcomes, redirects."""
        charts = self.charts(draw)
        question_pages = self.questions.pages()
        out = {f"{TREE_DIR}/index.md": question_pages.pop(f"{TREE_DIR}/index.md")}
        out.update(self.overview.pages(charts))
        out[f"{TREE_DIR}/beslisboom.json"] = self.json(charts)
        out.update(self.chart_files.pages(charts))
        out.update(question_pages)
        out.update(self.outcomes.pages())
        out.update(self.redirects.pages())
        return out
