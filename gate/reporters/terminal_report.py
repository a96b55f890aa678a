"""The ``terminal`` report: findings grouped by policy, then one verdict line."""

from __future__ import annotations

from gate.findings import Finding, RunResult, Severity
from gate.reporters import ReportOptions

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


def _metrics(metrics: dict[str, object]) -> str:
    shown = [f"{k}={v}" for k, v in metrics.items() if k != "status" and v is not None]
    return f" ({', '.join(shown)})" if shown else ""


def render(result: RunResult, options: ReportOptions) -> str:
    color = options.color
    lines: list[str] = []
    for policy in result.results:
        status = policy.status(result.fail_on)
        mark = (
            _paint("PASS", "pass", color) if status == "passed" else _paint("FAIL", "fail", color)
        )
        lines.append(f"{mark} {policy.policy_id} {policy.title}{_metrics(dict(policy.metrics))}")
        for finding in policy.findings:
            level = _paint(finding.severity.value, finding.severity.value, color)
            lines.append(f"  {level} {_where(finding)}{finding.message}")
            if finding.fix:
                lines.append(_paint(f"    fix: {finding.fix}", "dim", color))
    counts = {s: sum(1 for f in result.findings if f.severity is s) for s in Severity}
    tally = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity)
    )
    verdict = "passed" if result.passed else "failed"
    paint = "pass" if result.passed else "fail"
    suffix = " (--no-fail: exit 0)" if result.no_fail and not result.passed else ""
    lines.append("")
    lines.append(
        f"{_paint('gate ' + verdict, paint, color)}: {len(result.results)} policies, {tally}; "
        f"failing at {result.fail_on.value} or above{suffix}"
    )
    return "\n".join(lines) + "\n"
