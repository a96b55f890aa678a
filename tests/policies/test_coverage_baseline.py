"""COV003: no drop of the total against a baseline JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coverage_project import FixedCoverage
from coverage_project import run_policies as run

from gate import config, engine
from gate.collectors.coverage_types import Totals
from gate.context import CheckOptions, Context
from gate.findings import Severity
from gate.reporters import ReportOptions, terminal_report


def baseline(tmp_path: Path, exact: float) -> str:
    document = {
        "schema_version": 1,
        "policies": [{"id": "COV001", "metrics": {"coverage": 1.0, "coverage_exact": exact}}],
    }
    (tmp_path / "base.json").write_text(json.dumps(document))
    return "base.json"


@pytest.mark.parametrize(
    ("base", "covered", "tolerance", "passes"),
    [(80.0, 80, 0.0, True), (80.5, 80, 0.0, False), (80.5, 80, 0.5, True), (70.0, 80, 0, True)],
)
def test_coverage_drop(tmp_path: Path, base: float, covered: int, tolerance: float, passes: bool):
    path = baseline(tmp_path, base)
    result, errors = run(
        tmp_path,
        FixedCoverage(Totals(100, covered), 2),
        {"COV003": {"enabled": True, "tolerance": tolerance}},
        baseline=path,
    )
    assert not errors
    assert result.passed is passes
    assert result.results[0].metrics["drop"] == pytest.approx(base - covered)


def test_coverage_drop_is_off_by_default_and_needs_a_baseline(tmp_path: Path) -> None:
    cfg = config.defaults()
    ctx = Context(tmp_path, cfg, CheckOptions(env={}))
    assert "COV003" not in [cls.id for cls in engine.selected_policies(ctx)]
    result, _ = run(tmp_path, FixedCoverage(Totals(1, 1)), {"COV003": {"enabled": True}})
    assert result.results[0].status(Severity.ERROR) == "missing-input"
    assert "--baseline" in result.findings[0].message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "no schema_version"),
        ('{"schema_version": 1, "policies": {}}', "no policies list"),
        ('{"schema_version": 1, "policies": []}', "did not include COV001"),
        ('{"schema_version": 1, "policies": [{"id": "COV001", "metrics": {}}]}', "no coverage"),
        (
            '{"schema_version": 1, "policies": [{"id": "COV001", "metrics": {"coverage": 140}}]}',
            "not a percentage",
        ),
    ],
)
def test_malformed_baseline_is_an_input_error(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "base.json").write_text(text)
    result, errors = run(
        tmp_path, FixedCoverage(Totals(1, 1)), {"COV003": {"enabled": True}}, baseline="base.json"
    )
    (error,) = errors
    assert str(error).startswith("base.json: ") and reason in str(error)
    assert not result.passed


def test_drop_is_rounded_the_same_on_the_metric_line_and_in_the_message(tmp_path: Path) -> None:
    # 23.225 points (base 89.891666..., now 66.666...): the metric line used to cut it to
    # 23.22 while the message rounded it to 23.23.
    path = baseline(tmp_path, 200 / 3 + 23.225)
    result, _ = run(
        tmp_path, FixedCoverage(Totals(3, 2), 2), {"COV003": {"enabled": True}}, baseline=path
    )
    (finding,) = result.findings
    drop = result.results[0].metrics["drop"]
    assert isinstance(drop, float)
    shown = f"{drop:.2f}"
    assert f"by {shown} points" in finding.message
    assert f"drop {shown.rstrip('0')}" in terminal_report.render(result, ReportOptions())
    assert f"fell from {result.results[0].metrics['baseline_coverage']}% to 66.67%" in (
        finding.message
    )


def test_drop_just_over_the_tolerance_is_not_printed_as_the_tolerance(tmp_path: Path) -> None:
    path = baseline(tmp_path, 80.0)
    result, _ = run(
        tmp_path,
        FixedCoverage(Totals(100000, 79499), 2),  # 80 - 79.499 = 0.501 > 0.5
        {"COV003": {"enabled": True, "tolerance": 0.5}},
        baseline=path,
    )
    (finding,) = result.findings
    assert "by 0.501 points; tolerance 0.5" in finding.message
