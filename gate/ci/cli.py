"""``gate ci ...``: the command group the reusable workflow and the composite action call."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from gate.ci import cli_setup, cli_stages
from gate.errors import ExitCode, GateError


class CiGroup(click.Group):
    """Expected errors become one line and exit 2, bugs one line and exit 3, as in ``gate``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GateError as error:
            click.echo(f"gate ci: error: {error}", err=True)
            sys.exit(int(error.exit_code))
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if os.environ.get("GATE_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"gate ci: internal error: {type(error).__name__} (GATE_DEBUG=1 shows it)", err=True
            )
            sys.exit(int(ExitCode.INTERNAL))


@click.group(cls=CiGroup)
def ci() -> None:
    """Helpers the reusable workflow and the composite action call."""


for _module in (cli_setup, cli_stages):
    for _command in vars(_module).values():
        if isinstance(_command, click.Command):
            ci.add_command(_command)
