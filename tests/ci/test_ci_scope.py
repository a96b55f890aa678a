"""gate.ci.scope and the lint stage's scope: what "the change" is, on real git repositories."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.ci import scope
from gate.cli import main
from gate.git import ZERO_SHA
from tests.conftest import Repo

A, B = "a" * 40, "b" * 40


@pytest.mark.parametrize(
    ("name", "event", "base"),
    [
        ("pull_request", {"pull_request": {"base": {"sha": A}, "head": {"sha": B}}}, A),
        ("pull_request_target", {"pull_request": {"base": {"sha": A}}}, A),
        ("merge_group", {"merge_group": {"base_sha": A, "head_sha": B}}, A),
        ("push", {"before": A, "after": B}, A),
        ("push", {"before": ZERO_SHA, "after": B}, None),  # a new branch: no pushed range
        ("workflow_dispatch", {}, None),
        ("pull_request", {"pull_request": {"base": {"sha": "main"}}}, None),
    ],
)
def test_the_base_of_each_event(name: str, event: dict[str, object], base: str | None) -> None:
    assert scope.change_base(event, name) == base


def test_the_change_is_base_to_head_without_deleted_files_and_relative_to_the_project(
    make_repo: Callable[..., Repo],
) -> None:
    repo = make_repo()
    repo.write("svc/app/keep.py", "A = 1\n")
    repo.write("svc/app/gone.py", "B = 1\n")
    repo.write("other/x.py", "C = 1\n")
    base = repo.commit("base")
    repo.write("svc/app/keep.py", "A = 1\nD = 2\n")
    (repo.path / "svc/app/gone.py").unlink()
    repo.write("svc/notes.md", "text\n")
    repo.write("other/x.py", "C = 2\n")
    repo.commit("change")
    change, why = scope.load_change(repo.path / "svc", base)
    assert change is not None, why
    assert change.lines == {"app/keep.py": frozenset({2}), "notes.md": frozenset({1})}
    assert change.python_files() == ["app/keep.py"]
    assert change.touches("app/keep.py", 1, 2) and not change.touches("app/keep.py", 1, 1)


def test_an_unknown_base_judges_the_whole_tree_and_says_why(
    make_repo: Callable[..., Repo], tmp_path: Path
) -> None:
    repo = make_repo()
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"before": "c" * 40, "after": B}), encoding="utf-8")
    env = {"GITHUB_EVENT_PATH": str(event), "GITHUB_EVENT_NAME": "push"}
    change, said = scope.from_event(repo.path, "changed", env)
    assert change is None
    assert said.startswith(f"scope: changed, but cannot diff {'c' * 12}..HEAD")
    assert said.endswith("judging the whole tree")
    assert scope.from_event(repo.path, "all", env) == (None, "scope: all (the whole tree)")


UGLY = "x = {  'a':1 }\n"


def lint(repo: Repo, base: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"base": {"sha": base}, "head": {"sha": B}}}),
        encoding="utf-8",
    )
    env = {"GITHUB_EVENT_PATH": str(event), "GITHUB_EVENT_NAME": "pull_request"}
    result = CliRunner().invoke(main, ["ci", "lint", "--root", str(repo.path), *args], env=env)
    return result.exit_code, result.output


def test_lint_judges_the_files_the_change_touched_unless_asked_for_all(
    make_repo: Callable[..., Repo], tmp_path: Path
) -> None:
    """The issue's second red job: a reformat of a file the pull request did not touch."""
    repo = make_repo()
    repo.write("pyproject.toml", "[tool.ruff]\nline-length = 99\n")
    repo.write("legacy.py", UGLY)
    base = repo.commit("a project with a badly formatted file")
    repo.write("feature.py", "def double(value: int) -> int:\n    return value * 2\n")
    repo.commit("a clean change")
    code, output = lint(repo, base, tmp_path)
    assert code == 0, output
    assert "lint scope: changed (1 files changed since" in output
    assert "-- feature.py" in output and "legacy.py" not in output

    code, output = lint(repo, base, tmp_path, "--scope", "all")
    assert code == 1 and "lint failed: ruff format" in output, output

    repo.write("feature.py", UGLY)
    repo.commit("now the change itself is badly formatted")
    code, output = lint(repo, base, tmp_path)
    assert code == 1 and "lint failed: ruff format" in output, output


def test_a_change_without_python_files_lints_nothing(
    make_repo: Callable[..., Repo], tmp_path: Path
) -> None:
    repo = make_repo()
    repo.write("legacy.py", UGLY)
    base = repo.commit("base")
    repo.write("README.md", "# words\n")
    repo.commit("docs only")
    code, output = lint(repo, base, tmp_path)
    assert code == 0 and "the change has no Python file: nothing to lint" in output
