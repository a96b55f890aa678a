"""SEC002: secrets on lines the change adds (annotated on their line in the pull request)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from gate.collectors.diff import FileChange
from gate.context import Context
from gate.errors import GitError, MissingInput
from gate.findings import Finding, Metric
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets.common import (
    Suppression,
    Unscannable,
    scan_file,
    scanner,
    secret_finding,
    unscannable_finding,
)
from gate.policies.secrets.settings import secrets_settings
from gate.secrets.baseline import secret_key
from gate.secrets.content import Scanned, scan_blocks
from gate.secrets.scanner import SecretMatch


class SecretsInChange(Policy[PolicySettings]):
    """The change adds a credential: a secret on a line added between the base and the head.

    Each head-side file the change touches is scanned whole (so a rule sees its context:
    the assignment, the key block) and a match is kept when one of its lines is added.
    The finding is annotated on that line of the pull request. A binary file (or one
    `.gitattributes` marks `-diff`, whose diff git would not show) is scanned from its
    bytes, by its printable runs; a secret in it that the base's version of the file lacks
    is reported on the file. A file over `secrets.max_file_size` fails the policy. Needs a
    base to diff against (`--base REF`, or the pull request's base on Actions); without
    one the policy fails rather than passing unchecked.

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
        suppression = Suppression.for_run(ctx)
        reported = scanned_files = 0
        unscannable: list[Unscannable] = []
        for path, change in sorted(changes.items()):
            scanned = scan_file(ctx, path, secrets)
            if isinstance(scanned, Unscannable):
                unscannable.append(scanned)
                continue
            if scanned is None:
                continue
            scanned_files += 1
            occurrences: Counter[str] = Counter()
            for match in self._added(ctx, change, scanned):
                key = secret_key(match.rule_id, path, match.secret_hash)
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
        for item in unscannable:
            yield unscannable_finding(self, settings, item)
        yield Metric("secrets", reported)
        yield Metric("files_changed", len(changes))
        yield Metric("files_scanned", scanned_files)
        yield Metric("files_not_scanned", len(unscannable))
        yield from suppression.metrics()
        yield from suppression.approved_findings(self, settings)

    def _added(self, ctx: Context, change: FileChange, scanned: Scanned) -> Iterator[SecretMatch]:
        """The matches the change added: on an added line, or (binary files, whose lines
        mean nothing) absent from the base's version of the file."""
        if not scanned.binary:
            for match in scanned.matches:
                span = range(match.line, max(match.end_line, match.line) + 1)
                if any(number in change.added for number in span):
                    yield match
            return
        before = self._base_secrets(ctx, change.old_path or change.path)
        for match in scanned.matches:
            if (match.rule_id, match.secret_hash) not in before:
                yield match

    def _base_secrets(self, ctx: Context, path: str) -> set[tuple[str, str]]:
        base, reason = ctx.base()
        if base is None:
            raise MissingInput(f"cannot tell which lines changed: {reason}")
        try:
            merge_base = ctx.cached(
                "secrets:merge_base",
                lambda: ctx.git.merge_base(base, ctx.options.head or "HEAD"),
            )
        except GitError as error:
            raise MissingInput(f"cannot tell which lines changed: {error}") from None
        data = ctx.git.show(merge_base, path)
        if data is None:
            return set()
        found = scan_blocks(scanner(ctx), (data,), path)
        return {(m.rule_id, m.secret_hash) for m in found.matches}
