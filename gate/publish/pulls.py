"""Which pull request and commit a ``workflow_run`` event is about, from the event and the API.

Never from the artifact: the run's head SHA and repository come from the event GitHub
wrote, and the pull request is looked up through the API. ``workflow_run.pull_requests``
is empty for pull requests from forks, so those are found by head repository, branch and
SHA among the open pull requests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.errors import InputError
from gate.github_api import GitHub

_SHA = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class CompletedRun:
    """The pull request run that completed (from the event payload)."""

    run_id: int
    head_sha: str
    head_branch: str
    head_repository: str  # owner/name of the pull request's head (a fork or this repo)
    event: str
    conclusion: str
    html_url: str
    listed_pulls: tuple[int, ...]
    workflow_id: int = 0
    repository: str = ""  # owner/name of the base repository
    default_branch: str = ""


@dataclass(frozen=True)
class PullRequest:
    number: int
    base_sha: str
    base_ref: str
    head_sha: str
    head_repository: str
    html_url: str
    fork: bool


def read_event(path: Path) -> CompletedRun:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        run = payload["workflow_run"]
        head_sha = str(run["head_sha"])
        result = CompletedRun(
            run_id=int(run["id"]),
            head_sha=head_sha,
            head_branch=str(run.get("head_branch") or ""),
            head_repository=str((run.get("head_repository") or {}).get("full_name") or ""),
            event=str(run.get("event") or ""),
            conclusion=str(run.get("conclusion") or ""),
            html_url=str(run.get("html_url") or ""),
            listed_pulls=tuple(int(p["number"]) for p in run.get("pull_requests") or []),
            workflow_id=int(run.get("workflow_id") or 0),
            repository=str((payload.get("repository") or {}).get("full_name") or ""),
            default_branch=str((payload.get("repository") or {}).get("default_branch") or ""),
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise InputError(
            "not a readable workflow_run event (gate publish runs on `workflow_run`)",
            path=str(path),
        ) from None
    if not _SHA.match(head_sha):
        raise InputError("the event's workflow_run.head_sha is not a commit SHA", path=str(path))
    return result


def _pull(data: dict[str, Any]) -> PullRequest:
    head, base = data["head"], data["base"]
    head_repo = (head.get("repo") or {}).get("full_name") or ""
    base_repo = (base.get("repo") or {}).get("full_name") or ""
    return PullRequest(
        number=int(data["number"]),
        base_sha=str(base["sha"]),
        base_ref=str(base["ref"]),
        head_sha=str(head["sha"]),
        head_repository=str(head_repo),
        html_url=str(data.get("html_url") or ""),
        fork=head_repo != base_repo,
    )


def find(api: GitHub, run: CompletedRun) -> PullRequest:
    """The open pull request whose head is the run's head SHA (and repository)."""
    candidates = [_pull(api.pull_request(number)) for number in run.listed_pulls]
    if not candidates and run.head_repository and run.head_branch:
        owner = run.head_repository.split("/", 1)[0]
        candidates = [_pull(p) for p in api.open_pulls_from(owner, run.head_branch)]
    matching = [
        pull
        for pull in candidates
        if pull.head_sha == run.head_sha
        and (not run.head_repository or pull.head_repository == run.head_repository)
    ]
    if not matching:
        raise InputError(
            f"no open pull request has head {run.head_repository}@{run.head_sha[:12]} "
            f"(run {run.run_id}); it may have been closed or pushed to since"
        )
    return min(matching, key=lambda pull: pull.number)
