"""TOML and YAML loading for the pin collectors: errors name the file and the line.

YAML is composed into nodes (not plain values) so every value keeps its line; the C
loader is used when PyYAML was built with libyaml, because workflow trees are large.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

import yaml

from gate.collectors.limits import check_yaml_size, parse_budget
from gate.collectors.tomlshim import tomllib
from gate.errors import InputError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class MalformedFile(InputError):
    """An input file that does not parse (or is not what its name says), with a line."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        super().__init__(message, path=path)
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


def load_toml(text: str, path: str) -> dict[str, Any]:
    try:
        with parse_budget(path):
            data: dict[str, Any] = tomllib.loads(text)
        return data
    except RecursionError:
        raise MalformedFile("invalid TOML: nested too deeply", path=path) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        line = int(found.group(1)) if found else getattr(error, "lineno", None)
        last_line = max(1, len(text.splitlines()))
        if line is None and "(at end of document)" in message:
            line = last_line
        if line is not None:
            line = min(line, last_line)  # tomli counts the empty line after a final newline
        reason = _TOML_LINE.sub("", message).replace("(at end of document)", "(at the end)")
        reason = reason.strip() or "invalid TOML"
        raise MalformedFile(f"invalid TOML: {reason}", path=path, line=line) from None
    except ValueError as error:  # an integer beyond Python's digit limit, ...
        raise MalformedFile(f"invalid TOML: {error}", path=path) from None


def compose_yaml(text: str, path: str) -> yaml.Node | None:
    """The YAML document as a node tree (None for an empty file)."""
    try:
        with parse_budget(path):
            node = yaml.compose(text, Loader=_Loader)
            if node is not None:
                check_yaml_size(node, path)
    except RecursionError:
        raise MalformedFile("invalid YAML: nested too deeply", path=path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        line = mark.line + 1 if mark is not None else None
        raise MalformedFile(f"invalid YAML: {problem}", path=path, line=line) from None
    return node


def mapping_get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node (None if absent or not a mapping)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return cast(yaml.Node, value_node)
    return None


def mapping_items(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                yield str(key_node.value), value_node


def sequence_items(node: yaml.Node | None) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value


def scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def trailing_comment(lines: list[str], node: yaml.Node) -> str | None:
    """The ``# ...`` comment on the line where a scalar ends, without the ``#``."""
    mark = node.end_mark
    if mark.line >= len(lines):
        return None
    rest = lines[mark.line][mark.column :]
    if "#" not in rest:
        return None
    return rest.split("#", 1)[1].strip() or None
