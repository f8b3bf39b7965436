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
from .tree import Answer, Question, Tree
from .yamlsource import Source, load

PERSPECTIVES = {"vt": "Vanuit Veilig Thuis", "partner": "Vanuit een strafrechtpartner"}


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    perspective: str  # "vt" or "partner"
    situation: str
    answers: tuple[str, ...]
    outcome: str
    must_cite: tuple[str, ...]
    discussion: tuple[str, ...]


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
                           c["uitkomst"], tuple(c["moet_noemen"]), tuple(c["bespreekpunten"])))
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
    if tree is None:
        return errors

    node_id, reminder_refs = tree.start, set()
    for step, answer_id in enumerate(case.answers, start=1):
        question = tree.questions.get(node_id)
        if question is None:
            return errors + [source.error(where + ("antwoorden", step - 1),
                                          f"casus '{case.id}', stap {step}: na stap {step - 1} is uitkomst "
                                          f"'{node_id}' al bereikt; antwoord '{answer_id}' en de antwoorden "
                                          "daarna zijn te veel")]
        answer = next((a for a in question.answers if a.id == answer_id), None)
        if answer is None:
            ids = [a.id for a in question.answers]
            message = (f"casus '{case.id}', stap {step}: vraag '{question.id}' (\u2018{question.text}\u2019) "
                       f"heeft geen antwoord '{answer_id}'; kies uit: {', '.join(ids)}")
            close = difflib.get_close_matches(answer_id, ids, n=1)
            if close:
                message += f". Bedoelt u '{close[0]}'?"
            return errors + [source.error(where + ("antwoorden", step - 1), message)]
        reminder_refs.update(ref for reminder in answer.reminders for ref in reminder.citations)
        node_id = answer.target

    if node_id in tree.questions:
        question = tree.questions[node_id]
        return errors + [source.error(where + ("antwoorden", len(case.answers) - 1),
                                      f"casus '{case.id}': de antwoorden stoppen bij vraag '{node_id}' "
                                      f"(\u2018{question.text}\u2019); geef ook daar een antwoord "
                                      f"(kies uit: {', '.join(a.id for a in question.answers)})")]
    if case.outcome not in tree.outcomes:
        return errors + [source.error(where + ("uitkomst",),
                                      f"casus '{case.id}': uitkomst '{case.outcome}' bestaat niet in de "
                                      f"beslisboom; de antwoorden komen uit bij '{node_id}'")]
    if node_id != case.outcome:
        return errors + [source.error(where + ("uitkomst",),
                                      f"casus '{case.id}' komt uit bij uitkomst '{node_id}', niet bij "
                                      f"'{case.outcome}'")]
    cited = set(tree.outcomes[node_id].citations) | reminder_refs
    for j, ref in known_refs:
        if ref not in cited:
            errors.append(source.error(where + ("moet_noemen", j),
                                       f"casus '{case.id}': bron '{ref}' staat niet bij uitkomst '{node_id}' "
                                       "en niet bij een 'let op' op het pad"))
    return errors
