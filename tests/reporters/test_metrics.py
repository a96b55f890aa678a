"""How metrics are shown: percentages, part/whole pairs, values never rounded up."""

from __future__ import annotations

import pytest

from gate.reporters.metrics import format_metrics, format_value, metric_items


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (True, "yes"),
        (False, "no"),
        (3, "3"),
        (80.0, "80"),
        (78.5, "78.5"),
        (66.666666, "66.66"),
        # A rounded value (as the policies give, e.g. coverage at [report] precision 3) is
        # shown with its decimals, as the message shows it: never cut to another number.
        (99.208, "99.208"),
        (79.999, "79.999"),
        (99.9999, "99.9999"),
        # An unrounded one is cut: never shown as the threshold it misses, nor as 100.
        (79.99999999, "79.99"),
        (99.99999999, "99.99"),
        (0.29, "0.29"),
        ("text", "text"),
    ],
)
def test_format_value(value: object, shown: str) -> None:
    assert format_value(value) == shown  # type: ignore[arg-type]


def test_coverage_metrics() -> None:
    metrics = {"coverage": 78.5, "coverage_exact": 78.456, "statements": 1200, "covered": 942}
    assert format_metrics(metrics) == "coverage 78.5% · covered 942/1200"
    changed = {"changed_coverage": 50.0, "changed_statements": 4, "changed_covered": 2}
    assert format_metrics(changed) == "changed coverage 50% · changed covered 2/4"


def test_pin_counts_pair_with_their_totals() -> None:
    metrics = {
        "pinned": 8,
        "total": 10,
        "pip_pinned": 5,
        "pip_total": 6,
        "actions_pinned": 3,
        "actions_pinned_total": 4,
    }
    assert metric_items(metrics) == [
        ("pinned", "8/10"),
        ("pip pinned", "5/6"),
        ("actions pinned", "3/4"),
    ]


def test_a_whole_is_used_once_and_unpaired_counts_stay_plain() -> None:
    metrics = {"pinned": 8, "unpinned": 2, "total": 10}
    assert metric_items(metrics) == [("pinned", "8/10"), ("unpinned", "2")]


def test_status_and_empty_values_are_left_out() -> None:
    assert format_metrics({"status": "missing-input", "coverage": None}) == ""
    assert (
        format_metrics({"delta_percent": -1.25, "files": 3}, ", ")
        == "delta percent -1.25%, files 3"
    )
