"""Configuration errors that teach: every problem, with file:line and a "did you mean".

The gate's errors are one line (gate/error_guard.py), so the problems are joined with
"; " on that line, each as ``file:line: key.path: what is wrong``.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import ValidationError

Loc = Sequence[str | int]

# pydantic words a dataclass's problems for Python callers ("Unexpected keyword argument");
# a config file's reader is told what the problem is in the file.
_WORDING = {
    "unexpected_keyword_argument": "Extra inputs are not permitted",
    "extra_forbidden": "Extra inputs are not permitted",
}


def _yaml_line(text: str, loc: Loc) -> int | None:
    """The line of the deepest key of ``loc`` found in the YAML ``text``."""
    try:
        node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _toml_line(text: str, loc: Loc) -> int | None:
    """The line where the deepest named key of ``loc`` is set or opens a table (a plain
    text search: tomllib keeps no positions)."""
    keys = [str(part) for part in loc if isinstance(part, str)]
    for key in reversed(keys):
        pattern = re.compile(
            rf'^\s*(\[+[^\]]*\b{re.escape(key)}\b[^\]]*\]+|"?{re.escape(key)}"?\s*=)'
        )
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                return number
    return None


def _keys(cls: type[Any]) -> dict[str, Any]:
    """A settings dataclass's keys and their (resolved) types."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints.get(f.name) for f in dataclasses.fields(cls)}


def _fields_at(model: type[Any], loc: Loc) -> list[str]:
    """The keys the model accepts at ``loc`` (empty when ``loc`` leaves the models)."""
    current = model
    for part in loc:
        annotation = _keys(current).get(str(part))
        if not (isinstance(annotation, type) and dataclasses.is_dataclass(annotation)):
            return []
        current = annotation
    return list(_keys(current))


def _suggestion(model: type[Any], loc: Loc) -> str:
    if not loc:
        return ""
    wrong = str(loc[-1])
    known = _fields_at(model, loc[:-1])
    by_upper = {name.upper(): name for name in known}
    close = difflib.get_close_matches(wrong.upper(), list(by_upper), n=1, cutoff=0.6)
    return f" (did you mean {by_upper[close[0]]!r}?)" if close else ""


def format_error(
    source: str, error: ValidationError, model: type[Any], text: str | None = None
) -> str:
    """Every problem of ``error`` on one line, each with file:line and a hint."""
    problems: list[tuple[int, str]] = []
    for problem in error.errors():
        loc = tuple(problem["loc"])
        where = ".".join(str(part) for part in loc) or "(top level)"
        line = None
        if text is not None:
            line = _toml_line(text, loc) if source.endswith(".toml") else _yaml_line(text, loc)
        place = f"{source}:{line}" if line else source
        message = _WORDING.get(problem["type"], str(problem["msg"]))
        if problem["type"] == "dataclass_type":
            message = message.replace(
                "a dictionary or an instance", "a valid dictionary or instance"
            )
        if problem["type"] in _WORDING:
            message += _suggestion(model, loc)
        problems.append((line or 0, f"{place}: {where}: {message}"))
    problems.sort(key=lambda item: item[0])  # in file order, as an editor shows them
    count = f"{len(problems)} problems: " if len(problems) > 1 else ""
    return count + "; ".join(text for _, text in problems)
