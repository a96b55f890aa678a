"""The values every policy produces and every reporter reads (all immutable)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

MetricValue = int | float | str | bool | None
# Metric names of the COV policies that other parts read (step outputs, the pull-request
# comment, OpenMetrics, the stored baseline): one spelling, here.
COV_TOTAL = "coverage"  # COV001: the percentage as `coverage report` shows it
COV_TOTAL_EXACT = "coverage_exact"  # COV001 (and COV003): unrounded
COV_CHANGED = "changed_coverage"  # COV002
COV_CHANGED_COVERED = "changed_covered"  # COV002
COV_CHANGED_STATEMENTS = "changed_statements"  # COV002
COV_BASELINE = "baseline_coverage"  # COV003

# Where every policy is documented (a policy's help_url is an anchor in it).
DOCS_URL = "https://github.com/policy-gate/policy-gate/blob/main/docs/policies.md"


class Severity(str, Enum):
    """How bad a finding is; ``--fail-on`` picks the lowest one that fails the gate."""

    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self.value]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_RANK = {"notice": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, order=True)
class Location:
    """A place in the repository: a repo-relative POSIX path and an optional line span.

    ``commit`` is set for findings in history (SEC003) and names the commit the
    path and line belong to.
    """

    path: str
    start_line: int | None = None
    end_line: int | None = None
    start_column: int | None = None
    end_column: int | None = None
    commit: str | None = None


@dataclass(frozen=True)
class Finding:
    """One thing a policy found.

    ``fingerprint`` identifies the finding across unrelated edits: it never contains a
    bare line number, and for secrets it is built from a hash, never the value.
    ``fix`` says exactly what to change, when the policy knows. ``title`` is a short
    headline for annotations; ``message`` the full sentence.
    """

    policy_id: str
    severity: Severity
    message: str
    location: Location | None = None
    fingerprint: str = ""
    title: str = ""
    fix: str | None = None
    help_url: str = ""
    properties: Mapping[str, MetricValue] = field(default_factory=dict, compare=False)

    def __hash__(self) -> int:
        return hash((self.policy_id, self.severity, self.message, self.location, self.fingerprint))

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        loc = self.location
        return (
            loc.path if loc else "",
            (loc.start_line or 0) if loc else 0,
            self.policy_id,
            self.message,
        )


@dataclass(frozen=True)
class Metric:
    """A number a policy measured (coverage %, pinned/total counts), for reports and JSON."""

    name: str
    value: MetricValue


def fingerprint(*parts: str) -> str:
    """A short stable hash of the given parts (used for Finding.fingerprint)."""
    # surrogatepass: a non-UTF-8 file name (bytes kept as lone surrogates) is legitimate.
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:32]


@dataclass(frozen=True)
class RuleDoc:
    """How a policy documents itself (SARIF rules show it): taken from its class by the
    engine, so a reporter never needs the policy registry."""

    slug: str
    title: str
    summary: str
    documentation: str
    help_url: str
    security_severity: str | None = None  # SARIF's 0.0-10.0 score, when the class sets one


@dataclass(frozen=True)
class PolicyResult:
    """What one policy produced in one run (``rule``: its documentation, when known)."""

    policy_id: str
    title: str
    severity: Severity
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, MetricValue] = field(default_factory=dict)
    rule: RuleDoc | None = field(default=None, compare=False)

    def failing(self, fail_on: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity.at_least(fail_on))

    def status(self, fail_on: Severity) -> str:
        """passed | failed | missing-input | error (the last two also fail)."""
        special = self.metrics.get("status")
        if isinstance(special, str) and special in ("missing-input", "error"):
            return special
        return "failed" if self.failing(fail_on) else "passed"


@dataclass(frozen=True)
class RunResult:
    """Everything one ``gate check`` produced; reporters render this and only this."""

    results: tuple[PolicyResult, ...]
    fail_on: Severity
    no_fail: bool = False
    root: str = "."
    base: str | None = None
    head: str | None = None
    tool_version: str = ""
    base_sha: str | None = None  # the commit ``base`` named when the run began
    # Set by gate.redaction.redact_result: every string is already safe to print.
    redacted: bool = field(default=False, compare=False)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        every = [f for r in self.results for f in r.findings]
        return tuple(sorted(every, key=lambda f: f.sort_key))

    @cached_property
    def failing_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity.at_least(self.fail_on))

    @property
    def passed(self) -> bool:
        """The verdict: no finding at or above ``fail_on``."""
        return not self.failing_findings

    @property
    def verdict(self) -> str:
        return "pass" if self.passed else "fail"

    def metric(self, policy_id: str, name: str) -> MetricValue:
        for result in self.results:
            if result.policy_id == policy_id:
                return result.metrics.get(name)
        return None
