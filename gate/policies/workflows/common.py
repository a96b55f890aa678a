"""What WF001 (zizmor) and WF002 (actionlint) share: settings, trusted config, the runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from gate.approval import approval
from gate.collectors import workflow_audit as audit
from gate.context import Context
from gate.errors import MissingInput
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.pins.common import matching_files, pins
from gate.policies.workflows.settings import AuditSettings

INSTALL_HINT = "install policy-gate[workflows]"
ZIZMOR_SEVERITY = {
    "high": Severity.ERROR,
    "medium": Severity.WARNING,
    "low": Severity.NOTICE,
    "informational": Severity.NOTICE,
}


def trusted_ref(ctx: Context) -> str | None:
    """The commit whose tool config and ignore comments are trusted: the base in a pull
    request (``ctx.trusted_ref``); elsewhere the working tree is what is trusted."""
    return ctx.trusted_ref


def trusted_file(ctx: Context, ref: str | None, path: str) -> str | None:
    if ref is None:
        return ctx.trusted_text(path)
    data = ctx.git.show(ref, path)
    return None if data is None else data.decode("utf-8", "replace")


class WorkflowAudit(Policy[AuditSettings]):
    """Shared runner: copy the workflow files, run the tool with the base's config."""

    tool: ClassVar[str]
    config_files: ClassVar[tuple[str, ...]]
    Settings = AuditSettings

    def evaluate(self, ctx: Context, settings: AuditSettings) -> Iterator[Finding | Metric]:
        files = matching_files(ctx, pins(ctx).actions.globs)
        if not files:
            yield Metric("files", 0)
            return
        executable = audit.find_tool(self.tool)
        if executable is None:
            explicit = "enabled" in ctx.config.given(self.id)
            if ctx.in_actions or explicit:
                why = "the config enables it" if explicit else "it runs by default in CI"
                raise MissingInput(f"{self.tool} is not installed ({why}): {INSTALL_HINT}")
            yield self.finding(
                settings,
                f"not run: {INSTALL_HINT} ({self.tool} is not installed)",
                severity=Severity.NOTICE,
                fingerprint=fingerprint(self.id, "not-run"),
                title=f"{self.title}: not run",
            )
            yield Metric("status", "not-run")
            return
        ref = trusted_ref(ctx)
        copies: dict[str, str] = {}
        for path in files:
            text = ctx.read_text(path)
            base = trusted_file(ctx, ref, path) if ref is not None else text
            added = audit.added_ignores(text, base)
            decision = approval(ctx) if added else None
            for line, comment in added:
                location = Location(path, start_line=line, end_line=line)
                if decision is not None and decision.approved:
                    yield self.finding(
                        settings,
                        f"ignore comment `{comment}` added by this change: {decision.reason}",
                        severity=Severity.NOTICE,
                        location=location,
                        fingerprint=fingerprint(self.id, path, "ignore-approved", comment),
                        title="Tool ignore comment approved",
                    )
                    continue
                why = decision.reason if decision is not None else ""
                yield self.finding(
                    settings,
                    f"this change adds the ignore comment `{comment}`, which needs an "
                    f"approval ({why}); until then it is not honoured",
                    severity=Severity.ERROR,
                    location=location,
                    fingerprint=fingerprint(self.id, path, "ignore", comment),
                    title="Tool ignore comment added",
                    fix="have an approver approve the pull request's head, or fix what it hides",
                )
            unapproved = decision is None or not decision.approved
            copies[path] = audit.neutralise(text, [line for line, _ in added if unapproved])
        config = self._config(ctx, ref)
        with audit.materialised(copies) as root:
            found = self._run(executable, root, sorted(copies), config, settings)
        for item in found:
            yield self._finding(settings, item, set(copies))
        yield Metric("files", len(files))
        yield Metric("tool_findings", len(found))

    def _config(self, ctx: Context, ref: str | None) -> tuple[str | None, str]:
        for name in self.config_files:
            text = trusted_file(ctx, ref, name)
            if text is not None:
                return text, name
        return None, ""

    def _run(
        self,
        executable: str,
        root: Path,
        paths: list[str],
        config: tuple[str | None, str],
        settings: AuditSettings,
    ) -> list[audit.ToolFinding]:
        raise NotImplementedError

    def _severity(self, settings: AuditSettings, item: audit.ToolFinding) -> Severity:
        configured = settings.severities.get(item.rule)
        if configured is not None:
            return configured
        return settings.severity or self.default_severity

    def _finding(
        self, settings: AuditSettings, item: audit.ToolFinding, known: set[str]
    ) -> Finding:
        location = None
        if item.path in known:
            location = Location(item.path, start_line=item.line, end_line=item.end_line)
        return self.finding(
            settings,
            f"{self.tool} {item.rule}: {item.message}",
            severity=self._severity(settings, item),
            location=location,
            help_url=item.url or self.help_url(),
            title=f"{self.tool}: {item.rule}",
            fingerprint=fingerprint(self.id, item.path, item.rule, item.message),
            properties={"tool": self.tool, "rule": item.rule},
        )
