"""Checks every `uses:` of a stand-in against the inputs the pinned real action declares.

act gives a composite action only the inputs it declares, so a stand-in cannot see an input
it does not know, nor tell "not given" from "given empty". This check runs on act's copy of
the workflows and on action/action.yml before act starts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
STANDINS = HERE / "standins"

# The pinned third-party actions (owner/repo[/path]@sha) -> stand-in folder. The SHAs are
# the ones our workflows and action pin (/work/shared/ACTION_PINS.md).
PINNED = {
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1": "checkout",
    "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97": "setup-python",
    "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f": "upload-artifact",
    "actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c": "download-artifact",
    "github/codeql-action@8aad20d150bbac5944a9f9d289da16a4b0d87c1e": "codeql-action",
    "astral-sh/setup-uv@20cfd1bf945f4377ade1205e4dbc17946fc9a30d": "setup-uv",
    "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e": "unavailable",
    "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121": "unavailable",
    "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a": "unavailable",
    "actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32": "unavailable",
}


@dataclass(frozen=True)
class Use:
    where: str  # file and job/step, for the message
    action: str  # owner/repo[/path]@ref as written
    given: Mapping[str, Any]


def _steps(document: Any, where: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if not isinstance(document, dict):
        return
    runs = document.get("runs")
    if isinstance(runs, dict):
        for index, step in enumerate(runs.get("steps") or []):
            if isinstance(step, dict):
                yield f"{where} step {step.get('name', index)}", step
    for job_id, job in (document.get("jobs") or {}).items():
        for index, step in enumerate((job or {}).get("steps") or []):
            if isinstance(step, dict):
                yield f"{where} job {job_id} step {step.get('name', index)}", step


def uses_in(path: Path) -> list[Use]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for where, step in _steps(document, path.name):
        action = step.get("uses")
        if isinstance(action, str) and "@" in action and not action.startswith("./"):
            found.append(Use(where, action, step.get("with") or {}))
    return found


def standin_for(action: str) -> Path | None:
    """The stand-in folder for ``owner/repo[/sub/path]@sha``; None when not a pinned one."""
    name, _, ref = action.partition("@")
    owner_repo = "/".join(name.split("/")[:2])
    sub = "/".join(name.split("/")[2:])
    folder = PINNED.get(f"{owner_repo}@{ref}")
    if folder is None:
        return None
    return STANDINS / folder / sub if sub else STANDINS / folder


def declared_inputs(standin: Path) -> dict[str, dict[str, Any]]:
    document = yaml.safe_load((standin / "action.yml").read_text(encoding="utf-8"))
    return {str(k): v or {} for k, v in (document.get("inputs") or {}).items()}


def problems(use: Use) -> list[str]:
    """What the real action would refuse: an undeclared input, a required one not given.

    An action that is not one of our pins is itself a problem: it would be fetched.
    """
    standin = standin_for(use.action)
    if standin is None:
        return [f"{use.where}: {use.action} is not a pinned action with a stand-in"]
    if standin.name == "unavailable":
        return []  # it fails whenever it runs
    declared = declared_inputs(standin)
    found = []
    unexpected = sorted(set(use.given) - set(declared))
    if unexpected:
        valid = ", ".join(f"'{name}'" for name in declared)
        found.append(
            f"{use.where}: Unexpected input(s) {', '.join(repr(n) for n in unexpected)}, "
            f"valid inputs are [{valid}]"
        )
    for name, spec in declared.items():
        if spec.get("required") and "default" not in spec and name not in use.given:
            found.append(f"{use.where}: Input required and not supplied: {name}")
    return found


def check(paths: list[Path]) -> list[str]:
    return [problem for path in paths for use in uses_in(path) for problem in problems(use)]
