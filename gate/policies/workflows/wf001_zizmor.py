"""WF001: the repository's workflows and actions audited by zizmor."""

from __future__ import annotations

from pathlib import Path

from gate.collectors import workflow_audit as audit
from gate.findings import Severity
from gate.policies.workflows.common import ZIZMOR_SEVERITY, WorkflowAudit
from gate.policies.workflows.settings import AuditSettings


class ZizmorAudit(WorkflowAudit):
    """zizmor's security audits of the workflows and actions pass.

    Runs `zizmor --offline` (JSON output) on a copy of the files PIN003 reads
    (`pins.actions.globs`), with the zizmor config of the base commit (`zizmor.yml` or
    `.github/zizmor.yml`), never the one the change brings. Each finding is reported on
    its line with zizmor's audit ID and link; zizmor's high/medium/low severities map to
    error/warning/notice, and `severities: {audit-id: error|warning|notice}` overrides one.
    zizmor's `unpinned-uses` and `unpinned-images` are off: PIN003 and PIN004 judge pins.
    In a pull request, a `# zizmor: ignore[...]` comment the change adds counts only once an
    approver approves the head commit (`gate.approvers`); until then it is an error and is
    not honoured.
    Runs by default on GitHub Actions; locally without the tool it is a notice (a config
    that sets `enabled: true` makes a missing tool fail). Install `policy-gate[workflows]`.

    Fix: what zizmor's linked documentation says for the audit.
    Metrics: `files`, `tool_findings`.
    """

    id = "WF001"
    slug = "zizmor"
    title = "zizmor workflow audit"
    default_severity = Severity.WARNING
    tool = "zizmor"
    config_files = audit.ZIZMOR_CONFIGS

    def _run(
        self,
        executable: str,
        root: Path,
        paths: list[str],
        config: tuple[str | None, str],
        settings: AuditSettings,
    ) -> list[audit.ToolFinding]:
        text, name = config
        merged = audit.zizmor_config(text, name or "zizmor.yml")
        return audit.run_zizmor(executable, root, paths, merged, settings.timeout_seconds)

    def _severity(self, settings: AuditSettings, item: audit.ToolFinding) -> Severity:
        configured = settings.severities.get(item.rule)
        if configured is not None:
            return configured
        return ZIZMOR_SEVERITY.get(item.severity, settings.severity or self.default_severity)
