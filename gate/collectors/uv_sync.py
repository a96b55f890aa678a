"""What uv would call stale: the requirements uv.lock recorded vs the ones pyproject declares.

uv stores, for the project itself, the version and the full requirements it resolved
(``[package.metadata] requires-dist`` and ``requires-dev``); ``uv lock --check`` refuses a
lock whose record differs from pyproject.toml. This module makes the same comparison
without running uv: names, extras, specifiers and markers (markers compared by meaning,
since uv rewrites them, e.g. ``python_version`` into ``python_full_version``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

# Environments a marker is evaluated in; two markers agreeing on all of them are the same.
_PYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
_PLATFORMS = (
    ("linux", "Linux", "x86_64"),
    ("win32", "Windows", "AMD64"),
    ("darwin", "Darwin", "arm64"),
)
_IMPLEMENTATIONS = ("cpython", "pypy")

Key = tuple[str, tuple[str, ...], str, tuple[bool, ...]]


def _environments(extras: Iterable[str]) -> list[dict[str, str]]:
    out = []
    for python, (platform, system, machine), impl, extra in itertools.product(
        _PYTHONS, _PLATFORMS, _IMPLEMENTATIONS, ("", *sorted(extras))
    ):
        out.append(
            {
                "python_version": python,
                "python_full_version": f"{python}.0",
                "sys_platform": platform,
                "platform_system": system,
                "platform_machine": machine,
                "os_name": "nt" if platform == "win32" else "posix",
                "implementation_name": impl,
                "platform_python_implementation": "CPython" if impl == "cpython" else "PyPy",
                "extra": extra,
            }
        )
    return out


def _truth(marker: str | None, environments: list[dict[str, str]]) -> tuple[bool, ...]:
    if not marker:
        return ()
    try:
        parsed = Marker(marker)
    except InvalidMarker:
        return (False,) * len(environments)
    return tuple(parsed.evaluate(env) for env in environments)


def _key(
    name: str, extras: Iterable[str], specifier: str, marker: str | None, envs: list[dict[str, str]]
) -> Key:
    try:
        spec = str(SpecifierSet(specifier or ""))
    except InvalidSpecifier:
        spec = specifier
    truth = _truth(marker, envs)
    if truth and all(truth):
        truth = ()  # a marker true everywhere is no marker
    return (canonicalize_name(name), tuple(sorted(extras)), spec, truth)


def _declared(entries: Iterable[str], extra: str | None, envs: list[dict[str, str]]) -> set[Key]:
    keys = set()
    for text in entries:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue  # PIN002's parser reports unreadable declarations
        marker = str(req.marker) if req.marker else None
        if extra is not None:
            guard = f'extra == "{extra}"'
            marker = f"({marker}) and {guard}" if marker else guard
        specifier = str(req.specifier) if not req.url else f"@ {req.url}"
        keys.add(_key(req.name, req.extras, specifier, marker, envs))
    return keys


def _recorded(entries: Any, envs: list[dict[str, str]]) -> set[Key]:
    keys = set()
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or "name" not in entry:
            continue
        source = next((entry[k] for k in ("url", "git", "path") if k in entry), None)
        specifier = f"@ {source}" if source else str(entry.get("specifier", ""))
        extras = entry.get("extra") or entry.get("extras") or []
        keys.add(_key(str(entry["name"]), extras, specifier, entry.get("marker"), envs))
    return keys


def _groups(pyproject: Mapping[str, Any]) -> dict[str, list[str]]:
    """PEP 735 groups (includes expanded) plus uv's legacy ``dev-dependencies``."""
    raw = pyproject.get("dependency-groups") or {}
    groups: dict[str, list[str]] = {}

    def expand(name: str, seen: frozenset[str]) -> list[str]:
        out: list[str] = []
        for item in raw.get(name) or []:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict) and item.get("include-group") not in seen:
                include = str(item.get("include-group"))
                out += expand(include, seen | {include})
        return out

    for name in raw:
        groups[str(canonicalize_name(name))] = expand(name, frozenset({name}))
    legacy = ((pyproject.get("tool") or {}).get("uv") or {}).get("dev-dependencies")
    if legacy:
        groups.setdefault("dev", []).extend(str(item) for item in legacy)
    return groups


def _describe(keys: set[Key]) -> str:
    return ", ".join(sorted(f"{name}{'[' + ','.join(x) + ']' if x else ''}{spec}"
                            + (" (with a marker)" if truth else "")
                            for name, x, spec, truth in keys))  # fmt: skip


def root_package(lock: Mapping[str, Any], name: str, source_dir: str = ".") -> Any:
    """The lock's entry for the project at ``source_dir`` (relative to the lock)."""
    wanted = canonicalize_name(name)
    named = [
        package
        for package in lock.get("package") or []
        if isinstance(package, dict) and canonicalize_name(str(package.get("name"))) == wanted
    ]
    for package in named:
        source = package.get("source") or {}
        if any(source.get(k) == source_dir for k in ("editable", "virtual", "directory")):
            return package
    # A lone entry of that name is the project even where the workspace moved it.
    return named[0] if len(named) == 1 else None


def differences(
    pyproject: Mapping[str, Any], lock: Mapping[str, Any], source_dir: str = "."
) -> list[str]:
    """Why uv would refuse ``lock`` for ``pyproject`` (empty: in sync as far as recorded)."""
    project = pyproject.get("project") or {}
    name = project.get("name")
    if not isinstance(name, str):
        return []
    package = root_package(lock, name, source_dir)
    if package is None:
        return []  # the name-level comparison reports a project the lock lacks
    found = []
    dynamic = set(project.get("dynamic") or [])
    version = project.get("version")
    locked_version = package.get("version")
    if "version" not in dynamic and version and locked_version and version != locked_version:
        found.append(f"the project's version is {version}, the lock records {locked_version}")
    metadata = package.get("metadata") or {}
    if "dependencies" in dynamic or "optional-dependencies" in dynamic:
        return found  # uv records what the build backend says; nothing static to compare
    optional = project.get("optional-dependencies") or {}
    envs = _environments(optional)
    declared = _declared(project.get("dependencies") or [], None, envs)
    for extra, entries in optional.items():
        declared |= _declared(entries, str(extra), envs)
    found += _compare("dependencies", declared, _recorded(metadata.get("requires-dist"), envs))
    recorded_groups = metadata.get("requires-dev") or {}
    groups = _groups(pyproject)
    for group in sorted(set(groups) | {str(canonicalize_name(g)) for g in recorded_groups}):
        recorded_entries: Any = next(
            (v for k, v in recorded_groups.items() if canonicalize_name(k) == group), []
        )
        found += _compare(
            f"group {group}",
            _declared(groups.get(group, []), None, envs),
            _recorded(recorded_entries, envs),
        )
    return found


def _compare(what: str, declared: set[Key], recorded: set[Key]) -> list[str]:
    if declared == recorded:
        return []
    parts = []
    if declared - recorded:
        parts.append(f"declared {_describe(declared - recorded)}")
    if recorded - declared:
        parts.append(f"locked {_describe(recorded - declared)}")
    return [f"{what}: " + "; ".join(parts)]
