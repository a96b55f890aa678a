"""gate/ci/events.py: commit ranges, image pushes and SARIF uploads decided from the event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate.ci import events
from gate.cli import main
from gate.errors import InputError
from gate.github.event import load_event

BASE, HEAD = "a" * 40, "b" * 40


def pull_request(head_repo: str = "acme/app") -> dict[str, object]:
    return {
        "pull_request": {
            "base": {"sha": BASE},
            "head": {"sha": HEAD, "repo": {"full_name": head_repo}},
        },
        "repository": {"default_branch": "main"},
    }


def test_history_range_of_a_pull_request_and_a_push() -> None:
    assert events.history_range(pull_request(), "pull_request") == f"{BASE}..{HEAD}"
    assert events.history_range({"before": BASE, "after": HEAD}, "push") == f"{BASE}..{HEAD}"
    # A push that creates a branch: only the pushed commit is known to be new.
    assert events.history_range({"before": "0" * 40, "after": HEAD}, "push") == f"{HEAD}^!"
    group = {"merge_group": {"base_sha": BASE, "head_sha": HEAD}}
    assert events.history_range(group, "merge_group") == f"{BASE}..{HEAD}"


@pytest.mark.parametrize(
    ("event", "name"),
    [({}, "pull_request"), ({"before": BASE, "after": "main"}, "push"), ({}, "schedule")],
)
def test_history_range_is_none_without_commits(event: dict[str, object], name: str) -> None:
    assert events.history_range(event, name) is None


@pytest.mark.parametrize(
    ("requested", "ref", "name", "allowed"),
    [
        (True, "refs/heads/main", "push", True),
        (True, "refs/tags/v1.2.0", "push", True),
        (True, "refs/heads/feature", "push", False),
        (True, "refs/pull/7/merge", "pull_request", False),
        (True, "refs/heads/main", "pull_request_target", False),
        (False, "refs/heads/main", "push", False),
    ],
)
def test_images_are_pushed_from_the_default_branch_or_tags_only(
    requested: bool, ref: str, name: str, allowed: bool
) -> None:
    assert events.may_push_image(requested, ref, name, pull_request()) is allowed


def test_sarif_upload_is_skipped_for_forks() -> None:
    assert events.may_upload_sarif(True, "pull_request", pull_request(), "acme/app")
    assert not events.may_upload_sarif(True, "pull_request", pull_request("eve/app"), "acme/app")
    assert events.may_upload_sarif(True, "push", {}, "acme/app")
    assert not events.may_upload_sarif(False, "push", {}, "acme/app")


def test_image_tags_are_lowercase_and_safe() -> None:
    tags = events.image_tags("ghcr.io", "Acme", "App", "refs/heads/feat/X", "c" * 40)
    assert tags == ["ghcr.io/acme/app:sha-cccccccccccc", "ghcr.io/acme/app:feat-X"]
    assert events.image_tags("ghcr.io", "acme", "Other/Tool", "refs/tags/v1", "") == [
        "ghcr.io/other/tool:v1"
    ]
    with pytest.raises(InputError, match="GITHUB_SHA"):
        events.image_tags("ghcr.io", "acme", "app", "", "")
    with pytest.raises(InputError, match="docker-image"):
        events.image_tags("ghcr.io", "acme", "", "refs/heads/main", "c" * 40)


def test_docker_plan_cli(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"default_branch": "main"}}), encoding="utf-8")
    env = {
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_REPOSITORY_OWNER": "acme",
        "GITHUB_SHA": "d" * 40,
        "GITHUB_OUTPUT": "",
    }
    result = CliRunner().invoke(main, ["ci", "docker-plan", "--image", "app"], env=env)
    assert result.exit_code == 0
    assert "push=true" in result.output
    assert "image=ghcr.io/acme/app\n" in result.output
    no_push = CliRunner().invoke(
        main, ["ci", "docker-plan", "--image", "app", "--push", "false"], env=env
    )
    assert "push=false" in no_push.output


def test_unreadable_event_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "event.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="event payload"):
        load_event({"GITHUB_EVENT_PATH": str(bad)})
