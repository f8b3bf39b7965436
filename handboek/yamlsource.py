"""Load YAML into plain Python data while remembering the line of every value.

We build the data straight from libyaml's event stream (much faster than composing
node objects), recording each value's path (tuple of keys and indexes) and line.
Duplicate keys are errors here, where PyYAML would silently keep the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError, ContentErrors

Path_ = tuple  # a path into the data: keys and list indexes
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


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
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentErrors([ContentError(name, 1, f"kan het bestand niet lezen: {exc.strerror}")])
    return loads(text, name)


def loads(text: str, name: str) -> Source:
    source = Source(name, None)
    errors: list[ContentError] = []
    try:
        source.data = _EventBuilder(source, errors).run(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML-fout: {exc.problem or exc.context or 'onleesbare YAML'}"
        if exc.context_mark and exc.context_mark.line + 1 != line:
            message += f" (het probleem begint op regel {exc.context_mark.line + 1})"
        raise ContentErrors([ContentError(name, line, message)])
    if errors:
        raise ContentErrors(errors)
    return source


class _EventBuilder:
    """Builds dicts, lists and scalars from parser events, recording lines and duplicate keys."""

    def __init__(self, source: Source, errors: list[ContentError]):
        self.source = source
        self.errors = errors
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()  # ints, bools, nulls, …
        self.anchors: dict[str, object] = {}

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
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
                line += event.style in ("|", ">")  # a block text starts below its indicator
            elif isinstance(event, yaml.AliasEvent):
                value = self.anchors.get(event.anchor)
            else:
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                self.anchors[event.anchor] = value
            self.source.lines.setdefault(path, line)
            if stack:
                self.store(stack[-1], value)
            if isinstance(value, (dict, list)) and isinstance(event, yaml.CollectionStartEvent):
                stack.append([value, path, None])
            elif not stack:
                result = value
        return result

    def key(self, event, frame) -> None:
        line = event.start_mark.line + 1
        if not isinstance(event, yaml.ScalarEvent):
            raise yaml.MarkedYAMLError(problem="een sleutel moet een gewone tekst zijn",
                                       problem_mark=event.start_mark)
        key = self.scalar(event)
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
        tag = event.tag if event.tag not in (None, "!") else \
            self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        return self.constructor.construct_object(yaml.ScalarNode(tag, event.value, style=event.style))


class _Duplicate(str):
    """A repeated mapping key: its value is parsed (to find more errors) but dropped."""
