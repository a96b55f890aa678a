"""Settings of the COV policies: light models the config reads without importing a policy."""

from __future__ import annotations

from dataclasses import dataclass

from gate.settings import PolicySettings, setting


@dataclass(kw_only=True)
class TotalSettings(PolicySettings):  # COV001
    threshold: float = setting(80.0, ge=0, le=100, description="Minimum total coverage %.")


@dataclass(kw_only=True)
class ChangedSettings(PolicySettings):  # COV002
    threshold: float = setting(80.0, ge=0, le=100, description="Minimum changed-line %.")
    min_statements: int = setting(
        5, ge=0, description="Fewer changed statements than this never fail the gate."
    )


@dataclass(kw_only=True)
class DropSettings(PolicySettings):  # COV003
    enabled: bool = False
    tolerance: float = setting(
        0.0, ge=0, le=100, description="Percentage points the total may fall."
    )
