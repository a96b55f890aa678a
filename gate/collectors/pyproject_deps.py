"""The dependencies a pyproject.toml declares (PEP 621, PEP 735, Poetry), by PEP 503 name.

Also computes Poetry's ``content-hash``: poetry (``Locker._get_content_hash``, Poetry 2.x,
lock-version 2.1; older versions are the no-[project] case) hashes the JSON of selected
keys, sorted, with sha256.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from gate.collectors.limits import budgeted
from gate.collectors.structured import MalformedFile, load_toml

_POETRY_LEGACY_KEYS = ("dependencies", "source", "extras", "dev-dependencies")
_POETRY_KEYS = (*_POETRY_LEGACY_KEYS, "group")
_PROJECT_KEYS = ("requires-python", "dependencies", "optional-dependencies")


@dataclass(frozen=True)
class DeclaredDependencies:
    path: str
    project: str | None  # canonical project name
    names: dict[str, str]  # canonical name -> where it is declared
    dynamic: bool = False  # [project] dynamic = ["dependencies"]: not knowable statically
    tools: frozenset[str] = frozenset()  # "poetry", "pdm", "uv" tables present
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def declares(self) -> bool:
        return bool(self.names) or self.dynamic


def _add(names: dict[str, str], spec: Any, where: str, path: str) -> None:
    if isinstance(spec, dict) and where.startswith("dependency-groups."):
        return  # PEP 735 {include-group = ...} tables name groups, not packages
    if not isinstance(spec, str):
        # A date, number or table where a requirement belongs: report it, never skip it.
        raise MalformedFile(f"{where}: expected a requirement string", path=path)
    try:
        name = canonicalize_name(Requirement(spec).name)
    except InvalidRequirement as error:
        raise MalformedFile(
            f"{where}: invalid requirement {spec!r}: " f"{str(error).splitlines()[0]}", path=path
        ) from None
    names.setdefault(name, where)


def _poetry_tables(poetry: dict[str, Any]) -> list[tuple[str, Any]]:
    tables: list[tuple[str, Any]] = [
        ("tool.poetry.dependencies", poetry.get("dependencies")),
        ("tool.poetry.dev-dependencies", poetry.get("dev-dependencies")),
    ]
    groups = poetry.get("group")
    if isinstance(groups, dict):
        for group, body in groups.items():
            if isinstance(body, dict):
                tables.append((f"tool.poetry.group.{group}.dependencies", body.get("dependencies")))
    return tables


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _table(value: Any, where: str, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedFile(f"{where} must be a table", path=path)
    return value


def _array(value: Any, where: str, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedFile(f"{where} must be an array", path=path)
    return value


def _key_line(text: str, where: str) -> int | None:
    """The line that defines the last key of ``where`` (a table header or ``key =``)."""
    key = re.escape(where.strip("[]").rsplit(".", 1)[-1])
    # `\[{1,2}` not `\[+`: `[^\]]` also takes `[`, and an unbounded run of both backtracks.
    pattern = re.compile(rf"^\s*(\[{{1,2}}[^\]]*\b{key}\]{{1,2}}|[\"']?{key}[\"']?\s*=)")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


@budgeted
def parse(text: str, path: str) -> DeclaredDependencies:
    """The declared names; MalformedFile (with the line) when a table has the wrong shape."""
    try:
        return _parse(text, path)
    except MalformedFile as error:
        if error.line is None:
            error.line = _key_line(text, error.message.split(" ", 1)[0].rstrip(":"))
        raise


def _parse(text: str, path: str) -> DeclaredDependencies:
    data = load_toml(text, path)
    project = _table(data.get("project"), "[project]", path)
    names: dict[str, str] = {}
    for spec in _array(project.get("dependencies"), "project.dependencies", path):
        _add(names, spec, "project.dependencies", path)
    extras = _table(project.get("optional-dependencies"), "project.optional-dependencies", path)
    for extra, specs in extras.items():
        where = f"project.optional-dependencies.{extra}"
        for spec in _array(specs, where, path):
            _add(names, spec, where, path)
    groups = _table(data.get("dependency-groups"), "[dependency-groups]", path)
    for group, specs in groups.items():
        for spec in _array(specs, f"dependency-groups.{group}", path):
            _add(names, spec, f"dependency-groups.{group}", path)
    tool = _table(data.get("tool"), "[tool]", path)
    poetry = _table(tool.get("poetry"), "[tool.poetry]", path)
    for where, table in _poetry_tables(poetry):
        if isinstance(table, dict):
            for dep in table:
                if dep.lower() != "python":
                    names.setdefault(canonicalize_name(dep), where)
    raw_name = project.get("name") or poetry.get("name")
    own = canonicalize_name(raw_name) if isinstance(raw_name, str) else None
    if own is not None:
        names.pop(own, None)  # "myproj[cli]" in an extra refers to the project itself
    dynamic = "dependencies" in _array(project.get("dynamic"), "project.dynamic", path)
    tools = frozenset(t for t in ("poetry", "pdm", "uv") if t in tool)
    return DeclaredDependencies(path, own, names, dynamic, tools, data)


def poetry_content_hash(data: dict[str, Any]) -> str:
    """The content-hash Poetry writes into poetry.lock for this pyproject data."""
    project = _mapping(data.get("project"))
    poetry = _mapping(_mapping(data.get("tool")).get("poetry"))
    relevant_project = {k: project[k] for k in _PROJECT_KEYS if project.get(k) is not None}
    relevant_poetry: dict[str, Any] = {}
    for key in _POETRY_KEYS:
        value = poetry.get(key)
        # Legacy keys are hashed even when absent (as null), but only without [project].
        if value is None and (key not in _POETRY_LEGACY_KEYS or relevant_project):
            continue
        relevant_poetry[key] = value
    content: dict[str, Any] = (
        {"project": relevant_project, "tool": {"poetry": relevant_poetry}}
        if relevant_project
        else relevant_poetry
    )
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
