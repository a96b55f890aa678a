"""The package logger (gate/log.py): --verbose and GATE_LOG show the run's decisions, redacted."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.cli import main
from gate.log import LOGGER, configure
from tests.conftest import Repo
from tests.secret_samples import github_token

QUIET_ENV = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": "", "GATE_LOG": ""}


def run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env={**QUIET_ENV, **env})


@pytest.mark.slow
def test_verbose_logs_how_base_and_configuration_were_chosen(repo: Repo) -> None:
    repo.write("gate.yml", "fail_on: error\n")
    repo.commit("config")
    result = run("--verbose", "check", "--root", str(repo.path), "--select", "GATE001")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "gate: info: base: main (the default branch main)" in lines
    assert "gate: info: configuration: gate.yml from the working tree (--policy-from auto)" in lines
    assert "gate:" not in result.stdout.replace("gate passed", "")


@pytest.mark.slow
def test_the_base_commit_judges_a_pull_request_and_the_log_says_so(
    repo: Repo, tmp_path: Path
) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "topic")
    result = run(
        "check",
        "--root",
        str(repo.path),
        "--select",
        "GATE001",
        "--base",
        "main",
        "--policy-from",
        "base",
        "--report",
        f"json:{tmp_path / 'out.json'}",
        GATE_LOG="info",
    )
    assert result.exit_code == 0, result.output
    assert f"configuration: <defaults> from commit {base} (--policy-from base)" in result.stderr
    assert "base: main (--base main)" in result.stderr


def test_without_verbose_or_gate_log_nothing_is_logged(repo: Repo) -> None:
    result = run("check", "--root", str(repo.path), "--select", "GATE001")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_an_unknown_gate_log_level_is_one_usage_error(repo: Repo) -> None:
    result = run("check", "--root", str(repo.path), GATE_LOG="loud")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "GATE_LOG='loud'" in result.stderr and "debug" in result.stderr


def test_a_logged_secret_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    token = github_token("ghp", "Zz8Yy7Xx6Ww5Vv4Uu3Tt2Ss1Rr0Qq9")
    configure(True, {})
    try:
        LOGGER.debug("read %s\nsecond line", f"https://user:{token}@example.invalid/x")
    finally:
        configure(False, {})
    err = capsys.readouterr().err
    assert token not in err and token[:12] not in err
    assert err.count("\n") == 1 and err.startswith("gate: debug: read https://")
    assert LOGGER.level == logging.WARNING
