"""A plain HTML page at every old address (`vorige_ids`) of a question or outcome."""

from __future__ import annotations

import html

from .context import TREE_DIR, TreeContext


class Redirects:
    def __init__(self, context: TreeContext):
        self.context = context

    def redirect(self, old_id: str, node_id: str) -> str:
        """A plain HTML page at a node's old address that sends the reader to the new one."""
        title = html.escape(self.context.title(node_id))
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

    def pages(self) -> dict[str, str]:
        tree = self.context.tree
        out = {}
        for node in [*tree.questions.values(), *tree.outcomes.values()]:
            for old_id in node.previous_ids:
                out[f"{TREE_DIR}/{old_id}/index.html"] = self.redirect(old_id, node.id)
        return out
