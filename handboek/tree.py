"""The decision tree: loaded from beslisboom.yaml, then checked as a graph.

A pure tree/DAG: every answer leads to exactly one node (a question or an outcome),
outcomes may be shared, and there are no cycles and no conditions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import schema
from .errors import ContentError, ContentErrors
from .rules import Rulebook
from .yamlsource import Source, load

# Addresses in /beslisboom/ that are not nodes: the wizard (index), the overview, the
# flowcharts' folder (schema/), the frozen editions' folder (edities/) and the list of changes
# per edition (wijzigingen). tests/test_tree_engine.py checks this against every path
# the compiler generates.
RESERVED_IDS = {"index", "overzicht", "schema", "edities", "wijzigingen"}

# Who is answering: an answer may set it (`perspectief:`); the last one set on a path counts.
# An outcome reached with more than one perspective has a part per perspective (`voor_vt`,
# `voor_partner`). The heading is what the static page shows above each part.
PERSPECTIVES = {"vt": "Werkt u bij Veilig Thuis?", "partner": "Werkt u bij een strafrechtpartner?"}
PERSPECTIVE_NAMES = {"vt": "Veilig Thuis", "partner": "strafrechtpartner", None: "geen"}


def perspective_order(perspective: str | None) -> int:
    """None first, then the order of PERSPECTIVES: for messages that list them."""
    return 0 if perspective is None else 1 + list(PERSPECTIVES).index(perspective)


@dataclass(frozen=True)
class Reminder:
    """A "let op" on an answer: the wizard collects these along the path."""
    text: str
    citations: tuple[str, ...]
    record_question: str | None = None  # asked in the afwegingsverslag, with a text field


@dataclass(frozen=True)
class Answer:
    id: str
    text: str
    target: str
    short: str | None = None  # edge label in flowcharts
    reminders: tuple[Reminder, ...] = ()
    perspective: str | None = None  # "vt" or "partner": who answers so; None: unchanged


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    explanation: str
    citations: tuple[str, ...]
    answers: tuple[Answer, ...]
    previous_ids: tuple[str, ...] = ()  # old URLs that redirect here
    number: int | None = None  # `nummer:` in the file: "Vraag 4" on paper; None: file order


@dataclass(frozen=True)
class Advice:
    """One step of an outcome's advice, with its provenance: the rule points it paraphrases
    (`bronnen`), or marked as the handbook's own advice (`eigen_advies: true`). A plain
    text with neither is only read in a frozen edition, written before provenance existed."""
    text: str
    citations: tuple[str, ...] = ()
    own: bool = False
    condition: str | None = None  # `als`: the question that says when this step applies
    group: str | None = None  # `groep`: the heading its `als` is shown under (Tree.groups)


@dataclass(frozen=True)
class Part:
    """What an outcome says to one perspective: `voor_vt` or `voor_partner` in the file."""
    advice: tuple[Advice, ...]
    why: str


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    advice: tuple[Advice, ...]  # one advice for everyone; () when the outcome has parts
    why: str
    citations: tuple[str, ...]
    previous_ids: tuple[str, ...] = ()
    letter: str | None = None  # `letter:` in the file: "Uitkomst C" on paper; None: file order
    parts: tuple[tuple[str, Part], ...] = ()  # (perspective, part), in the order of PERSPECTIVES

    def part(self, perspective: str | None) -> Part | None:
        """What this outcome says to someone with this perspective."""
        if not self.parts:
            return Part(self.advice, self.why)
        return dict(self.parts).get(perspective)


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: outcome labels on paper."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def letter_index(label: str) -> int:
    """'A' -> 0, 'AA' -> 26: the inverse of letters()."""
    index = 0
    for char in label:
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1


@dataclass(frozen=True)
class Tree:
    version: str
    title: str
    start: str
    disclaimer: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    file: str = ""  # where the tree was read, and the line of each node id: for later errors
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    groups: tuple[tuple[str, str], ...] = ()  # `situatiegroepen`: (id, heading), in display order

    def node(self, node_id: str) -> Question | Outcome | None:
        return self.questions.get(node_id) or self.outcomes.get(node_id)

    def numbers(self) -> dict[str, int]:
        """Question id -> its number: the `nummer:` in the file, or (a tree without labels,
        such as a toy tree) its place in the file."""
        return {q.id: q.number or i + 1 for i, q in enumerate(self.questions.values())}

    def letters(self) -> dict[str, str]:
        """Outcome id -> its letter: the `letter:` in the file, or its place in the file."""
        return {o.id: o.letter or letters(i) for i, o in enumerate(self.outcomes.values())}

    def paths(self) -> list[tuple[tuple[tuple[str, str], ...], str]]:
        """Every path from the start: ((question, answer), …) and the outcome it ends in."""
        found, todo = [], [(self.start, ())]
        while todo:
            node_id, trail = todo.pop()
            question = self.questions.get(node_id)
            if question is None:
                found.append((trail, node_id))
                continue
            todo.extend((a.target, trail + ((question.id, a.id),)) for a in reversed(question.answers))
        return found

    def reachable(self) -> set[str]:
        seen, todo = set(), [self.start]
        while todo:
            node_id = todo.pop()
            if node_id in seen:
                continue
            seen.add(node_id)
            if node_id in self.questions:
                todo.extend(a.target for a in self.questions[node_id].answers)
        return seen


def load_tree(path: Path, schema_path: Path, rulebook: Rulebook | None,
              display_name: str | None = None, edition: str | None = None) -> Tree:
    """Load and check; `rulebook` None means the rules failed to load (citations unchecked).

    `edition` is set for a frozen edition (decision_tree/edities/<edition>/): its `versie`
    must be that edition, and it is read as it was written then (handboek/editions.py).
    """
    source = load(path, display_name)
    errors = schema.validate(source, schema_path)
    if errors:
        raise ContentErrors(errors)
    if edition is not None and str(source.data["versie"]) != edition:
        raise ContentErrors([source.error(("versie",), f"deze bevroren uitgave staat in de map '{edition}', maar "
                                                      f"heeft versie '{source.data['versie']}'; die moeten gelijk zijn")])
    tree = _build(source.data)
    tree = replace(tree, file=source.file, lines={node["id"]: source.line(path + ("id",))
                                                 for path, node, _ in _nodes(source)})
    text_errors = _check_outcome_texts(source)
    graph_errors = _check_graph(tree, source)
    errors = _check_ids(source) + _check_labels(source) + text_errors + graph_errors
    if not graph_errors and not text_errors:  # the perspectives need a sound graph and texts
        errors += _check_perspectives(tree, source)
    if edition is None:
        errors += (_check_provenance(source) + _check_answer_references(source) + _check_conditions(source)
                   + _check_groups(source))
    if rulebook is not None:
        errors += _check_citations(source, rulebook)
    if errors:
        raise ContentErrors(errors)
    return tree


def _build(data: dict) -> Tree:
    questions = {q["id"]: Question(q["id"], q["vraag"], q["toelichting"], tuple(q["bronnen"]),
                                   tuple(_answer(a) for a in q["antwoorden"]),
                                   tuple(q.get("vorige_ids", ())), q.get("nummer"))
                 for q in data["vragen"]}
    outcomes = {o["id"]: Outcome(o["id"], o["titel"], _advice(o.get("advies", ())), o.get("waarom", ""),
                                 tuple(o["bronnen"]), tuple(o.get("vorige_ids", ())), o.get("letter"),
                                 tuple((p, Part(_advice(o[f"voor_{p}"]["advies"]), o[f"voor_{p}"]["waarom"]))
                                       for p in PERSPECTIVES if f"voor_{p}" in o))
                for o in data["uitkomsten"]}
    groups = tuple((g["id"], g["kop"]) for g in data.get("situatiegroepen", ()))
    return Tree(str(data["versie"]), data["titel"], data["start"], data["disclaimer"], questions, outcomes,
                groups=groups)


def _advice(items: list) -> tuple[Advice, ...]:
    return tuple(Advice(item) if isinstance(item, str) else
                 Advice(item["tekst"], tuple(item.get("bronnen", ())), item.get("eigen_advies", False),
                        item.get("als"), item.get("groep"))
                 for item in items)


def _answer(a: dict) -> Answer:
    reminders = tuple(Reminder(r["tekst"], tuple(r["bronnen"]), r.get("verslagvraag"))
                      for r in a.get("let_op", ()))
    return Answer(a["id"], a["tekst"], a["naar"], a.get("kort"), reminders, a.get("perspectief"))


def _nodes(source: Source):
    """(path, raw node, kind) for every question and outcome, in file order."""
    for kind, key in (("vraag", "vragen"), ("uitkomst", "uitkomsten")):
        for i, node in enumerate(source.data[key]):
            yield (key, i), node, kind


def _check_ids(source: Source) -> list[ContentError]:
    errors, seen = [], set()
    current = {node["id"] for _, node, _ in _nodes(source)}
    old_seen: set[str] = set()
    for path, node, kind in _nodes(source):
        for j, old in enumerate(node.get("vorige_ids", [])):
            if old in current or old in old_seen or old in RESERVED_IDS:
                errors.append(source.error(path + ("vorige_ids", j),
                                           f"vorig id '{old}' van {kind} '{node['id']}' is nog of al in gebruik"))
            old_seen.add(old)
        if node["id"] in seen:
            errors.append(source.error(path + ("id",), f"id '{node['id']}' wordt al gebruikt"))
        if node["id"] in RESERVED_IDS:
            errors.append(source.error(path + ("id",), f"id '{node['id']}' is gereserveerd; kies een andere"))
        seen.add(node["id"])
        answer_ids = [a["id"] for a in node.get("antwoorden", [])]
        for j, answer_id in enumerate(answer_ids):
            if answer_id in answer_ids[:j]:
                errors.append(source.error(path + ("antwoorden", j, "id"),
                                           f"vraag '{node['id']}' heeft twee antwoorden met id '{answer_id}'"))
    return errors


LABEL_FIELDS = {"vraag": ("nummer", "het eerste vrije nummer", "vragen"),
                "uitkomst": ("letter", "de eerste vrije letter", "uitkomsten")}


def next_label(kind: str, used) -> str | int:
    """The first label after every used one: a label that was ever used is never given again."""
    if kind == "vraag":
        return max(used, default=0) + 1
    return letters(max((letter_index(u) for u in used), default=-1) + 1)


def _check_labels(source: Source) -> list[ContentError]:
    """Numbers and letters are written in the file so that inserting a node does not shift
    the others. A tree without any (a toy tree) uses file order; once one node has a label,
    every node needs one, and no two nodes of a kind may share one."""
    nodes = list(_nodes(source))
    if not any(LABEL_FIELDS[kind][0] in node for _, node, kind in nodes):
        return []
    errors = []
    for kind, (field, first_free, plural) in LABEL_FIELDS.items():
        mine = [(path, node) for path, node, k in nodes if k == kind]
        used = [node[field] for _, node in mine if field in node]
        owner: dict = {}
        for path, node in mine:
            label = node.get(field)
            if label is not None and label not in owner:
                owner[label] = node["id"]
                continue
            free = next_label(kind, used)
            used.append(free)
            if label is None:
                errors.append(source.error(path + ("id",),
                                           f"{kind} '{node['id']}' heeft geen {field}; zet onder de id "
                                           f"'{field}: {free}' ({first_free}). Verander de {field}s van de "
                                           f"andere {plural} niet"))
            else:
                errors.append(source.error(path + (field,),
                                           f"{kind} '{node['id']}' heeft {field} {label}, maar die heeft {kind} "
                                           f"'{owner[label]}' al; geef {kind} '{node['id']}' {first_free}: "
                                           f"'{field}: {free}'"))
    return errors


def _check_graph(tree: Tree, source: Source) -> list[ContentError]:
    errors = []
    if tree.start not in tree.questions:
        what = "een uitkomst" if tree.start in tree.outcomes else "een vraag die niet bestaat"
        guess = None if tree.start in tree.outcomes else suggest(tree.start, tree.questions)
        return [source.error(("start",), f"start '{tree.start}' verwijst naar {what}; het moet een vraag "
                                         f"zijn{did_you_mean(guess)}")]
    all_ids = [*tree.questions, *tree.outcomes]
    meant: dict[str, int] = {}  # an id an editor probably meant -> line of the misspelled 'naar'
    for (key, i), node, kind in _nodes(source):
        for j, answer in enumerate(node.get("antwoorden", [])):
            if tree.node(answer["naar"]) is None:
                path = (key, i, "antwoorden", j, "naar")
                guess = suggest(answer["naar"], all_ids)
                if guess:
                    meant.setdefault(guess, source.line(path))
                errors.append(source.error(path, f"antwoord '{answer['id']}' van vraag '{node['id']}' verwijst naar "
                                                 f"'{answer['naar']}', die niet bestaat{did_you_mean(guess)}"))
    errors += _check_unreachable(tree, source, meant)
    errors += _check_cycles(tree, source)
    return errors


def suggest(wrong: str, candidates) -> str | None:
    """The candidate closest to a misspelled id or citation, if one is close enough and
    clearly closer than the next ('inleiding.7' is as close to 'inleiding.1' as to '.2')."""
    found = difflib.get_close_matches(wrong, list(candidates), n=2, cutoff=0.75)
    ratio = [difflib.SequenceMatcher(None, wrong, f).ratio() for f in found]
    if len(found) == 1 or (len(found) == 2 and ratio[0] > ratio[1]):
        return found[0]
    return None


def did_you_mean(guess: str | None) -> str:
    return f"; bedoelt u '{guess}'?" if guess else ""


def _check_unreachable(tree: Tree, source: Source, meant: dict[str, int]) -> list[ContentError]:
    """Report only the first unreachable node of each cut-off part: the nodes after it are
    unreachable because of it, and one error per cause is what an editor can act on."""
    reachable = tree.reachable()
    targeted = {a.target for q in tree.questions.values() if q.id not in reachable for a in q.answers}
    errors = []
    for path, node, kind in _nodes(source):
        if node["id"] in reachable or node["id"] in targeted:
            continue
        behind = len(_reachable_from(tree, node["id"]) - reachable) - 1
        message = f"{kind} '{node['id']}' is vanaf de start niet te bereiken"
        if behind:
            message += f" (en daardoor ook {behind} {'vraag of uitkomst' if behind == 1 else 'vragen en uitkomsten'} erna niet)"
        if node["id"] in meant:
            message += f"; gevolg van regel {meant[node['id']]}"
        errors.append(source.error(path + ("id",), message))
    return errors


def _reachable_from(tree: Tree, start: str) -> set[str]:
    return Tree(tree.version, tree.title, start, tree.disclaimer, tree.questions, tree.outcomes).reachable()


def _question_path(source: Source, question_id: str) -> tuple:
    index = next(i for i, q in enumerate(source.data["vragen"]) if q["id"] == question_id)
    return ("vragen", index)


def _outcome_path(source: Source, outcome_id: str) -> tuple:
    return ("uitkomsten", next(i for i, o in enumerate(source.data["uitkomsten"]) if o["id"] == outcome_id))


def _answer_path(source: Source, question_id: str, answer_id: str) -> tuple:
    path = _question_path(source, question_id)
    answers = source.data["vragen"][path[1]]["antwoorden"]
    return path + ("antwoorden", next(j for j, a in enumerate(answers) if a["id"] == answer_id), "naar")


def _check_cycles(tree: Tree, source: Source) -> list[ContentError]:
    """Report each answer that leads back onto its own path, and questions with no way out.

    Iterative depth-first search, so that very deep trees do not hit Python's recursion limit.
    """
    errors = []
    state: dict[str, str] = {}            # "open" while on the current path, then "done"
    leads_out: dict[str, bool] = {}       # question -> some path from it ends in an outcome

    def finishes(target: str) -> bool:
        if target not in tree.questions:
            return True  # an outcome, or a missing target (reported elsewhere)
        return state.get(target) == "done" and leads_out.get(target, False)  # False: a loop to itself

    for root in tree.questions:
        if root in state:
            continue
        state[root] = "open"
        path, stack = [root], [iter(tree.questions[root].answers)]
        while stack:
            answer = next(stack[-1], None)
            node_id = path[-1]
            if answer is None:
                stack.pop()
                path.pop()
                state[node_id] = "done"
                leads_out[node_id] = any(finishes(a.target) for a in tree.questions[node_id].answers)
                if not leads_out[node_id]:
                    errors.append(source.error(_question_path(source, node_id) + ("id",),
                                               f"vanaf vraag '{node_id}' loopt geen pad naar een uitkomst"))
            elif state.get(answer.target) == "open":
                loop = path[path.index(answer.target):] + [answer.target]
                errors.append(source.error(_answer_path(source, node_id, answer.id),
                                           f"antwoord '{answer.id}' van vraag '{node_id}' maakt een kring: "
                                           + " → ".join(loop)))
            elif answer.target in tree.questions and answer.target not in state:
                state[answer.target] = "open"
                path.append(answer.target)
                stack.append(iter(tree.questions[answer.target].answers))
    return errors


def _check_citations(source: Source, rulebook: Rulebook) -> list[ContentError]:
    errors = []
    for path, node, kind in _nodes(source):
        for j, ref in enumerate(node["bronnen"]):
            if rulebook.citation(ref) is None:
                guess = suggest(ref, rulebook.all_refs())
                errors.append(source.error(path + ("bronnen", j),
                                           f"{kind} '{node['id']}' noemt bron '{ref}', maar die bestaat niet in "
                                           f"vuistregels.yaml{did_you_mean(guess)}"))
        for where, items in _advice_lists(node):
            for j, item in enumerate(items):
                for m, ref in enumerate(item.get("bronnen", ()) if isinstance(item, dict) else ()):
                    if rulebook.citation(ref) is None:
                        guess = suggest(ref, rulebook.all_refs())
                        errors.append(source.error(
                            path + where + (j, "bronnen", m),
                            f"advies {j + 1} van uitkomst '{node['id']}' noemt bron '{ref}', maar die bestaat "
                            f"niet in vuistregels.yaml{did_you_mean(guess)}"))
                    elif ref not in node["bronnen"]:  # the page quotes only the outcome's bronnen
                        errors.append(source.error(
                            path + where + (j, "bronnen", m),
                            f"advies {j + 1} van uitkomst '{node['id']}' noemt {ref}, maar de uitkomst zelf niet: "
                            "zet het ook in 'bronnen' van de uitkomst, zodat de pagina de tekst ervan citeert"))
        for j, answer in enumerate(node.get("antwoorden", [])):
            for k, reminder in enumerate(answer.get("let_op", [])):
                for m, ref in enumerate(reminder["bronnen"]):
                    if rulebook.citation(ref) is None:
                        guess = suggest(ref, rulebook.all_refs())
                        errors.append(source.error(
                            path + ("antwoorden", j, "let_op", k, "bronnen", m),
                            f"let op {k + 1} bij antwoord '{answer['id']}' van vraag '{node['id']}' noemt bron "
                            f"'{ref}', maar die bestaat niet in vuistregels.yaml{did_you_mean(guess)}"))
    return errors


def _advice_lists(node: dict):
    """(path within the node, items) of every advice list of an outcome."""
    if "advies" in node:
        yield ("advies",), node["advies"]
    for p in PERSPECTIVES:
        if f"voor_{p}" in node:
            yield (f"voor_{p}", "advies"), node[f"voor_{p}"]["advies"]


def _outcome_advice(source: Source):
    """(path of the list, outcome, items) for every advice list of every outcome."""
    for path, node, kind in _nodes(source):
        if kind == "uitkomst":
            for where, items in _advice_lists(node):
                yield path + where, node, items


def _check_outcome_texts(source: Source) -> list[ContentError]:
    """An outcome has one advice for everyone (`advies` and `waarom`), or instead a part per
    perspective (`voor_vt`, `voor_partner`)."""
    errors = []
    parts = " en ".join(f"'voor_{p}'" for p in PERSPECTIVES)
    for path, node, kind in _nodes(source):
        if kind != "uitkomst":
            continue
        own = [key for key in ("advies", "waarom") if key in node]
        split = [f"voor_{p}" for p in PERSPECTIVES if f"voor_{p}" in node]
        name = f"uitkomst '{node['id']}'"
        if own and split:
            errors.append(source.error(path + (split[0],), (
                f"{name} heeft '{own[0]}' voor iedereen en ook '{split[0]}'; kies één: 'advies' en 'waarom' "
                f"voor iedereen, of in plaats daarvan een deel per perspectief ({parts})")))
        elif not own and not split:
            errors.append(source.error(path + ("id",), (
                f"{name} heeft geen advies; geef 'advies' en 'waarom', of een deel per perspectief ({parts})")))
        elif len(own) == 1:
            missing = "waarom" if own == ["advies"] else "advies"
            errors.append(source.error(path + (own[0],), f"{name} heeft '{own[0]}' maar geen '{missing}'; geef ze allebei"))
    return errors


def perspective_routes(tree: Tree) -> dict[str, dict[str | None, tuple[tuple[str, str], ...]]]:
    """Outcome id -> {perspective reaching it: one (shortest) example path}. The perspective of a
    path is the last one an answer on it set, None if none did. Walks (node, perspective)
    states, so it never enumerates all paths."""
    start = (tree.start, None)
    came_from: dict[tuple, tuple | None] = {start: None}
    todo, found = [start], {}
    while todo:
        following = []
        for state in todo:
            node_id, perspective = state
            question = tree.questions.get(node_id)
            if question is None:
                found.setdefault(node_id, {})[perspective] = _trail(came_from, state)
                continue
            for answer in question.answers:
                nxt = (answer.target, answer.perspective or perspective)
                if nxt not in came_from:
                    came_from[nxt] = (state, answer.id)
                    following.append(nxt)
        todo = following
    return found


def _trail(came_from: dict, state: tuple) -> tuple[tuple[str, str], ...]:
    trail = []
    while came_from[state] is not None:
        state, answer_id = came_from[state]
        trail.append((state[0], answer_id))
    return tuple(reversed(trail))


def _check_perspectives(tree: Tree, source: Source) -> list[ContentError]:
    """An outcome reached with more than one perspective (none counts as one), or with parts,
    has a part for each perspective that reaches it, and no part that no path reaches."""
    errors = []
    for outcome_id, reaching in perspective_routes(tree).items():
        outcome = tree.outcomes[outcome_id]
        for perspective, _ in outcome.parts:
            if perspective not in reaching:
                errors.append(source.error(_outcome_path(source, outcome_id) + (f"voor_{perspective}",), (
                    f"uitkomst '{outcome_id}' heeft een deel voor_{perspective}, maar geen pad met perspectief "
                    f"{perspective} ({PERSPECTIVE_NAMES[perspective]}) komt hier uit; haal het deel weg, of zet "
                    f"'perspectief: {perspective}' bij het antwoord dat zegt wie antwoordt op een pad hierheen")))
        if not outcome.parts and len(reaching) < 2:
            continue
        for perspective in sorted(reaching, key=perspective_order):
            if outcome.part(perspective) is not None and outcome.parts:
                continue
            example = " ".join(f"{q}={a}" for q, a in reaching[perspective])
            if perspective is None:
                what = "een pad zonder perspectief"
                advice = ("zet op dat pad 'perspectief: vt' of 'perspectief: partner' bij het antwoord dat zegt "
                          "wie antwoordt")
            else:
                what = f"een pad met perspectief {perspective} ({PERSPECTIVE_NAMES[perspective]})"
                advice = f"geef de uitkomst een deel 'voor_{perspective}' met advies en waarom voor wie zo antwoordt"
            if outcome.parts:
                problem = "maar heeft geen deel voor dat perspectief"
            else:
                names = ", ".join(PERSPECTIVE_NAMES[p] for p in sorted(reaching, key=perspective_order))
                problem = (f"maar heeft één advies voor iedereen, terwijl er paden met verschillende perspectieven "
                           f"uitkomen ({names})")
                if perspective is not None:
                    advice += ", in plaats van 'advies' en 'waarom'"
            errors.append(ContentError(tree.file, tree.lines[outcome_id], (
                f"uitkomst '{outcome_id}' wordt bereikt door {what}, bijvoorbeeld {example}, {problem}; {advice}")))
    return errors


# 'Kies dan "Voor een deel"', 'kies bij de tweede vraag "Er is acuut gevaar"', '"Ja" of "Nee"'
CHOOSE = re.compile(r'\bkies(?: dan)?(?: bij [^".]{1,40})? ("[^"]+"(?: of "[^"]+")*)', re.IGNORECASE)


def _label(text: str) -> str:
    return " ".join(text.split()).lower().rstrip(".,;:?!")


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


def _check_answer_references(source: Source) -> list[ContentError]:
    """A text that tells the reader which answer to choose names an answer that exists: the
    quoted words are the start of some answer's text, as the wizard shows it."""
    answers = [_label(a["tekst"]) for _, node, kind in _nodes(source) if kind == "vraag"
               for a in node["antwoorden"]]
    errors = []
    for path, text in _strings(source.data):
        for match in CHOOSE.finditer(" ".join(text.split())):
            for quoted in re.findall(r'"([^"]+)"', match.group(1)):
                if not any(a and a.startswith(_label(quoted)) for a in answers):
                    errors.append(source.error(path, (
                        f'de tekst zegt: kies "{quoted}", maar geen antwoord in de beslisboom begint zo; '
                        "pas de verwijzing aan aan de tekst van het antwoord")))
    return errors


