"""The ``pins`` config section shared by PIN001-PIN005, and the helpers they share."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from gate.collectors import compose
from gate.collectors.limits import TooLarge
from gate.collectors.structured import MalformedFile
from gate.context import Context
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.settings import PolicySettings

if TYPE_CHECKING:
    from gate.policies.base import Policy

FULL_SHA = re.compile(r"^[0-9a-fA-F]{40}$")  # a full commit SHA, the only unmovable git ref
IMAGE_DIGEST = re.compile(r"@sha256:[0-9a-fA-F]{64}$")  # an image pinned by content


class PinMode(str, Enum):
    """What counts as pinned in a requirement file."""

    EXACT = "exact"
    HASHES = "hashes"
    COMPATIBLE = "compatible"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RequirementPins(_Strict):
    """PIN001: which requirement files are judged, and how strictly."""

    globs: list[str] = Field(
        default_factory=lambda: ["requirements*.txt", "requirements/*.txt"],
        description="Requirement files to judge (a pattern matches at any depth).",
    )
    default_mode: PinMode = Field(
        default=PinMode.EXACT, description="Mode for files no `modes` glob names."
    )
    modes: dict[str, PinMode] = Field(
        default_factory=dict,
        description="Glob -> mode (exact | hashes | compatible); the first matching glob wins.",
    )
    allow_local_editable: bool = Field(
        default=False, description="Accept `-e ./path` (a directory of this repository)."
    )
    allow_local_paths: bool = Field(
        default=False, description="Accept plain local paths and file: URLs (wheels, sdists, dirs)."
    )

    def mode_for(self, path: str, default: PinMode | None = None) -> PinMode:
        """The first `modes` glob's mode, else ``default`` (else `default_mode`)."""
        for pattern, mode in self.modes.items():
            if matches(path, [pattern]):
                return mode
        return self.default_mode if default is None else default


class LockPins(_Strict):
    """PIN002: which pyproject.toml files must come with a lock file in sync."""

    globs: list[str] = Field(
        default_factory=lambda: ["pyproject.toml"],
        description="Project files to judge (a pattern matches at any depth).",
    )
    check_poetry_content_hash: bool = Field(
        default=True, description="Compare poetry.lock's content-hash with pyproject.toml."
    )


class ActionPins(_Strict):
    """PIN003: workflow and action files."""

    globs: list[str] = Field(
        default_factory=lambda: [
            ".github/workflows/*.yml",
            ".github/workflows/*.yaml",
            "action.yml",
            "action.yaml",
        ],
        description="Workflow and action metadata files to judge.",
    )
    require_version_comment: bool = Field(
        default=True, description="A SHA pin without a `# vX` comment is a notice."
    )


class DockerPins(_Strict):
    """PIN004: Dockerfiles."""

    globs: list[str] = Field(
        default_factory=lambda: [
            "Dockerfile",
            "Dockerfile.*",
            "Dockerfile-*",
            "*.dockerfile",
            "*.Dockerfile",
        ],
        description="Dockerfiles to judge.",
    )


class PrecommitPins(_Strict):
    """PIN005: pre-commit configuration files."""

    globs: list[str] = Field(
        default_factory=lambda: [".pre-commit-config.yaml", ".pre-commit-config.yml"],
        description="pre-commit configuration files to judge.",
    )
    require_frozen_comment: bool = Field(
        default=True, description="A SHA `rev:` without a `# frozen: vX` comment is a notice."
    )


class PinsSection(_Strict):
    """The ``pins`` section: what each PIN policy reads and how strict it is."""

    requirements: RequirementPins = Field(default_factory=lambda: RequirementPins())
    locks: LockPins = Field(default_factory=lambda: LockPins())
    actions: ActionPins = Field(default_factory=lambda: ActionPins())
    docker: DockerPins = Field(default_factory=lambda: DockerPins())
    precommit: PrecommitPins = Field(default_factory=lambda: PrecommitPins())


def pins(ctx: Context) -> PinsSection:
    section: Any = ctx.section("pins")
    assert isinstance(section, PinsSection)
    return section


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


def matching_files(ctx: Context, patterns: Sequence[str]) -> list[str]:
    return [name for name in ctx.files() if matches(name, patterns)]


def counts(pinned: int, total: int, files: int) -> Iterator[Metric]:
    """The metrics every PIN policy reports, so summaries read "N of M pinned"."""
    yield Metric("pinned", pinned)
    yield Metric("total", total)
    yield Metric("unpinned", total - pinned)
    yield Metric("files", files)


def unreadable(
    policy: Policy[Any], settings: PolicySettings, path: str, error: InputError, title: str
) -> Finding:
    """The error finding for a file a PIN policy cannot parse (never a silent pass)."""
    line = error.line if isinstance(error, MalformedFile) else None
    return policy.finding(
        settings,
        f"cannot check {path}: {error.message}",
        severity=Severity.ERROR,
        location=Location(path, start_line=line, end_line=line),
        fingerprint=fingerprint(policy.id, path, "malformed"),
        title=title,
        fix=(
            "shrink or split the file (docs/trust.md lists the bounds)"
            if isinstance(error, TooLarge)
            else "fix the file so it parses"
        ),
    )


class ImageSettings(PolicySettings):
    compose_globs: list[str] = Field(
        default_factory=lambda: list(compose.COMPOSE_GLOBS),
        description="Docker Compose files to judge (a pattern matches at any depth).",
    )


class ScriptSettings(PolicySettings):
    script_globs: list[str] = Field(
        default_factory=lambda: ["*.sh"],
        description="Shell scripts to judge (a pattern matches at any depth).",
    )
