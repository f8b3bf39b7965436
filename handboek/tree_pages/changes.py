"""/beslisboom/wijzigingen/: what changed from one edition of the tree to the next.

Generated from the frozen editions (decision_tree/edities/) and the current tree, never
written by hand: per edition, newest first, the questions and outcomes added, removed or
moved to another id (`vorige_ids`, the old address redirects), questions asked in other
words, and outcomes whose advice text changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markdown import escape
from ..tree import Outcome, Question, Tree
from .context import TREE_DIR

PAGE = f"{TREE_DIR}/wijzigingen.md"


@dataclass(frozen=True)
class Node:
    """A question or outcome as one edition had it: what the page names it by."""
    kind: str  # "vraag" or "uitkomst"
    id: str
    label: str  # "vraag 4", "uitkomst C"
    text: str  # the question, or the outcome's title


@dataclass(frozen=True)
class Moved:
    old: Node
    new: Node


@dataclass(frozen=True)
class Changes:
    """What edition `version` changed compared with `previous` (None: the oldest kept)."""
    version: str
    previous: str | None
    added: tuple[Node, ...] = ()
    removed: tuple[Node, ...] = ()
    moved: tuple[Moved, ...] = ()
    reworded: tuple[Node, ...] = ()  # the same question, asked in other words
    advice: tuple[Node, ...] = ()  # outcomes whose advice text changed

    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.reworded or self.advice)


def nodes(tree: Tree) -> dict[str, Node]:
    numbers, letters = tree.numbers(), tree.letters()
    out = {q.id: Node("vraag", q.id, f"vraag {numbers[q.id]}", q.text) for q in tree.questions.values()}
    out.update({o.id: Node("uitkomst", o.id, f"uitkomst {letters[o.id]}", o.title) for o in tree.outcomes.values()})
    return out


def advice_texts(outcome: Outcome) -> tuple:
    """The words of an outcome's advice: per part (or the one advice) its steps and why."""
    parts = outcome.parts or ((None, outcome.part(None)),)
    return tuple((perspective, tuple(step.text for step in part.advice), part.why) for perspective, part in parts)


def compare(old: Tree, new: Tree) -> Changes:
    """What `new` changed compared with `old`."""
    before, after = nodes(old), nodes(new)
    moves = {old_id: node.id for node in [*new.questions.values(), *new.outcomes.values()]
             for old_id in node.previous_ids if old_id in before and old_id not in after}
    targets = set(moves.values())
    kept = {node_id: node_id for node_id in before if node_id in after}
    pairs = {**kept, **moves}  # old id -> the id it has now
    reworded = [after[new_id] for old_id, new_id in pairs.items()
                if isinstance(new.node(new_id), Question) and isinstance(old.node(old_id), Question)
                and old.node(old_id).text != new.node(new_id).text and old_id == new_id]
    advice = [after[new_id] for old_id, new_id in pairs.items()
              if isinstance(new.node(new_id), Outcome) and isinstance(old.node(old_id), Outcome)
              and advice_texts(old.node(old_id)) != advice_texts(new.node(new_id))]
    return Changes(
        version=new.version, previous=old.version,
        added=tuple(node for node_id, node in after.items() if node_id not in before and node_id not in targets),
        removed=tuple(node for node_id, node in before.items() if node_id not in after and node_id not in moves),
        moved=tuple(Moved(before[old_id], after[new_id]) for old_id, new_id in moves.items()),
        reworded=tuple(reworded), advice=tuple(dict.fromkeys(advice)))


def edition_changes(editions: tuple[Tree, ...], current: Tree) -> list[Changes]:
    """Per edition, newest first: what it changed compared with the one before it."""
    trees = [tree for tree in editions if tree.version != current.version] + [current]
    out = [Changes(trees[0].version, None)] + [compare(old, new) for old, new in zip(trees, trees[1:])]
    return list(reversed(out))


def anchor(version: str) -> str:
    """'2.1' -> 'versie-2-1': only letters, digits and hyphens, whatever the version holds."""
    return "versie-" + "-".join(re.findall(r"[a-z0-9]+", version.lower()))


class ChangesPage:
    """The page: `current` is the tree whose pages exist, so only its nodes are links."""

    def __init__(self, editions: tuple[Tree, ...], current: Tree):
        self.editions, self.current = editions, current

    def name(self, node: Node, version: str) -> str:
        """'Vraag 4: text' as edition `version` numbered it; a link to its page while the
        current tree still has that node."""
        label = f"{node.label[:1].upper()}{node.label[1:]}: {escape(node.text)}"
        where = "" if version == self.current.version else f" (versie {escape(version)})"
        if self.current.node(node.id) is not None:
            return f"[{label}]({node.id}.md){where}"
        return label + where

    def section(self, title: str, lines: list[str]) -> str:
        return f"### {title}\n\n" + "\n".join(f"- {line}" for line in lines) + "\n\n" if lines else ""

    def edition_block(self, changes: Changes) -> str:
        v, old = changes.version, changes.previous
        now = " (de huidige uitgave)" if v == self.current.version else ""
        head = f"## Versie {escape(v)}{now} {{ #{anchor(v)} }}\n\n"
        if old is None:
            return head + "Dit is de oudste uitgave die bewaard is. Er is niets om mee te vergelijken.\n\n"
        if changes.empty():
            return head + f"Vergeleken met versie {escape(old)} zijn er geen vragen of uitkomsten veranderd.\n\n"
        text = head + f"Vergeleken met versie {escape(old)}:\n\n"
        text += self.section("Nieuw", [self.name(n, v) for n in changes.added])
        text += self.section("Vervallen", [self.name(n, old) for n in changes.removed])
        text += self.section("Andere plaats (het oude adres stuurt door)", [
            f"{self.name(m.old, old)} staat nu bij {self.name(m.new, v)}" for m in changes.moved])
        text += self.section("Vraag anders gesteld", [self.name(n, v) for n in changes.reworded])
        text += self.section("Ander advies", [self.name(n, v) for n in changes.advice])
        return text

    def page(self) -> str:
        intro = ("---\nrender_macros: false\ntitle: Wijzigingen per uitgave\n---\n\n"
                 "# Wijzigingen per uitgave\n\n"
                 "Hier staat per uitgave van de beslisboom wat er veranderde: nieuwe en vervallen vragen "
                 "en uitkomsten, vragen en uitkomsten met een ander adres, vragen die anders gesteld worden "
                 "en uitkomsten met een ander advies. De nieuwste uitgave staat bovenaan. Deze lijst wordt "
                 "bij elke bouw gemaakt uit de bewaarde uitgaven zelf.\n\n"
                 "Hebt u een link of antwoordcode uit een eerdere uitgave? Open die in de "
                 "[beslishulp](index.md). U ziet dan de route en het advies zoals ze toen waren.\n\n")
        return intro + "".join(self.edition_block(c) for c in edition_changes(self.editions, self.current))