def _check_provenance(source: Source) -> list[ContentError]:
    """Every advice step says where it comes from: rule points, or the handbook's own advice."""
    errors = []
    for at, node, items in _outcome_advice(source):
        for j, item in enumerate(items):
            what = f"advies {j + 1} van uitkomst '{node['id']}'"
            if isinstance(item, str) or (not item.get("bronnen") and not item.get("eigen_advies")):
                errors.append(source.error(at + (j,), (
                    f"{what} zegt niet waar het op steunt. Schrijf het als 'tekst:' met daaronder "
                    "'bronnen: [\"5.1\"]' (de punten van de vuistregels die het navertelt), of met "
                    "'eigen_advies: true' als het advies van dit handboek is en niet uit een vuistregel komt")))
            elif item.get("bronnen") and item.get("eigen_advies"):
                errors.append(source.error(at + (j, "eigen_advies"), (
                    f"{what} heeft bronnen en is ook gemarkeerd als eigen advies; kies één: steunt het op "
                    "de vuistregels, haal dan 'eigen_advies' weg; is het advies van dit handboek, haal dan "
                    "'bronnen' weg")))
    return errors


# A step that opens with a question ("Vraagt de partner om alles? Dan …") applies only sometimes:
# that question belongs in `als`, so that the steps for every case come first and stay short.
OPENING_QUESTION = re.compile(r"^[^.!?:]*\?(\s|$)")


