"""A static page per outcome: advice, the reminders of every path towards it, the rule texts."""

from __future__ import annotations

import functools

from ..markdown import escape, inline, unsearched_note
from ..tree import PERSPECTIVES, Answer, Outcome, Question
from .context import TREE_DIR, TreeContext, page_front_matter


class OutcomePages:
    def __init__(self, context: TreeContext, regional: dict[str, str] | None = None):
        self.context = context
        self.regional = regional or {}  # outcome id -> the local layer's section, after the national text
        self._notes_cache: dict[tuple[str, str], str] = {}

    def outcome_page(self, o: Outcome) -> str:
        c = self.context
        return (f"{page_front_matter(o.title)}<p class=\"beslisboom-stap\" data-search-exclude>Beslisboom · uitkomst {c.letter[o.id]}</p>\n\n"
                f"# {escape(o.title)}\n\n"
                f"{unsearched_note('warning', 'Een hulpmiddel, geen besluit', inline(c.tree.disclaimer))}"
                f"{self.advice_and_why(o)}"
                f"## Wat de vuistregels zeggen {{ data-search-exclude }}\n\n{c.quotes(o.citations)}\n"
                f"{self.regional.get(o.id, '')}{c.footer()}")

    def advice_and_why(self, o: Outcome) -> str:
        """One advice for everyone, with the path's reminders between advice and why; or a
        part per perspective under its own heading, then the reminders."""
        c = self.context
        if not o.parts:
            return (f"## Wat kunt u doen?\n\n{c.advice_list(o.advice)}\n\n{self.reminder_notes(o.id)}"
                    f"## Waarom?\n\n{inline(o.why)}\n\n")
        parts = [f"## {PERSPECTIVES[perspective]} {{ #voor-{perspective} }}\n\n"
                 f"### Wat kunt u doen?\n\n{c.advice_list(part.advice)}\n\n"
                 f"### Waarom?\n\n{inline(part.why)}\n\n" for perspective, part in o.parts]
        return "".join(parts) + self.reminder_notes(o.id)

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
                links = ", ".join(self.context.citation_link(ref) for ref in r.citations)
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
        tree = self.context.tree
        if not any(a.reminders for q in tree.questions.values() for a in q.answers):
            return {}
        incoming: dict[str, list[tuple[int, Question, Answer]]] = {}
        for order, (q, a) in enumerate((q, a) for q in tree.questions.values() for a in q.answers):
            incoming.setdefault(a.target, []).append((order, q, a))
        found = {}
        for outcome_id in tree.outcomes:
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

    def pages(self) -> dict[str, str]:
        return {f"{TREE_DIR}/{o.id}.md": self.outcome_page(o) for o in self.context.tree.outcomes.values()}
