"""Content errors in the form `file:line: message`, collected and reported together."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

MAX_SHOWN = 100  # more messages than this help nobody; the rest is counted in one last line

# Characters a terminal or a page would act on or hide: control and format characters,
# line and paragraph separators, surrogates.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def visible(text: str) -> str:
    """`text` on one line, with every control or invisible character written as `\\uXXXX`."""
    return "".join(_code(c) if unicodedata.category(c) in _INVISIBLE or _is_noncharacter(c) else c for c in text)


def _code(c: str) -> str:
    """A character as Python writes it: \\u plus 4 hex digits, or \\U plus 8 beyond U+FFFF."""
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def _is_noncharacter(c: str) -> bool:
    code = ord(c)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    line: int
    message: str
    # not 0: the line that stands for hidden errors: N of them, or -1 for "some, not counted"
    hidden: int = field(default=0, compare=False)
    # lines shown under the message, indented (a short diff): each on its own line, made visible
    detail: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        # Shown in a terminal and on the error page: nothing the terminal acts on, and every line
        # but the first indented, so no text can pose as another `file:line:` message.
        head = f"{visible(self.file)}:{self.line}: {visible(self.message)}"
        return "".join([head, *(f"\n    {visible(line)}" for line in self.detail)])


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
    known = sum(note.hidden for note in notes if note.hidden > 0) + max(0, len(real) - MAX_SHOWN)
    counted = all(note.hidden > 0 for note in notes)
    if not notes and not known:
        return real
    first_left_out = real[MAX_SHOWN] if len(real) > MAX_SHOWN else min(notes)
    how_many = (f"en nog {known} fout(en)" if counted else
                f"en nog meer dan {known} fouten" if known else "en nog meer fouten")
    return real[:MAX_SHOWN] + [ContentError(first_left_out.file, first_left_out.line,
                                            f"{how_many} die hier niet staan; verbeter eerst de fouten "
                                            "hierboven en controleer dan opnieuw", known if counted else -1)]


def more_errors(file: str, line: int) -> ContentError:
    """Stands for errors that were not looked for: a check stopped after MAX_SHOWN of them."""
    return ContentError(file, line, "", hidden=-1)
