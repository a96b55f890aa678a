"""GATE001 for workflows: every edit a pull request makes to a workflow that calls the gate.

A pull request's own run uses its own workflow files, so these edits can switch the gate
off for that very run. Compared between the base and the head commit, for each job of a
base workflow that calls policy-gate's reusable workflow: the file or the job removed (or
renamed), a stage input (``lint``, ``test``, ``security``, ``gate``) switched off,
``continue-on-error`` or ``if:`` added or changed, and ``uses:`` moved to another
repository or file are errors; a new ref in the same repository (a Dependabot SHA bump)
is a notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from gate.findings import Finding, Location, Severity, fingerprint
from gate.git import Git

POLICY = "GATE001"
STAGES = ("lint", "test", "security", "gate")
_REUSABLE = re.compile(r"^(?P<where>.+/\.github/workflows/python-ci\.ya?ml)(?:@(?P<ref>.+))?$")
_DIRS = (".github/workflows/",)


def _uses_gate(uses: object) -> re.Match[str] | None:
    return _REUSABLE.match(uses.strip()) if isinstance(uses, str) else None


def _load(git: Git, ref: str, path: str) -> dict[str, Any] | None:
    data = git.show(ref, path)
    if data is None:
        return None
    try:
        document = yaml.safe_load(data.decode("utf-8", "replace"))
    except yaml.YAMLError:
        return {}
    return document if isinstance(document, dict) else {}


def _workflows(git: Git, ref: str) -> list[str]:
    out = git.run_bytes("ls-tree", "-r", "-z", "--name-only", ref, "--", *_DIRS)
    return sorted(
        name
        for name in out.decode("utf-8", "surrogateescape").split("\0")
        if name.endswith((".yml", ".yaml"))
    )


def _jobs(document: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    jobs = (document or {}).get("jobs")
    if not isinstance(jobs, dict):
        return {}
    return {str(k): v for k, v in jobs.items() if isinstance(v, dict)}


def _finding(path: str, job: str, what: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        policy_id=POLICY,
        severity=severity,
        message=f"{path}: job {job!r}: {what}",
        location=Location(path),
        fingerprint=fingerprint(POLICY, "workflow", path, job, what),
        title="Workflow that calls the gate changed",
        fix="revert the edit, or have a maintainer make it in a pull request of its own",
    )


def _stage_on(job: dict[str, Any], stage: str) -> bool:
    value = (job.get("with") or {}).get(stage, True)
    return value is not False and str(value).strip().lower() not in ("false", "0", "")


def _compare_job(
    path: str, name: str, before: dict[str, Any], after: dict[str, Any]
) -> Iterator[Finding]:
    old, new = _uses_gate(before.get("uses")), _uses_gate(after.get("uses"))
    if new is None:
        yield _finding(
            path, name, f"no longer calls the gate's reusable workflow ({after.get('uses')!r})"
        )
        return
    assert old is not None
    if new["where"] != old["where"]:
        yield _finding(path, name, f"`uses:` moved from {old['where']} to {new['where']}")
    elif new["ref"] != old["ref"]:
        yield _finding(
            path, name, f"`uses:` ref changed from {old['ref']} to {new['ref']} (same repository)",
            Severity.NOTICE,
        )  # fmt: skip
    for stage in STAGES:
        if _stage_on(before, stage) and not _stage_on(after, stage):
            yield _finding(path, name, f"the {stage} stage is switched off (`{stage}: false`)")
    for key in ("continue-on-error", "if"):
        if after.get(key) != before.get(key):
            yield _finding(path, name, f"`{key}:` added or changed (now {after.get(key)!r})")


def workflow_edits(git: Git, base: str, head: str) -> list[Finding]:
    """Every gate-weakening edit from ``base`` to ``head`` (both commits in ``git``)."""
    findings: list[Finding] = []
    for path in _workflows(git, base):
        before = _load(git, base, path)
        calling = {n: j for n, j in _jobs(before).items() if _uses_gate(j.get("uses"))}
        if not calling:
            continue
        after = _load(git, head, path)
        if after is None:
            findings.append(_finding(path, ", ".join(calling), "the workflow file is removed"))
            continue
        jobs_after = _jobs(after)
        for name, job in calling.items():
            if name not in jobs_after:
                findings.append(_finding(path, name, "the job is removed or renamed"))
                continue
            findings.extend(_compare_job(path, name, job, jobs_after[name]))
    return findings
