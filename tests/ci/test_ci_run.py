"""gate/ci/run.py: the test and gate command lines, and the workflow's coverage floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gate.ci import run
from gate.errors import InputError


def test_tests_run_under_coverage_parallel_mode() -> None:
    command = run.test_command(
        "py", ["tests/test_a.py"], "j.xml", has_pytest_cov=False, data_file="d/.coverage"
    )
    assert command == (
        "py",
        "-m",
        "coverage",
        "run",
        "--parallel-mode",
        "--data-file=d/.coverage",
        "-m",
        "pytest",
        "--junitxml=j.xml",
        "--",
        "tests/test_a.py",
    )
    with_plugin = run.test_command("py", ["t.py"], "j.xml", has_pytest_cov=True, data_file="c")
    assert "--no-cov" in with_plugin
    assert with_plugin.index("--no-cov") < with_plugin.index("--")


def test_security_stage_runs_only_the_secret_scan_in_the_terminal() -> None:
    args = run.gate_check_args("security", history="a..b", sarif="s", json_path="j")
    assert args == ["check", "--select", "SEC", "--history", "a..b", "--report", "terminal"]


def test_gate_stage_writes_every_report() -> None:
    args = run.gate_check_args(
        "gate",
        history=None,
        coverage="/w/.coverage",
        summary="/s.md",
        sarif="/g.sarif",
        json_path="/g.json",
    )
    assert "--history" not in args
    assert args[args.index("--coverage") + 1] == "/w/.coverage"
    reports = [args[i + 1] for i, arg in enumerate(args) if arg == "--report"]
    assert reports == ["terminal", "github", "summary:/s.md", "sarif:/g.sarif", "json:/g.json"]
    with pytest.raises(InputError):
        run.gate_check_args("deploy", history=None)


def report(tmp_path: Path, total: float | str | None, changed: float | str | None) -> Path:
    policies = []
    if total is not None:
        policies.append({"id": "COV001", "metrics": {"coverage": total}})
    if changed is not None:
        policies.append({"id": "COV002", "metrics": {"changed_coverage": changed}})
    path = tmp_path / "gate.json"
    path.write_text(json.dumps({"schema_version": 1, "policies": policies}), encoding="utf-8")
    return path


def test_floors_pass_and_fail(tmp_path: Path) -> None:
    assert run.coverage_floor(report(tmp_path, 91.5, 80.0), 90, 80).ok
    low = run.coverage_floor(report(tmp_path, 89.9, 100.0), 90, 0)
    assert not low.ok
    assert low.lines == ("total coverage: 89.9% is below the workflow's floor of 90%",)


def test_an_unmeasured_floor_fails_and_no_floor_needs_no_report(tmp_path: Path) -> None:
    missing = run.coverage_floor(report(tmp_path, 95.0, None), 0, 50)
    assert not missing.ok
    assert "not measured" in missing.lines[0]
    assert run.coverage_floor(tmp_path / "absent.json", 0, 0).ok
    with pytest.raises(InputError, match="cannot read"):
        run.coverage_floor(tmp_path / "absent.json", 50, 0)


def test_no_changed_statement_meets_the_changed_floor_but_na_total_does_not(
    tmp_path: Path,
) -> None:
    nothing_changed = run.coverage_floor(report(tmp_path, 95.0, "n/a"), 90, 80)
    assert nothing_changed.ok
    assert (
        nothing_changed.lines[1]
        == "changed-line coverage: n/a (the change has no statement to cover)"
    )
    assert not run.coverage_floor(report(tmp_path, "n/a", 90.0), 90, 0).ok


@pytest.mark.slow
def test_the_gate_stage_refuses_committed_coverage_data(make_repo: Any) -> None:
    repo = make_repo()
    repo.write(".coverage", "committed")
    repo.commit("data")
    with pytest.raises(InputError, match="committed in the repository"):
        run.trusted_coverage_path(repo.path, ".coverage", on_actions=True)
    # Locally a missing file leaves discovery to the gate; on Actions it is still named.
    assert run.trusted_coverage_path(repo.path, "absent", on_actions=False) is None
    fresh = make_repo()
    named = run.trusted_coverage_path(fresh.path, None, on_actions=True)
    assert named == str((fresh.path / ".coverage").resolve())
