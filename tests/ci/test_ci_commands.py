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


@pytest.mark.parametrize(
    "versions", ["not-json", "3.12", "[]", "[3.12]", '{"a": 1}', '["3.12", ""]', '["x"]']
)
def test_plan_rejects_a_bad_version_list(versions: str) -> None:
    result = CliRunner().invoke(main, ["ci", "plan", "--python-versions", versions])
    assert result.exit_code == 2
    assert "input python-versions" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("shards", "0"),
        ("shards", "65"),
        ("shards", "two"),
        ("shard-index", "4"),
        ("install-mode", "conda"),
        ("lint", "yes"),
        ("sarif-upload", "TRUE"),
        ("docker-push", ""),
        ("coverage-total", "101"),
        ("coverage-changed", "high"),
        ("python-version", "latest"),
        ("working-directory", "../elsewhere"),
        ("docker-file", "/etc/passwd"),
        ("gate-version", "main"),
    ],
)
def test_plan_names_every_bad_input(name: str, value: str) -> None:
    args = ["ci", "plan", "--input", "shards=3", "--input", f"{name}={value}"]
    result = CliRunner().invoke(main, args, env={})
    assert result.exit_code == 2
    assert f"input {name}: {value!r}" in result.output


def test_plan_accepts_every_input_the_action_gives() -> None:
    given = {
        "working-directory": "tests/fixtures/sample_project",
        "python-version": "3.12",
        "python-versions": "",
        "install-mode": "uv",
        "lint": "true",
        "test": "false",
        "security": "false",
        "gate": "true",
        "docker": "false",
        "shards": "2",
        "shard-index": "2",
        "coverage-total": "80.5",
        "coverage-changed": "0",
        "sarif-upload": "false",
        "docker-context": ".",
        "docker-file": "Dockerfile",
        "docker-push": "true",
        "gate-version": "",
    }
    args = ["ci", "plan", *(a for k, v in given.items() for a in ("--input", f"{k}={v}"))]
    result = CliRunner().invoke(main, args, env={})
    assert result.exit_code == 0, result.output
    values = dict(line.split("=", 1) for line in result.output.splitlines())
    assert json.loads(values["shards"]) == [1, 2]
    assert json.loads(values["python-versions"]) == ["3.12"]  # empty list: python-version


def test_plan_rejects_an_unknown_input_and_a_malformed_pair() -> None:
    unknown = CliRunner().invoke(main, ["ci", "plan", "--input", "shard=2"], env={})
    assert unknown.exit_code == 2
    assert "unknown input 'shard'" in unknown.output
    malformed = CliRunner().invoke(main, ["ci", "plan", "--input", "shards"], env={})
    assert malformed.exit_code == 2
    assert "NAME=VALUE" in malformed.output


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
