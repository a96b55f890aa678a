"""One secret, one entry: the findings people read, with SEC001-SEC003 duplicates merged.

The tree (SEC001), change (SEC002) and history (SEC003) scans often find the same secret
at the same place; the human-readable reports (terminal, github, summary) show it once,
naming every policy that found it. SARIF and JSON keep one result per policy ID. The
policies' statuses are not touched: a policy whose finding is shown under another still
fails.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from gate.findings import Finding, PolicyResult, RunResult

SECRET_POLICIES = ("SEC001", "SEC002", "SEC003")


@dataclass(frozen=True)
class Shown:
    """A policy and the findings to show under it; ``merged`` counts its findings shown
    under another policy's entry instead (``into`` names the first such policy)."""

    policy: PolicyResult
    findings: tuple[Finding, ...]
    merged: int = 0
    into: str = ""


def _key(finding: Finding) -> tuple[str, str, int | None] | None:
    # The fingerprint names the rule, the path and the secret's hash (never the secret);
    # with the line it is "the same secret at the same place", whichever scan found it.
    loc = finding.location
    if finding.policy_id not in SECRET_POLICIES or not finding.fingerprint or loc is None:
        return None
    return finding.fingerprint, loc.path, loc.start_line


def _merge(group: list[Finding]) -> Finding:
    # The entry stands where the secret is today when a scan saw it there (no commit).
    first = min(group, key=lambda f: (f.location is not None and bool(f.location.commit),))
    ids = sorted({f.policy_id for f in group})
    severity = max((f.severity for f in group), key=lambda s: s.rank)
    return dataclasses.replace(
        first,
        severity=severity,
        message=f"{first.message} (found by {', '.join(ids)})",
    )


def shown(result: RunResult) -> list[Shown]:
    """Every policy with the findings to show under it, duplicates merged into the entry
    of the first policy (in run order) that found the secret."""
    groups: dict[tuple[str, str, int | None], list[Finding]] = {}
    for policy in result.results:
        for finding in policy.findings:
            key = _key(finding)
            if key is not None:
                groups.setdefault(key, []).append(finding)
    out: list[Shown] = []
    for policy in result.results:
        findings: list[Finding] = []
        merged = 0
        into = ""
        for finding in policy.findings:
            key = _key(finding)
            group = groups[key] if key is not None else [finding]
            if len({f.policy_id for f in group}) < 2:
                findings.append(finding)
            elif finding is group[0]:
                findings.append(_merge(group))
            elif finding.policy_id == group[0].policy_id:
                findings.append(finding)  # the same policy twice: not a duplicate scan
            else:
                merged += 1
                into = into or group[0].policy_id
        out.append(Shown(policy, tuple(findings), merged, into))
    return out
