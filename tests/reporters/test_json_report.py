"""The json report: golden output and its documented, versioned schema (a contract)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
from gate.reporters import ReportOptions, json_report, render


def test_golden(result: RunResult, golden: Callable[[str, str], None]) -> None:
    golden("result.json", render("json", result, ReportOptions()))


def _keys(block: str) -> set[str]:
    """Keys of the outermost object in ``block`` (nested objects removed first)."""
    return set(re.findall(r'"(\w+)":', re.sub(r"\{[^{}]*\}", "{}", block)))


def _documented_keys() -> tuple[set[str], set[str], set[str], set[str]]:
    """The keys the module docstring promises, read from the docstring itself."""
    doc = (json_report.__doc__ or "").split("Metrics are per policy")[0]
    top_block, rest = doc.split('"policies": [')
    policy_block, finding_block = rest.split("Finding =")
    location_block = finding_block.split("null | {")[1].split("}")[0]
    finding = set(re.findall(r'"(\w+)"', finding_block.replace(location_block, "")))
    return (
        _keys(top_block) | {"policies"},
        _keys(policy_block),
        finding,
        set(re.findall(r'"(\w+)"', location_block)),
    )


def test_output_has_exactly_the_documented_keys(result: RunResult) -> None:
    data: dict[str, Any] = json.loads(render("json", result, ReportOptions()))
    top, policy_keys, finding_keys, location_keys = _documented_keys()
    assert "schema_version" in top and "commit" in location_keys  # the parse found them
    assert set(data) == top
    assert set(data["tool"]) == {"name", "version"}
    assert set(data["counts"]) == {"error", "warning", "notice"}
    for policy in data["policies"]:
        assert set(policy) == policy_keys
        for finding in policy["findings"]:
            assert set(finding) == finding_keys
            if finding["location"] is not None:
                assert set(finding["location"]) == location_keys


def test_values_follow_the_result(result: RunResult) -> None:
    data = json.loads(render("json", result, ReportOptions()))
    assert data["schema_version"] == json_report.SCHEMA_VERSION == 1
    assert data["tool"] == {"name": "policy-gate", "version": "0.1.0"}
    assert data["verdict"] == "fail" and data["fail_on"] == "error" and data["no_fail"] is False
    assert data["base"] == "origin/main" and data["head"] is None
    assert data["counts"] == {"error": 7, "warning": 2, "notice": 3}
    statuses = {p["id"]: p["status"] for p in data["policies"]}
    assert statuses == {
        "COV001": "failed",
        "COV002": "failed",
        "COV003": "missing-input",
        "GATE001": "passed",
        "PIN001": "passed",
        "SEC001": "failed",
        "SEC002": "passed",
    }
    cov1 = data["policies"][0]
    assert cov1["metrics"]["coverage"] == 78.5 and cov1["metrics"]["coverage_exact"] == 78.4567
    sec = next(p for p in data["policies"] if p["id"] == "SEC001")
    old = sec["findings"][1]["location"]
    assert old == {
        "path": "old/creds.env",
        "start_line": 2,
        "end_line": 2,
        "start_column": None,
        "end_column": None,
        "commit": "0123456789abcdef0123456789abcdef01234567",
    }


def test_text_survives_exactly(result: RunResult) -> None:
    data = json.loads(render("json", result, ReportOptions()))
    messages = {f["message"] for p in data["policies"] for f in p["findings"]}
    assert {f.message for f in result.findings} == messages


def test_finding_to_dict_is_json_native() -> None:
    finding = Finding(
        "T001",
        Severity.NOTICE,
        "m",
        location=Location("a.py", 1),
        properties={"count": 3, "ratio": 0.5, "flag": True, "none": None},
    )
    out = json_report.finding_to_dict(finding)
    assert json.loads(json.dumps(out)) == out
    assert out["properties"] == {"count": 3, "ratio": 0.5, "flag": True, "none": None}


def test_passing_run() -> None:
    result = RunResult((PolicyResult("COV001", "T", Severity.ERROR),), Severity.WARNING)
    data = json.loads(render("json", result, ReportOptions()))
    assert data["verdict"] == "pass" and data["fail_on"] == "warning"
    assert data["policies"][0]["findings"] == [] and data["policies"][0]["status"] == "passed"
