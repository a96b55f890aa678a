"""GATE001: configuration edits in a change are reported (gate/policies/gate/gate001_config.py)."""

from __future__ import annotations

import pytest

from gate import config, engine
from gate.context import CheckOptions, Context


def run(repo, trusted: str | None):
    ctx = Context(repo.path, config.defaults(), CheckOptions(env={}), trusted_ref=trusted)
    result, errors = engine.run(ctx, select=["GATE001"])
    assert not errors
    return result


def test_edited_config_is_reported(repo) -> None:
    repo.write("gate.yml", "fail_on: warning\n")
    base = repo.commit("policy")
    repo.write("gate.yml", "fail_on: error\n")
    (finding,) = run(repo, base).findings
    assert finding.location is not None and finding.location.path == "gate.yml"
    assert finding.severity.value == "warning"


def test_added_and_removed_config_files_are_reported(repo) -> None:
    repo.write(".gate.yml", "{}\n")
    base = repo.commit("policy")
    (repo.path / ".gate.yml").unlink()
    repo.write(".github/gate.yml", "{}\n")
    paths = sorted(f.location.path for f in run(repo, base).findings if f.location)
    assert paths == [".gate.yml", ".github/gate.yml"]


@pytest.mark.slow
def test_pyproject_counts_only_when_the_gate_table_changes(repo) -> None:
    repo.write("pyproject.toml", '[project]\nname = "x"\n[tool.gate]\nfail_on = "warning"\n')
    base = repo.commit("pyproject")
    repo.write("pyproject.toml", '[project]\nname = "y"\n[tool.gate]\nfail_on = "warning"\n')
    assert run(repo, base).findings == ()
    repo.write("pyproject.toml", '[project]\nname = "y"\n[tool.gate]\nfail_on = "error"\n')
    assert len(run(repo, base).findings) == 1


@pytest.mark.slow
def test_unchanged_or_untrusted_runs_report_nothing(repo) -> None:
    repo.write("gate.yml", "{}\n")
    base = repo.commit("policy")
    assert run(repo, base).findings == ()
    repo.write("gate.yml", "fail_on: notice\n")
    result = run(repo, None)  # configuration read from the working tree itself
    assert result.findings == ()
    assert result.results[0].metrics["status"] == "not-applicable"
