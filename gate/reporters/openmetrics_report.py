"""The ``openmetrics`` report: per-policy status, findings, metrics and the score for dashboards.

OpenMetrics text exposition (``# TYPE``/``# HELP`` per family, ``# EOF`` last). Families::

    gate_passed                                   1 when the verdict is pass
    gate_policy_status{policy, gate_policy_status} stateset: passed/failed/missing-input/error
    gate_policy_findings{policy, severity}        findings per policy and severity
    gate_policy_metric{policy, metric}            each numeric metric a policy reported
    gate_coverage_percent                         COV001's total coverage, when measured
    gate_changed_coverage_percent                 COV002's changed-line coverage, when measured
    gate_score                                    the readiness score 0-100, when measurable
    gate_score_category{category}                 each measurable category's score 0-100
    gate_score_category_weight{category}          each category's weight out of 100
"""

from __future__ import annotations

from collections.abc import Iterable

from gate import score
from gate.findings import COV_CHANGED, COV_TOTAL, MetricValue, RunResult, Severity
from gate.reporters import ReportOptions

STATES = ("passed", "failed", "missing-input", "error")


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    inner = ",".join(f'{name}="{_label(value)}"' for name, value in labels.items())
    return "{" + inner + "}" if inner else ""


def _number(value: MetricValue) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return repr(value)
    return None


def _family(name: str, kind: str, about: str, samples: Iterable[tuple[str, str]]) -> list[str]:
    rows = [f"{name}{labels} {value}" for labels, value in samples]
    if not rows:
        return []
    return [f"# TYPE {name} {kind}", f"# HELP {name} {about}", *rows]


def render(result: RunResult, options: ReportOptions) -> str:
    lines = _family(
        "gate_passed", "gauge", "1 when the gate passed.", [("", str(int(result.passed)))]
    )
    lines += _family(
        "gate_policy_status",
        "stateset",
        "Each policy's status.",
        [
            (
                _labels(policy=p.policy_id, gate_policy_status=state),
                str(int(p.status(result.fail_on) == state)),
            )
            for p in result.results
            for state in STATES
        ],
    )
    lines += _family(
        "gate_policy_findings",
        "gauge",
        "Findings per policy and severity.",
        [
            (
                _labels(policy=p.policy_id, severity=severity.value),
                str(sum(1 for f in p.findings if f.severity is severity)),
            )
            for p in result.results
            for severity in Severity
        ],
    )
    numeric = [
        (_labels(policy=p.policy_id, metric=name), shown)
        for p in result.results
        for name, value in p.metrics.items()
        if (shown := _number(value)) is not None
    ]
    lines += _family("gate_policy_metric", "gauge", "Numeric metrics policies reported.", numeric)
    for policy_id, metric, family, about in (
        ("COV001", COV_TOTAL, "gate_coverage_percent", "Total coverage in percent."),
        (
            "COV002",
            COV_CHANGED,
            "gate_changed_coverage_percent",
            "Changed-line coverage in percent.",
        ),
    ):
        shown = _number(result.metric(policy_id, metric))
        lines += _family(family, "gauge", about, [("", shown)] if shown is not None else [])
    value = score.compute(result)
    if value.value is not None:
        lines += _family("gate_score", "gauge", "Readiness score 0-100.", [("", str(value.value))])
    lines += _family(
        "gate_score_category",
        "gauge",
        "Readiness score of each measurable category, 0-100.",
        [
            (_labels(category=part.category.name), str(round(100 * part.value, 2)))
            for part in value.categories
            if part.value is not None
        ],
    )
    lines += _family(
        "gate_score_category_weight",
        "gauge",
        "Weight of each score category out of 100.",
        [(_labels(category=c.name), str(c.weight)) for c in score.CATEGORIES],
    )
    return "\n".join([*lines, "# EOF"]) + "\n"
