"""SEC003: secrets added by any commit of a range: every new blob and every commit message."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from gate.context import Context
from gate.errors import GitError, MissingInput
from gate.findings import Finding, Metric
from gate.git import CatFile
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets.common import (
    Suppression,
    Unscannable,
    load_baseline,
    scanner,
    secret_finding,
    stale_findings,
    too_large,
    unscannable_finding,
)
from gate.policies.secrets.settings import secrets_settings
from gate.secrets.baseline import secret_key
from gate.secrets.content import Scanned, scan_blocks
from gate.secrets.history import commit_messages, introductions, range_revisions
from gate.secrets.scanner import SecretMatch

# The path a secret in a commit message is keyed under (baseline entries, fingerprints).
MESSAGE_PATH = "(commit message)"


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


@dataclass(frozen=True)
class HistoryMatch:
    """A secret a commit introduced: in a blob at ``path``, or in its message (``message``)."""

    commit: str
    path: str
    match: SecretMatch
    key: str
    scanned: Scanned
    message: bool = False


@dataclass
class HistoryScan:
    """What the history scan saw."""

    blobs: int = 0
    commits: set[str] = field(default_factory=set)
    messages: int = 0
    unscannable: list[Unscannable] = field(default_factory=list)


class SecretsInHistory(Policy[PolicySettings]):
    """A commit in the scanned history added a credential, even if a later commit removed it.

    Scans what each commit of a range added: `--history REV_RANGE` (e.g. `main..HEAD`),
    `--all` (every ref), or, on GitHub Actions with neither, the commits of the pull
    request or push (merge-base..head). Every blob the range introduces is read whole from
    git (nothing is checked out, no textconv, `.gitattributes` ignored), so content added
    by a merge commit, in a `-diff` file or in a binary file (by its printable runs) is
    seen, and so is every commit message. A secret is reported once, at the first commit
    and path that added it; a secret the file already had before that commit is not. A
    blob over `secrets.max_file_size` cannot be scanned and fails the policy.

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
        stats = HistoryScan()
        seen: set[str] = set()
        for found in history_matches(ctx, revisions, stats):
            if found.key in seen:
                continue  # reported at the first commit that added it
            seen.add(found.key)
            if suppression.allowed(self.id, found.match, found.key, found.scanned.line, found.path):
                continue
            reported += 1
            if found.message:
                yield self._message_finding(settings, found)
            else:
                yield secret_finding(
                    self,
                    settings,
                    found.match,
                    found.path,
                    commit=found.commit,
                    binary=found.scanned.binary,
                )
        for item in stats.unscannable:
            yield unscannable_finding(self, settings, item)
        if ctx.options.all_history:
            stale = load_baseline(ctx).stale(seen, source="history")
            yield from stale_findings(ctx, self, settings, stale)
        yield Metric("scope", scope)
        yield Metric("commits_with_additions", len(stats.commits))
        yield Metric("commits_scanned", stats.messages)
        yield Metric("files_scanned", stats.blobs)
        yield Metric("files_not_scanned", len(stats.unscannable))
        yield Metric("secrets", reported)
        yield from suppression.metrics()
        yield from suppression.approved_findings(self, settings)

    def _message_finding(self, settings: PolicySettings, found: HistoryMatch) -> Finding:
        finding = secret_finding(self, settings, found.match, MESSAGE_PATH, commit=found.commit)
        message = (
            f"{found.match.description} in the message of commit {found.commit[:12]}: "
            f"{found.match.redacted}"
        )
        return replace(finding, message=message, location=None)


def history_matches(
    ctx: Context, revisions: list[str], stats: HistoryScan
) -> Iterator[HistoryMatch]:
    """Each secret the revisions introduced, oldest commit first (the same secret may come
    again from a later commit or another path: callers keep the first)."""
    settings = secrets_settings(ctx)
    engine = scanner(ctx)
    limit = settings.max_file_size
    known: dict[str, frozenset[tuple[str, str]]] = {}  # blob -> its secrets, when any

    def secrets_of(cat: CatFile, blob: str, path: str) -> frozenset[tuple[str, str]]:
        """The secrets an older blob holds (base-side versions are read once, here)."""
        if blob not in known:
            size, blocks = cat.open(blob)
            if size > limit:
                for _ in blocks:  # drain; its secrets are unknown, so none count as old
                    pass
                known[blob] = frozenset()
            else:
                found = scan_blocks(engine, blocks, path)
                known[blob] = frozenset((m.rule_id, m.secret_hash) for m in found.matches)
        return known[blob]

    intros = introductions(ctx.git, revisions)
    with CatFile(ctx.root) as cat:
        for intro in intros:
            path = intro.path
            stats.commits.add(intro.commit)
            if settings.skips(path) or ctx.excluded(path):
                continue
            try:
                size, blocks = cat.open(intro.blob)
            except GitError as error:
                stats.unscannable.append(Unscannable(path, str(error), intro.commit))
                continue
            if size > limit:
                for _ in blocks:
                    pass
                stats.unscannable.append(Unscannable(path, too_large(size, limit), intro.commit))
                continue
            scanned = scan_blocks(engine, blocks, path)
            stats.blobs += 1
            known[intro.blob] = frozenset((m.rule_id, m.secret_hash) for m in scanned.matches)
            if not scanned.matches:
                continue
            old: set[tuple[str, str]] = set()
            for previous in intro.previous:
                old |= secrets_of(cat, previous, path)
            for match in scanned.matches:
                if (match.rule_id, match.secret_hash) in old:
                    continue  # the file had it before this commit
                key = secret_key(match.rule_id, path, match.secret_hash)
                yield HistoryMatch(intro.commit, path, match, key, scanned)
    for commit, text in commit_messages(ctx.git, revisions):
        stats.messages += 1
        scanned = scan_blocks(engine, (text,), MESSAGE_PATH)
        for match in scanned.matches:
            key = secret_key(match.rule_id, MESSAGE_PATH, match.secret_hash)
            yield HistoryMatch(commit, MESSAGE_PATH, match, key, scanned, message=True)
