"""GATE001: a change that edits the gate's own configuration is reported, not obeyed."""

from __future__ import annotations

from collections.abc import Iterator

from gate.collectors.coverage_config import CONFIG_FILES as COVERAGE_FILES
from gate.config import CONFIG_FILES, PYPROJECT
from gate.context import Context
from gate.errors import MissingInput
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings


class ConfigChanged(Policy[PolicySettings]):
    """The change edits the gate configuration that judges it.

    In a pull request the gate reads its configuration (thresholds, ignores, baselines)
    from the base commit, so the pull request cannot weaken the policy that judges it.
    This policy names each configuration file the change edits, so reviewers see the
    policy change; it takes effect once merged. The coverage configuration
    (`.coveragerc`, `setup.cfg`/`tox.ini` `[coverage:*]`, pyproject `[tool.coverage.*]`)
    is policy too: coverage is measured with the base's, and each line the change adds
    to it is reported here. Runs only when the configuration came
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
        yield from self._coverage_changes(ctx, settings, ctx.trusted_ref)

    def _coverage_changes(
        self, ctx: Context, settings: PolicySettings, trusted: str
    ) -> Iterator[Finding]:
        """Each line the change adds to the coverage configuration (the base's judged)."""
        try:
            changes = ctx.changed_files()
        except MissingInput:
            changes = {}
        for name in COVERAGE_FILES:
            before = ctx.git.show(trusted, name)
            path = ctx.root / name
            after = path.read_bytes() if path.is_file() else None
            if before == after:
                continue
            old = coverage_lines(name, before)
            new = coverage_lines(name, after)
            if [text for _n, text in old] == [text for _n, text in new]:
                continue
            added = changes[name].added if name in changes else {}
            lines = [number for number, _text in new if number in added]
            message = (
                f"this change edits the coverage configuration in {name}; the base's "
                "coverage configuration measured it, and the edit takes effect once merged"
            )
            if not lines:
                yield self.finding(
                    settings,
                    message,
                    location=Location(name),
                    fingerprint=fingerprint(self.id, "coverage", name),
                )
            for number in lines:
                yield self.finding(
                    settings,
                    message,
                    location=Location(name, number),
                    fingerprint=fingerprint(self.id, "coverage", name, added[number].strip()),
                )


def coverage_lines(name: str, data: bytes | None) -> list[tuple[int, str]]:
    """(line number, stripped text) of the lines of coverage.py's sections in a file."""
    if data is None:
        return []
    text = data.decode("utf-8", "replace")
    whole = name in (".coveragerc", ".coveragerc.toml")
    inside = whole
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not whole and stripped.startswith("["):
            header = stripped.lstrip("[").strip()
            inside = header.startswith(("coverage:", "tool.coverage"))
        if inside and stripped and not stripped.startswith(("#", ";")):
            out.append((number, stripped))
    return out


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
