"""Load YAML into plain Python data while remembering the line of every value.

We build the data straight from libyaml's event stream (much faster than composing
node objects), recording each value's path (tuple of keys and indexes) and line.
Duplicate keys are errors here, where PyYAML would silently keep the last one.

Content files are plain data typed by editors, so everything YAML offers beyond that is
refused with the line where it stands: tags (`!!python/name:…`), anchors and aliases
(`&a`, `*a`: this also makes an "alias bomb" impossible), merge keys (`<<`), control
characters (raw or written as escapes like "\\e"), line breaks that editors do not count
(U+2028, U+2029, U+0085, a lone CR), bytes that are not UTF-8, a second YAML document, and
keys that are not plain one-line text. Values are read the way an editor means them
(YAML 1.2 core): only `true`/`false` are booleans, only plain decimal digits are integers;
`yes`, `010`, `0x1F`, `1:30` or `2026-01-01` stay the text that was written. Size, number of
values and nesting are bounded, so a hostile file is refused in well under a second.
Every message is Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import bisect
import re

import yaml

from .errors import MAX_SHOWN, ContentError, ContentErrors, more_errors

Path_ = tuple  # a path into the data: keys and list indexes
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
MAX_BYTES = 2 * 1024 * 1024  # beslisboom.yaml, the largest content file, is about 370 kB
MAX_VALUES = 50_000      # keys, texts, numbers, lists and mappings per file (beslisboom.yaml: ~9,500)
MAX_DEPTH = 20           # lists and mappings inside each other (now at most 8)
MAX_KEY = 100            # characters in a key
# Characters refused in a value or key, raw or written as an escape: the C0 and C1 controls
# (also NEL, U+0085) except tab and newline, DEL, U+2028/U+2029 (PyYAML counts them as line
# breaks, editors do not), surrogates, non-characters (U+FDD0-U+FDEF and U+xFFFE/U+xFFFF in
# every plane), every invisible formatting character (Unicode category Cf: zero-width,
# bidi and tag characters, the soft hyphen) and every other "default ignorable" character:
# they hide or reorder text under review.
_FORMAT = (r"\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
           r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
           r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
           # and the rest of Unicode's "default ignorable" characters, which show as nothing:
           # a joiner, fillers, variation selectors (the usual way to hide text), reserved ones
           r"\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8")
_NONCHAR = r"\ufdd0-\ufdef" + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17))
_OTHER = rf"\x7f-\x9f\u2028\u2029\ud800-\udfff{_FORMAT}{_NONCHAR}"
_BAD_CHAR = re.compile(rf"[\x00-\x08\x0b-\x1f{_OTHER}]")
# In the file itself a CR is allowed only as part of a Windows line end (CR LF).
_BAD_RAW = re.compile(rf"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER}]")
# YAML 1.2 core schema for plain scalars: what an editor reads as a number or true/false.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,14})")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]{0,14})\.[0-9]{1,15}")
_PLAIN = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
          "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_TAB_INDENT = re.compile(r"^ *\t", re.M)
# PyYAML's reasons (English) in words an editor can act on; the first match wins.
_REASONS = [
    ("mapping values are not allowed", "hier mag geen dubbele punt staan; zet tekst met ': ' erin tussen "
                                       "aanhalingstekens, of controleer de inspringing"),
    ("'\t' that cannot start any token", "een tab is hier niet toegestaan; spring in met spaties"),
    ("that cannot start any token", "dit teken mag hier niet aan het begin staan; zet de tekst tussen "
                                    "aanhalingstekens"),
    ("could not find expected ':'", "hier ontbreekt een dubbele punt na de naam van een veld"),
    ("end of stream", "het bestand houdt onverwacht op; ontbreekt er een aanhalingsteken of haakje?"),
    ("unknown escape character", "onbekende code na een backslash (\\) in tekst tussen dubbele aanhalingstekens"),
    ("expected alphabetic or numeric character", "ongeldige naam na & of *"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("expected ',' or ']'", "hier wordt een komma of ] verwacht"),
    ("expected ',' or '}'", "hier wordt een komma of } verwacht"),
    ("expected '-' indicator", "de inspringing klopt niet: hier wordt een nieuw lijstonderdeel (-) verwacht"),
    ("expected a comment or a line break", "na deze tekst mag op dezelfde regel niets meer staan"),
    ("expected the node content", "hier ontbreekt een waarde"),
    ("found unexpected ':'", "onverwachte dubbele punt; zet de tekst tussen aanhalingstekens"),
    ("found a tab character", "een tab is hier niet toegestaan; gebruik spaties"),
    ("but found another document", "een bestand mag maar één YAML-document bevatten (verwijder '---')"),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet gesloten"),
    ("while scanning a block scalar", "de tekst na | of > klopt niet"),
]


@dataclass
class Source:
    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """Line of the value at `path`, or of its nearest existing parent."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: Path_, message: str) -> ContentError:
        return ContentError(self.file, self.line(path), message)


