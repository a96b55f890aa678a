"""gate/ci/lint.py: ruff format or black, and at which versions, from the project's config."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.ci import lint
from gate.cli import main

PRE_COMMIT = """repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: aab412d509121cb5f7533134b7e67f9fab59c682 # frozen: v0.16.4
    hooks:
      - id: ruff-check
  - repo: https://github.com/psf/black-pre-commit-mirror
    rev: 26.3.1
    hooks:
      - id: {formatter}
"""


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "formatter"),
    [
        ({"pyproject.toml": "[tool.ruff.format]\nquote-style = 'single'\n[tool.black]\n"}, "ruff"),
        (
            {"ruff.toml": "[format]\nindent-style = 'tab'\n", "pyproject.toml": "[tool.black]\n"},
            "ruff",
        ),
        ({"pyproject.toml": "[tool.black]\nline-length = 100\n"}, "black"),
        ({".pre-commit-config.yaml": PRE_COMMIT.format(formatter="black")}, "black"),
        ({".pre-commit-config.yaml": PRE_COMMIT.format(formatter="ruff-format")}, "ruff"),
        ({}, "ruff"),
    ],
)
def test_formatter_follows_the_project(
    tmp_path: Path, files: dict[str, str], formatter: str
) -> None:
    for name, text in files.items():
        write(tmp_path, name, text)
    assert lint.decide(tmp_path).formatter == formatter


def test_versions_come_from_pre_commit_revs(tmp_path: Path) -> None:
    write(tmp_path, ".pre-commit-config.yaml", PRE_COMMIT.format(formatter="black"))
    plan = lint.decide(tmp_path)
    assert plan.versions == {"ruff": "0.16.4", "black": "26.3.1"}
    assert plan.requirements() == ["ruff==0.16.4", "black==26.3.1"]


def test_unpinned_tools_install_unversioned(tmp_path: Path) -> None:
    assert lint.decide(tmp_path).requirements() == ["ruff"]


def test_broken_pre_commit_config_is_an_input_error(tmp_path: Path) -> None:
    write(tmp_path, ".pre-commit-config.yaml", "repos: [\n")
    result = CliRunner().invoke(main, ["ci", "lint-tool", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert ".pre-commit-config.yaml" in result.output


@pytest.mark.slow
def test_lint_runs_the_real_tools(tmp_path: Path) -> None:
    """ruff and black from this environment (no pins in the project, so no install)."""
    write(tmp_path, "pyproject.toml", "[tool.black]\nline-length = 100\n")
    write(tmp_path, "good.py", 'VALUE = {"a": 1}\n')
    runner = CliRunner()
    assert runner.invoke(main, ["ci", "lint", "--root", str(tmp_path)]).exit_code == 0
    write(tmp_path, "bad.py", "VALUE = {'a':1}\n")  # lint-clean, but not black-formatted
    result = runner.invoke(main, ["ci", "lint", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "black" in result.output
    write(tmp_path, "bad.py", "import os\n")  # formatted, but F401
    assert runner.invoke(main, ["ci", "lint", "--root", str(tmp_path)]).exit_code == 1
