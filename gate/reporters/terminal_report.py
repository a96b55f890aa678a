"""The ``terminal`` report: findings grouped by policy, then one verdict line."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from gate.findings import Finding, MetricValue, RunResult, Severity
from gate.reporters import ReportOptions
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


def render(result: RunResult, options: ReportOptions) -> str:
    color = options.color
    lines: list[str] = []
    for policy in result.results:
        status = policy.status(result.fail_on)
        mark = (
            _paint("PASS", "pass", color) if status == "passed" else _paint("FAIL", "fail", color)
        )
        lines.append(f"{mark} {policy.policy_id} {policy.title}{_metrics(policy.metrics)}")
        for finding in policy.findings:
            level = _paint(finding.severity.value, finding.severity.value, color)
            lines.append(f"  {level} {_clean(_where(finding) + finding.message, '    ')}")
            if finding.fix:
                lines.append(_paint(f"    fix: {_clean(finding.fix, '         ')}", "dim", color))
    counts = Counter(finding.severity for finding in result.findings)
    tally = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity)
    )
    verdict = "passed" if result.passed else "failed"
    paint = "pass" if result.passed else "fail"
    suffix = " (--no-fail: exit 0)" if result.no_fail and not result.passed else ""
    policies = f"{len(result.results)} polic{'y' if len(result.results) == 1 else 'ies'}"
    lines.append("")
    lines.append(
        f"{_paint('gate ' + verdict, paint, color)}: {policies}, {tally}; "
        f"failing at {result.fail_on.value} or above{suffix}"
    )
    return "\n".join(lines) + "\n"
