"""``gate ci ...``: the command group the reusable workflow and the composite action call."""

from __future__ import annotations

import click

from gate.ci import cli_setup, cli_stages
from gate.error_guard import GuardedGroup


class CiGroup(GuardedGroup):
    """Errors become one line (``gate ci: error: ...``) through the shared guard."""

    guard_prefix = "gate ci"


@click.group(cls=CiGroup)
def ci() -> None:
    """Helpers the reusable workflow and the composite action call."""


for _module in (cli_setup, cli_stages):
    for _command in vars(_module).values():
        if isinstance(_command, click.Command):
            ci.add_command(_command)
