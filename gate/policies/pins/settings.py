"""Settings of the PIN policies: the ``pins`` section (PIN001-PIN005) and PIN006/PIN007's own."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from gate.collectors import compose
from gate.settings import FORBID, PolicySettings, setting


class PinMode(str, Enum):
    """What counts as pinned in a requirement file."""

    EXACT = "exact"
    HASHES = "hashes"
    COMPATIBLE = "compatible"


@dataclass(kw_only=True)
class _Strict:
    __pydantic_config__ = FORBID


@dataclass(kw_only=True)
class RequirementPins(_Strict):
    """PIN001: which requirement files are judged, and how strictly."""

    globs: list[str] = setting(
        factory=lambda: ["requirements*.txt", "requirements/*.txt"],
        description="Requirement files to judge (a pattern matches at any depth).",
    )
    default_mode: PinMode = setting(
        PinMode.EXACT, description="Mode for files no `modes` glob names."
    )
    modes: dict[str, PinMode] = setting(
        factory=dict,
        description="Glob -> mode (exact | hashes | compatible); the first matching glob wins.",
    )
    allow_local_editable: bool = setting(
        False, description="Accept `-e ./path` (a directory of this repository)."
    )
    allow_local_paths: bool = setting(
        False, description="Accept plain local paths and file: URLs (wheels, sdists, dirs)."
    )

    def mode_for(self, path: str, default: PinMode | None = None) -> PinMode:
        """The first `modes` glob's mode, else ``default`` (else `default_mode`)."""
        for pattern, mode in self.modes.items():
            if matches(path, [pattern]):
                return mode
        return self.default_mode if default is None else default


@dataclass(kw_only=True)
class LockPins(_Strict):
    """PIN002: which pyproject.toml files must come with a lock file in sync."""

    globs: list[str] = setting(
        factory=lambda: ["pyproject.toml"],
        description="Project files to judge (a pattern matches at any depth).",
    )
    check_poetry_content_hash: bool = setting(
        True, description="Compare poetry.lock's content-hash with pyproject.toml."
    )


@dataclass(kw_only=True)
class ActionPins(_Strict):
    """PIN003: workflow and action files."""

    globs: list[str] = setting(
        factory=lambda: [
            ".github/workflows/*.yml",
            ".github/workflows/*.yaml",
            "action.yml",
            "action.yaml",
        ],
        description="Workflow and action metadata files to judge.",
    )
    require_version_comment: bool = setting(
        True, description="A SHA pin without a `# vX` comment is a notice."
    )


@dataclass(kw_only=True)
class DockerPins(_Strict):
    """PIN004: Dockerfiles."""

    globs: list[str] = setting(
        factory=lambda: [
            "Dockerfile",
            "Dockerfile.*",
            "Dockerfile-*",
            "*.dockerfile",
            "*.Dockerfile",
        ],
        description="Dockerfiles to judge.",
    )


@dataclass(kw_only=True)
class PrecommitPins(_Strict):
    """PIN005: pre-commit configuration files."""

    globs: list[str] = setting(
        factory=lambda: [".pre-commit-config.yaml", ".pre-commit-config.yml"],
        description="pre-commit configuration files to judge.",
    )
    require_frozen_comment: bool = setting(
        True, description="A SHA `rev:` without a `# frozen: vX` comment is a notice."
    )


@dataclass(kw_only=True)
class PinsSection(_Strict):
    """The ``pins`` section: what each PIN policy reads and how strict it is."""

    requirements: RequirementPins = setting(factory=lambda: RequirementPins())
    locks: LockPins = setting(factory=lambda: LockPins())
    actions: ActionPins = setting(factory=lambda: ActionPins())
    docker: DockerPins = setting(factory=lambda: DockerPins())
    precommit: PrecommitPins = setting(factory=lambda: PrecommitPins())


@dataclass(kw_only=True)
class ImageSettings(PolicySettings):
    compose_globs: list[str] = setting(
        factory=lambda: list(compose.COMPOSE_GLOBS),
        description="Docker Compose files to judge (a pattern matches at any depth).",
    )


@dataclass(kw_only=True)
class ScriptSettings(PolicySettings):
    script_globs: list[str] = setting(
        factory=lambda: ["*.sh"],
        description="Shell scripts to judge (a pattern matches at any depth).",
    )


def matches(path: str, patterns: Iterable[str]) -> bool:
    """gitignore-like matching: a pattern without ``/`` matches the file name at any depth,
    one with ``/`` matches the path from the root or below any directory."""
    name = path.rsplit("/", 1)[-1]
    for pattern in patterns:
        if "/" not in pattern:
            if fnmatch.fnmatchcase(name, pattern):
                return True
        elif fnmatch.fnmatchcase(path, pattern.lstrip("/")) or (
            not pattern.startswith("/") and fnmatch.fnmatchcase(path, "*/" + pattern)
        ):
            return True
    return False
