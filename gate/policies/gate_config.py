"""GATE001: a change that edits the gate's own configuration is reported, not obeyed."""

from __future__ import annotations

from collections.abc import Iterator

from gate.config import CONFIG_FILES, PYPROJECT
from gate.context import Context
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings


class ConfigChanged(Policy[PolicySettings]):
    """The change edits the gate configuration that judges it.

    In a pull request the gate reads its configuration (thresholds, ignores, baselines)
    from the base commit, so the pull request cannot weaken the policy that judges it.
    This policy names each configuration file the change edits, so reviewers see the
    policy change; it takes effect once merged. Runs only when the configuration came
    from the base (``--policy-from base``, the default in pull requests on Actions).

    Fix: none needed when the edit is intended; have a code owner review it.
    """

    id = "GATE001"
    slug = "config-changed"
    title = "Gate configuration changed"
    default_severity = Severity.WARNING

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        if ctx.trusted_ref is None:
            yield Metric("status", "not-applicable")
            return
        for name in (*CONFIG_FILES, PYPROJECT):
            before = ctx.git.show(ctx.trusted_ref, name)
            path = ctx.root / name
            after = path.read_bytes() if path.is_file() else None
            if before == after:
                continue
            if name == PYPROJECT and not _gate_table_differs(before, after):
                continue
            yield self.finding(
                settings,
                f"this change edits the gate configuration {name}; the base's configuration "
                "judged it, and the edit takes effect once merged",
                location=Location(name),
                fingerprint=fingerprint(self.id, name),
            )


def _gate_table_differs(before: bytes | None, after: bytes | None) -> bool:
    from gate.config import parse

    def table(data: bytes | None) -> object:
        if data is None:
            return None
        try:
            return parse(data.decode("utf-8", "replace"), PYPROJECT)
        except Exception:  # noqa: BLE001 - an unparseable pyproject counts as changed
            return object()

    return table(before) != table(after)
