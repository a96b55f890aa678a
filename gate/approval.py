"""Approval of the allowances a pull request adds: an approving review of its head commit.

One mechanism for every policy. An allowance a pull request adds (an inline
``gate: allow``, a coverage pragma, a coverage configuration change...) passes only when
someone the base's gate configuration names under ``approvers`` approved the pull request
*at its current head commit*: a review's ``commit_id`` must equal the head, so a later
push voids it. Labels are not approval (they survive later pushes). Reviews are read
through the REST API with the run's token (``pull-requests: read``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.github.event import load_event

if TYPE_CHECKING:
    from gate.context import Context

DEFAULT_API = "https://api.github.com"


class ReviewsUnavailable(Exception):
    """The reviews could not be read (network, status, payload); the message says why."""


@dataclass(frozen=True)
class Approval:
    """Whether the head commit is approved, by whom, and in words for findings."""

    approved: bool
    by: tuple[str, ...]
    reason: str


def fetch_reviews(
    api_url: str, repository: str, number: int, token: str, *, timeout: float = 10.0
) -> list[dict[str, Any]]:
    """Every review of pull request ``number``, through the one GitHub client
    (``GET /repos/{repo}/pulls/{n}/reviews``, every page, from the API's host only);
    raises ReviewsUnavailable, never prints the token."""
    # Imported here: the client pulls in urllib.request, http.client and ssl, which a run
    # without allowances to approve (every pre-commit hook run) never needs.
    from gate.github_api import GitHub, GitHubError

    if not api_url.lower().startswith(("https://", "http://")):
        raise ReviewsUnavailable("GITHUB_API_URL is not an http(s) URL")
    client = GitHub(token, repository, api_url, timeout=timeout)
    try:
        reviews = client.reviews(number)
    except GitHubError as error:
        if error.status is None:
            raise ReviewsUnavailable(f"the reviews API is unreachable ({error})") from None
        raise ReviewsUnavailable(f"the reviews API refused: {error}") from None
    return [item for item in reviews if isinstance(item, dict)]


def judge(
    reviews: Sequence[Mapping[str, Any]], head_sha: str, approvers: Sequence[str]
) -> Approval:
    """Approved when an approver's latest deciding review approves ``head_sha``.

    A comment-only review does not change a reviewer's decision (as on GitHub); a
    dismissal or a request for changes withdraws it; an approval of an older commit
    does not count.
    """
    allowed = {login.lower() for login in approvers}
    decision: dict[str, Mapping[str, Any]] = {}
    for review in reviews:
        user = review.get("user")
        login = user.get("login") if isinstance(user, Mapping) else None
        state = review.get("state")
        if not isinstance(login, str) or state == "COMMENTED" or state == "PENDING":
            continue
        decision[login.lower()] = review
    by = tuple(
        sorted(
            login
            for login, review in decision.items()
            if login in allowed
            and review.get("state") == "APPROVED"
            and review.get("commit_id") == head_sha
        )
    )
    if by:
        return Approval(True, by, f"approved at {head_sha[:12]} by {', '.join(by)}")
    return Approval(
        False, (), f"no approver ({', '.join(sorted(allowed))}) approved the head {head_sha[:12]}"
    )


def approval(ctx: Context) -> Approval:
    """The run's approval, read once per run (every policy asks the same question)."""
    return ctx.cached("approval", lambda: _read(ctx))


def _read(ctx: Context) -> Approval:
    env = ctx.env
    approvers = [name for name in ctx.config.gate.approvers if not name.startswith("@")]
    if not approvers:
        return Approval(False, (), "the base's gate configuration names no approvers")
    event = load_event(env) if env.get("GITHUB_EVENT_PATH") else {}
    pull = event.get("pull_request")
    if not isinstance(pull, Mapping):
        return Approval(False, (), "not a pull request: there is no review to approve it")
    number, head = pull.get("number"), (pull.get("head") or {}).get("sha")
    repository, token = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_TOKEN", "")
    if not isinstance(number, int) or not isinstance(head, str) or not repository:
        return Approval(False, (), "the event names no pull request number and head commit")
    if not token:
        return Approval(False, (), "no GITHUB_TOKEN to read the pull request's reviews")
    api = env.get("GITHUB_API_URL") or DEFAULT_API
    try:
        reviews = fetch_reviews(api, repository, number, token)
    except ReviewsUnavailable as error:
        return Approval(False, (), f"cannot read the reviews: {error}")
    return judge(reviews, head, approvers)
