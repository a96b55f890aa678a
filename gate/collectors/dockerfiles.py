"""The ``FROM`` lines of a Dockerfile, with stage names and ``ARG`` defaults substituted."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from gate.collectors.limits import MAX_SUBSTITUTION, TooLarge, budgeted

_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.IGNORECASE)
# The default word is bounded: an unclosed `${A:-` repeated along a line made an
# unbounded `[^}]*` rescan the rest of the line from every `$` (quadratic).
_VARIABLE = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]{0,256}))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)


@dataclass(frozen=True)
class FromLine:
    path: str
    line: int
    raw: str  # the image as written: "python:${PY}-slim"
    image: str | None  # after ARG substitution; None when a variable has no default
    stage: str | None  # the "AS name"
    platform: str | None
    unresolved: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments) with continuations joined and comments dropped."""
    lines = text.splitlines()
    escape = "\\"
    for raw in lines:
        found = _DIRECTIVE.match(raw.strip())
        if found:
            escape = found.group(1)
            continue
        if not raw.strip().startswith("#"):
            break  # parser directives only come before anything else
    out: list[tuple[int, str, str]] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped.startswith("#") and not buffer:
            continue
        if buffer and (stripped.startswith("#") or not stripped):
            continue  # comments and empty lines inside a continuation are dropped
        if not buffer:
            start = number
        if stripped.endswith(escape):
            buffer.append(stripped[: -len(escape)])
            continue
        buffer.append(stripped)
        joined = " ".join(part.strip() for part in buffer).strip()
        buffer = []
        if joined:
            word, _, rest = joined.partition(" ")
            out.append((start, word.upper(), rest.strip()))
    if buffer:
        joined = " ".join(buffer).strip()
        word, _, rest = joined.partition(" ")
        out.append((start, word.upper(), rest.strip()))
    return out


def _args(rest: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    try:
        tokens = shlex.split(rest)
    except ValueError:
        tokens = rest.split()
    for token in tokens:
        name, eq, value = token.partition("=")
        found[name] = value if eq else None
    return found


def substitute(text: str, values: dict[str, str | None]) -> tuple[str, tuple[str, ...]]:
    """Docker's ``$VAR``/``${VAR}``/``${VAR:-default}`` substitution; names left unset."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        operator, word = match.group(2), match.group(3) or ""
        value = values.get(name)
        if operator == "-":
            return value if value else word
        if operator == "+":
            return word if value else ""
        if value is None:
            missing.append(name)
            return match.group(0)
        return value

    return _VARIABLE.sub(replace, text), tuple(missing)


def _bounded(value: str, path: str) -> str:
    # Each ARG may double the one before it: 30 lines would reach gigabytes unchecked.
    if len(value) > MAX_SUBSTITUTION:
        raise TooLarge(
            f"a value exceeds {MAX_SUBSTITUTION:,} characters after ARG substitution", path=path
        )
    return value


@budgeted
def parse(text: str, path: str) -> tuple[list[FromLine], list[Problem]]:
    """Every FROM in order, and lines that are not valid FROM instructions."""
    global_args: dict[str, str | None] = {}
    froms: list[FromLine] = []
    problems: list[Problem] = []
    for line, word, rest in instructions(text):
        if word == "ARG" and not froms:
            for name, value in _args(rest).items():
                # An ARG default may use earlier ARGs (ARG BASE=python:${PY}-slim).
                global_args[name] = (
                    None if value is None else _bounded(substitute(value, global_args)[0], path)
                )
            continue
        if word != "FROM":
            continue
        tokens = rest.split()
        platform = None
        while tokens and tokens[0].startswith("--"):
            option = tokens.pop(0)
            if option.startswith("--platform="):
                platform = option.split("=", 1)[1]
        if not tokens or (len(tokens) > 1 and (len(tokens) != 3 or tokens[1].upper() != "AS")):
            problems.append(Problem(line, f"cannot read FROM {rest!r}"))
            continue
        raw = tokens[0]
        stage = tokens[2] if len(tokens) == 3 else None
        image, missing = substitute(raw, global_args)
        image = _bounded(image, path)
        froms.append(
            FromLine(path, line, raw, None if missing else image, stage, platform, missing)
        )
    return froms, problems
