"""The ``terminal`` report: findings grouped by policy, then one verdict line."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from gate.findings import Finding, MetricValue, PolicyResult, RunResult, Severity
from gate.reporters import ReportOptions, merging
from gate.reporters.metrics import format_metrics

# Every C0 control but newline and tab, DEL and the C1 range (which holds CSI, 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COLORS = {"error": "31", "warning": "33", "notice": "36", "pass": "32", "fail": "31", "dim": "2"}


def _paint(text: str, color: str, enabled: bool) -> str:
    return f"\x1b[{_COLORS[color]}m{text}\x1b[0m" if enabled else text


def _where(finding: Finding) -> str:
    loc = finding.location
    if loc is None:
        return ""
    where = loc.path
    if loc.start_line:
        where += f":{loc.start_line}"
        if loc.end_line and loc.end_line != loc.start_line:
            where += f"-{loc.end_line}"
    if loc.commit:
        where = f"{loc.commit[:12]}:{where}"
    return where + ": "


def _metrics(metrics: Mapping[str, MetricValue]) -> str:
    shown = format_metrics(metrics, separator=", ")
    return f" ({shown})" if shown else ""


def _clean(text: str, indent: str) -> str:
    """Untrusted text made safe for a terminal: no escape sequences, continuation indented."""
    text = _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text.replace("\r\n", "\n"))
    return text.replace("\n", "\n" + indent)


# A policy that passed without judging anything says why instead of PASS.
_SKIPPED = {"not-requested": "SKIP", "not-applicable": "N/A"}


def _mark(policy: PolicyResult, fail_on: Severity, color: bool) -> tuple[str, str]:
    """The status word, and why a policy that judged nothing did not."""
    status = policy.status(fail_on)
    special = policy.metrics.get("status")
    if status == "passed" and isinstance(special, str) and special:
        word = _SKIPPED.get(special, special.upper())
        return _paint(word, "dim", color), f": {special.replace('-', ' ')}"
    if status == "passed":
        return _paint("PASS", "pass", color), ""
    return _paint("FAIL", "fail", color), ""


def _base(result: RunResult) -> str:
    """``base main @ 1a2b3c4d5e6f``: what the change was diffed against."""
    if result.base is None:
        return ""
    short = result.base_sha[:12] if result.base_sha else ""
    if not short or result.base.startswith(short) or short.startswith(result.base):
        return f"base {short or result.base}"
    return f"base {result.base} @ {short}"


def render(result: RunResult, options: ReportOptions) -> str:
    color = options.color
    lines: list[str] = []
    base = _base(result)
    if base and not options.quiet:
        lines.append(_paint(_clean(base, "  "), "dim", color))
    for shown in merging.shown(result):
        policy = shown.policy
        mark, why = _mark(policy, result.fail_on, color)
        failing = policy.status(result.fail_on) != "passed"
        if options.quiet and not failing:
            continue
        metrics = "" if why else _metrics(policy.metrics)
        lines.append(f"{mark} {policy.policy_id} {policy.title}{why}{metrics}")
        listed = [
            finding
            for finding in shown.findings
            if not options.quiet or finding.severity.at_least(result.fail_on)
        ]
        # The same advice under every finding is noise: a fix several findings share is
        # printed once, after them; a finding's own fix stays under it.
        uses = Counter(finding.fix for finding in listed if finding.fix)
        fixes: list[str] = []
        for finding in listed:
            level = _paint(finding.severity.value, finding.severity.value, color)
            lines.append(f"  {level} {_clean(_where(finding) + finding.message, '    ')}")
            if finding.fix and uses[finding.fix] == 1:
                lines.append(_paint(f"    fix: {_clean(finding.fix, '         ')}", "dim", color))
            elif finding.fix and finding.fix not in fixes:
                fixes.append(finding.fix)
        if shown.merged:
            noun = "finding" if shown.merged == 1 else "findings"
            lines.append(
                _paint(f"  {shown.merged} {noun} shown with {shown.into} above", "dim", color)
            )
        for fix in fixes:
            lines.append(_paint(f"  fix: {_clean(fix, '       ')}", "dim", color))
    counts = Counter(finding.severity for finding in result.findings)
    tally = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity)
    )
    verdict = "passed" if result.passed else "failed"
    paint = "pass" if result.passed else "fail"
    suffix = " (--no-fail: exit 0)" if result.no_fail and not result.passed else ""
    policies = f"{len(result.results)} polic{'y' if len(result.results) == 1 else 'ies'}"
    if lines:
        lines.append("")
    lines.append(
        f"{_paint('gate ' + verdict, paint, color)}: {policies}, {tally}; "
        f"failing at {result.fail_on.value} or above{suffix}"
    )
    return "\n".join(lines) + "\n"
