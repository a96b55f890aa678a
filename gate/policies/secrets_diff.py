"""SEC002: secrets on lines the change adds (annotated on their line in the pull request)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from gate.context import Context
from gate.findings import Finding, Metric
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets import LineReader, Suppression, head_file, scanner, secret_finding
from gate.secrets.baseline import secret_key
from gate.secrets.settings import secrets_settings


class SecretsInChange(Policy[PolicySettings]):
    """The change adds a credential: a secret on a line added between the base and the head.

    Each head-side file the change touches is scanned whole (so a rule sees its context:
    the assignment, the key block) and a match is kept when one of its lines is added.
    The finding is annotated on that line of the pull request. Needs a base to diff
    against (`--base REF`, or the pull request's base on Actions); without one the policy
    fails rather than passing unchecked.

    Fix: rotate the credential first — once pushed, deleting it in a later commit does not
    un-leak it — then remove it and read it from the environment or a secret store.
    Suppression works as for SEC001 (`gate: allow SEC002 <reason>`, or an allow for SEC001
    on the same line; `secrets.allow_values`; the baseline, read from the base commit so a
    pull request cannot accept its own leak).
    """

    id = "SEC002"
    slug = "secrets-in-change"
    title = "Secret added by the change"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        secrets = secrets_settings(ctx)
        changes = ctx.changed_files()
        engine = scanner(ctx)
        suppression = Suppression.for_run(ctx)
        reported = 0
        for path, change in sorted(changes.items()):
            data = head_file(ctx, path, secrets)
            if data is None:
                continue
            lines = LineReader(data)
            occurrences: Counter[str] = Counter()
            for match in engine.scan(data, path):
                span = range(match.line, max(match.end_line, match.line) + 1)
                if not any(number in change.added for number in span):
                    continue
                key = secret_key(match.rule_id, path, match.secret_hash)
                if suppression.allowed(self.id, match, key, lines, path):
                    continue
                occurrences[key] += 1
                reported += 1
                yield secret_finding(self, settings, match, path, occurrence=occurrences[key])
        yield Metric("secrets", reported)
        yield Metric("files_changed", len(changes))
        yield from suppression.metrics()
        yield from suppression.approved_findings(self, settings)
