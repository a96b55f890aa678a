"""SEC001: secrets in the files of the tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gate.context import Context
from gate.findings import Finding, Metric
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets import (
    ENV_FILE_RULE,
    LineReader,
    Suppression,
    head_file,
    load_baseline,
    scanner,
    secret_finding,
    stale_findings,
    tree_paths,
)
from gate.secrets.baseline import secret_key
from gate.secrets.settings import secrets_settings

if TYPE_CHECKING:
    from gate.secrets.scanner import SecretMatch

ScannedFile = tuple[str, LineReader, "list[SecretMatch]"]


def scan_tree(ctx: Context) -> Iterator[ScannedFile]:
    """(path, its lines, its matches) for each file of the tree that has a match."""
    settings = secrets_settings(ctx)
    engine = scanner(ctx)
    for path in tree_paths(ctx):
        data = head_file(ctx, path, settings)
        if data is None:
            continue
        matches = engine.scan(data, path)
        if matches:
            yield path, LineReader(data), matches


class SecretsInTree(Policy[PolicySettings]):
    """A credential (API key, token, private key, password) sits in a file of the repository.

    Scans every file git tracks (plus untracked, unignored files when run locally; only
    the given files when a pre-commit hook passes them), skipping binaries (a NUL byte in
    the first 8 KiB), files over `secrets.max_file_size` and paths in `secrets.exclude` or
    the gate's `exclude`. Rules are provider-specific token formats (checksums verified
    where the format has one), private key blocks, credentials in URLs, and high-entropy
    values assigned to secret-like names; placeholders and look-alikes are not reported.

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
        for path, lines, matches in scan_tree(ctx):
            occurrences: Counter[str] = Counter()
            for match in matches:
                key = secret_key(match.rule_id, path, match.secret_hash)
                seen.add(key)
                if suppression.allowed(self.id, match, key, lines, path):
                    continue
                occurrences[key] += 1
                reported += 1
                yield secret_finding(self, settings, match, path, occurrence=occurrences[key])
        if ctx.options.paths is None:  # a partial scan cannot tell what went stale
            stale = load_baseline(ctx).stale(seen, source="tree", exclude_rule_ids=[ENV_FILE_RULE])
            yield from stale_findings(ctx, self, settings, stale)
        yield Metric("secrets", reported)
        yield from suppression.metrics()
        yield from suppression.approved_findings(self, settings)
        yield Metric("engine", scanner(ctx).engine_name)
