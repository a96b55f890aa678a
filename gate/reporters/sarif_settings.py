"""The ``sarif:`` section of the gate configuration: what goes to code scanning."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SarifSettings(BaseModel):
    """How the ``sarif`` report fills GitHub code scanning."""

    model_config = ConfigDict(extra="forbid")

    repository_wide: bool = Field(
        False,
        description="Also send findings without a real location (e.g. coverage totals) to "
        "code scanning, attached to line 1 of the gate's config file; by default they are "
        "left to the job summary, the annotations and the json report.",
    )
