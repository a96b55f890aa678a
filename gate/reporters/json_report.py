"""The ``json`` report: a documented, versioned machine-readable result.

Schema (``schema_version`` 1; additions keep the version, removals or renames bump it)::

    {
      "schema_version": 1,
      "tool": {"name": "policy-gate", "version": "X.Y.Z"},
      "verdict": "pass" | "fail",
      "fail_on": "notice" | "warning" | "error",
      "no_fail": bool,
      "base": str | null, "head": str | null,
      "counts": {"error": int, "warning": int, "notice": int},
      "policies": [
        {"id": "COV001", "title": str, "severity": str,
         "status": "passed" | "failed" | "missing-input" | "error",
         "metrics": {name: number | string | bool | null},
         "findings": [Finding, ...]}
      ]
    }

    Finding = {"policy_id", "severity", "title", "message", "fix", "fingerprint",
               "help_url", "location": null | {"path", "start_line", "end_line",
               "start_column", "end_column", "commit"}, "properties": {...}}

Metrics are per policy: COV001 ``coverage`` (percent, as ``coverage report`` rounds it),
``coverage_exact``, ``statements``, ``covered``...; COV002 ``changed_coverage``,
``changed_statements``, ``changed_covered``. ``gate check --baseline`` reads COV001's
``coverage_exact`` (or ``coverage``) back from such a file. When READY policies ran,
``score`` holds the readiness score (``gate.score.to_dict``: value, formula, categories).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from gate import score
from gate.findings import Finding, RunResult
from gate.reporters import ReportOptions

SCHEMA_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "policy_id": finding.policy_id,
        "severity": finding.severity.value,
        "title": finding.title,
        "message": finding.message,
        "fix": finding.fix,
        "fingerprint": finding.fingerprint,
        "help_url": finding.help_url,
        "location": asdict(finding.location) if finding.location else None,
        "properties": dict(finding.properties),
    }


def to_dict(result: RunResult) -> dict[str, Any]:
    counts = {"error": 0, "warning": 0, "notice": 0}
    for finding in result.findings:
        counts[finding.severity.value] += 1
    data = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "policy-gate", "version": result.tool_version},
        "verdict": result.verdict,
        "fail_on": result.fail_on.value,
        "no_fail": result.no_fail,
        "base": result.base,
        "head": result.head,
        "counts": counts,
        "policies": [
            {
                "id": policy.policy_id,
                "title": policy.title,
                "severity": policy.severity.value,
                "status": policy.status(result.fail_on),
                "metrics": dict(policy.metrics),
                "findings": [finding_to_dict(f) for f in policy.findings],
            }
            for policy in result.results
        ],
    }
    if any(r.policy_id.startswith("READY") for r in result.results):
        data["score"] = score.to_dict(score.compute(result))  # weights and formula included
    return data


def render(result: RunResult, options: ReportOptions) -> str:
    return json.dumps(to_dict(result), indent=2, sort_keys=False) + "\n"
