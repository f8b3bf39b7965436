"""The flowcharts: an SVG per situation (a start answer) and of the whole tree."""

from __future__ import annotations

import posixpath

from .. import flowchart
from .context import TREE_DIR, TreeContext, upper_first


def charts_link(section_id: str) -> str:
    """From the overview page to a chart's SVG file."""
    return f"{posixpath.relpath(flowchart.SCHEMA_DIR, TREE_DIR)}/{section_id}.svg"


class ChartFiles:
    def __init__(self, context: TreeContext):
        self.context = context

    def chart_drawer(self) -> flowchart.Charts:
        c = self.context
        return flowchart.Charts(c.tree, lambda node_id: upper_first(c.label(node_id)), c.title)

    def charts(self, draw: bool = True) -> dict[str, str]:
        """SVG per section (by start answer id) and of the whole tree; too big ones left out.
        Without `draw` only the DOT sources are made (checked for errors) and no SVG: no Graphviz."""
        tree = self.context.tree
        drawer = self.chart_drawer()
        sections = [s for s in [*flowchart.sections(tree), flowchart.whole_tree(tree)]
                    if len(s.nodes) <= flowchart.MAX_NODES]
        if not draw:
            for section in sections:
                drawer.dot(section)
            return {}
        return {section.id: drawer.svg(section) for section in sections}

    @staticmethod
    def pages(charts: dict[str, str]) -> dict[str, str]:
        return {f"{flowchart.SCHEMA_DIR}/{section_id}.svg": svg for section_id, svg in charts.items()}
