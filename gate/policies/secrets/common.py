"""What the SEC policies share: the scanner, the files to scan, suppression and findings.

A secret's value never leaves the scanner: policies see a rule, a location, a redacted
form and a hash, and findings carry only the first three.
"""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gate.context import Context
from gate.errors import ConfigError, InputError
from gate.findings import Finding, Location, Metric, MetricValue, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings
from gate.policies.secrets.allowances import InlineAllowances
from gate.policies.secrets.settings import SecretsSettings, secrets_settings
from gate.secrets import baseline as baseline_file
from gate.secrets.baseline import Baseline, Entry, secret_key
from gate.secrets.context import downgraded
from gate.secrets.pragmas import is_allowed

if TYPE_CHECKING:
    from gate.secrets.content import Scanned
    from gate.secrets.scanner import Scanner, SecretMatch

BINARY_PROBE = 8192
ENV_FILE_RULE = "env-file"  # SEC004's baseline rule id (the other SEC policies use scanner rules)

FIX = (
    "Revoke or rotate the credential at its provider first (treat it as leaked), then remove "
    "it and load it at run time from an environment variable or a secret store. Not a real "
    "secret (a test fixture, a documented dummy)? Add `gate: allow {policy} <reason>` in a "
    "comment on its line or the line above, or accept it with "
    "`gate secrets baseline --update`."
)


def scanner(ctx: Context) -> Scanner:
    """The run's one scanner (engine chosen by ``secrets.engine``)."""
    from gate.secrets.catalog import get_scanner

    def build() -> Scanner:
        engine = secrets_settings(ctx).engine
        try:
            return get_scanner(engine)
        except (ImportError, ValueError, RuntimeError) as error:
            raise ConfigError(f"secrets.engine {engine!r} is not available: {error}") from None

    return ctx.cached("secrets:scanner", build)


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:BINARY_PROBE]


def working_tree_file(ctx: Context, path: str, settings: SecretsSettings) -> bytes | None:
    """A working-tree file's bytes, or None when it is not to be scanned.

    Skipped: config excludes, symlinks (their target is scanned as itself), files git
    lists but the working tree lacks, submodules, files over ``max_file_size``, binaries.
    """
    if settings.skips(path) or ctx.excluded(path):
        return None
    try:
        info = (ctx.root / path).lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > settings.max_file_size:
        return None
    data = ctx.read_bytes(path)
    return None if is_binary(data) else data


def head_file(ctx: Context, path: str, settings: SecretsSettings) -> bytes | None:
    """A file's bytes at ``--head`` (or the working tree without it); same skips as above."""
    head = ctx.options.head
    if head is None:
        return working_tree_file(ctx, path, settings)
    if settings.skips(path) or ctx.excluded(path):
        return None
    data = ctx.git.show(head, path)
    if data is None:  # tree_paths lists blobs only: an unreadable one must not pass silently
        raise InputError(f"cannot read the file at {head}", path=path)
    if len(data) > settings.max_file_size or is_binary(data):
        return None
    return data


@dataclass(frozen=True)
class Unscannable:
    """A file that had to be scanned and could not be: always a failing finding."""

    path: str
    reason: str
    commit: str | None = None


def too_large(size: int, limit: int) -> str:
    return f"{size} bytes, over secrets.max_file_size ({limit})"


def scan_file(ctx: Context, path: str, settings: SecretsSettings) -> Scanned | Unscannable | None:
    """Scan a file of the judged tree whole: large ones in chunks, binaries by printable runs.

    None for what is not to be scanned: config excludes, symlinks (their target is scanned
    as itself), files git lists but the working tree lacks, submodules.
    """
    from gate.secrets.content import scan_blocks

    if settings.skips(path) or ctx.excluded(path):
        return None
    limit = settings.max_file_size
    head = ctx.options.head
    if head is None:
        try:
            info = (ctx.root / path).lstat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > limit:
            return Unscannable(path, too_large(info.st_size, limit))
        return scan_blocks(scanner(ctx), _file_blocks(ctx, path), path)
    size = tree_sizes(ctx).get(path)
    if size is not None and size > limit:
        return Unscannable(path, too_large(size, limit))
    data = ctx.git.show(head, path)
    if data is None:  # tree_paths lists blobs only: an unreadable one must not pass silently
        raise InputError(f"cannot read the file at {head}", path=path)
    return scan_blocks(scanner(ctx), (data,), path)


