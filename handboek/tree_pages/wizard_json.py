"""/beslisboom/beslisboom.json: the single input of the wizard (docs/assets/wizard.js)."""

from __future__ import annotations

import hashlib
import json

from .. import flowchart
from ..markdown import plain
from ..tree import Advice, Answer, Outcome, Part
from .context import TreeContext


class WizardJson:
    def __init__(self, context: TreeContext, earlier: tuple[str, ...] = (), regional: dict | None = None):
        self.context = context
        self.earlier = earlier  # the frozen editions' versions, oldest first: /beslisboom/edities/<versie>.json
        self.regional = regional  # the local layer for the wizard and verslag, or None

    def cite(self, ref: str) -> dict:
        c = self.context.book.citation(ref)
        return {"ref": ref, "label": c.label, "url": c.url, "tekst": plain(c.text)}

    def advice(self, step: Advice) -> dict | str:
        """An advice step; a plain text in a frozen edition from before provenance, so that
        its compiled content (and content hash) stays what it was."""
        if not step.citations and not step.own:
            return step.text
        out = {"tekst": step.text, "bronnen": [self.cite(ref) for ref in step.citations], "eigen_advies": step.own}
        if step.condition:
            out["als"] = step.condition
        if step.group:
            out["groep"] = step.group
        return out

    def payload(self) -> dict:
        """The content, without hash or charts."""
        c, tree, cite = self.context, self.context.tree, self.cite
        return {
            "versie": tree.version,
            "titel": tree.title,
            "start": tree.start,
            "disclaimer": tree.disclaimer,
            **({"situatiegroepen": [{"id": group, "kop": heading} for group, heading in tree.groups]}
               if tree.groups else {}),
            "vragen": {q.id: {"nummer": c.number[q.id], "vraag": q.text, "toelichting": q.explanation,
                              "bronnen": [cite(r) for r in q.citations],
                              "antwoorden": [self.answer(a) for a in q.answers]}
                       for q in tree.questions.values()},
            "uitkomsten": {o.id: self.outcome(o) for o in tree.outcomes.values()},
        }

    # A key that an earlier edition did not have is left out where it is not used, so that a
    # frozen edition compiles to the content (and content hash) it was published with.

    def answer(self, a: Answer) -> dict:
        out = {"id": a.id, "tekst": a.text, "naar": a.target, "kort": a.short,
               "let_op": [{"tekst": r.text, "bronnen": [self.cite(ref) for ref in r.citations],
                           "verslagvraag": r.record_question} for r in a.reminders]}
        if a.perspective:
            out["perspectief"] = a.perspective
        return out

    def outcome(self, o: Outcome) -> dict:
        """The outcome; its one advice and why, or instead its parts per perspective
        (`voor_vt`: {advies, waarom}); the wizard shows the part of the path's perspective."""
        out = {"letter": self.context.letter[o.id], "titel": o.title}
        if o.parts:
            out.update({f"voor_{perspective}": {"advies": [self.advice(step) for step in part.advice],
                                                "waarom": part.why,
                                                "bronnen": [self.cite(r) for r in part_citations(o, part)]}
                        for perspective, part in o.parts})
        else:
            out.update({"advies": [self.advice(step) for step in o.advice], "waarom": o.why})
        out["bronnen"] = [self.cite(r) for r in o.citations]
        return out

    def json(self, charts: dict[str, str] | None = None) -> str:
        payload = self.payload()
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        payload["inhoudshash"] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
        # the section charts for the wizard's route, links relative to /beslisboom/ (outside the hash:
        # the drawing may change with Graphviz, the content does not)
        payload["schemas"] = {section_id: svg.replace('xlink:href="../', 'xlink:href="')
                              for section_id, svg in (charts or {}).items() if section_id != flowchart.WHOLE_TREE}
        # the earlier editions the wizard can open an old link or answer code with (outside the
        # hash: which editions are kept is not the content of this one)
        if self.earlier:
            payload["uitgaven"] = list(self.earlier)
        # the local layer (outside the hash: it is not the national content)
        if self.regional:
            payload["lokaal"] = self.regional
        # compact on purpose: the indented form needs Python's slow encoder and is never read
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def part_citations(outcome: Outcome, part: Part) -> list[str]:
    """The points one perspective's advice cites, in the order of the outcome's `bronnen`: the
    wizard quotes these, not the other perspective's points."""
    cited = {ref for step in part.advice for ref in step.citations}
    return [ref for ref in outcome.citations if ref in cited]
