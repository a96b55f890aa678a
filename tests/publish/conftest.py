"""Fixtures of the publisher tests: the fake GitHub API and a way to run `gate publish`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from publish_fake import TOKEN, FakeGitHub, serve

from gate.cli import main


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """A GitHub REST API on 127.0.0.1; any request the OpenAPI description rejects fails
    the test."""
    fake = FakeGitHub()
    server = serve(fake)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
    assert fake.problems == [], fake.problems


@pytest.fixture
def publish(
    github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run `gate publish` on an event, as the workflow does (env set by GitHub)."""

    def run(event: dict[str, Any], *args: str, token: str = TOKEN) -> Result:
        path = tmp_path / "event.json"
        path.write_text(json.dumps(event), encoding="utf-8")
        summary = tmp_path / "summary.md"
        env = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_PATH": str(path),
            "GITHUB_REPOSITORY": github.repository,
            "GITHUB_API_URL": github.url,
            "GITHUB_TOKEN": token,
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # Retries wait for real otherwise; the tests script the waits they check.
        monkeypatch.setattr("gate.github_api.time.sleep", lambda seconds: None)
        return CliRunner().invoke(main, ["publish", *args])

    return run


@pytest.fixture
def summary_file(tmp_path: Path) -> Path:
    return tmp_path / "summary.md"