def _check_conditions(source: Source) -> list[ContentError]:
    """Steps for every case first; a step that applies only sometimes says when in `als`."""
    errors = []
    for at, node, items in _outcome_advice(source):
        steps = [item for item in items if isinstance(item, dict)]
        what = f"uitkomst '{node['id']}'"
        if steps and all(item.get("als") for item in steps):
            errors.append(source.error(at, (
                f"{what} heeft alleen stappen met 'als'; de eerste stap geldt altijd en noemt de grond "
                "die de zaak beslist")))
        seen_condition = False
        for j, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            condition = item.get("als")
            if condition is not None and not str(condition).rstrip().endswith("?"):
                errors.append(source.error(at + (j, "als"), (
                    f"'als' van advies {j + 1} van {what} moet een vraag zijn die eindigt met '?', "
                    "zoals: Vraagt de partner om een heel dossier?")))
            if condition is None and OPENING_QUESTION.match(" ".join(str(item.get("tekst", "")).split())):
                errors.append(source.error(at + (j, "tekst"), (
                    f"advies {j + 1} van {what} begint met een vraag; zet die vraag in 'als' en "
                    "laat 'tekst' zeggen wat u dan doet")))
            if condition is None and seen_condition:
                errors.append(source.error(at + (j,), (
                    f"advies {j + 1} van {what} geldt altijd, maar staat na een stap met 'als'; zet de "
                    "stappen die altijd gelden bovenaan")))
            seen_condition = seen_condition or condition is not None
    return errors


