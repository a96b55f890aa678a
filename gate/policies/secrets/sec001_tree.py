"""SEC001: secrets in the files of the tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gate.context import Context
from gate.findings import Finding, Metric
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets.common import (
    ENV_FILE_RULE,
    Suppression,
    Unscannable,
    load_baseline,
    scan_file,
    scanner,
    secret_finding,
    stale_findings,
    tree_paths,
    unscannable_finding,
)
from gate.policies.secrets.settings import secrets_settings
from gate.secrets.baseline import secret_key

if TYPE_CHECKING:
    from gate.secrets.content import Scanned


@dataclass
class TreeScan:
    """What the tree scan saw: files scanned, and those it could not scan."""

    scanned: int = 0
    unscannable: list[Unscannable] = field(default_factory=list)


def scan_tree(ctx: Context, stats: TreeScan | None = None) -> Iterator[tuple[str, Scanned]]:
    """(path, its scan) for each file of the tree that has a match; ``stats`` counts."""
    settings = secrets_settings(ctx)
    stats = stats if stats is not None else TreeScan()
    for path in tree_paths(ctx):
        result = scan_file(ctx, path, settings)
        if isinstance(result, Unscannable):
            stats.unscannable.append(result)
        elif result is not None:
            stats.scanned += 1
            if result.matches:
                yield path, result


class SecretsInTree(Policy[PolicySettings]):
    """A credential (API key, token, private key, password) sits in a file of the repository.

    Scans every file git tracks (plus untracked, unignored files when run locally; only
    the given files when a pre-commit hook passes them), except paths in `secrets.exclude`
    or the gate's `exclude`. Large files are scanned whole, in overlapping chunks; binary
    files (a NUL byte in the first 8 KiB) by their printable runs, with the rules that
    stand on their own there (provider tokens, private key blocks). A file over
    `secrets.max_file_size` (default 100 MiB, GitHub's own limit for a file) cannot be
    scanned and fails the policy; the metrics count files scanned and not scanned. Rules
    are provider-specific token formats (checksums verified where the format has one),
    private key blocks, credentials in URLs, and high-entropy values assigned to
    secret-like names; placeholders and look-alikes are not reported. Those guesses (names,
    URL passwords) are dropped in docstrings, comments and SDK example files, and are
    warnings, not errors, in documentation and test suites.

    Each finding shows the rule, the location and a redacted form (a short prefix and the
    length); the value itself never appears in any output.

    Fix: revoke or rotate the credential, remove it, and read it from the environment or a
    secret store. Not a secret? Add `gate: allow SEC001 <reason>` in a comment on the line
    or the line above, list the value in `secrets.allow_values`, or accept it in the
    baseline (`gate secrets baseline --update`). Baseline entries that match nothing any
    more are reported as notices.
    """

    id = "SEC001"
    slug = "secrets-in-tree"
    title = "Secret in the repository"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        suppression = Suppression.for_run(ctx)
        seen: set[str] = set()
        reported = 0
        stats = TreeScan()
        for path, scanned in scan_tree(ctx, stats):
            occurrences: Counter[str] = Counter()
            for match in scanned.matches:
                key = secret_key(match.rule_id, path, match.secret_hash)
                seen.add(key)
                if suppression.allowed(self.id, match, key, scanned.line, path):
                    continue
                occurrences[key] += 1
                reported += 1
                yield secret_finding(
                    self,
                    settings,
                    match,
                    path,
                    occurrence=occurrences[key],
                    binary=scanned.binary,
                )
        for item in stats.unscannable:
            yield unscannable_finding(self, settings, item)
        if ctx.options.paths is None:  # a partial scan cannot tell what went stale
            stale = load_baseline(ctx).stale(seen, source="tree", exclude_rule_ids=[ENV_FILE_RULE])
            yield from stale_findings(ctx, self, settings, stale)
        yield Metric("secrets", reported)
        yield Metric("files_scanned", stats.scanned)
        yield Metric("files_not_scanned", len(stats.unscannable))
        yield from suppression.metrics()
        yield from suppression.approved_findings(self, settings)
        yield Metric("engine", scanner(ctx).engine_name)
