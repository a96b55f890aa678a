"""Selection, fail-closed handling and the verdict (gate/engine.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gate import config, engine, registry
from gate.context import Context
from gate.errors import InputError, MissingInput
from gate.findings import Finding, Metric, Severity
from gate.policies.base import Policy, PolicySettings


class Passing(Policy[PolicySettings]):
    """Always passes."""

    id = "TST001"
    slug = "passing"
    title = "Passing"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        yield Metric("answer", 42)


class Missing(Policy[PolicySettings]):
    """Its input is never there."""

    id = "TST002"
    slug = "missing"
    title = "Missing"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        raise MissingInput("no data.txt; create it with `make data`")
        yield  # pragma: no cover


class Broken(Policy[PolicySettings]):
    """Reads a malformed input."""

    id = "TST003"
    slug = "broken"
    title = "Broken"
    default_severity = Severity.WARNING

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        yield self.finding(settings, "first finding survives")
        raise InputError("truncated", path="data.xml")


@pytest.fixture
def test_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register three throwaway policies for the duration of one test."""
    for cls in (Passing, Missing, Broken):
        monkeypatch.setitem(registry.POLICIES, cls.id, f"{__name__}:{cls.__name__}")


def ctx_for(tmp_path: Path, text: str = "{}") -> Context:
    return Context(tmp_path, config.validate(__import__("yaml").safe_load(text), "gate.yml"))


def ids(classes: list[type]) -> list[str]:
    return [c.id for c in classes]


def test_prefix_selects_a_family(tmp_path: Path, test_policies: None) -> None:
    ctx = ctx_for(tmp_path)
    assert ids(engine.selected_policies(ctx, select=["TST"])) == ["TST001", "TST002", "TST003"]
    assert ids(engine.selected_policies(ctx, select=["tst002"])) == ["TST002"]
    assert ids(engine.selected_policies(ctx, select=["TST"], ignore=["TST00"])) == []


def test_config_selection_and_ignore(tmp_path: Path, test_policies: None) -> None:
    ctx = ctx_for(tmp_path, "select: [TST]\nignore: [TST002]\n")
    assert ids(engine.selected_policies(ctx)) == ["TST001", "TST003"]
    # The command line's --select replaces the config's select; ignores add up.
    assert ids(engine.selected_policies(ctx, select=["GATE"])) == ["GATE001"]


def test_disabled_policy_runs_only_when_named(tmp_path: Path, test_policies: None) -> None:
    ctx = ctx_for(tmp_path, "policies: {TST001: {enabled: false}}\n")
    assert "TST001" not in ids(engine.selected_policies(ctx, select=["TST"]))
    assert ids(engine.selected_policies(ctx, select=["TST001"])) == ["TST001"]


def test_missing_input_fails_closed(tmp_path: Path, test_policies: None) -> None:
    result, errors = engine.run(ctx_for(tmp_path), select=["TST002"])
    assert not errors
    assert not result.passed
    (finding,) = result.findings
    assert finding.severity is Severity.ERROR
    assert "no data.txt; create it with `make data`" in finding.message
    assert result.results[0].status(result.fail_on) == "missing-input"


def test_input_error_is_recorded_and_other_findings_kept(
    tmp_path: Path, test_policies: None
) -> None:
    result, errors = engine.run(ctx_for(tmp_path), select=["TST"])
    assert [str(e) for e in errors] == ["data.xml: truncated"]
    broken = next(r for r in result.results if r.policy_id == "TST003")
    assert [f.message for f in broken.findings] == [
        "could not run: data.xml: truncated",
        "first finding survives",
    ]
    assert broken.status(result.fail_on) == "error"
    passing = next(r for r in result.results if r.policy_id == "TST001")
    assert passing.metrics == {"answer": 42}


def test_fail_on_threshold_decides_the_verdict(tmp_path: Path, test_policies: None) -> None:
    # TST003 yields warnings only (plus its error finding at warning severity).
    ctx = ctx_for(tmp_path)
    on_error, _ = engine.run(ctx, select=["TST003"])
    assert on_error.passed
    on_warning, _ = engine.run(ctx, select=["TST003"], fail_on=Severity.WARNING)
    assert not on_warning.passed


def test_severity_override_from_config(tmp_path: Path, test_policies: None) -> None:
    ctx = ctx_for(tmp_path, "policies: {TST002: {severity: notice}}\n")
    result, _ = engine.run(ctx, select=["TST002"])
    assert result.findings[0].severity is Severity.NOTICE
    assert result.passed


def test_unknown_selectors_are_reported(test_policies: None) -> None:
    assert engine.unknown_selectors(["TST", "XYZ", "gate"]) == ["XYZ"]
