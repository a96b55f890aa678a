"""COV003 from the base side: the merge-base's result comes from a default-branch push run
of the same workflow, its provenance checked; the pull request's own baseline is ignored."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from publish_fake import FakeGitHub, artifact_zip
from test_publish_rejudge import PASSING, Scene


def stored(coverage: float, **top: Any) -> bytes:
    data = json.loads(PASSING)
    data["policies"][0]["metrics"] = {"coverage": round(coverage, 2), "coverage_exact": coverage}
    data.update(top)
    return json.dumps(data).encode()


@pytest.fixture
def ratchet(make_repo: Callable[..., Any], github: FakeGitHub) -> Scene:
    """A base that enables COV003 (the pull request reports 91.5%)."""
    scene = Scene(make_repo, github)
    scene.origin.git("checkout", "-q", "main")
    scene.origin.write("gate.yml", "policies:\n  COV003:\n    enabled: true\n")
    scene.base_sha = scene.origin.commit("enable the ratchet")
    scene.origin.git("checkout", "-q", "feature")
    scene.origin.git("merge", "-q", "--ff-only", "main")
    scene.origin.write("app.py", "print('changed')\n")
    return scene


def publish_check(
    scene: Scene, publish: Callable[..., Result], report: bytes = PASSING
) -> dict[str, Any]:
    result = publish(scene.push_pull(report=report), "--root", str(scene.checkout))
    assert result.exit_code == 0, result.output
    (run,) = scene.github.check_runs
    return run


def cov003_row(run: dict[str, Any]) -> str:
    return next(line for line in run["output"]["summary"].splitlines() if "`COV003`" in line)


@pytest.mark.slow
def test_no_drop_against_the_stored_merge_base_result_passes(
    ratchet: Scene, github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    github.add_push_run(ratchet.base_sha, artifact_zip({"gate.json": stored(90.0)}))
    run = publish_check(ratchet, publish)
    assert run["conclusion"] == "success", run["output"]["summary"]
    assert "| passed |" in cov003_row(run)
    queries = [r.query for r in github.api_requests("GET", "/repos/{owner}/{repo}/actions/runs")]
    assert queries and queries[0]["head_sha"] == ratchet.base_sha
    assert (queries[0]["event"], queries[0]["branch"]) == ("push", "main")


@pytest.mark.slow
def test_a_drop_fails_and_the_pull_requests_own_cov003_is_ignored(
    ratchet: Scene, github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    github.add_push_run(ratchet.base_sha, artifact_zip({"gate.json": stored(95.0)}))
    # The run judged COV003 against a baseline the pull request chose: it passed there.
    own = json.loads(PASSING)
    own["policies"].append(
        {"id": "COV003", "title": "No coverage drop", "severity": "error", "status": "passed",
         "metrics": {"baseline_coverage": 50.0}, "findings": []}
    )  # fmt: skip
    run = publish_check(ratchet, publish, json.dumps(own).encode())
    assert run["conclusion"] == "failure"
    assert "| failed | 1 |" in cov003_row(run)
    rows = [line for line in run["output"]["summary"].splitlines() if line.startswith("| `COV003`")]
    assert rows == [cov003_row(run)]  # one COV003 row: the publisher's
    assert "total coverage fell from 95.00% (merge-base" in run["output"]["summary"]
    assert "to 91.50%" in run["output"]["summary"]


@pytest.mark.parametrize(
    "fields",
    [
        {"head_branch": "feature"},  # not the default branch
        {"event": "pull_request"},  # a pull request's run can be steered by its author
        {"workflow_id": 99},  # another workflow
        {"head_repository": {"full_name": "contributor/app"}},  # a fork's run
        {"status": "in_progress"},
    ],
)
@pytest.mark.slow
def test_a_run_of_the_wrong_provenance_is_no_baseline(
    ratchet: Scene, github: FakeGitHub, publish: Callable[..., Result], fields: dict[str, Any]
) -> None:
    push = github.add_push_run(ratchet.base_sha, artifact_zip({"gate.json": stored(10.0)}))
    push.update(fields)
    run = publish_check(ratchet, publish)
    assert run["conclusion"] == "failure"
    assert "missing-input" in cov003_row(run)


@pytest.mark.slow
def test_a_missing_baseline_is_a_clear_finding(
    ratchet: Scene, github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    run = publish_check(ratchet, publish)
    assert run["conclusion"] == "failure"
    assert "missing-input" in cov003_row(run)
    summary = run["output"]["summary"]
    assert "no stored baseline: no completed push run of this workflow on main" in summary


@pytest.mark.slow
def test_a_baseline_artifact_from_another_commit_is_refused(
    ratchet: Scene, github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    push = github.add_push_run(ratchet.base_sha, artifact_zip({"gate.json": stored(10.0)}))
    github.artifacts[push["id"]][0]["workflow_run"]["head_sha"] = "e" * 40
    run = publish_check(ratchet, publish)
    assert "missing-input" in cov003_row(run)


@pytest.mark.slow
def test_cov003_stays_off_when_the_base_does_not_enable_it(
    make_repo: Callable[..., Any], github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    scene = Scene(make_repo, github)
    scene.origin.write("gate.yml", "policies:\n  COV003:\n    enabled: true\n")  # the PR's try
    run = publish_check(scene, publish)
    assert run["conclusion"] == "success", run["output"]["summary"]
    assert "`COV003`" not in run["output"]["summary"]
    assert github.api_requests("GET", "/repos/{owner}/{repo}/actions/runs") == []
