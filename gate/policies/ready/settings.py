"""The ``ready`` config section shared by the READY policies (production readiness)."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gate.context import Context
from gate.policies.base import PolicySettings


class ReadySettings(PolicySettings):
    """READY policies are opt-in: they need ruff, and a repository adopts them on purpose."""

    enabled: bool = False


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadySection(_Strict):
    """The ``ready`` section: budgets and limits of READY001-READY005.

    A budget of ``null`` (the default) is a ratchet: what the base already has is
    allowed, a change may not add more. A number caps the repository-wide count too.
    """

    python_globs: list[str] = Field(
        default_factory=lambda: ["*.py"],
        description="Python files the READY checks read (a pattern matches at any depth).",
    )
    silent_failure_rules: list[str] = Field(
        default_factory=lambda: ["S110", "S112", "BLE001", "E722"],
        description="ruff rules that find exception handlers swallowing errors (READY001).",
    )
    silent_failure_budget: int | None = Field(
        default=None, ge=0, description="Most silent failures allowed in the repository."
    )
    max_file_lines: int = Field(default=1000, ge=1, description="Line limit of a module.")
    max_function_statements: int = Field(
        default=50, ge=1, description="Statement limit of a function (READY002)."
    )
    oversized_budget: int | None = Field(
        default=None, ge=0, description="Most oversized modules allowed in the repository."
    )
    debug_rules: list[str] = Field(
        default_factory=lambda: ["T201", "T203", "T100"],
        description="ruff rules that find debug output and debuggers (READY003).",
    )
    debug_budget: int | None = Field(
        default=None, ge=0, description="Most debug statements allowed in library code."
    )
    not_library: list[str] = Field(
        default_factory=lambda: [
            "tests/*", "test/*", "testing/*", "scripts/*", "bin/*", "tools/*", "docs/*",
            "examples/*", "benchmarks/*", "test_*.py", "*_test.py", "conftest.py",
            "setup.py", "noxfile.py", "__main__.py",
        ],
        description="Files that are not library code: they may print (READY003) and need "
        "no changelog entry (READY004).",
    )  # fmt: skip
    js_globs: list[str] = Field(
        default_factory=lambda: [
            "*.js",
            "*.mjs",
            "*.cjs",
            "*.jsx",
            "*.ts",
            "*.mts",
            "*.cts",
            "*.tsx",
        ],
        description="JavaScript/TypeScript files READY008 reads.",
    )
    js_not_library: list[str] = Field(
        default_factory=lambda: [
            "*.min.js", "node_modules/*", "vendor/*", "dist/*", "build/*", "coverage/*",
            "*.test.*", "*.spec.*", "__tests__/*", "tests/*", "test/*", "scripts/*", "bin/*",
            "*.config.*", "docs/*", "examples/*",
        ],
        description="JavaScript that may log to the console (tests, scripts, bundles, tools).",
    )  # fmt: skip
    js_debug_budget: int | None = Field(
        default=None, ge=0, description="Most console.log/debugger allowed in JavaScript."
    )
    changelog: str = Field(default="CHANGELOG.md", description="The Keep a Changelog file.")
    changelog_entry_required: bool = Field(
        default=True, description="A change to library code adds an entry under Unreleased."
    )
    ci_files: list[str] = Field(
        default_factory=lambda: [
            ".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml",
            ".circleci/config.yml", "azure-pipelines.yml", "Jenkinsfile", ".travis.yml",
            "bitbucket-pipelines.yml", ".woodpecker.yml", ".drone.yml",
        ],
        description="Files any of which means continuous integration is set up (READY005).",
    )  # fmt: skip


def ready(ctx: Context) -> ReadySection:
    section: Any = ctx.section("ready")
    assert isinstance(section, ReadySection)
    return section


def matches(path: str, patterns: Iterable[str]) -> bool:
    """A pattern without ``/`` matches the file name at any depth; one with ``/`` matches
    the path from the root or below any directory (``tests/*`` also matches ``a/tests/x``)."""
    by_name, by_path = _compiled(tuple(patterns))
    name = path.rsplit("/", 1)[-1]
    return bool(
        (by_name is not None and by_name.match(name))
        or (by_path is not None and by_path.match(path))
    )


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The globs as two regexes (names, paths): one match per file instead of one per glob."""
    names = [fnmatch.translate(p) for p in patterns if "/" not in p]
    paths = [fnmatch.translate(p) for p in patterns if "/" in p]
    paths += [fnmatch.translate("*/" + p) for p in patterns if "/" in p]
    return (
        re.compile("|".join(names)) if names else None,
        re.compile("|".join(paths)) if paths else None,
    )


def python_files(ctx: Context) -> list[str]:
    """The tree's Python files, as the READY checks see them."""
    patterns = ready(ctx).python_globs
    return ctx.cached("ready:python", lambda: [n for n in ctx.files() if matches(n, patterns)])


def _read_listed(path: str) -> bytes | None:
    """A listed file's bytes, without following a symlink out of the repository.

    git lists no path below a symlinked directory, so only the last component can be a
    link; O_NOFOLLOW refuses it (a link is not a module of ours to read). This skips
    ``Context.read_bytes``'s per-file path resolution, which over thousands of modules
    costs more than the reading.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def python_sources(ctx: Context) -> dict[str, bytes]:
    """Every Python file's bytes, read once per run for all READY checks."""

    def compute() -> dict[str, bytes]:
        out = {}
        for path in python_files(ctx):
            data = _read_listed(str(ctx.root / path))
            if data is not None:
                out[path] = data
        return out

    return ctx.cached("ready:sources", compute)
