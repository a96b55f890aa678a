"""The base-side re-judgement: the static policies run by the publisher on the head tree.

SEC, PIN and GATE need no execution of the pull request, so the publisher runs them
itself, with the base commit's configuration, on the head tree written out as data
(headtree.py), plus the workflow-edit checks (workflow_edits.py). Coverage needs the
tests to run, so COV is taken from the pull request's run, as reported.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from gate import engine
from gate.config import Config
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult, RunResult
from gate.git import Git
from gate.publish import headtree
from gate.publish.workflow_edits import POLICY, workflow_edits

STATIC = ("SEC", "PIN", "GATE")


def rejudge(root: Path, base_sha: str, head_sha: str) -> tuple[RunResult, list[str], Config]:
    """The static policies' result for ``head_sha`` judged by ``base_sha``'s configuration
    (both commits present in the base checkout at ``root``), any input errors, and that
    configuration (``publish.comment``, COV003)."""
    from gate.context import load_config  # the one config loader, with --policy-from base

    with tempfile.TemporaryDirectory(prefix="policy-gate-head-") as scratch:
        dest = Path(scratch) / "head"
        git = headtree.materialise(root, head_sha, dest)
        config = load_config(dest, None, git=git, trusted=base_sha)
        # No GITHUB_* in this context: the event is the publisher's, not the pull request's.
        ctx = Context(dest, config, CheckOptions(base=base_sha, env={}), trusted_ref=base_sha)
        result, errors = engine.run(ctx, select=STATIC)
        edits = workflow_edits(Git(root), base_sha, head_sha)
    results = []
    for policy in result.results:
        if policy.policy_id == POLICY:
            policy = replace(policy, findings=(*policy.findings, *edits))
        results.append(policy)
    if edits and POLICY not in {p.policy_id for p in results}:
        results.append(
            PolicyResult(POLICY, "Gate configuration changed", edits[0].severity, tuple(edits))
        )
    static = replace(result, results=tuple(results), root=".")
    return static, [str(e) for e in errors], config


def combine(
    reported: RunResult | None, static: RunResult, extra: tuple[PolicyResult, ...] = ()
) -> RunResult:
    """COV as reported by the pull request's run (COV003 only as the publisher judged it,
    in ``extra``: the run's baseline was the pull request's to choose), everything else as
    re-judged here."""
    coverage = [
        p
        for p in (reported.results if reported else ())
        if p.policy_id.startswith("COV") and p.policy_id != "COV003"
    ]
    results = (*coverage, *extra, *static.results)
    return replace(static, results=results, head=None, base=static.base)
