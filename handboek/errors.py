"""Content errors in the form `file:line: message`, collected and reported together."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters a terminal or a page would act on or hide: control and format characters,
# line and paragraph separators, surrogates.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def visible(text: str) -> str:
    """`text` on one line, with every control or invisible character written as `\\uXXXX`."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _INVISIBLE or _is_noncharacter(c) else c
                   for c in text)


def _is_noncharacter(c: str) -> bool:
    code = ord(c)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        # Shown in a terminal and on the error page: one line, nothing the terminal acts on.
        return f"{visible(self.file)}:{self.line}: {visible(self.message)}"


class ContentErrors(Exception):
    """Raised once with every problem found, so an editor can fix them in one go."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))
