"""PIN002's sync rule for compiled requirement locks (`uv pip compile`, `pip-compile`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from gate.collectors.compiled_locks import CompiledLock
from gate.collectors.pyproject_deps import DeclaredDependencies


@dataclass(frozen=True)
class Comparison:
    missing: list[str]  # declared (in what the command compiled) but not locked
    extra: list[str]  # locked as a direct dependency of the project but not declared


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _specs(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _group_specs(
    groups: dict[str, Any], name: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """A PEP 735 group's requirement strings, `{include-group = ...}` followed."""
    found: list[str] = []
    for key, body in groups.items():
        if canonicalize_name(key) != name or name in seen:
            continue
        for item in _specs(body):
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict) and isinstance(item.get("include-group"), str):
                included = canonicalize_name(item["include-group"])
                found.extend(_group_specs(groups, included, seen | {name}))
    return found


def _compiled_specs(data: dict[str, Any], lock: CompiledLock) -> tuple[list[str], set[str]]:
    """(PEP 508 strings, bare Poetry names) of what the recorded command compiled."""
    project = _dict(data.get("project"))
    specs = [s for s in _specs(project.get("dependencies")) if isinstance(s, str)]
    for extra, body in _dict(project.get("optional-dependencies")).items():
        if lock.all_extras or canonicalize_name(extra) in lock.extras:
            specs.extend(s for s in _specs(body) if isinstance(s, str))
    groups = _dict(data.get("dependency-groups"))
    for group in lock.groups:
        specs.extend(_group_specs(groups, group))
    poetry = _dict(_dict(data.get("tool")).get("poetry"))
    bare: set[str] = {
        canonicalize_name(n) for n in _dict(poetry.get("dependencies")) if n != "python"
    }
    for group, body in _dict(poetry.get("group")).items():
        if canonicalize_name(group) in lock.groups:
            bare.update(canonicalize_name(n) for n in _dict(_dict(body).get("dependencies")))
    return specs, bare


def compare(project: DeclaredDependencies, lock: CompiledLock) -> Comparison:
    """What differs between the pyproject and a lock compiled from it.

    Only the extras and groups the recorded command included must be locked. A declared
    requirement with an environment marker must be locked only when the compile was
    `--universal`: a single-environment compile rightly leaves it out elsewhere. When the
    lock is annotated, a declared name must be one of its roots (`via <project>`), not just
    present as another package's dependency."""
    specs, required = _compiled_specs(project.data, lock)
    for spec in specs:
        try:
            requirement = Requirement(spec)
        except InvalidRequirement:
            continue  # pyproject_deps already reported it
        if requirement.marker is None or lock.universal:
            required.add(canonicalize_name(requirement.name))
    required.discard(project.project or "")
    missing = sorted(required - set(lock.versions))
    extra: list[str] = []
    if lock.roots is not None:
        # Locked only as someone else's dependency: the compile never saw the declaration.
        missing = sorted(required - lock.roots)
        if not project.dynamic:
            extra = sorted(lock.roots - set(project.names) - {project.project or ""})
    return Comparison(missing, extra)
