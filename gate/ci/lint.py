"""Which linters the lint stage runs, at which versions: read from the project's own config."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gate.ci.pyconfig import load_toml, tool_table
from gate.errors import InputError

PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
# pre-commit hook repositories whose ``rev`` names the tool's own version.
HOOK_REPOS = {
    "ruff": re.compile(r"astral-sh/ruff-pre-commit"),
    "black": re.compile(r"psf/black(?:-pre-commit-mirror)?(?:\.git)?$"),
}
# The digits after a pre-release marker belong to the marker: `\d+` then `\d*` would
# split a long run of digits every possible way (quadratic, issue 11).
VERSION = re.compile(r"^v?(\d+(?:\.\d+)*(?:(?:[ab]|rc)\d*)?)$")
FROZEN = re.compile(r"frozen:\s*v?(\d+(?:\.\d+)*(?:[ab]|rc)?\d*)")


@dataclass(frozen=True)
class LintPlan:
    formatter: str  # "ruff" or "black"
    reason: str
    versions: dict[str, str | None]

    @property
    def tools(self) -> list[str]:
        """The distributions the lint stage runs (ruff checks in every case)."""
        return ["ruff"] if self.formatter == "ruff" else ["ruff", "black"]

    def requirements(self) -> list[str]:
        """pip requirement specs for the tools (pinned when the project pins them)."""
        return [
            f"{tool}=={self.versions[tool]}" if self.versions.get(tool) else tool
            for tool in self.tools
        ]

    def commands(self, files: Sequence[str] = ()) -> list[tuple[str, ...]]:
        """Module invocations, run with the interpreter that has the tools.

        With ``files`` (the change's Python files) only those are checked; named files
        bypass the tools' excludes unless told otherwise, hence ``--force-exclude``.
        """
        targets = ("--force-exclude", "--", *files) if files else (".",)
        check = ("-m", "ruff", "check", "--output-format", "github", *targets)
        if self.formatter == "ruff":
            return [check, ("-m", "ruff", "format", "--check", "--diff", *targets)]
        return [check, ("-m", "black", "--check", "--diff", *targets)]


def _pre_commit(root: Path) -> tuple[list[dict[str, Any]], str]:
    """The pre-commit config's repository entries, and its text (for ``# frozen:``)."""
    path = root / PRE_COMMIT_CONFIG
    if not path.is_file():
        return [], ""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(f"invalid YAML: {error}", path=PRE_COMMIT_CONFIG) from None
    repos = data.get("repos") if isinstance(data, dict) else None
    return [repo for repo in repos or [] if isinstance(repo, dict)], text


def _hook_ids(repos: list[dict[str, Any]]) -> set[str]:
    return {
        str(hook.get("id"))
        for repo in repos
        for hook in repo.get("hooks") or []
        if isinstance(hook, dict)
    }


def pinned_versions(repos: list[dict[str, Any]], text: str) -> dict[str, str | None]:
    """Tool versions from pre-commit ``rev``s: a tag, or a SHA with a ``# frozen:`` comment."""
    versions: dict[str, str | None] = {"ruff": None, "black": None}
    for repo in repos:
        url = str(repo.get("repo", ""))
        rev = str(repo.get("rev", ""))
        for tool, pattern in HOOK_REPOS.items():
            if not pattern.search(url):
                continue
            match = VERSION.match(rev)
            if match is None:  # a SHA: its version is in the ``# frozen:`` comment
                line = next((ln for ln in text.splitlines() if rev in ln), "")
                match = FROZEN.search(line)
            versions[tool] = match.group(1) if match else None
    return versions


def _ruff_format_configured(root: Path) -> bool:
    ruff = tool_table(root, "ruff") or {}
    if "format" in ruff:
        return True
    return any("format" in load_toml(root / name) for name in ("ruff.toml", ".ruff.toml"))


def decide(root: Path) -> LintPlan:
    """``ruff format`` or ``black``, from what the project configures, in this order:

    a ``[format]`` table of ruff's config, a ``[tool.black]`` table, a pre-commit hook
    (``ruff-format`` or ``black``), else ruff format (it needs no config).
    """
    repos, text = _pre_commit(root)
    versions = pinned_versions(repos, text)
    hooks = _hook_ids(repos)
    if _ruff_format_configured(root):
        return LintPlan("ruff", "ruff's config has a [format] table", versions)
    if tool_table(root, "black") is not None:
        return LintPlan("black", "pyproject.toml has a [tool.black] table", versions)
    if "ruff-format" in hooks:
        return LintPlan("ruff", "the pre-commit config runs ruff-format", versions)
    if "black" in hooks:
        return LintPlan("black", "the pre-commit config runs black", versions)
    return LintPlan("ruff", "no formatter configured; ruff format is the default", versions)
