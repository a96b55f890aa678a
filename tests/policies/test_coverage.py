"""COV001: total coverage, its rounding and threshold as coverage.py's."""

from __future__ import annotations

from pathlib import Path

import pytest
from coverage.results import display_covered, should_fail_under
from coverage_project import FixedCoverage
from coverage_project import run_policies as run

from gate.collectors.coverage import Totals
from gate.findings import Severity


@pytest.mark.parametrize(
    ("covered", "statements", "precision", "threshold"),
    [
        (799, 1000, 0, 80),  # 79.9 prints as 80 and passes fail_under=80
        (7994, 10000, 1, 80),  # 79.94 -> 79.9 fails
        (7995, 10000, 1, 80),  # 79.95 -> 80.0 passes
        (99999, 100000, 2, 100),  # 99.999 is never 100
        (1, 3, 2, 33.33),
        (1, 3, 2, 33.34),
        (0, 5, 0, 0),
    ],
)
def test_threshold_follows_coverage_fail_under(
    tmp_path: Path, covered: int, statements: int, precision: int, threshold: float
) -> None:
    totals = Totals(statements, covered)
    result, errors = run(
        tmp_path, FixedCoverage(totals, precision), {"COV001": {"threshold": threshold}}
    )
    assert not errors
    metrics = result.results[0].metrics
    assert metrics["coverage"] == float(display_covered(totals.percent, precision))
    assert metrics["coverage_exact"] == totals.percent
    assert result.passed is not should_fail_under(totals.percent, threshold, precision)


def test_display_is_never_rounded_to_100(tmp_path: Path) -> None:
    result, _ = run(tmp_path, FixedCoverage(Totals(99999, 99998), 1), {"COV001": {}})
    assert result.results[0].metrics["coverage"] == 99.9
    result, _ = run(tmp_path, FixedCoverage(Totals(10000, 1), 2), {"COV001": {}})
    assert result.results[0].metrics["coverage"] == 0.01


def test_failing_total_is_one_error_with_numbers(tmp_path: Path) -> None:
    result, _ = run(tmp_path, FixedCoverage(Totals(10, 6, 4, 1), 2), {"COV001": {}})
    (finding,) = result.findings
    assert finding.severity is Severity.ERROR
    assert finding.message == "total coverage is 50.00%, below the threshold of 80% (from fixed)"
    metrics = result.results[0].metrics
    assert (metrics["statements"], metrics["covered"]) == (10, 6)
    assert (metrics["branches"], metrics["covered_branches"]) == (4, 1)


def test_no_coverage_data_fails_closed(tmp_path: Path) -> None:
    result, errors = run(tmp_path, None, {"COV001": {}})
    assert not errors and not result.passed
    assert result.results[0].status(Severity.ERROR) == "missing-input"
    assert "coverage run -m pytest" in result.findings[0].message
