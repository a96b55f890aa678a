"""SEC003: secrets added by any commit of a range, streamed from git without a checkout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from gate.context import Context
from gate.errors import GitError, MissingInput
from gate.findings import Finding, Metric
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets import (
    Suppression,
    load_baseline,
    scanner,
    secret_finding,
    stale_findings,
)
from gate.secrets.baseline import secret_key
from gate.secrets.history import CommitFile, commit_files, range_revisions
from gate.secrets.settings import secrets_settings

if TYPE_CHECKING:
    from gate.secrets.scanner import SecretMatch


def requested_revisions(ctx: Context) -> tuple[list[str], str] | None:
    """``git log`` revisions to scan and a description; None when no scan was asked for.

    ``--all`` scans every ref, ``--history RANGE`` that range; on GitHub Actions, with
    neither, the commits of the pull request (or push): merge-base..head.
    """
    if ctx.options.all_history:
        return range_revisions(None), "the whole history"
    if ctx.options.history:
        return range_revisions(ctx.options.history), ctx.options.history
    if not ctx.in_actions:
        return None
    ctx.require_git("scanning the change's commits")
    base, reason = ctx.base()
    if base is None:
        raise MissingInput(f"cannot tell which commits to scan: {reason}; or pass --history RANGE")
    head = ctx.options.head or "HEAD"
    try:
        merge_base = ctx.git.merge_base(base, head)
    except GitError as error:
        raise MissingInput(f"cannot tell which commits to scan: {error}") from None
    return range_revisions(f"{merge_base}..{head}"), f"{merge_base[:12]}..{head}"


class SecretsInHistory(Policy[PolicySettings]):
    """A commit in the scanned history added a credential, even if a later commit removed it.

    Scans what each commit of a range added: `--history REV_RANGE` (e.g. `main..HEAD`),
    `--all` (every ref), or, on GitHub Actions with neither, the commits of the pull
    request or push (merge-base..head). The lines come straight from `git log -p`; nothing
    is checked out. Each leaked secret is reported once, at the first commit that added it,
    with the commit, path and line. Merge commits add nothing of their own here: their
    content comes from the commits they merge.

    Run locally without `--history`/`--all`, nothing was asked for: the policy records the
    status `not-requested` and passes (an unrequested scan is a choice, not a missing
    input). On Actions a missing base fails the policy (fetch with `fetch-depth: 0`).

    Fix: a secret in history is public to everyone who can clone: revoke or rotate it.
    Rewriting history does not un-leak it. To accept an already-rotated secret, add it to
    the baseline with `gate secrets baseline --update --all`.
    """

    id = "SEC003"
    slug = "secrets-in-history"
    title = "Secret in the git history"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        request = requested_revisions(ctx)
        if request is None:
            yield Metric("status", "not-requested")
            return
        revisions, scope = request
        ctx.require_git("scanning history")
        suppression = Suppression.for_run(ctx)
        reported = 0
        commits: set[str] = set()
        seen: set[str] = set()
        for commit_file, match, key in history_matches(ctx, revisions, commits):
            if key in seen:
                continue  # reported at the first commit that added it
            seen.add(key)
            if suppression.allowed(self.id, match, key, commit_file.line, commit_file.path):
                continue
            reported += 1
            yield secret_finding(self, settings, match, commit_file.path, commit=commit_file.commit)
        if ctx.options.all_history:
            stale = load_baseline(ctx).stale(seen, source="history")
            yield from stale_findings(ctx, self, settings, stale)
        yield Metric("scope", scope)
        yield Metric("commits_with_additions", len(commits))
        yield Metric("secrets", reported)
        yield from suppression.metrics()
        yield from suppression.approved_findings(self, settings)


def history_matches(
    ctx: Context, revisions: list[str], commits: set[str]
) -> Iterator[tuple[CommitFile, SecretMatch, str]]:
    """(commit file, match with real line numbers, key) for each match in the history;
    ``commits`` collects the commits that added lines."""
    settings = secrets_settings(ctx)
    engine = scanner(ctx)
    for commit_file in commit_files(ctx.git, revisions):
        commits.add(commit_file.commit)
        path = commit_file.path
        if settings.skips(path) or ctx.excluded(path):
            continue
        data, numbers = commit_file.text()
        if len(data) > settings.max_file_size:
            continue
        for match in engine.scan(data, path):
            start = numbers[match.line - 1] if match.line <= len(numbers) else None
            end = numbers[match.end_line - 1] if match.end_line <= len(numbers) else None
            if start is None:
                continue
            real = replace(match, line=start, end_line=end or start)
            yield commit_file, real, secret_key(match.rule_id, path, match.secret_hash)
