"""The ``sarif`` report: SARIF 2.1.0 for GitHub code scanning (``upload-sarif``).

One run; a rule per policy that ran, documented from the policy's docstring; a result per
finding with a repo-relative URI and ``partialFingerprints["policyGate/v1"]`` taken from
``Finding.fingerprint`` (``primaryLocationLineHash`` is left to upload-sarif, which
computes it from the file). Findings without a location (repository-wide, e.g. coverage
totals) are left out of code scanning, with a tool notification counting them, unless
``sarif: {repository_wide: true}`` asks for them: code scanning needs a location on every
result, so they are then attached to line 1 of ``ReportOptions.sarif_anchor_path``; a finding in
an old commit keeps its path and line and names the commit in its message. Columns are
code points, the end column exclusive (SARIF's convention; ``Location`` is inclusive).
GitHub rejects a run with more than 25,000 results: beyond that the most severe are kept
and a tool notification says how many were left out. ``automationDetails`` (the
code-scanning category) is written only when ``ReportOptions.sarif_category`` is set.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from gate.findings import (
    DOCS_URL,
    Finding,
    Location,
    PolicyResult,
    RunResult,
    Severity,
    fingerprint,
)
from gate.reporters import ReportOptions
from gate.reporters.escaping import shorten

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/policy-gate/policy-gate"
PARTIAL_FINGERPRINT = "policyGate/v1"
MAX_RESULTS = 25_000
_MAX_DESCRIPTION = 1024
_MAX_MESSAGE = 10_000
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
# GitHub maps security-severity to critical (>9.0), high (7.0-8.9), medium, low (<4.0).
# A policy class may set ``security_severity`` to override this default.
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.NOTICE: "2.0"}
_FAMILIES = {"COV": "coverage", "PIN": "supply-chain", "SEC": "security", "GATE": "configuration"}


def render(result: RunResult, options: ReportOptions) -> str:
    return json.dumps(to_sarif(result, options), indent=2, ensure_ascii=False) + "\n"


def to_sarif(result: RunResult, options: ReportOptions) -> dict[str, Any]:
    index = {policy.policy_id: i for i, policy in enumerate(result.results)}
    located = result.findings
    if not options.sarif_repository_wide:
        # A code-scanning alert needs a real place in the code; a repository-wide finding
        # (a coverage total) pinned to the config file's line 1 would read as one there.
        located = tuple(f for f in result.findings if f.location is not None)
    kept = _keep_most_severe(located, MAX_RESULTS)
    driver: dict[str, Any] = {
        "name": "policy-gate",
        "informationUri": INFORMATION_URI,
        "rules": [rule(policy) for policy in result.results],
    }
    if result.tool_version:
        driver["version"] = result.tool_version
        driver["semanticVersion"] = result.tool_version
    invocation: dict[str, Any] = {
        "executionSuccessful": not any(p.status(result.fail_on) == "error" for p in result.results),
    }
    notifications: list[dict[str, Any]] = []
    unlocated = len(result.findings) - len(located)
    if unlocated:
        notifications.append(
            {
                "level": "note",
                "message": {
                    "text": f"{unlocated} repository-wide finding{'s' if unlocated != 1 else ''} "
                    "(no location in the code) are not code-scanning results; the job "
                    "summary and the json report have them (`sarif: {repository_wide: true}` "
                    "includes them)."
                },
            }
        )
    left_out = len(located) - len(kept)
    if left_out:
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{left_out} of {len(located)} results were left out: "
                    f"GitHub accepts at most {MAX_RESULTS} per run; the most severe were kept. "
                    "The json report has them all."
                },
            }
        )
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [sarif_result(f, index[f.policy_id], options) for f in kept],
    }
    if options.sarif_category:
        # upload-sarif fills in automationDetails only when absent, so setting it here would
        # override both its ``category`` input and its per-job (and per-matrix) default.
        run["automationDetails"] = {"id": options.sarif_category.rstrip("/") + "/"}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _keep_most_severe(findings: tuple[Finding, ...], limit: int) -> list[Finding]:
    if len(findings) <= limit:
        return list(findings)
    by_severity = sorted(range(len(findings)), key=lambda i: -findings[i].severity.rank)
    chosen = sorted(by_severity[:limit])
    return [findings[i] for i in chosen]


def _description(text: str) -> str:
    return shorten(" ".join(text.split()), _MAX_DESCRIPTION)


def rule(policy: PolicyResult) -> dict[str, Any]:
    """The reportingDescriptor of a policy, from the documentation its result carries."""
    pid = policy.policy_id
    doc = policy.rule
    if doc is not None:
        slug, title, summary = doc.slug, doc.title, doc.summary
        documentation, help_uri = doc.documentation, doc.help_url
    else:
        slug, title = pid.lower(), policy.title
        summary = documentation = policy.title or pid
        help_uri = next((f.help_url for f in policy.findings if f.help_url), DOCS_URL)
    family = next((name for prefix, name in _FAMILIES.items() if pid.startswith(prefix)), None)
    tags = ["policy-gate", family or pid.rstrip("0123456789").lower()]
    properties: dict[str, Any] = {"tags": tags}
    if pid.startswith("SEC"):
        default = _SECURITY_SEVERITY[policy.severity]
        properties["security-severity"] = (doc and doc.security_severity) or default
    return {
        "id": pid,
        "name": shorten(slug, 255),
        "shortDescription": {"text": _description(summary)},
        "fullDescription": {"text": _description(documentation)},
        "help": {
            "text": f"{documentation}\n\nDocumentation: {help_uri}",
            "markdown": f"**{pid} {title}**\n\n{documentation}\n\n[Documentation]({help_uri})",
        },
        "helpUri": help_uri,
        "defaultConfiguration": {"level": _LEVELS[policy.severity]},
        "properties": properties,
    }


def sarif_result(finding: Finding, rule_index: int, options: ReportOptions) -> dict[str, Any]:
    loc = finding.location
    text = finding.message or finding.title or finding.policy_id
    properties: dict[str, Any] = {}
    if loc is None:
        path = options.sarif_anchor_path
        region: dict[str, int] = {"startLine": 1}
        properties["repositoryWide"] = True
    else:
        path = loc.path
        region = _region(loc)
        if loc.commit:
            text = f"In commit {loc.commit[:12]}: {text}"
            properties["commit"] = loc.commit
    if finding.fix:
        text += f"\n\nFix: {finding.fix}"
    # GitHub limits the gzipped file to 10 MB; no single message may eat that.
    text = shorten(text, _MAX_MESSAGE, " … [truncated; the json report has the full text]")
    stable = finding.fingerprint or fingerprint(finding.policy_id, path, finding.message)
    out: dict[str, Any] = {
        "ruleId": finding.policy_id,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {PARTIAL_FINGERPRINT: stable},
    }
    if properties:
        out["properties"] = properties
    return out


def _region(loc: Location) -> dict[str, int]:
    start = loc.start_line if loc.start_line and loc.start_line > 0 else None
    if start is None:
        # A whole-file finding; code scanning needs a line, so it points at the first.
        return {"startLine": 1}
    region = {"startLine": start}
    end = loc.end_line if loc.end_line and loc.end_line >= start else start
    region["endLine"] = end
    if loc.start_column and loc.start_column > 0:
        region["startColumn"] = loc.start_column
        end_column = loc.end_column
        if end_column and (end > start or end_column >= loc.start_column):
            region["endColumn"] = end_column + 1
    return region