def load(path: Path | str, display_name: str | None = None) -> Source:
    """Parse one YAML file; raise ContentErrors on syntax errors or duplicate keys."""
    name = display_name or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ContentErrors([ContentError(name, 1, _os_reason(exc))]) from None
    return loads(raw, name)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "het bestand ontbreekt"
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, PermissionError):
        return "u hebt geen toegang tot dit bestand"
    return "het bestand is niet te lezen"


def decode(raw: bytes, name: str) -> str:
    """Strict UTF-8 with the line of the first bad byte; no control characters."""
    if len(raw) > MAX_BYTES:
        raise ContentErrors([ContentError(name, 1, f"het bestand is te groot: {len(raw) // 1024} kB, de grens is "
                                          f"{MAX_BYTES // 1024} kB; splits het of haal tekst weg")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ContentErrors([ContentError(name, line, f"byte 0x{raw[exc.start]:02X} is geen UTF-8; "
                                          "sla het bestand op als UTF-8")]) from None
    line_of = _line_finder(text)
    errors = (_scan(_BAD_RAW, text, name, line_of, char_reason)
              + _scan(_TAB_INDENT, text, name, line_of, lambda _: "deze regel springt in met een tab; gebruik spaties"))
    if errors:
        raise ContentErrors(errors)
    return text


def _scan(pattern: re.Pattern, text: str, name: str, line_of, reason) -> list[ContentError]:
    """One error per line and character found; after MAX_SHOWN of them the search stops."""
    errors: list[ContentError] = []
    match = pattern.search(text)
    while match:
        end = text.find("\n", match.start()) + 1 or len(text)  # the rest of this line, with its LF
        line = line_of(match.start())
        for char in sorted(set(pattern.findall(text, match.start(), end))):
            errors.append(ContentError(name, line, reason(char)))
        if len(errors) >= MAX_SHOWN:
            return errors + ([more_errors(name, line + 1)] if pattern.search(text, end) else [])
        match = pattern.search(text, end)
    return errors


def _line_finder(text: str):
    """offset -> line (1-based), counting only LF as editors do; fast for many lookups."""
    starts = [match.start() for match in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_left(starts, offset) + 1


def char_reason(char: str, escaped: bool = False) -> str:
    """Why a character is refused, naming its code point (never the character itself)."""
    code = f"U+{ord(char):04X}"
    how = " (geschreven als code met een backslash)" if escaped else ""
    if char in "\u2028\u2029\x85\r":
        return (f"regeleinde {code}{how} dat editors niet als nieuwe regel tonen; haal het weg of "
                "begin een gewone nieuwe regel")
    return f"onzichtbaar stuurteken {code}{how}; haal het weg"


def shown(text: str, limit: int = 40) -> str:
    """A key or value as it may appear in a message: short. (Every message is printed through
    errors.visible(), which writes invisible characters and line breaks as codes.)"""
    return text if len(text) <= limit else text[:limit] + "…"


def loads(text: str | bytes, name: str) -> Source:
    if isinstance(text, bytes):
        text = decode(text, name)
    else:
        decode(text.encode("utf-8", "surrogatepass"), name)
    source = Source(name, None)
    errors: list[ContentError] = []
    builder = _EventBuilder(source, errors)
    try:
        source.data = builder.run(yaml.parse(text, Loader=_LOADER))
    except _Stop as stop:
        raise ContentErrors(errors + [ContentError(name, stop.line, stop.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentErrors(errors + [_syntax_error(exc, name, builder.last_scalar)]) from None
    except (yaml.YAMLError, ValueError, RecursionError):  # never a traceback for an editor
        raise ContentErrors(errors + [ContentError(name, 1, "YAML-fout: het bestand is niet te lezen")]) from None
    if errors:
        raise ContentErrors(errors)
    return source


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, last_scalar) -> ContentError:
    """The line where the editor must look: for an unclosed quote the line where it opens."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark:
        return ContentError(name, exc.context_mark.line + 1,
                            "YAML-fout: het aanhalingsteken op deze regel wordt niet gesloten")
    if (last_scalar is not None and last_scalar.style in ("'", '"')
            and last_scalar.start_mark.line != last_scalar.end_mark.line
            and last_scalar.end_mark.line + 1 == line):
        # a quote that was not closed runs on until the next quote, and the error shows there
        return ContentError(name, last_scalar.start_mark.line + 1,
                            "YAML-fout: het aanhalingsteken op deze regel wordt pas op regel "
                            f"{last_scalar.end_mark.line + 1} gesloten; ontbreekt er een aanhalingsteken?")
    message = f"YAML-fout: {_dutch(exc)}"
    if exc.context_mark and exc.context_mark.line + 1 != line:
        message += f" (het probleem begint op regel {exc.context_mark.line + 1})"
    return ContentError(name, line, message)


class _Stop(Exception):
    """A limit was passed: reading this file stops here, with one message."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _dutch(exc: yaml.MarkedYAMLError) -> str:
    english = f"{exc.context or ''} {exc.problem or ''}"
    if getattr(exc, "dutch", None):
        return exc.dutch
    for needle, reason in _REASONS:
        if needle in english:
            return reason
    return "de YAML is hier niet te lezen; controleer inspringing, dubbele punten en aanhalingstekens"


class _EventBuilder:
    """Builds dicts, lists and scalars from parser events, recording lines and duplicate keys."""

    def __init__(self, source: Source, errors: list[ContentError]):
        self.source = source
        self.errors = errors
        self.resolver = yaml.resolver.Resolver()  # YAML 1.1: only to spot keys that look like non-text
        self.values = 0
        self.documents = 0
        self.last_scalar = None

    def run(self, events):
        # stack entries: [container, path, pending mapping key or _NO_KEY]
        stack: list[list] = []
        result = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _Stop(event.start_mark.line + 1, "een bestand mag maar één YAML-document bevatten; "
                                "haal '---' en alles daarna weg, of zet het in de eerste lijst")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value = stack.pop()[0]
                if not stack:
                    result = value
                continue
            self.count(event, len(stack))
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                self.key(event, stack[-1])
                continue
            path = self.child_path(stack)
            line = event.start_mark.line + 1
            self.refuse_extras(event, line)
            if isinstance(event, yaml.ScalarEvent):
                line += event.style in ("|", ">")  # a block text starts below its indicator
                value = self.scalar(event, line)
            elif isinstance(event, yaml.AliasEvent):
                value = None
            else:
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.source.lines.setdefault(path, line)
            if stack:
                self.store(stack[-1], value)
            if isinstance(value, (dict, list)) and isinstance(event, yaml.CollectionStartEvent):
                stack.append([value, path, _NO_KEY])
            elif not stack:
                result = value
        return result

    def count(self, event, depth: int) -> None:
        """Stop early on a file that is too big to be content: too many values, or too deep."""
        self.values += 1
        line = event.start_mark.line + 1
        if self.values > MAX_VALUES:
            raise _Stop(line, f"te veel waarden in één bestand: meer dan {MAX_VALUES}; het lezen stopt hier")
        if isinstance(event, yaml.CollectionStartEvent) and depth >= MAX_DEPTH:
            raise _Stop(line, f"te diep genest: meer dan {MAX_DEPTH} lijsten of velden in elkaar; "
                              "het lezen stopt hier")

    def refuse_extras(self, event, line: int) -> None:
        """Tags, anchors and aliases: reported at their own line (the value is dropped)."""
        if isinstance(event, yaml.AliasEvent):
            self.error(line, f"verwijzing '*{shown(event.anchor)}' is niet toegestaan; schrijf de tekst zelf uit")
            return
        if getattr(event, "anchor", None):
            self.error(line, f"anker '&{shown(event.anchor)}' is niet toegestaan; schrijf de tekst zelf uit")
        if getattr(event, "tag", None) not in (None, "!"):
            self.error(line, f"YAML-tag '{shown(_short(event.tag))}' is niet toegestaan; schrijf gewone tekst")

    def error(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.source.file, line, message))

    def key(self, event, frame) -> None:
        line = event.start_mark.line + 1
        if not isinstance(event, yaml.ScalarEvent):
            exc = yaml.MarkedYAMLError(problem="complex key", problem_mark=event.start_mark)
            exc.dutch = "de naam van een veld moet een gewone tekst zijn"
            raise exc
        self.refuse_extras(event, line)
        self.refuse_characters(event.value, line)
        reason = self.key_reason(event)
        key = event.value
        container, path, _ = frame
        if reason:
            self.error(line, reason)
            frame[2] = _Dropped(key)
        elif key in container:
            self.error(line, f"dubbele sleutel '{shown(key)}'")
            frame[2] = _Dropped(key)
        else:
            frame[2] = key
            self.source.lines[path + (key,)] = line  # editors look for the key's line

    def key_reason(self, event) -> str | None:
        """Why a key is not a plain one-line name, or None if it is."""
        value = event.value
        if event.value == "<<" and event.implicit[0]:
            return "samenvoegen met '<<' is niet toegestaan; schrijf de velden zelf uit"
        looks = self.resolver.resolve(yaml.ScalarNode, value, event.implicit) if event.implicit[0] else _STR
        if looks != _STR or value == "":
            return (f"de naam van een veld moet een gewone tekst zijn, geen leeg veld, getal, datum of "
                    f"true/false: '{shown(value)}'")
        if "\n" in value or event.start_mark.line != event.end_mark.line:
            return "de naam van een veld moet op één regel staan"
        if len(value) > MAX_KEY:
            return f"de naam van een veld is te lang: {len(value)} tekens, de grens is {MAX_KEY}"
        return None

    def refuse_characters(self, text: str, line: int) -> None:
        """Control characters that reached a value through an escape like "\\e" (raw ones are refused earlier)."""
        for char in sorted(set(_BAD_CHAR.findall(text))):
            self.error(line, char_reason(char, escaped=True))

    @staticmethod
    def child_path(stack) -> Path_:
        if not stack:
            return ()
        container, path, key = stack[-1]
        return path + ((len(container),) if isinstance(container, list) else (key,))

    @staticmethod
    def store(frame, value) -> None:
        container, _, key = frame
        if isinstance(container, list):
            container.append(value)
        else:
            if not isinstance(key, _Dropped):
                container[key] = value
            frame[2] = _NO_KEY

    def scalar(self, event: yaml.ScalarEvent, line: int):
        """The value as an editor means it: YAML 1.2 core types for plain scalars, else text."""
        self.last_scalar = event
        self.refuse_characters(event.value, line)
        value = event.value
        if event.tag not in (None, "!") or not event.implicit[0]:
            return value  # quoted, block text, or a refused tag: text as written
        if value in _PLAIN:
            return _PLAIN[value]
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        return value


_NO_KEY = object()  # a mapping waiting for its next key (None is a key value, so it cannot mark this)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Dropped(str):
    """A repeated or refused mapping key: its value is parsed (to find more errors) but dropped."""
