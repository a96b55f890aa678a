"""A guarded click group that imports a command's module only when that command is used.

``gate --version`` and ``gate check`` must not pay for importing every other command
(pydantic models, policies, reporters): each group names its commands as
``"name": "module:attribute"`` and the module is imported when click asks for the command
(to run it, or to show help that lists it).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click

from gate.error_guard import GuardedGroup


class LazyGroup(GuardedGroup):
    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = self.lazy[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
        self.add_command(command, cmd_name)  # imported once per process
        return command
