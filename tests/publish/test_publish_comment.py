"""The one pull-request comment: marker, create-then-update, modes from the base's config,
links to uncovered changed lines at the head SHA, forks, and no hijacking."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from publish_fake import FakeGitHub, artifact_zip, workflow_run_event
from test_publish_rejudge import PASSING, Scene

from gate.publish.comment import MARKER

HEAD = "c" * 40
COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments"
EDIT = "/repos/{owner}/{repo}/issues/comments/{comment_id}"


def coverage_report(uncovered: list[tuple[str, int, int]]) -> bytes:
    findings = [
        {
            "policy_id": "COV002",
            "severity": "error",
            "title": "Changed lines not covered",
            "message": f"lines {a}-{b} of {path}: changed statements not covered by tests",
            "location": {"path": path, "start_line": a, "end_line": b},
            "properties": {"statements": b - a + 1},
        }
        for path, a, b in uncovered
    ]
    data = json.loads(PASSING)
    data["policies"].append(
        {
            "id": "COV002",
            "title": "changed-line coverage",
            "severity": "error",
            "status": "failed" if findings else "passed",
            "metrics": {"changed_coverage": 50.0, "changed_covered": 3, "changed_statements": 6},
            "findings": findings,
        }
    )
    data["verdict"] = "fail" if findings else "pass"
    return json.dumps(data).encode()


def event_for(github: FakeGitHub, report: bytes, *, fork: bool = False, run_id: int = 5) -> Any:
    head_repo = "contributor/app" if fork else github.repository
    if 7 not in github.pulls:
        github.add_pull(7, HEAD, head_repo=head_repo)
    github.add_artifact(run_id, HEAD, artifact_zip({"gate.json": report}))
    return workflow_run_event(
        run_id=run_id, head_sha=HEAD, head_repo=head_repo, pulls=[] if fork else [7]
    )


def test_a_failing_pull_request_gets_one_comment_updated_on_each_run(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    report = coverage_report([("src/app (v2).py", 12, 14), ("src/app (v2).py", 30, 30)])
    assert publish(event_for(github, report, run_id=5)).exit_code == 0
    assert publish(event_for(github, report, run_id=6)).exit_code == 0
    (comment,) = github.comments[7]
    assert len(github.api_requests("POST", COMMENTS)) == 1
    assert len(github.api_requests("PATCH", EDIT)) == 1
    body = comment["body"]
    assert body.startswith(MARKER)
    assert "| changed lines | 50.0% (3 of 6 statements) |" in body
    base = f"https://github.com/acme/app/blob/{HEAD}/src/app%20%28v2%29.py"
    assert f"[L12-L14]({base}#L12-L14)" in body and f"[L30]({base}#L30)" in body
    assert "| `src/app (v2).py` | 4 |" in body
    assert "(https://github.invalid/acme/app/runs/" in body  # the check run's link


def test_a_passing_pull_request_gets_no_comment_by_default(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    result = publish(event_for(github, coverage_report([])))
    assert result.exit_code == 0, result.output
    assert github.comments == {}
    assert "no comment (passed, comment: on-failure)" in result.output


def test_the_comment_is_updated_once_the_pull_request_passes(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    publish(event_for(github, coverage_report([("a.py", 1, 2)]), run_id=5))
    publish(event_for(github, coverage_report([]), run_id=6))
    (comment,) = github.comments[7]
    assert "✅" in comment["body"].splitlines()[1]


def test_a_marker_planted_by_a_person_is_not_taken_over(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    github.comments[7] = [
        {"id": 1, "body": MARKER + "\nmine", "user": {"login": "mallory", "type": "User"}}
    ]
    publish(event_for(github, coverage_report([("a.py", 1, 1)])))
    assert github.comments[7][0]["body"] == MARKER + "\nmine"
    assert len(github.comments[7]) == 2


def test_a_fork_pull_request_gets_the_check_and_the_comment(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    result = publish(event_for(github, coverage_report([("a.py", 3, 3)]), fork=True))
    assert result.exit_code == 0, result.output
    assert len(github.check_runs) == 1 and len(github.comments[7]) == 1


def test_a_token_that_cannot_comment_still_publishes_the_check(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    github.forbidden.add(("POST", COMMENTS))
    result = publish(event_for(github, coverage_report([("a.py", 3, 3)])))
    assert result.exit_code == 0, result.output
    assert "pull-requests: write" in result.output
    assert github.check_runs[0]["conclusion"] == "failure"


@pytest.mark.parametrize(("mode", "expected"), [("off", 0), ("always", 1)])
@pytest.mark.slow
def test_the_base_config_chooses_the_comment_mode(
    make_repo: Callable[..., Any],
    github: FakeGitHub,
    publish: Callable[..., Result],
    mode: str,
    expected: int,
) -> None:
    scene = Scene(make_repo, github)
    scene.origin.git("checkout", "-q", "main")
    scene.origin.write("gate.yml", f"publish:\n  comment: {mode}\n")
    scene.base_sha = scene.origin.commit("base config")
    scene.origin.git("checkout", "-q", "feature")
    scene.origin.git("merge", "-q", "--ff-only", "main")
    # The pull request tries the opposite; the base's choice stands.
    scene.origin.write(
        "gate.yml", "publish:\n  comment: " + ("always" if mode == "off" else "off") + "\n"
    )
    result = publish(scene.push_pull(), "--root", str(scene.checkout))
    assert result.exit_code == 0, result.output
    assert github.check_runs[0]["conclusion"] == "success", github.check_runs[0]["output"]
    assert len(github.comments.get(7, [])) == expected
    if mode == "off":
        assert github.api_requests("GET", COMMENTS) == []


def test_comment_text_from_the_report_is_escaped(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    publish(event_for(github, coverage_report([("x](https://evil.invalid)<img src=x>.py", 1, 1)])))
    body = github.comments[7][0]["body"]
    assert "](https://evil.invalid)" not in body.replace("%5D%28https%3A", "")
    assert "<img" not in body
    assert not re.search(r"\]\(https://evil", body)
