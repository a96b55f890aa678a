"""Python lock files (uv.lock, poetry.lock, pdm.lock, PEP 751 pylock.toml) as typed values.

Each lock is reduced to what a sync check needs: the locked names and versions, the
dependency edges between locked packages (to find the roots) and, where the format
records them, the requirements the lock was made from and a content hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from gate.collectors.limits import budgeted
from gate.collectors.repository import Repository
from gate.collectors.structured import MalformedFile, load_toml

LockKind = Literal["uv", "poetry", "pdm", "pylock"]
LOCK_NAMES = ("uv.lock", "poetry.lock", "pdm.lock", "pylock.toml")
_PYLOCK = re.compile(r"^pylock\.[^/.]+\.toml$")


def lock_kind(path: str) -> LockKind | None:
    """Which format a file name promises (None: not a lock file name)."""
    name = path.rsplit("/", 1)[-1]
    if name == "uv.lock":
        return "uv"
    if name == "poetry.lock":
        return "poetry"
    if name == "pdm.lock":
        return "pdm"
    if name == "pylock.toml" or _PYLOCK.match(name):
        return "pylock"
    return None


@dataclass(frozen=True)
class LockFile:
    path: str
    kind: LockKind
    versions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # name -> names it depends on; None when the format does not record edges
    edges: dict[str, frozenset[str]] | None = None
    content_hash: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def roots(self, exclude: frozenset[str] = frozenset()) -> frozenset[str] | None:
        """Locked packages that no other locked package needs (None: edges unknown)."""
        if self.edges is None:
            return None
        needed = {dep for name, deps in self.edges.items() if name not in exclude for dep in deps}
        return frozenset(name for name in self.versions if name not in needed) - exclude

    def recorded_requirements(self, project: str | None) -> frozenset[str] | None:
        """The names the lock says the project asked for (uv records them), else None."""
        if self.kind != "uv":
            return None
        for package in _tables(self.data.get("package")):
            if project is not None and canonicalize_name(str(package.get("name", ""))) == project:
                metadata = _dict(package.get("metadata"))
                names = {_name(item) for item in _tables(metadata.get("requires-dist"))}
                for group in _dict(metadata.get("requires-dev")).values():
                    names.update(_name(item) for item in _tables(group))
                return frozenset(names - {"", project})
        manifest = _dict(self.data.get("manifest"))
        groups = manifest.get("dependency-groups")
        requirements = manifest.get("requirements")
        if groups is None and requirements is None:
            return None
        found = {_name(item) for item in _tables(requirements)}
        for group in _dict(groups).values():
            found.update(_name(item) for item in _tables(group))
        return frozenset(found - {""})


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _tables(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _name(item: dict[str, Any]) -> str:
    return canonicalize_name(str(item.get("name", ""))) if item.get("name") else ""


def _pep508_name(text: str) -> str:
    try:
        return canonicalize_name(Requirement(text).name)
    except InvalidRequirement:
        return canonicalize_name(re.split(r"[\s\[<>=!~;(@]", text.strip(), maxsplit=1)[0])


def _not_a(kind: str, path: str, why: str) -> MalformedFile:
    return MalformedFile(f"not a {kind} lock file: {why}", path=path, line=1)


def _packages(data: dict[str, Any], key: str, path: str, kind: str) -> list[dict[str, Any]]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or any(not isinstance(item, dict) for item in raw):
        raise _not_a(kind, path, f"[[{key}]] must be an array of tables")
    for item in raw:
        if not isinstance(item.get("name"), str):
            raise _not_a(kind, path, f"a [[{key}]] entry has no name")
        if "version" in item and not isinstance(item["version"], str):
            raise _not_a(kind, path, f"{key} {item['name']!r}: `version` must be a string")
    return list(raw)


def _typed(value: Any, wanted: type[Any], kind: str, path: str, where: str) -> Any:
    """``value`` when absent or of the wanted type; a wrong type is reported, not skipped
    (a skipped dependency list would hide a package from the sync check)."""
    if value is None:
        return wanted()
    if not isinstance(value, wanted):
        shapes: dict[type[Any], str] = {list: "an array", dict: "a table", str: "a string"}
        shape = shapes[wanted]
        raise _not_a(kind, path, f"{where} must be {shape}")
    return value


def _strict_tables(value: Any, kind: str, path: str, where: str) -> list[dict[str, Any]]:
    items = _typed(value, list, kind, path, where)
    if any(not isinstance(item, dict) for item in items):
        raise _not_a(kind, path, f"{where} must be an array of tables")
    return list(items)


def _content_hash(metadata: dict[str, Any], key: str, kind: str, path: str) -> str | None:
    value = metadata.get(key)
    if value is not None and not isinstance(value, str):
        raise _not_a(kind, path, f"metadata.{key} must be a string")
    return value


def _collect(
    packages: list[dict[str, Any]],
) -> dict[str, tuple[str, ...]]:
    versions: dict[str, list[str]] = {}
    for package in packages:
        versions.setdefault(canonicalize_name(package["name"]), []).append(
            str(package.get("version", ""))
        )
    return {name: tuple(v for v in found if v) for name, found in versions.items()}


def _uv(data: dict[str, Any], path: str) -> LockFile:
    if not isinstance(data.get("version"), int) or (
        "package" not in data and "manifest" not in data
    ):
        raise _not_a("uv", path, "expected a top-level integer `version` and [[package]] tables")
    packages = _packages(data, "package", path, "uv")
    edges: dict[str, set[str]] = {}
    for package in packages:
        name = package["name"]
        deps = edges.setdefault(canonicalize_name(name), set())
        where = f"package {name!r}: dependencies"
        deps.update(
            _name(item) for item in _strict_tables(package.get("dependencies"), "uv", path, where)
        )
        for table in ("optional-dependencies", "dev-dependencies"):
            where = f"package {name!r}: {table}"
            for group in _typed(package.get(table), dict, "uv", path, where).values():
                deps.update(_name(item) for item in _strict_tables(group, "uv", path, where))
    return LockFile(
        path,
        "uv",
        _collect(packages),
        {k: frozenset(v - {""}) for k, v in edges.items()},
        None,
        data,
    )


def _poetry(data: dict[str, Any], path: str) -> LockFile:
    metadata = data.get("metadata")
    if not isinstance(metadata, dict) or not ({"lock-version", "content-hash"} & set(metadata)):
        raise _not_a("poetry", path, "expected a [metadata] table with lock-version/content-hash")
    packages = _packages(data, "package", path, "poetry")
    edges: dict[str, frozenset[str]] = {
        canonicalize_name(p["name"]): frozenset(
            canonicalize_name(dep)
            for dep in _typed(
                p.get("dependencies"), dict, "poetry", path, f"package {p['name']!r}: dependencies"
            )
        )
        for p in packages
    }
    content_hash = _content_hash(metadata, "content-hash", "poetry", path)
    return LockFile(path, "poetry", _collect(packages), edges, content_hash, data)


def _pdm(data: dict[str, Any], path: str) -> LockFile:
    metadata = data.get("metadata")
    if not isinstance(metadata, dict) or "lock_version" not in metadata:
        raise _not_a("pdm", path, "expected a [metadata] table with lock_version")
    packages = _packages(data, "package", path, "pdm")
    edges: dict[str, frozenset[str]] = {}
    for p in packages:
        where = f"package {p['name']!r}: dependencies"
        deps = _typed(p.get("dependencies"), list, "pdm", path, where)
        if any(not isinstance(dep, str) for dep in deps):
            raise _not_a("pdm", path, f"{where} must be an array of strings")
        edges[canonicalize_name(p["name"])] = frozenset(_pep508_name(dep) for dep in deps)
    content_hash = _content_hash(metadata, "content_hash", "pdm", path)
    return LockFile(path, "pdm", _collect(packages), edges, content_hash, data)


def _pylock(data: dict[str, Any], path: str) -> LockFile:
    if not isinstance(data.get("lock-version"), str):
        raise _not_a("PEP 751 pylock", path, "expected a top-level string `lock-version`")
    packages = _packages(data, "packages", path, "PEP 751 pylock")
    edges: dict[str, frozenset[str]] | None = None
    if packages and all("dependencies" in p for p in packages):
        edges = {
            canonicalize_name(p["name"]): frozenset(
                _name(d)
                for d in _strict_tables(
                    p["dependencies"], "PEP 751 pylock", path, f"{p['name']!r}: dependencies"
                )
            )
            for p in packages
        }
    return LockFile(path, "pylock", _collect(packages), edges, None, data)


_PARSERS = {"uv": _uv, "poetry": _poetry, "pdm": _pdm, "pylock": _pylock}


@budgeted
def parse(text: str, path: str) -> LockFile:
    """Parse a lock file; MalformedFile (file and line) when it is not what its name says."""
    kind = lock_kind(path)
    if kind is None:
        raise MalformedFile("not a known lock file name", path=path)
    return _PARSERS[kind](load_toml(text, path), path)


def load(ctx: Repository, path: str) -> LockFile:
    """Parse one lock file once per run (PIN001 and PIN002 both read every lock);
    InputError if it cannot be read or parsed."""
    return ctx.cached(f"pins:lock:{path}", lambda: parse(ctx.read_text(path), path))


def locks_beside(root: Path, directory: str) -> list[str]:
    """Lock files in one repository directory (repo-relative paths), sorted."""
    folder = root / directory if directory else root
    if not folder.is_dir():
        return []
    prefix = f"{directory}/" if directory else ""
    return sorted(
        prefix + entry.name
        for entry in folder.iterdir()
        if entry.is_file() and lock_kind(entry.name) is not None
    )


def name_line(text: str, name: str, *, key_only: bool = False) -> int | None:
    """The first line naming a package (PEP 503 spellings match each other)."""
    parts = [re.escape(part) for part in re.split(r"[-_.]+", name)]
    spelled = "[-_.]+".join(parts)
    pattern = (
        rf"^\s*name\s*=\s*[\"']{spelled}[\"']"
        if key_only
        else rf"(^|[\"'\s{{])({spelled})(\s*[\[<>=!~;@\"'\]]|\s*$|\s*=)"
    )
    regex = re.compile(pattern, re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), 1):
        if regex.search(line):
            return number
    return None
