"""Shared fixtures: real git repositories built in a temp dir."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest


class Repo:
    """A real git repository in a temp dir, driven through the git CLI."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        proc = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=True
        )
        return proc.stdout

    def write(self, relpath: str, text: str) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str = "commit", *, all_files: bool = True) -> str:
        if all_files:
            self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Repo]:
    """Factory: ``make_repo()`` -> a fresh repo on branch ``main`` with one commit."""
    counter = iter(range(1000))

    def factory(name: str | None = None) -> Repo:
        path = tmp_path / (name or f"repo{next(counter)}")
        path.mkdir()
        repo = Repo(path)
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "commit.gpgsign", "false")
        repo.write("README.md", "# test\n")
        repo.commit("initial")
        return repo

    return factory


@pytest.fixture
def repo(make_repo: Callable[..., Repo]) -> Repo:
    return make_repo()


@pytest.fixture(autouse=True)
def _hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs inside CI: `gate ci run-tests` exports COVERAGE_FILE and Actions
    exports GITHUB_* (GITHUB_ACTIONS, GITHUB_BASE_REF, GITHUB_EVENT_PATH, ...); neither may
    reach the repositories and coverage projects the tests build."""
    monkeypatch.delenv("COVERAGE_FILE", raising=False)
    monkeypatch.delenv("GATE_LOG", raising=False)  # a developer's own logging setting
    for name in [n for n in os.environ if n.startswith("GITHUB_")]:
        monkeypatch.delenv(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The act scenarios take minutes each: they are slow too, so ``-m "not slow"``
    (which replaces the default ``-m``) leaves them out."""
    for item in items:
        if item.get_closest_marker("e2e") or item.get_closest_marker("e2e_long"):
            item.add_marker(pytest.mark.slow)
