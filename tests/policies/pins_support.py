"""Helpers shared by the PIN policy tests: write a tree, run one policy on it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pins"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def copy_fixture(name: str, root: Path) -> Path:
    shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
    return root


def run_policy(
    root: Path,
    policy_id: str,
    settings: dict[str, Any] | None = None,
    paths: tuple[str, ...] | None = None,
) -> PolicyResult:
    """Run one policy with a ``pins:`` section; input errors would fail the test."""
    cfg = config.validate({"pins": settings} if settings else {}, "test-config")
    ctx = Context(root, cfg, CheckOptions(env={}, paths=paths))
    result, errors = engine.run(ctx, select=[policy_id])
    assert not errors, errors
    (policy,) = result.results
    return policy


def where(result: PolicyResult) -> list[tuple[str, int | None]]:
    return [(f.location.path, f.location.start_line) for f in result.findings if f.location]
