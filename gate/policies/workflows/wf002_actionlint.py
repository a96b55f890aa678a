"""WF002: the repository's workflows checked by actionlint."""

from __future__ import annotations

from pathlib import Path

from gate.collectors import workflow_audit as audit
from gate.findings import Severity
from gate.policies.workflows.common import WorkflowAudit
from gate.policies.workflows.settings import AuditSettings


class ActionlintAudit(WorkflowAudit):
    """actionlint finds no errors in the workflows.

    Runs `actionlint` (with shellcheck and pyflakes on `run:` scripts when they are
    installed) on a copy of the workflow files, with the base commit's
    `.github/actionlint.yaml`. Each error is reported on its line with actionlint's kind
    (`expression`, `syntax-check`, ...) or the shellcheck code (`SC2086`) as rule ID.
    Default severity: error; `severities: {kind-or-SCxxxx: warning}` overrides one. In a
    pull request, a `# shellcheck disable=...` comment the change adds counts only once an
    approver approves the head commit; until then it is an error and is not honoured.
    Runs by default on GitHub Actions; locally without the tool it is a notice (a config
    that sets `enabled: true` makes a missing tool fail). Install `policy-gate[workflows]`.

    Fix: what the message and linked documentation say.
    Metrics: `files`, `tool_findings`.
    """

    id = "WF002"
    slug = "actionlint"
    title = "actionlint workflow check"
    default_severity = Severity.ERROR
    tool = "actionlint"
    config_files = audit.ACTIONLINT_CONFIGS

    def _run(
        self,
        executable: str,
        root: Path,
        paths: list[str],
        config: tuple[str | None, str],
        settings: AuditSettings,
    ) -> list[audit.ToolFinding]:
        workflows = [p for p in paths if p.startswith(".github/workflows/")]
        if not workflows:
            return []
        return audit.run_actionlint(
            executable, root, workflows, config[0], settings.timeout_seconds
        )
