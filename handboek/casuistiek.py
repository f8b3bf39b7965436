"""Casuïstiek: realistic cases with the answers a professional would give, the outcome
they must reach and the rule points the advice must cite.

The cases are the tree's acceptance tests (checked on every build, so a case that no
longer fits fails the build like any content error) and the trainers' exercises (the
page /oefencasussen/).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import ContentError, ContentErrors
from .rules import Rulebook
from .tree import PERSPECTIVE_NAMES, Answer, Question, Tree
from .yamlsource import Source, load

PERSPECTIVES = {"vt": "Vanuit Veilig Thuis", "partner": "Vanuit een strafrechtpartner",
                "anders": "Vanuit een andere organisatie"}


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    perspective: str  # "vt", "partner" or "anders" (neither: the tree sets no perspective)
    situation: str
    answers: tuple[str, ...]
    outcome: str
    must_cite: tuple[str, ...]
    discussion: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...] = ()  # `ook_goed`: other routes to the same outcome
    deciding: str | None = None  # `beslissend`: the rule point the first advice step must cite


def route(tree: Tree, answers: tuple[str, ...]) -> list[tuple[Question, Answer]]:
    """The questions and answers of a checked case, in order."""
    steps, node_id = [], tree.start
    for answer_id in answers:
        question = tree.questions[node_id]
        answer = next(a for a in question.answers if a.id == answer_id)
        steps.append((question, answer))
        node_id = answer.target
    return steps


def load_cases(path: Path, schema_path: Path, tree: Tree | None, rulebook: Rulebook | None,
               display_name: str | None = None) -> tuple[Case, ...]:
    """Load and check; `tree` or `rulebook` None means that file failed (those checks are skipped)."""
    source = load(path, display_name)
    errors = schema.validate(source, schema_path)
    valid = _valid_items(source, errors)
    cases = tuple((i, Case(c["id"], c["titel"], c["perspectief"], c["situatie"], tuple(c["antwoorden"]),
                           c["uitkomst"], tuple(c["moet_noemen"]), tuple(c["bespreekpunten"]),
                           tuple(tuple(r) for r in c.get("ook_goed", ())), c.get("beslissend")))
                  for i, c in valid)
    seen: set[str] = set()
    for i, case in cases:
        if case.id in seen:
            errors.append(source.error(("casussen", i, "id"), f"casus-id '{case.id}' wordt al gebruikt"))
        seen.add(case.id)
        errors += _check_case(source, i, case, tree, rulebook)
    if errors:
        raise ContentErrors(errors)
    return tuple(case for _, case in cases)


def _valid_items(source: Source, schema_errors: list[ContentError]) -> list[tuple[int, dict]]:
    """(index, case) for every case without a schema error, so that one mistake in one case
    does not hide the mistakes in the others: an editor sees them all in one check."""
    items = source.data.get("casussen") if isinstance(source.data, dict) else None
    if not isinstance(items, list):
        return []
    if not schema_errors:
        return list(enumerate(items))
    starts = [source.line(("casussen", i)) for i in range(len(items))]
    ends = starts[1:] + [float("inf")]
    bad_lines = {e.line for e in schema_errors}
    valid = []
    for i, item in enumerate(items):
        broken = any(starts[i] <= line < ends[i] for line in bad_lines)
        if isinstance(item, dict) and not broken:
            valid.append((i, item))
    return valid


def _check_case(source: Source, i: int, case: Case, tree: Tree | None,
                rulebook: Rulebook | None) -> list[ContentError]:
    errors = []
    where = ("casussen", i)
    known_refs = []
    for j, ref in enumerate(case.must_cite):
        if rulebook is not None and rulebook.citation(ref) is None:
            errors.append(source.error(where + ("moet_noemen", j),
                                       f"casus '{case.id}' noemt bron '{ref}', maar die bestaat niet in "
                                       "vuistregels.yaml"))
        else:
            known_refs.append((j, ref))
    deciding_known = case.deciding is not None
    if deciding_known and rulebook is not None and rulebook.citation(case.deciding) is None:
        deciding_known = False
        errors.append(source.error(where + ("beslissend",),
                                   f"casus '{case.id}': het beslissende punt '{case.deciding}' bestaat niet in "
                                   "vuistregels.yaml"))
    distinct = []  # (index, route) of the alternative routes that repeat no other route
    for k, alternative in enumerate(case.alternatives):
        if alternative == case.answers:
            same = "'antwoorden'"
        elif alternative in case.alternatives[:k]:
            same = f"alternatieve route {case.alternatives.index(alternative) + 1}"
        else:
            distinct.append((k, alternative))
            continue
        errors.append(source.error(where + ("ook_goed", k), f"casus '{case.id}': alternatieve route {k + 1} "
                                                            f"(ook_goed) is dezelfde als {same}; haal hem weg"))
    if tree is None:
        return errors

    for k, alternative in distinct:
        name = f"alternatieve route {k + 1} (ook_goed)"
        walk_errors, node_id, _, _ = _walk(source, where + ("ook_goed", k), case, alternative, tree, name)
        errors += walk_errors
        if walk_errors or node_id == case.outcome:
            continue
        errors.append(source.error(where + ("ook_goed", k),
                                   f"casus '{case.id}': {name} komt uit bij '{node_id}', niet bij "
                                   f"'{case.outcome}'"))

    walk_errors, node_id, reminder_refs, perspective = _walk(source, where + ("antwoorden",), case, case.answers,
                                                             tree, None)
    if walk_errors:
        return errors + walk_errors
    if case.outcome not in tree.outcomes:
        return errors + [source.error(where + ("uitkomst",),
                                      f"casus '{case.id}': uitkomst '{case.outcome}' bestaat niet in de "
                                      f"beslisboom; de antwoorden komen uit bij '{node_id}'")]
    if node_id != case.outcome:
        return errors + [source.error(where + ("uitkomst",),
                                      f"casus '{case.id}' komt uit bij uitkomst '{node_id}', niet bij "
                                      f"'{case.outcome}'")]
    outcome = tree.outcomes[node_id]
    text = outcome.part(perspective or case.perspective)
    if text is None:  # the tree check reports an outcome without a part for a perspective that reaches it
        return errors
    seen_by = f" (het deel voor_{case.perspective})" if outcome.parts else ""
    cited = set(reminder_refs) | {ref for step in text.advice for ref in step.citations}
    if not outcome.parts:
        cited |= set(outcome.citations)
    for j, ref in known_refs:
        if ref not in cited:
            errors.append(source.error(where + ("moet_noemen", j),
                                       f"casus '{case.id}': bron '{ref}' staat niet bij uitkomst '{node_id}'"
                                       f"{seen_by} en niet bij een 'let op' op het pad"))
    if deciding_known and case.deciding not in text.advice[0].citations:
        first = text.advice[0].citations
        says = f"noemt {', '.join(first)}" if first else "noemt geen punt (het is eigen advies)"
        errors.append(source.error(where + ("beslissend",),
                                   f"casus '{case.id}': het beslissende punt '{case.deciding}' moet bij de eerste "
                                   f"stap van het advies staan, want wat de casus beslist, komt eerst. De eerste stap "
                                   f"van uitkomst '{node_id}'{seen_by} {says}. Zet '{case.deciding}' in de 'bronnen' "
                                   "van die stap, of kies als beslissend punt een punt dat die stap noemt"))
    return errors


def _walk(source: Source, where: tuple, case: Case, answers: tuple[str, ...], tree: Tree,
          name: str | None) -> tuple[list[ContentError], str, set[str], str | None]:
    """Walk one route of a case from the start: (errors, where it ends, the rule points of the
    reminders on the way, the perspective the route sets or None). `name` names an
    alternative route in the messages; None is the case's own `antwoorden`."""
    label = f"casus '{case.id}'" + (f", {name}" if name else "")
    node_id, reminder_refs, perspective, set_at = tree.start, set(), None, 0
    for step, answer_id in enumerate(answers, start=1):
        question = tree.questions.get(node_id)
        if question is None:
            return [source.error(where + (step - 1,),
                                 f"{label}, stap {step}: na stap {step - 1} is uitkomst '{node_id}' al bereikt; "
                                 f"antwoord '{answer_id}' en de antwoorden daarna zijn te veel")], node_id, set(), None
        answer = next((a for a in question.answers if a.id == answer_id), None)
        if answer is None:
            ids = [a.id for a in question.answers]
            message = (f"{label}, stap {step}: vraag '{question.id}' (\u2018{question.text}\u2019) "
                       f"heeft geen antwoord '{answer_id}'; kies uit: {', '.join(ids)}")
            close = difflib.get_close_matches(answer_id, ids, n=1)
            if close:
                message += f". Bedoelt u '{close[0]}'?"
            return [source.error(where + (step - 1,), message)], node_id, set(), None
        reminder_refs.update(ref for reminder in answer.reminders for ref in reminder.citations)
        if answer.perspective:
            perspective, set_at = answer.perspective, step
        node_id = answer.target

    if node_id in tree.questions:
        question = tree.questions[node_id]
        return [source.error(where + (len(answers) - 1,),
                             f"{label}: de antwoorden stoppen bij vraag '{node_id}' (\u2018{question.text}\u2019); "
                             f"geef ook daar een antwoord (kies uit: {', '.join(a.id for a in question.answers)})"
                             )], node_id, set(), None
    if perspective is not None and perspective != case.perspective:
        return [source.error(where + (set_at - 1,),
                             f"{label}, stap {set_at}: antwoord '{answers[set_at - 1]}' zet het perspectief op "
                             f"'{perspective}' ({PERSPECTIVE_NAMES[perspective]}), maar de casus heeft perspectief "
                             f"'{case.perspective}'; pas 'perspectief' of de antwoorden aan")], node_id, set(), None
    return [], node_id, reminder_refs, perspective
