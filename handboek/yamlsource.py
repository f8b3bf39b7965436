"""Load YAML into plain Python data while remembering the line of every value.

PyYAML's composer gives nodes with marks; we build the data ourselves from those
nodes so that each value's path (tuple of keys and indexes) maps to its line.
Duplicate keys are errors here, where PyYAML would silently keep the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError, ContentErrors

Path_ = tuple  # a path into the data: keys and list indexes


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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML-fout: {exc.problem or exc.context or 'onleesbare YAML'}"
        if exc.context_mark and exc.context_mark.line + 1 != line:
            message += f" (het probleem begint op regel {exc.context_mark.line + 1})"
        raise ContentErrors([ContentError(name, line, message)])
    source = Source(name, None)
    errors: list[ContentError] = []
    if node is not None:
        source.data = _build(node, (), source, errors)
    if errors:
        raise ContentErrors(errors)
    return source


def _build(node: yaml.Node, path: Path_, source: Source, errors: list[ContentError]):
    block_text = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    # a block text (`>-`) starts on the line below its indicator
    source.lines[path] = node.start_mark.line + 1 + block_text
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                errors.append(ContentError(source.file, key_node.start_mark.line + 1,
                                           "een sleutel moet een gewone tekst zijn"))
                continue
            key = _scalar(key_node)
            if key in result:
                errors.append(ContentError(source.file, key_node.start_mark.line + 1,
                                           f"dubbele sleutel '{key}'"))
                continue
            result[key] = _build(value_node, path + (key,), source, errors)
            # point a key's path at the key's own line, which editors look for
            source.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), source, errors) for i, item in enumerate(node.value)]
    return _scalar(node)


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode):
    return _constructor.construct_object(node)
