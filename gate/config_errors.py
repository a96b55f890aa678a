"""Configuration errors that teach: every problem, with file:line and a "did you mean".

The gate's errors are one line (gate/error_guard.py), so the problems are joined with
"; " on that line, each as ``file:line: key.path: what is wrong``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

Loc = Sequence[str | int]


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


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model accepts at ``loc`` (empty when ``loc`` leaves the models)."""
    current = model
    for part in loc:
        field = current.model_fields.get(str(part))
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        current = annotation
    return list(current.model_fields)


def _suggestion(model: type[BaseModel], loc: Loc) -> str:
    if not loc:
        return ""
    wrong = str(loc[-1])
    known = _fields_at(model, loc[:-1])
    by_upper = {name.upper(): name for name in known}
    close = difflib.get_close_matches(wrong.upper(), list(by_upper), n=1, cutoff=0.6)
    return f" (did you mean {by_upper[close[0]]!r}?)" if close else ""


def format_error(
    source: str, error: ValidationError, model: type[BaseModel], text: str | None = None
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
        message = str(problem["msg"])
        if problem["type"] == "extra_forbidden":
            message += _suggestion(model, loc)
        problems.append((line or 0, f"{place}: {where}: {message}"))
    problems.sort(key=lambda item: item[0])  # in file order, as an editor shows them
    count = f"{len(problems)} problems: " if len(problems) > 1 else ""
    return count + "; ".join(text for _, text in problems)