def _file_blocks(ctx: Context, path: str) -> Iterator[bytes]:
    from gate.secrets.content import CHUNK, OVERLAP

    full = ctx.root / ctx.relpath(path)
    try:
        with full.open("rb") as handle:
            # The first read takes a whole window: most files arrive in one block.
            size = CHUNK + OVERLAP
            while block := handle.read(size):
                yield block
                size = CHUNK
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=path) from None


def unscannable_finding(
    policy: Policy[PolicySettings], settings: PolicySettings, item: Unscannable
) -> Finding:
    """A file that could not be scanned fails the policy: it is never skipped silently."""
    where = f" (added by commit {item.commit[:12]})" if item.commit else ""
    return policy.finding(
        settings,
        f"not scanned for secrets{where}: {item.reason}",
        location=Location(item.path, commit=item.commit),
        fingerprint=fingerprint(policy.id, "unscannable", item.path, item.commit or ""),
        title="File not scanned for secrets",
        fix="Keep large generated or binary artifacts out of the repository, or raise "
        "`secrets.max_file_size` (in the base branch's config), or exclude the path with "
        "`secrets.exclude` after reviewing it.",
    )


def tree_sizes(ctx: Context) -> dict[str, int]:
    """Blob sizes of ``--head``'s tree by path (one ``git ls-tree -l``)."""
    head = ctx.options.head
    if head is None:
        return {}

    def listing() -> dict[str, int]:
        out = ctx.git.run_bytes("ls-tree", "-r", "-z", "-l", "--full-tree", head)
        sizes: dict[str, int] = {}
        for entry in out.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, name = entry.partition("\t")
            fields = meta.split()
            if name and fields[1:2] == ["blob"] and fields[3:4] and fields[3].isdigit():
                sizes[name] = int(fields[3])
        return sizes

    return ctx.cached("secrets:tree_sizes", listing)


def tree_paths(ctx: Context) -> list[str]:
    """The files of the tree being judged: ``--head``'s tree, else ``ctx.files()``."""
    head = ctx.options.head
    if head is None:
        return ctx.files()

    def listing() -> list[str]:  # SEC001, SEC004 and the baseline all walk this one tree
        out = ctx.git.run_bytes("ls-tree", "-r", "-z", "--full-tree", head)
        names = []
        for entry in out.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, name = entry.partition("\t")
            if name and meta.split(" ")[1:2] == ["blob"]:  # not submodules (commit entries)
                names.append(name)
        if ctx.options.paths is not None:
            wanted = {ctx.relpath(p) for p in ctx.options.paths}
            names = [n for n in names if n in wanted]
        return sorted(n for n in names if not ctx.excluded(n))

    return ctx.cached("secrets:tree_paths", listing)


