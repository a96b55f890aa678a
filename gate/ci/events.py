"""Facts about the triggering GitHub event the workflow needs (ranges, push and upload rights)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gate.errors import InputError
from gate.git import ZERO_SHA

SHA = re.compile(r"^[0-9a-f]{40}$")


def history_range(event: Mapping[str, Any], event_name: str) -> str | None:
    """The commits this run brings in, as a git revision range (None: no range known).

    A pull request: base..head. A push: before..after, or just the pushed commit when
    the push created the branch (before is all zeros).
    """
    if event_name.startswith("pull_request") or event_name == "merge_group":
        pull = event.get("pull_request") or {}
        base = (pull.get("base") or {}).get("sha") or (event.get("merge_group") or {}).get(
            "base_sha"
        )
        head = (pull.get("head") or {}).get("sha") or (event.get("merge_group") or {}).get(
            "head_sha"
        )
        if _sha(base) and _sha(head):
            return f"{base}..{head}"
        return None
    if event_name == "push":
        before, after = str(event.get("before") or ""), str(event.get("after") or "")
        if not _sha(after):
            return None
        return f"{before}..{after}" if _sha(before) and before != ZERO_SHA else f"{after}^!"
    return None


def _sha(value: object) -> bool:
    return isinstance(value, str) and bool(SHA.match(value))


def default_branch_ref(event: Mapping[str, Any]) -> str | None:
    branch = (event.get("repository") or {}).get("default_branch")
    return f"refs/heads/{branch}" if branch else None


def may_push_image(requested: bool, ref: str, event_name: str, event: Mapping[str, Any]) -> bool:
    """Push only when asked, and only for the default branch or a tag, never for a PR."""
    if not requested or event_name.startswith("pull_request"):
        return False
    return ref.startswith("refs/tags/") or ref == default_branch_ref(event)


def is_fork_pull_request(event: Mapping[str, Any], repository: str) -> bool:
    head_repo = ((event.get("pull_request") or {}).get("head") or {}).get("repo") or {}
    name = head_repo.get("full_name")
    return bool(name) and name != repository


def may_upload_sarif(
    requested: bool, event_name: str, event: Mapping[str, Any], repository: str
) -> bool:
    """A fork's pull request gets a read-only token: the upload would fail, so skip it."""
    if not requested:
        return False
    return not (event_name.startswith("pull_request") and is_fork_pull_request(event, repository))


def image_tags(registry: str, repository_owner: str, image: str, ref: str, sha: str) -> list[str]:
    """``ghcr.io/owner/image:<sha>`` plus the branch or tag name (registry names are lowercase)."""
    if not image:
        raise InputError("the docker stage needs docker-image (a name such as 'app')")
    name = image if "/" in image else f"{repository_owner}/{image}"
    base = f"{registry}/{name}".lower()
    tags = [f"{base}:sha-{sha[:12]}"] if sha else []
    short = ref.split("/", 2)[2] if ref.count("/") >= 2 else ""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "-", short)[:128].lstrip(".-")
    if safe:
        tags.append(f"{base}:{safe}")  # tags, unlike repository names, may hold capitals
    if not tags:
        raise InputError("no commit SHA or ref to tag the image with (GITHUB_SHA is unset)")
    return tags
