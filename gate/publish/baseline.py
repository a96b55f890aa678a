"""COV003 from the base side: the merge-base's stored result, from a default-branch push run.

The coverage ratchet needs the base's total. A file the pull request supplies can be
forged and the Actions cache has a pull-request scope a pull request can write, so the
publisher takes it from the ``policy-gate-result`` artifact of a **push** run of the **same
workflow** on the **default branch** at the **merge-base** (checked on the run and on the
artifact), and compares it with the total the pull request's run reported.
"""

from __future__ import annotations

from typing import Any

from gate.errors import GateError, InputError
from gate.findings import (
    COV_BASELINE,
    COV_TOTAL,
    COV_TOTAL_EXACT,
    Finding,
    PolicyResult,
    RunResult,
    Severity,
    fingerprint,
)
from gate.github_api import GitHub
from gate.policies.coverage.cov003_baseline import CoverageDrop, baseline_coverage
from gate.publish import artifact
from gate.publish.pulls import CompletedRun

POLICY = CoverageDrop.id
DEFAULT_SEVERITY = CoverageDrop.default_severity


def _push_run(api: GitHub, run: CompletedRun, merge_base: str) -> dict[str, Any]:
    """The newest completed push run of the same workflow on the default branch at
    ``merge_base``; every field that places it is checked, not just the query."""
    found = [
        candidate
        for candidate in api.workflow_runs(
            head_sha=merge_base, event="push", branch=run.default_branch
        )
        if candidate.get("event") == "push"
        and candidate.get("head_sha") == merge_base
        and candidate.get("head_branch") == run.default_branch
        and candidate.get("workflow_id") == run.workflow_id
        and candidate.get("status") == "completed"
        and (candidate.get("head_repository") or {}).get("full_name") == run.repository
    ]
    if not found:
        raise InputError(
            f"no completed push run of this workflow on {run.default_branch or '?'} at the "
            f"merge-base {merge_base[:12]} (it stores the baseline as {artifact.ARTIFACT_NAME})"
        )
    return max(found, key=lambda candidate: int(candidate.get("id") or 0))


def baseline_total(api: GitHub, run: CompletedRun, merge_base: str) -> float:
    """The merge-base's total coverage, from its push run's validated result artifact."""
    push = _push_run(api, run, merge_base)
    report = artifact.load(artifact.fetch(api, int(push["id"]), merge_base), merge_base)
    return baseline_coverage(
        report.model_dump_json(), f"{artifact.ARTIFACT_NAME} of run {push['id']}"
    )


def _number(value: object) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if ok else None  # type: ignore[arg-type]


def judge(
    api: GitHub,
    run: CompletedRun,
    merge_base: str,
    reported: RunResult | None,
    tolerance: float,
    severity: Severity,
) -> PolicyResult:
    """COV003's result: the reported total against the stored baseline."""
    metrics: dict[str, float | str | None] = {"tolerance": tolerance}

    def result(message: str, *, status: str | None = None) -> PolicyResult:
        if status:
            metrics["status"] = status
        finding = Finding(
            POLICY, severity, message, fingerprint=fingerprint(POLICY, "publisher"),
            title=CoverageDrop.title, fix="see docs/publish.md (stored results for COV003)",
        )  # fmt: skip
        return PolicyResult(POLICY, CoverageDrop.title, severity, (finding,), dict(metrics))

    try:
        base = baseline_total(api, run, merge_base)
    except GateError as error:
        return result(f"no stored baseline: {error}", status="missing-input")
    metrics[COV_BASELINE] = base
    current = None
    if reported is not None:
        current = _number(reported.metric("COV001", COV_TOTAL_EXACT))
        if current is None:
            current = _number(reported.metric("COV001", COV_TOTAL))
    if current is None:
        return result(
            "the pull request's run reported no total coverage (COV001)", status="missing-input"
        )
    drop = base - current
    metrics.update(coverage_exact=current, drop=drop)
    if drop > tolerance:
        return result(
            f"total coverage fell from {base:.2f}% (merge-base {merge_base[:12]}) to "
            f"{current:.2f}% (by {drop:.2f} points; tolerance {tolerance:g})"
        )
    return PolicyResult(POLICY, CoverageDrop.title, severity, (), dict(metrics))
