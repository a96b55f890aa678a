"""COV001: total coverage, its rounding and threshold as coverage.py's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from coverage.results import display_covered, should_fail_under
from coverage_project import FixedCoverage
from coverage_project import run_policies as run

from gate.collectors.coverage_types import Totals
from gate.findings import Severity
from gate.reporters import ReportOptions, summary_report, terminal_report


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
    assert finding.message == (
        "total coverage is 50.00%, below the threshold of 80.00% "
        "(set by the gate's policies.COV001.threshold; from fixed)"
    )
    metrics = result.results[0].metrics
    assert (metrics["statements"], metrics["covered"]) == (10, 6)
    assert (metrics["branches"], metrics["covered_branches"]) == (4, 1)


@pytest.mark.parametrize(
    ("covered", "statements", "precision", "threshold", "shown"),
    [
        (2, 3, 0, 66.67, ("66.67", "66.67")),  # 66.666... rounds to the threshold: passes
        (2, 3, 2, 66.67, ("66.67", "66.67")),
        (6666, 10000, 1, 66.67, ("66.66", "66.67")),  # compared at 2 places, printed at 2
        (99999, 100000, 2, 100, ("99.99", "100.00")),  # 100 needs exactly 100
    ],
)
def test_failing_message_never_contradicts_itself(
    tmp_path: Path,
    covered: int,
    statements: int,
    precision: int,
    threshold: float,
    shown: tuple[str, str],
) -> None:
    totals = Totals(statements, covered)
    result, _ = run(
        tmp_path, FixedCoverage(totals, precision), {"COV001": {"threshold": threshold}}
    )
    fails = should_fail_under(totals.percent, threshold, precision)
    assert result.passed is not fails
    if fails:
        (finding,) = result.findings
        assert f"is {shown[0]}%, below the threshold of {shown[1]}%" in finding.message
        assert shown[0] != shown[1]


def test_project_fail_under_raises_the_threshold(tmp_path: Path) -> None:
    (tmp_path / ".coveragerc").write_text("[report]\nfail_under = 90\n", encoding="utf-8")
    result, _ = run(tmp_path, FixedCoverage(Totals(100, 85), 0), {"COV001": {}})
    (finding,) = result.findings
    assert result.results[0].metrics["threshold"] == 90
    assert "below the threshold of 90%" in finding.message
    assert "set by [report] fail_under in the working tree" in finding.message


def test_gate_threshold_is_the_floor(tmp_path: Path) -> None:
    (tmp_path / ".coveragerc").write_text("[report]\nfail_under = 50\n", encoding="utf-8")
    result, _ = run(tmp_path, FixedCoverage(Totals(100, 70), 0), {"COV001": {}})
    (finding,) = result.findings
    assert result.results[0].metrics["threshold"] == 80
    assert "set by the gate's policies.COV001.threshold" in finding.message


def test_no_coverage_data_fails_closed(tmp_path: Path) -> None:
    result, errors = run(tmp_path, None, {"COV001": {}})
    assert not errors and not result.passed
    assert result.results[0].status(Severity.ERROR) == "missing-input"
    assert "coverage run -m pytest" in result.findings[0].message


def test_metric_line_and_message_agree_at_the_configured_precision(tmp_path: Path) -> None:
    # 1190 of 1200 is 99.1666...%: precision 3 prints 99.167, on the metric line as well.
    result, _ = run(tmp_path, FixedCoverage(Totals(1200, 1190), 3), {"COV001": {"threshold": 99.5}})
    text = terminal_report.render(result, ReportOptions())
    assert "(coverage 99.167%," in text
    assert "total coverage is 99.167%, below the threshold of 99.500%" in text


def test_summary_says_statements_and_branches_when_branches_count(tmp_path: Path) -> None:
    result, _ = run(tmp_path, FixedCoverage(Totals(10, 6, 4, 1), 2), {"COV001": {}})
    summary = summary_report.render(result, ReportOptions())
    assert "**50%** of 10 statements and 4 branches (6 + 1 covered)" in summary
    result, _ = run(tmp_path, FixedCoverage(Totals(10, 9), 2), {"COV001": {}})
    assert "**90%** of 10 statements (9 covered)" in summary_report.render(result, ReportOptions())


@pytest.mark.slow
def test_fail_under_comes_from_the_base_not_the_change(make_repo: Any) -> None:
    from gate import config, engine
    from gate.context import CheckOptions, Context

    repo = make_repo()
    repo.write(".coveragerc", "[report]\nfail_under = 95\n")
    base = repo.commit("base asks for 95")
    repo.write(".coveragerc", "[report]\nfail_under = 10\n")  # the change lowers it
    ctx = Context(
        repo.path,
        config.validate({"policies": {"COV001": {}}}, "gate.yml"),
        CheckOptions(env={}),
        trusted_ref=base,
    )
    ctx.cached("coverage", lambda: FixedCoverage(Totals(100, 90), 0))
    result, _ = engine.run(ctx, select=["COV001"])
    (finding,) = result.findings
    assert "below the threshold of 95%" in finding.message
    assert f"set by [report] fail_under in the base commit {base[:12]}" in finding.message


@pytest.mark.parametrize("precision", [0, 1, 2])
@pytest.mark.parametrize("threshold", [80.0, 79.95, 66.67, 50.5, 99.999])
def test_the_threshold_text_uses_the_places_the_installed_coverage_compares_at(
    precision: int, threshold: float
) -> None:
    """coverage.py 7.17 compares at the threshold's own decimals, earlier versions (the
    only ones on Python 3.10) at ``precision``: the printed total must sit on the side of
    the threshold that the installed version's comparison puts it."""
    from gate.policies.coverage.common import compared_places, threshold_texts

    places = compared_places(threshold, precision)
    for hundredths in range(4000, 10000, 7):
        total = hundredths / 100 + 0.004
        fails = should_fail_under(total, threshold, precision)
        assert fails == (round(total, places) < threshold)
        shown, limit = threshold_texts(total, threshold, precision)
        assert float(limit) == threshold  # the threshold as configured, never rounded
        assert (float(shown) < threshold) == fails  # "X% is below Y%" is true as printed
