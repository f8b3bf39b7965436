"""Content errors in the form `file:line: message`, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_SHOWN = 100  # more messages than this help nobody; the rest is counted in one last line


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    line: int
    message: str
    hidden: int = field(default=0, compare=False)  # > 0: the "en nog N fouten" line for N hidden errors

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentErrors(Exception):
    """Raised once with every problem found, so an editor can fix them in one go.

    At most MAX_SHOWN messages are kept; then one last line counts the others, at the place
    of the first one left out. Combining ContentErrors (one per file) keeps that count right.
    """

    def __init__(self, errors: list[ContentError]):
        self.errors = _capped(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _capped(errors: list[ContentError]) -> list[ContentError]:
    notes = [e for e in errors if e.hidden]
    real = sorted(set(e for e in errors if not e.hidden))
    hidden = sum(note.hidden for note in notes) + max(0, len(real) - MAX_SHOWN)
    if not hidden:
        return real
    first_left_out = real[MAX_SHOWN] if len(real) > MAX_SHOWN else min(notes)
    return real[:MAX_SHOWN] + [ContentError(first_left_out.file, first_left_out.line,
                                            f"en nog {hidden} fout(en) die hier niet staan; verbeter eerst "
                                            "de fouten hierboven en controleer dan opnieuw", hidden)]
