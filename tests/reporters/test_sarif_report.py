"""The SARIF report: golden output, the OASIS 2.1.0 schema, GitHub's rules and limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from rfc3986_validator import validate_rfc3986

from gate.findings import Finding, Location, PolicyResult, RunResult, Severity
from gate.policies import load_all
from gate.reporters import ReportOptions, render
from gate.reporters.sarif_report import MAX_RESULTS, PARTIAL_FINGERPRINT, to_sarif

# A copy of the OASIS schema (errata01, draft-04) GitHub's docs point to, so CI needs no network.
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    # FormatChecker() checks "uri-reference" too (rfc3986-validator is a test dependency).
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(sarif: dict[str, Any]) -> None:
    errors = sorted(validator().iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def assert_github_requirements(sarif: dict[str, Any]) -> None:
    """What GitHub code scanning requires beyond the schema (GITHUB_FACTS.md section 3)."""
    assert sarif["$schema"] and sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "policy-gate"
    for rule in rules:
        assert rule["id"] and len(rule["name"]) <= 255
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert len(rule["properties"]["tags"]) <= 20
        if "security-severity" in rule["properties"]:
            assert 0.1 <= float(rule["properties"]["security-severity"]) <= 10.0
    assert len(run["results"]) <= MAX_RESULTS
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert result["partialFingerprints"][PARTIAL_FINGERPRINT]
        assert "primaryLocationLineHash" not in result["partialFingerprints"]
        assert 1 <= len(result["locations"]) <= 10
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        # Relative to the repository root: no scheme, no leading slash, a valid reference.
        assert validate_rfc3986(uri, rule="URI_reference"), uri
        assert not uri.startswith("/") and ":" not in uri  # no scheme, no absolute path
        assert physical["region"]["startLine"] >= 1


def test_golden(result: RunResult, golden: Callable[[str, str], None]) -> None:
    golden("sarif.json", render("sarif", result, ReportOptions()))


def test_valid_against_the_schema_and_github_rules(result: RunResult) -> None:
    sarif = json.loads(render("sarif", result, ReportOptions()))
    assert_valid(sarif)
    assert_github_requirements(sarif)


def test_zero_findings_is_valid() -> None:
    empty = RunResult(
        (PolicyResult("GATE001", "Gate configuration changed", Severity.WARNING),),
        Severity.ERROR,
        tool_version="0.1.0",
    )
    sarif = json.loads(render("sarif", empty, ReportOptions()))
    assert_valid(sarif)
    assert_github_requirements(sarif)
    assert sarif["runs"][0]["results"] == []
    assert [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]] == ["GATE001"]


def test_no_policies_at_all_is_valid() -> None:
    sarif = to_sarif(RunResult((), Severity.ERROR), ReportOptions())
    assert_valid(sarif)


def test_rules_come_from_the_real_policy_docs() -> None:
    cls = load_all()["GATE001"]
    # The engine attaches each policy's documentation to its result.
    policy = PolicyResult("GATE001", cls.title, Severity.WARNING, rule=cls.rule_doc())
    result = RunResult((policy,), Severity.ERROR)
    rule = to_sarif(result, ReportOptions())["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["name"] == cls.slug
    assert rule["shortDescription"]["text"] == cls.summary()
    assert rule["help"]["text"].startswith(cls.documentation())
    assert rule["helpUri"] == cls.help_url()
    assert rule["defaultConfiguration"]["level"] == "warning"


def test_every_registered_policy_makes_a_valid_rule() -> None:
    policies = load_all()
    findings = {
        pid: (Finding(pid, cls.default_severity, f"{pid} finding", location=Location("a.py", 2)),)
        for pid, cls in policies.items()
    }
    result = RunResult(
        tuple(
            PolicyResult(pid, cls.title, cls.default_severity, findings[pid], rule=cls.rule_doc())
            for pid, cls in policies.items()
        ),
        Severity.ERROR,
        tool_version="0.1.0",
    )
    sarif = to_sarif(result, ReportOptions())
    assert_valid(sarif)
    assert_github_requirements(sarif)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(policies)
    assert all(r["helpUri"] == policies[r["id"]].help_url() for r in rules)


def test_long_messages_are_cut() -> None:
    finding = Finding("T001", Severity.ERROR, "x" * 50_000, location=Location("a.py", 1))
    result = RunResult((PolicyResult("T001", "T", Severity.ERROR, (finding,)),), Severity.ERROR)
    text = to_sarif(result, ReportOptions())["runs"][0]["results"][0]["message"]["text"]
    assert len(text) <= 10_000 and text.endswith("[truncated; the json report has the full text]")


def test_results_carry_locations_levels_and_fingerprints(result: RunResult) -> None:
    options = ReportOptions(sarif_anchor_path="gate.yml", sarif_repository_wide=True)
    sarif = to_sarif(result, options)
    run = sarif["runs"][0]
    # Left to upload-sarif (its category input, or the job and matrix) unless asked for.
    assert "automationDetails" not in run
    by_text = {r["message"]["text"].split("\n")[0]: r for r in run["results"]}
    assert len(run["results"]) == len(result.findings)

    pin = by_text["requests>=2.0,<3 is not pinned: use ==, e.g. requests==2.32.3"]
    assert pin["level"] == "warning" and pin["message"]["text"].endswith(
        "\n\nFix: requests==2.32.3"
    )
    # SARIF end columns are exclusive; Location's are inclusive.
    assert pin["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "endLine": 4,
        "startColumn": 1,
        "endColumn": 18,
    }
    notice = by_text["actions/checkout@v4 is pinned to a tag"]
    assert notice["level"] == "note"

    total = by_text["total coverage 78.5% is below the threshold 80%"]
    physical = total["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "gate.yml"
    assert physical["region"] == {"startLine": 1}
    assert total["partialFingerprints"] == {PARTIAL_FINGERPRINT: "COV001:total"}
    assert total["properties"] == {"repositoryWide": True}

    old = next(r for r in run["results"] if r["message"]["text"].startswith("In commit"))
    assert old["properties"]["commit"] == "0123456789abcdef0123456789abcdef01234567"

    weird = next(r for r in run["results"] if "changed line 3" in r["message"]["text"])
    uri = weird["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == "src/we|ird `name`, v2:x.py"


def test_category_when_asked_for(result: RunResult) -> None:
    sarif = to_sarif(result, ReportOptions(sarif_category="policy-gate/py3.12"))
    assert sarif["runs"][0]["automationDetails"] == {"id": "policy-gate/py3.12/"}
    assert_valid(sarif)


def test_security_rules_carry_security_severity(result: RunResult) -> None:
    rules = {
        r["id"]: r for r in to_sarif(result, ReportOptions())["runs"][0]["tool"]["driver"]["rules"]
    }
    assert rules["SEC001"]["properties"]["security-severity"] == "9.5"  # the class's own value
    assert rules["SEC002"]["properties"]["security-severity"] == "8.0"  # default for error
    assert "security" in rules["SEC001"]["properties"]["tags"]
    assert "security-severity" not in rules["COV001"]["properties"]
    # A long docstring is cut to GitHub's 1024 characters for fullDescription, kept in help.
    assert len(rules["COV003"]["fullDescription"]["text"]) <= 1024
    assert len(rules["COV003"]["help"]["text"]) > 1024


def test_fingerprint_is_stable_when_lines_move() -> None:
    def sarif_for(line: int) -> dict[str, Any]:
        finding = Finding("T001", Severity.ERROR, "m", location=Location("a.py", line))
        result = RunResult((PolicyResult("T001", "T", Severity.ERROR, (finding,)),), Severity.ERROR)
        return to_sarif(result, ReportOptions())["runs"][0]["results"][0]

    first, moved = sarif_for(3), sarif_for(40)
    assert first["partialFingerprints"] == moved["partialFingerprints"]
    assert first["locations"] != moved["locations"]


@pytest.mark.slow
def test_results_are_capped_keeping_the_most_severe() -> None:
    findings = tuple(
        Finding(
            "T001",
            severity,
            f"{severity.value} {i}",
            location=Location(f"f{i}.py", 1),
            fingerprint=f"{severity.value}{i}",
        )
        for severity, count in (
            (Severity.NOTICE, 20_000),
            (Severity.ERROR, 6_000),
            (Severity.WARNING, 1_000),
        )
        for i in range(count)
    )
    result = RunResult((PolicyResult("T001", "T", Severity.ERROR, findings),), Severity.ERROR)
    sarif = to_sarif(result, ReportOptions())
    run = sarif["runs"][0]
    levels = [r["level"] for r in run["results"]]
    assert len(levels) == MAX_RESULTS
    assert levels.count("error") == 6_000 and levels.count("warning") == 1_000
    assert levels.count("note") == MAX_RESULTS - 7_000
    note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("2000 of 27000 results were left out")
    # Validating 25,000 results takes long; the shape of each is the same.
    run["results"] = run["results"][:: MAX_RESULTS // 50]
    assert_valid(sarif)


def test_repository_wide_findings_stay_out_of_code_scanning_by_default(result: RunResult) -> None:
    run = to_sarif(result, ReportOptions(sarif_anchor_path="gate.yml"))["runs"][0]
    unlocated = [f for f in result.findings if f.location is None]
    assert unlocated  # the sample has repository-wide findings (the coverage total)
    assert len(run["results"]) == len(result.findings) - len(unlocated)
    assert all("repositoryWide" not in r.get("properties", {}) for r in run["results"])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "gate.yml" not in uris or any(
        f.location is not None and f.location.path == "gate.yml" for f in result.findings
    )
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith(f"{len(unlocated)} repository-wide findings")


@pytest.mark.slow
def test_the_config_switch_reaches_the_sarif_report(make_repo: Any, tmp_path: Any) -> None:
    from click.testing import CliRunner

    from gate.cli import main

    repo = make_repo()
    env = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    out = tmp_path / "out.sarif"
    args = ["check", "--root", str(repo.path), "--select", "COV001", "--report", f"sarif:{out}"]
    CliRunner().invoke(main, args, env=env)
    assert json.loads(out.read_text())["runs"][0]["results"] == []
    repo.write("gate.yml", "sarif:\n  repository_wide: true\n")
    CliRunner().invoke(main, args, env=env)
    (only,) = json.loads(out.read_text())["runs"][0]["results"]
    assert only["ruleId"] == "COV001" and only["properties"] == {"repositoryWide": True}
    uri = only["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "gate.yml"
