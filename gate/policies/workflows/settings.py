"""Settings of WF001/WF002: a light model the config reads without importing a policy."""

from __future__ import annotations

from pydantic import Field

from gate.findings import Severity
from gate.settings import PolicySettings


class AuditSettings(PolicySettings):
    """Settings of WF001/WF002."""

    severities: dict[str, Severity] = Field(
        default_factory=dict,
        description="Tool rule ID (zizmor audit, actionlint kind, shellcheck SCxxxx) -> severity.",
    )
    timeout_seconds: float = Field(default=120.0, gt=0, description="Time limit for the tool.")
