"""The openmetrics report (gate/reporters/openmetrics_report.py), read by Prometheus' parser."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from gate import score
from gate.findings import PolicyResult, RunResult, Severity
from gate.reporters import render


def families(result: RunResult) -> dict[str, Any]:
    text = render("openmetrics", result)
    return {family.name: family for family in text_string_to_metric_families(text)}


def samples(family: Any) -> dict[tuple[tuple[str, str], ...], float]:
    return {tuple(sorted(s.labels.items())): s.value for s in family.samples}


def test_parses_and_carries_status_findings_metrics_and_score(result: RunResult) -> None:
    parsed = families(result)
    assert parsed["gate_passed"].samples[0].value == float(result.passed)
    statuses = samples(parsed["gate_policy_status"])
    for policy in result.results:
        state = policy.status(result.fail_on)
        key = tuple(sorted({"policy": policy.policy_id, "gate_policy_status": state}.items()))
        assert statuses[key] == 1.0
    assert sum(statuses.values()) == len(result.results)  # one state set per policy
    findings = samples(parsed["gate_policy_findings"])
    for policy in result.results:
        for severity in Severity:
            key = (("policy", policy.policy_id), ("severity", severity.value))
            assert findings[key] == sum(1 for f in policy.findings if f.severity is severity)
    assert parsed["gate_coverage_percent"].samples[0].value == pytest.approx(
        float(result.metric("COV001", "coverage"))  # type: ignore[arg-type]
    )
    expected = score.compute(result)
    if expected.value is None:
        assert "gate_score" not in parsed
    else:
        assert parsed["gate_score"].samples[0].value == expected.value
    weights = samples(parsed["gate_score_category_weight"])
    assert {k[0][1]: v for k, v in weights.items()} == {c.name: c.weight for c in score.CATEGORIES}


def test_label_values_are_escaped_and_text_metrics_left_out() -> None:
    nasty = 'a"b\\c\nd'
    policy = PolicyResult(
        "READY001",
        "t",
        Severity.ERROR,
        (),
        {nasty: 3, "label": "text", "ok": True, "ratio": 0.5, "nan": float("nan")},
    )
    run = RunResult((policy,), Severity.ERROR)
    metric = samples(families(run)["gate_policy_metric"])
    assert metric == {
        (("metric", nasty), ("policy", "READY001")): 3.0,
        (("metric", "ok"), ("policy", "READY001")): 1.0,
        (("metric", "ratio"), ("policy", "READY001")): 0.5,
    }
    parsed = families(run)
    assert parsed["gate_score"].samples[0].value == 100
    assert samples(parsed["gate_score_category"]) == {(("category", "reliability"),): 100.0}
    failing = replace(run, results=(replace(policy, metrics={"status": "missing-input"}),))
    assert "gate_score" not in families(failing)


DASHBOARD = Path(__file__).resolve().parents[2] / "templates" / "grafana-dashboard.json"


def test_grafana_dashboard_queries_only_metrics_the_report_emits(result: RunResult) -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert dashboard["schemaVersion"] >= 36 and dashboard["uid"]
    emitted = set(families(result))
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    ids, places = set(), []
    for panel in dashboard["panels"]:
        assert panel["id"] not in ids and panel["targets"], panel["title"]
        ids.add(panel["id"])
        assert set(panel["gridPos"]) == {"h", "w", "x", "y"}
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        assert panel["datasource"]["uid"].strip("${}") in variables
        for target in panel["targets"]:
            names = set(re.findall(r"\bgate_[a-z_]+\b", target["expr"]))
            assert names and names <= emitted, (panel["title"], names - emitted)
            places.append((panel["title"], target["refId"]))
    assert len(places) == len(set(places))  # refIds unique within a panel
    # Every family the report emits is on some panel, but the weights (a constant table).
    plotted = {name for title, _ in places for name in _names(dashboard, title)}
    assert emitted - plotted == {"gate_score_category_weight"}


def _names(dashboard: dict[str, Any], title: str) -> set[str]:
    (panel,) = [p for p in dashboard["panels"] if p["title"] == title]
    return {n for t in panel["targets"] for n in re.findall(r"\bgate_[a-z_]+\b", t["expr"])}
