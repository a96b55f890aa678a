"""The engine: which policies run (select/ignore), running them, and the RunResult."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gate import __version__, registry
from gate.collectors.limits import MAX_FINDINGS_PER_FILE, TooLarge
from gate.context import Context
from gate.errors import GateError, MissingInput
from gate.findings import (
    Finding,
    Location,
    Metric,
    MetricValue,
    PolicyResult,
    RunResult,
    Severity,
    fingerprint,
)
from gate.policies.base import Policy, PolicySettings

_matches = registry.matches


def unknown_selectors(patterns: Sequence[str]) -> list[str]:
    ids = registry.ids()
    return [p for p in patterns if not any(registry.matches(pid, [p]) for pid in ids)]


def selected_policies(
    ctx: Context, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[type[Policy[Any]]]:
    """Policies to run: CLI selection overrides config selection; ignores add up.

    A policy disabled in config runs only when selected by its full ID.
    """
    gate = ctx.config.gate
    chosen = list(select) or list(gate.select)
    ignored = [*gate.ignore, *ignore]
    out = []
    for pid in registry.ids():
        explicit = any(pid.upper() == p.upper() for p in chosen)
        if chosen and not _matches(pid, chosen):
            continue
        if not ctx.config.policy(pid).enabled and not explicit:
            continue
        if _matches(pid, ignored) and not explicit:
            continue
        out.append(registry.load(pid))
    return out


class InputErrors(list[GateError]):
    """Input errors met while running policies; the CLI reports them and exits 2."""


def run_policy(cls: type[Policy[Any]], ctx: Context, errors: InputErrors) -> PolicyResult:
    settings: PolicySettings = ctx.config.policy(cls.id)
    severity = settings.severity or cls.default_severity
    policy = cls()
    findings: list[Finding] = []
    metrics: dict[str, MetricValue] = {}
    per_file: dict[str, int] = {}
    try:
        for item in policy.evaluate(ctx, settings):
            if isinstance(item, Metric):
                metrics[item.name] = item.value
                continue
            path = item.location.path if item.location else ""
            per_file[path] = per_file.get(path, 0) + 1
            # A few kilobytes of YAML aliases once made 490,000 findings: keep the first
            # ones of each file and report the file as too large (failing, never passing).
            if not path or per_file[path] <= MAX_FINDINGS_PER_FILE:
                findings.append(item)
    except MissingInput as missing:
        # Fail closed: a policy that cannot run is a finding, never a pass.
        metrics["status"] = "missing-input"
        findings.append(
            policy.finding(
                settings,
                str(missing),
                title=f"{cls.title}: input missing",
                fingerprint=f"{cls.id}:missing-input",
            )
        )
    except TooLarge as too_large:
        metrics["status"] = "too-large"
        findings.append(_too_large(policy, settings, too_large.path or "", str(too_large)))
    except GateError as error:
        errors.append(error)
        metrics["status"] = "error"
        findings.append(
            policy.finding(
                settings,
                f"could not run: {error}",
                title=f"{cls.title}: error",
                fingerprint=f"{cls.id}:error",
            )
        )
    for path, count in per_file.items():
        if path and count > MAX_FINDINGS_PER_FILE:
            bound = f"more than {MAX_FINDINGS_PER_FILE:,} findings ({count:,})"
            findings.append(
                _too_large(policy, settings, path, f"{path}: too large to judge: {bound}")
            )
    findings.sort(key=lambda f: f.sort_key)
    return PolicyResult(cls.id, cls.title, severity, tuple(findings), metrics, cls.rule_doc())


def _too_large(policy: Policy[Any], settings: PolicySettings, path: str, message: str) -> Finding:
    """The failing finding for a file beyond a bound (gate.collectors.limits)."""
    return policy.finding(
        settings,
        message,
        severity=Severity.ERROR,
        location=Location(path) if path else None,
        title=f"{policy.title}: too large to judge",
        fingerprint=fingerprint(policy.id, path, "too-large"),
        fix="shrink or split the file; the bounds are listed in docs/trust.md",
    )


def run(
    ctx: Context,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: Severity | None = None,
    no_fail: bool = False,
) -> tuple[RunResult, InputErrors]:
    """Run the selected policies; returns the result and any input errors met."""
    errors = InputErrors()
    results = tuple(run_policy(cls, ctx, errors) for cls in selected_policies(ctx, select, ignore))
    base_sha = None
    try:
        base, _ = ctx.base()
        base_sha = ctx.git.resolve(base) if base is not None else None
    except GateError:
        base = None
    result = RunResult(
        results=results,
        fail_on=fail_on or ctx.config.gate.fail_on,
        no_fail=no_fail,
        root=str(ctx.root),
        base=base,
        base_sha=base_sha,
        head=ctx.options.head,
        tool_version=__version__,
    )
    return result, errors
