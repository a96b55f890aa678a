"""The remaining ``gate ci`` commands: plan, lint-tool, hadolint, and bandit's command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.ci.cli_stages import bandit_command
from gate.cli import main


def test_plan_emits_the_matrix() -> None:
    result = CliRunner().invoke(
        main, ["ci", "plan", "--shards", "3", "--python-versions", '["3.11", "3.12"]'], env={}
    )
    assert result.exit_code == 0
    values = dict(line.split("=", 1) for line in result.output.splitlines())
    assert json.loads(values["shards"]) == [1, 2, 3]
    assert json.loads(values["python-versions"]) == ["3.11", "3.12"]


@pytest.mark.parametrize("versions", ["3.12", "[]", "[3.12]", '{"a": 1}', '["3.12", ""]'])
def test_plan_rejects_a_bad_version_list(versions: str) -> None:
    result = CliRunner().invoke(main, ["ci", "plan", "--python-versions", versions])
    assert result.exit_code == 2
    assert "python-versions" in result.output


def test_plan_rejects_zero_shards() -> None:
    assert CliRunner().invoke(main, ["ci", "plan", "--shards", "0"]).exit_code == 2


def test_lint_tool_prints_the_decision_and_its_reason(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ci", "lint-tool", "--root", str(tmp_path)], env={})
    assert result.exit_code == 0
    assert "formatter=black\n" in result.output
    assert "requirements=ruff black\n" in result.output
    assert "[tool.black]" in result.output


def test_hadolint_is_skipped_when_absent_and_a_missing_dockerfile_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no hadolint here
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\n", encoding="utf-8")
    skipped = CliRunner().invoke(main, ["ci", "hadolint", "--dockerfile", str(dockerfile)])
    assert skipped.exit_code == 0
    assert "not installed" in skipped.output
    missing = CliRunner().invoke(main, ["ci", "hadolint", "--dockerfile", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert "no such Dockerfile" in missing.output


def test_bandit_uses_the_project_config_or_skips_tests(tmp_path: Path) -> None:
    command = bandit_command(tmp_path, tmp_path / "b.sarif")
    assert command[command.index("-f") + 1] == "sarif"
    assert command[command.index("--severity-level") + 1] == "medium"
    assert "./tests" in command[command.index("-x") + 1].split(",")
    (tmp_path / "pyproject.toml").write_text("[tool.bandit]\nskips = []\n", encoding="utf-8")
    configured = bandit_command(tmp_path, tmp_path / "b.sarif")
    assert configured[-2:] == ("-c", "pyproject.toml")
    assert "-x" not in configured


def test_an_undecodable_config_is_a_named_input_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"\xff\xfe not utf-8")
    result = CliRunner().invoke(
        main, ["ci", "shard", "--shards", "1", "--index", "1", "--root", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "pyproject.toml" in result.output