# Above this many situations (distinct `als`) in one advice list, a reader scanning for their own
# needs headings: each `als` then names its `groep`.
GROUPS_FROM = 8


def _check_groups(source: Source) -> list[ContentError]:
    """A `groep` belongs to an `als`, names a heading of `situatiegroepen`, and is the same for
    every step with that `als`; a list has headings for all its situations or for none, and a
    long list has them."""
    known = [g["id"] for g in source.data.get("situatiegroepen", ())]
    errors = [source.error(("situatiegroepen", i, "id"), f"kopje '{group}' staat twee keer in 'situatiegroepen'")
              for i, group in enumerate(known) if group in known[:i]]
    known = list(dict.fromkeys(known))
    for at, node, items in _outcome_advice(source):
        what = f"uitkomst '{node['id']}'"
        steps = [(j, item) for j, item in enumerate(items) if isinstance(item, dict)]
        group_of: dict[str, str | None] = {}
        for j, item in steps:
            condition, group = item.get("als"), item.get("groep")
            if group is not None and condition is None:
                errors.append(source.error(at + (j, "groep"), (
                    f"advies {j + 1} van {what} heeft een 'groep' maar geen 'als'; een kopje hoort bij een "
                    "situatie: geef de stap een 'als', of haal 'groep' weg")))
                continue
            if group is not None and group not in known:
                errors.append(source.error(at + (j, "groep"), (
                    f"'groep: {group}' van advies {j + 1} van {what} staat niet in 'situatiegroepen' "
                    f"bovenaan het bestand{did_you_mean(suggest(str(group), known))}; kies uit: "
                    f"{', '.join(known) or 'nog niets'}")))
            if condition is None:
                continue
            if condition in group_of and group_of[condition] != group:
                errors.append(source.error(at + (j,), (
                    f"advies {j + 1} van {what} heeft dezelfde 'als' als een eerdere stap, maar een andere "
                    f"'groep' ({group or 'geen'} in plaats van {group_of[condition] or 'geen'}); stappen met "
                    "dezelfde vraag staan onder hetzelfde kopje")))
            group_of.setdefault(condition, group)
        grouped = [c for c, g in group_of.items() if g is not None]
        if grouped and len(grouped) < len(group_of):
            errors.append(source.error(at, (
                f"{what} zet {len(grouped)} van de {len(group_of)} situaties (stappen met 'als') onder een "
                "kopje ('groep'); geef ze allemaal een 'groep', of geen")))
        elif not grouped and len(group_of) > GROUPS_FROM:
            errors.append(source.error(at, (
                f"{what} heeft {len(group_of)} situaties (stappen met 'als'); zet ze met 'groep' onder "
                f"kopjes, zodat een lezer de zijne vindt (meer dan {GROUPS_FROM} zonder kopjes kan niet)"
                + (f"; kopjes: {', '.join(known)}" if known else "; zet de kopjes in 'situatiegroepen'"))))
    return errors


def situations(tree: Tree) -> list[tuple[tuple[str, Answer], ...]]:
    """The situations a reader chooses between, each as its (question id, answer) steps from
    the start: an answer of the first question; or, where a first answer says who is answering
    (sets a perspective) and leads to a question, each answer of that question."""
    found: list[tuple[tuple[str, Answer], ...]] = []
    for first in tree.questions[tree.start].answers:
        then = tree.questions.get(first.target)
        if first.perspective and then is not None:
            found += [((tree.start, first), (then.id, second)) for second in then.answers]
        else:
            found.append(((tree.start, first),))
    return found
