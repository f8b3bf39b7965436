"""Load YAML into plain Python data while remembering the line of every value.

We build the data straight from libyaml's event stream (much faster than composing
node objects), recording each value's path (tuple of keys and indexes) and line.
Duplicate keys are errors here, where PyYAML would silently keep the last one.

Content files are plain data typed by editors, so everything YAML offers beyond that is
refused with the line where it stands: tags (`!!python/name:…`), anchors and aliases
(`&a`, `*a`: this also makes an "alias bomb" impossible), merge keys (`<<`), control
characters and bytes that are not UTF-8. Every message is Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import re

import yaml

from .errors import ContentError, ContentErrors

Path_ = tuple  # a path into the data: keys and list indexes
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
# What YAML allows in a file (PyYAML's reader rejects the rest, without a usable message).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
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
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ContentErrors([ContentError(name, line, f"byte 0x{raw[exc.start]:02X} is geen UTF-8; "
                                          "sla het bestand op als UTF-8")]) from None
    errors = []
    for match in _NOT_PRINTABLE.finditer(text):
        errors.append(ContentError(name, text.count("\n", 0, match.start()) + 1,
                                   f"onzichtbaar stuurteken U+{ord(match[0]):04X}; haal het weg"))
    for match in _TAB_INDENT.finditer(text):
        errors.append(ContentError(name, text.count("\n", 0, match.start()) + 1,
                                   "deze regel springt in met een tab; gebruik spaties"))
    if errors:
        raise ContentErrors(errors)
    return text


def loads(text: str | bytes, name: str) -> Source:
    if isinstance(text, bytes):
        text = decode(text, name)
    else:
        decode(text.encode("utf-8", "surrogatepass"), name)
    source = Source(name, None)
    errors: list[ContentError] = []
    try:
        source.data = _EventBuilder(source, errors).run(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML-fout: {_dutch(exc)}"
        if exc.context_mark and exc.context_mark.line + 1 != line:
            message += f" (het probleem begint op regel {exc.context_mark.line + 1})"
        raise ContentErrors(errors + [ContentError(name, line, message)]) from None
    except (yaml.YAMLError, ValueError, RecursionError):  # never a traceback for an editor
        raise ContentErrors(errors + [ContentError(name, 1, "YAML-fout: het bestand is niet te lezen")]) from None
    if errors:
        raise ContentErrors(errors)
    return source


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
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()  # ints, bools, nulls, …

    def run(self, events):
        # stack entries: [container, path, pending mapping key or None]
        stack: list[list] = []
        result = None
        for event in events:
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                                  yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value = stack.pop()[0]
                if not stack:
                    result = value
                continue
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                self.key(event, stack[-1])
                continue
            path = self.child_path(stack)
            line = event.start_mark.line + 1
            self.refuse_extras(event, line)
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
                line += event.style in ("|", ">")  # a block text starts below its indicator
            elif isinstance(event, yaml.AliasEvent):
                value = None
            else:
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.source.lines.setdefault(path, line)
            if stack:
                self.store(stack[-1], value)
            if isinstance(value, (dict, list)) and isinstance(event, yaml.CollectionStartEvent):
                stack.append([value, path, None])
            elif not stack:
                result = value
        return result

    def refuse_extras(self, event, line: int) -> None:
        """Tags, anchors and aliases: reported at their own line (the value is dropped)."""
        if isinstance(event, yaml.AliasEvent):
            self.error(line, f"verwijzing '*{event.anchor}' is niet toegestaan; schrijf de tekst zelf uit")
            return
        if getattr(event, "anchor", None):
            self.error(line, f"anker '&{event.anchor}' is niet toegestaan; schrijf de tekst zelf uit")
        if getattr(event, "tag", None) not in (None, "!"):
            self.error(line, f"YAML-tag '{_short(event.tag)}' is niet toegestaan; schrijf gewone tekst")

    def error(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.source.file, line, message))

    def key(self, event, frame) -> None:
        line = event.start_mark.line + 1
        if not isinstance(event, yaml.ScalarEvent):
            exc = yaml.MarkedYAMLError(problem="complex key", problem_mark=event.start_mark)
            exc.dutch = "de naam van een veld moet een gewone tekst zijn"
            raise exc
        self.refuse_extras(event, line)
        if event.value == "<<" and event.implicit[0]:
            self.error(line, "samenvoegen met '<<' is niet toegestaan; schrijf de velden zelf uit")
        key = self.scalar(event)
        if not isinstance(key, (str, int, float, bool, type(None))):
            key = event.value
        container, path, _ = frame
        if key in container:
            self.errors.append(ContentError(self.source.file, line, f"dubbele sleutel '{key}'"))
            frame[2] = _Duplicate(key)
            return
        frame[2] = key
        self.source.lines[path + (key,)] = line  # editors look for the key's line

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
            if not isinstance(key, _Duplicate):
                container[key] = value
            frame[2] = None

    def scalar(self, event: yaml.ScalarEvent):
        if event.tag not in (None, "!"):
            return event.value  # refused above; keep the text to find more errors
        tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        try:
            return self.constructor.construct_object(yaml.ScalarNode(tag, event.value, style=event.style))
        except (yaml.YAMLError, ValueError, OverflowError):  # e.g. a date like 2026-02-30
            return event.value


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Duplicate(str):
    """A repeated mapping key: its value is parsed (to find more errors) but dropped."""
