"""Validation of the action's and the reusable workflow's inputs, one message per input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import PurePosixPath

from gate.ci.audit import ON_SKIPPED
from gate.ci.install import MODES
from gate.ci.scope import SCOPES
from gate.errors import InputError

BOOLEANS = ("true", "false")
# A Python version as setup-python takes it: 3, 3.12, 3.12.1, 3.13t, 3.14-dev, pypy3.10.
PYTHON_VERSION = re.compile(r"^(?:pypy)?\d+(?:\.\d+){0,2}(?:t|-dev|[abc]|rc\d*)?$")
GATE_VERSION = re.compile(r"^\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
MAX_SHARDS = 64


def _fail(name: str, value: str, expected: str) -> InputError:
    return InputError(f"input {name}: {value!r} is not {expected}")


def python_versions(value: str, fallback: str) -> list[str]:
    """A non-empty JSON list of version strings; empty means ``[fallback]``."""
    if not value.strip():
        return [python_version(fallback)]
    expected = 'a non-empty JSON list of Python versions, e.g. ["3.11", "3.12"]'
    try:
        versions = json.loads(value)
    except json.JSONDecodeError:
        raise _fail("python-versions", value, expected) from None
    if not isinstance(versions, list) or not versions:
        raise _fail("python-versions", value, expected)
    for version in versions:
        if not isinstance(version, str) or not PYTHON_VERSION.match(version.strip()):
            raise _fail("python-versions", value, expected)
    return [version.strip() for version in versions]


def python_version(value: str) -> str:
    if not PYTHON_VERSION.match(value.strip()):
        raise _fail("python-version", value, "a Python version such as 3.12")
    return value.strip()


def count(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise _fail(name, value, f"a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise _fail(name, value, f"a whole number from {low} to {high}")
    return number


def percent(name: str, value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise _fail(name, value, "a percentage from 0 to 100") from None
    if not 0 <= number <= 100:
        raise _fail(name, value, "a percentage from 0 to 100")
    return number


def boolean(name: str, value: str) -> bool:
    if value.strip() not in BOOLEANS:
        raise _fail(name, value, "true or false")
    return value.strip() == "true"


def choice(name: str, value: str, *, choices: tuple[str, ...]) -> str:
    if value.strip() not in choices:
        raise _fail(name, value, f"one of {', '.join(choices)}")
    return value.strip()


def relative_path(name: str, value: str) -> str:
    """A path inside the repository: relative, without ``..``."""
    path = PurePosixPath(value.strip() or ".")
    if path.is_absolute() or ".." in path.parts or "\n" in value:
        raise _fail(name, value, "a path relative to the repository root, without ..")
    return str(path)


def gate_version(value: str) -> str:
    if value.strip() and not GATE_VERSION.match(value.strip()):
        raise _fail("gate-version", value, "empty or a version number such as 0.1.0")
    return value.strip()


def validate(values: Mapping[str, str]) -> dict[str, str]:
    """Check every input given (by name, as the action spells it); return the plan outputs.

    Unknown names are a programming error of the caller (the action), so they fail too.
    """
    checks: dict[str, Callable[[str], object]] = {
        "python-version": python_version,
        "install-mode": partial(choice, "install-mode", choices=MODES),
        "working-directory": partial(relative_path, "working-directory"),
        "coverage-total": partial(percent, "coverage-total"),
        "coverage-changed": partial(percent, "coverage-changed"),
        "gate-version": gate_version,
        "docker-context": partial(relative_path, "docker-context"),
        "docker-file": partial(relative_path, "docker-file"),
        "lint-scope": partial(choice, "lint-scope", choices=SCOPES),
        "security-scope": partial(choice, "security-scope", choices=SCOPES),
        "pip-audit-skipped": partial(choice, "pip-audit-skipped", choices=ON_SKIPPED),
    }
    for flag in ("lint", "test", "security", "gate", "docker", "docker-push", "sarif-upload"):
        checks[flag] = partial(boolean, flag)
    for name, value in values.items():
        if name in ("python-versions", "shards", "shard-index"):
            continue
        if name not in checks:
            raise InputError(f"unknown input {name!r}")
        checks[name](value)
    shards = count("shards", values.get("shards", "1"), 1, MAX_SHARDS)
    count("shard-index", values.get("shard-index", "1"), 1, shards)
    versions = python_versions(
        values.get("python-versions", ""), values.get("python-version", "3.12")
    )
    return {
        "shards": json.dumps(list(range(1, shards + 1))),
        "python-versions": json.dumps(versions),
    }
