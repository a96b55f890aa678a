"""The ``publish:`` section of the gate configuration (read from the base commit)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PublishSettings(BaseModel):
    """How ``gate publish`` reports on a pull request."""

    model_config = ConfigDict(extra="forbid")

    comment: Literal["off", "on-failure", "always"] = Field(
        "on-failure",
        description="The one pull-request comment: never, when the check fails (an existing "
        "comment is still updated once it passes), or always.",
    )

    @field_validator("comment", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted `off` as false (and `on` as true).
        if value is False:
            return "off"
        return "always" if value is True else value