class LineReader:
    """Lines of a file, split only when a pragma has to be looked up."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._lines: list[bytes] | None = None

    def __call__(self, number: int) -> str | None:
        if self._lines is None:
            self._lines = self._data.split(b"\n")
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1].decode("utf-8", "replace")
        return None


def load_baseline(ctx: Context) -> Baseline:
    """The trusted baseline (from the base commit in a pull request)."""
    path = secrets_settings(ctx).baseline

    def read() -> Baseline:
        try:
            text = ctx.trusted_text(path)
        except (OSError, UnicodeDecodeError):
            raise InputError("cannot read the secrets baseline as UTF-8 text", path=path) from None
        return baseline_file.load(text, path)

    return ctx.cached("secrets:baseline", read)


@dataclass
class Suppression:
    """Decides whether a match is allowed (pragma, baseline, allowed value) and counts why."""

    baseline: Baseline
    allowed_hashes: frozenset[str]
    counts: Counter[str] = field(default_factory=Counter)
    inline: InlineAllowances | None = None  # pull requests: base or approval decides

    @classmethod
    def for_run(cls, ctx: Context) -> Suppression:
        return cls(
            load_baseline(ctx), secrets_settings(ctx).allowed_hashes(), inline=InlineAllowances(ctx)
        )

    def allowed(
        self,
        policy_id: str,
        match: SecretMatch,
        key: str,
        line_text: Callable[[int], str | None],
        path: str | None = None,
    ) -> bool:
        if match.secret_hash in self.allowed_hashes:
            self.counts["allowed_values"] += 1
        elif key in self.baseline:
            self.counts["baselined"] += 1
        elif self._inline(policy_id, match, line_text, path):
            self.counts["allowed_inline"] += 1
        else:
            return False
        return True

    def _inline(
        self,
        policy_id: str,
        match: SecretMatch,
        line_text: Callable[[int], str | None],
        path: str | None,
    ) -> bool:
        if self.inline is None or path is None:
            return is_allowed(line_text, match.line, match.end_line, policy_id)
        return self.inline.counts(path, line_text, match.line, match.end_line, policy_id)

    def metrics(self) -> Iterator[Metric]:
        for name in ("allowed_inline", "baselined", "allowed_values"):
            yield Metric(name, self.counts[name])
        if self.inline is not None and self.inline.unapproved:
            yield Metric("inline_allowances_unapproved", self.inline.unapproved)

    def approved_findings(
        self, policy: Policy[PolicySettings], settings: PolicySettings
    ) -> Iterator[Finding]:
        if self.inline is not None:
            yield from self.inline.findings(policy, settings)


def secret_finding(
    policy: Policy[PolicySettings],
    settings: PolicySettings,
    match: SecretMatch,
    path: str,
    *,
    occurrence: int = 1,
    commit: str | None = None,
    binary: bool = False,
) -> Finding:
    """The finding for one match: redacted form only, fingerprint free of line numbers.

    In a binary file the match is located by its path alone (its lines are not lines).
    """
    key = secret_key(match.rule_id, path, match.secret_hash)
    if occurrence > 1:  # the same value twice in one file: distinct, still line-free
        key = fingerprint(key, str(occurrence))
    if binary:
        location = Location(path, commit=commit)
    else:
        location = Location(
            path, match.line, match.end_line, match.column, match.end_column, commit=commit
        )
    properties: dict[str, MetricValue] = {"rule_id": match.rule_id}
    if commit:
        properties["commit"] = commit
    where = " (in a binary file)" if binary else ""
    severity = settings.severity or policy.default_severity
    if downgraded(match.rule_id, path) and severity.at_least(Severity.WARNING):
        severity = Severity.WARNING  # a sample in docs or tests: shown, not failing
        where += " (in documentation or tests: a warning)"
    return policy.finding(
        settings,
        f"{match.description}{where}: {match.redacted}",
        location=location,
        fingerprint=key,
        fix=FIX.format(policy=policy.id),
        properties=properties,
        severity=severity,
    )


def stale_findings(
    ctx: Context, policy: Policy[PolicySettings], settings: PolicySettings, stale: list[Entry]
) -> Iterator[Finding]:
    """A notice per baseline entry that no longer matches anything (on the baseline file)."""
    for entry in stale:
        yield policy.finding(
            settings,
            f"baseline entry {entry.fingerprint} ({entry.rule_id} in {entry.path}) matches "
            "nothing any more; drop it with `gate secrets baseline --update`",
            location=Location(secrets_settings(ctx).baseline),
            fingerprint=fingerprint(policy.id, "stale", entry.fingerprint),
            severity=Severity.NOTICE,
            title="Stale secrets baseline entry",
        )


__all__ = [
    "ENV_FILE_RULE",
    "LineReader",
    "Suppression",
    "Unscannable",
    "head_file",
    "is_binary",
    "load_baseline",
    "scan_file",
    "scanner",
    "secret_finding",
    "stale_findings",
    "too_large",
    "tree_paths",
    "tree_sizes",
    "unscannable_finding",
    "working_tree_file",
]
