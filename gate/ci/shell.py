"""Shared edges of the ``gate ci`` commands: $GITHUB_OUTPUT lines and subprocesses."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import click

from gate.actions_files import output_lines
from gate.error_guard import safe_line
from gate.errors import InputError
from gate.reporters.escaping import neutralize_commands

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
    # The values may come from the pull request (file names, versions): inert in the log.
    shown = neutralize_commands(text) if os.environ.get("GITHUB_ACTIONS") == "true" else text
    click.echo(shown, nl=False)
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)


def execute(
    command: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    *,
    own_commands: bool = False,
) -> int:
    """Run ``command`` with its output passed through; return its exit code.

    Tool output carries text the pull request controls (test names, file names, messages),
    so on Actions the runner's command processing is paused around it with a random token
    that output cannot guess. ``own_commands`` is for the gate itself, whose annotations
    must reach the runner and whose other lines are already neutralised.
    """
    click.echo(safe_line("$ " + " ".join(command)), err=True)
    environment = dict(env or os.environ)
    if own_commands or os.environ.get("GITHUB_ACTIONS") != "true":
        return _run(command, cwd, environment, None)
    token = secrets.token_hex(16)
    click.echo(f"::stop-commands::{token}")
    sys.stdout.flush()
    try:
        return _run(command, cwd, environment, sys.stdout.buffer)
    finally:
        click.echo(f"::{token}::")
        sys.stdout.flush()


def _run(command: Sequence[str], cwd: Path, env: dict[str, str], sink: BinaryIO | None) -> int:
    """Run; with a ``sink``, both output streams go through it (one ordered stream, so
    nothing the tool writes can reach the log outside the paused window)."""
    try:
        if sink is None:
            return subprocess.run(list(command), cwd=cwd, env=env, check=False).returncode
        with subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        ) as process:
            assert process.stdout is not None
            source = process.stdout.fileno()
            for chunk in iter(lambda: os.read(source, 65536), b""):
                sink.write(chunk)
                sink.flush()
            return process.wait()
    except FileNotFoundError:
        raise InputError(f"{command[0]}: command not found") from None
