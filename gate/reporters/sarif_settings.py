"""The ``sarif:`` section of the gate configuration: what goes to code scanning."""

from __future__ import annotations

from dataclasses import dataclass

from gate.settings import FORBID, setting


@dataclass(kw_only=True)
class SarifSettings:
    """How the ``sarif`` report fills GitHub code scanning."""

    __pydantic_config__ = FORBID

    repository_wide: bool = setting(
        False,
        description="Also send findings without a real location (e.g. coverage totals) to "
        "code scanning, attached to line 1 of the gate's config file; by default they are "
        "left to the job summary, the annotations and the json report.",
    )
