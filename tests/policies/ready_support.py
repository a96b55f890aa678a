"""Helpers of the READY tests: run one policy on a real repository with a feature branch."""

from __future__ import annotations

from typing import Any

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult


def run(
    repo: Any, policy_id: str, settings: dict[str, Any] | None = None, **options: Any
) -> PolicyResult:
    """Run ``policy_id`` (opt-in policies are selected by full ID) against ``main``."""
    data = {"ready": settings or {}}
    ctx = Context(repo.path, config.validate(data, "<test>"), CheckOptions(env={}, **options))
    result, errors = engine.run(ctx, select=[policy_id])
    assert not errors, errors
    (policy,) = result.results
    return policy


def branch(repo: Any, files: dict[str, str], base: dict[str, str] | None = None) -> None:
    """Commit ``base`` on main, then ``files`` on a feature branch (as a pull request has)."""
    for path, text in (base or {}).items():
        repo.write(path, text)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    for path, text in files.items():
        repo.write(path, text)
    repo.commit("feature")
