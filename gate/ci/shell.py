"""Shared edges of the ``gate ci`` commands: $GITHUB_OUTPUT lines and subprocesses."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from gate.actions_files import output_lines
from gate.errors import InputError

ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project directory (the workflow's working-directory).",
)


def emit(values: Mapping[str, str]) -> None:
    """Print ``key=value`` lines, and append them to $GITHUB_OUTPUT when it is set."""
    text = output_lines(values)
    click.echo(text, nl=False)
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)


def execute(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> int:
    click.echo(f"$ {' '.join(command)}", err=True)
    try:
        return subprocess.run(
            list(command), cwd=cwd, env=dict(env or os.environ), check=False
        ).returncode
    except FileNotFoundError:
        raise InputError(f"{command[0]}: command not found") from None
