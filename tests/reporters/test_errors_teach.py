"""Errors that teach: what the help promises is what happens; a refused input says what
to do instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gate.cli import main
from gate.policies.secrets.settings import DEFAULT_BASELINE

_ENV = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": "", "NO_COLOR": "1"}


def test_secrets_baseline_help_names_the_file_it_writes(repo: Any) -> None:
    runner = CliRunner()
    text = " ".join(runner.invoke(main, ["secrets", "baseline", "--help"], env=_ENV).output.split())
    assert DEFAULT_BASELINE in text
    result = runner.invoke(main, ["secrets", "baseline", "--root", str(repo.path)], env=_ENV)
    assert result.exit_code == 0, result.output
    assert (repo.path / DEFAULT_BASELINE).is_file()


def test_coverage_outside_the_repository_says_what_to_do(repo: Any, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / ".coverage"
    outside.parent.mkdir()
    outside.write_bytes(b"")
    args = ["check", "--root", str(repo.path), "--select", "COV001", "--coverage", str(outside)]
    result = CliRunner().invoke(main, args, env=_ENV)
    assert result.exit_code == 2
    (line,) = [line for line in result.stderr.splitlines() if line]
    assert line.startswith(f"gate: error: {outside}: --coverage names a file outside the repo")
    assert "write or copy the file there" in line and "--root" in line
