"""The ``publish:`` section of the gate configuration (read from the base commit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from gate.settings import FORBID, Check, setting


def _yaml_booleans(value: object) -> object:
    # YAML 1.1 reads an unquoted `off` as false (and `on` as true).
    if value is False:
        return "off"
    return "always" if value is True else value


CommentMode = Annotated[Literal["off", "on-failure", "always"], Check(_yaml_booleans, before=True)]


@dataclass(kw_only=True)
class PublishSettings:
    """How ``gate publish`` reports on a pull request."""

    __pydantic_config__ = FORBID

    comment: CommentMode = setting(
        "on-failure",
        description="The one pull-request comment: never, when the check fails (an existing "
        "comment is still updated once it passes), or always.",
    )
