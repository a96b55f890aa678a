"""Settings of WF001/WF002: a light model the config reads without importing a policy."""

from __future__ import annotations

from dataclasses import dataclass

from gate.findings import Severity
from gate.settings import PolicySettings, setting


@dataclass(kw_only=True)
class AuditSettings(PolicySettings):
    """Settings of WF001/WF002."""

    severities: dict[str, Severity] = setting(
        factory=dict,
        description="Tool rule ID (zizmor audit, actionlint kind, shellcheck SCxxxx) -> severity.",
    )
    timeout_seconds: float = setting(120.0, gt=0, description="Time limit for the tool.")
