"""The GitHub client against a real local HTTP server that checks requests with the
OpenAPI description: retries, rate limits, permission errors, redirects without the token."""

from __future__ import annotations

import pytest
from publish_fake import TOKEN, FakeGitHub, artifact_zip

from gate.github_api import MAX_ATTEMPTS, GitHub, GitHubError

CHECKS = ("POST", "/repos/{owner}/{repo}/check-runs")
BODY = {"name": "policy-gate", "head_sha": "a" * 40, "status": "completed", "conclusion": "success"}


def client(github: FakeGitHub, waits: list[float], token: str = TOKEN) -> GitHub:
    return GitHub(token, github.repository, github.url, sleep=waits.append)


def test_server_errors_are_retried_with_growing_waits(github: FakeGitHub) -> None:
    github.scripted[CHECKS] = [(502, {}, {"message": "bad gateway"}), (503, {}, {})]
    waits: list[float] = []
    created = client(github, waits).create_check_run(BODY)
    assert created["conclusion"] == "success"
    assert waits == [1.0, 2.0]
    assert len(github.api_requests(*CHECKS)) == 3


def test_retry_after_of_a_secondary_rate_limit_is_honoured(github: FakeGitHub) -> None:
    github.scripted[CHECKS] = [
        (403, {"retry-after": "7"}, {"message": "You have exceeded a secondary rate limit."})
    ]
    waits: list[float] = []
    client(github, waits).create_check_run(BODY)
    assert waits == [7.0]


def test_primary_rate_limit_waits_until_the_reset(github: FakeGitHub) -> None:
    import time

    reset = int(time.time()) + 30
    github.scripted[CHECKS] = [
        (429, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, {"message": "x"})
    ]
    waits: list[float] = []
    client(github, waits).create_check_run(BODY)
    assert len(waits) == 1 and 25 <= waits[0] <= 31


def test_retries_are_bounded(github: FakeGitHub) -> None:
    github.scripted[CHECKS] = [(500, {}, {"message": "boom"})] * 10
    waits: list[float] = []
    with pytest.raises(GitHubError) as caught:
        client(github, waits).create_check_run(BODY)
    assert caught.value.status == 500
    assert len(github.api_requests(*CHECKS)) == MAX_ATTEMPTS
    assert len(waits) == MAX_ATTEMPTS - 1


def test_a_retry_after_beyond_the_budget_fails_at_once(github: FakeGitHub) -> None:
    github.scripted[CHECKS] = [(429, {"retry-after": "3600"}, {"message": "slow down"})]
    waits: list[float] = []
    with pytest.raises(GitHubError, match="rate limited"):
        client(github, waits).create_check_run(BODY)
    assert waits == []


def test_403_names_the_missing_permission_and_never_the_token(github: FakeGitHub) -> None:
    github.forbidden.add(CHECKS)
    with pytest.raises(GitHubError) as caught:
        client(github, []).create_check_run(BODY)
    message = str(caught.value)
    assert "checks: write" in message and "permissions:" in message
    assert TOKEN not in message


def test_401_says_the_token_was_refused(github: FakeGitHub) -> None:
    github.scripted[CHECKS] = [(401, {}, {"message": "Bad credentials"})]
    with pytest.raises(GitHubError, match="token was refused") as caught:
        client(github, []).create_check_run(BODY)
    assert caught.value.status == 401


def test_artifact_download_follows_the_redirect_without_the_token(github: FakeGitHub) -> None:
    archive = artifact_zip({"gate.json": b"{}"})
    item = github.add_artifact(41, "a" * 40, archive)
    data = client(github, []).download_artifact(item["id"], 1 << 20)
    assert data == archive
    assert len(github.blob_requests) == 1
    assert "authorization" not in github.blob_requests[0].headers


def test_an_answer_over_the_bound_is_refused(github: FakeGitHub) -> None:
    item = github.add_artifact(41, "a" * 40, b"z" * 5000)
    with pytest.raises(GitHubError, match="larger than 4000 bytes"):
        client(github, []).download_artifact(item["id"], 4000)


def test_reviews_are_listed_across_pages(github: FakeGitHub) -> None:
    github.reviews[7] = [
        {"id": n, "state": "APPROVED" if n % 2 else "COMMENTED", "user": {"login": f"u{n}"}}
        for n in range(150)
    ]
    reviews = client(github, []).reviews(7)
    assert [r["id"] for r in reviews] == list(range(150))
    pages = [
        r.query["page"]
        for r in github.api_requests("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews")
    ]
    assert pages == ["1", "2"]


def test_a_request_the_description_rejects_is_caught(github: FakeGitHub) -> None:
    """The OpenAPI check is live: a bad conclusion is refused and recorded."""
    with pytest.raises(GitHubError):
        client(github, []).create_check_run({**BODY, "conclusion": "passed"})
    assert any("conclusion" in problem for problem in github.problems)
    github.problems.clear()  # expected here; the fixture fails on any other
