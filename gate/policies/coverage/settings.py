"""Settings of the COV policies: light models the config reads without importing a policy."""

from __future__ import annotations

from pydantic import Field

from gate.settings import PolicySettings


class TotalSettings(PolicySettings):  # COV001
    threshold: float = Field(80.0, ge=0, le=100, description="Minimum total coverage %.")


class ChangedSettings(PolicySettings):  # COV002
    threshold: float = Field(80.0, ge=0, le=100, description="Minimum changed-line %.")
    min_statements: int = Field(
        5, ge=0, description="Fewer changed statements than this never fail the gate."
    )


class DropSettings(PolicySettings):  # COV003
    enabled: bool = False
    tolerance: float = Field(0.0, ge=0, le=100, description="Percentage points the total may fall.")
