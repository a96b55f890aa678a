"""Shared edges of the ``gate ci`` commands: $GITHUB_OUTPUT lines and subprocesses."""

from __future__ import annotations

import itertools
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import click

from gate.commands.options import root_option
from gate.error_guard import safe_line
from gate.errors import InputError
from gate.github.actions_files import output_lines
from gate.reporters.escaping import neutralize_commands

ROOT = root_option(
    default=Path("."), help="The project directory (the workflow's working-directory)."
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
    that output cannot guess. A tool asked for annotations (``--output-format github``)
    keeps its one-line annotations instead, and every other line is neutralised.
    ``own_commands`` is for the gate itself, whose annotations must reach the runner and
    whose other lines are already neutralised.
    """
    click.echo(safe_line("$ " + " ".join(command)), err=True)
    environment = dict(env or os.environ)
    if own_commands or os.environ.get("GITHUB_ACTIONS") != "true":
        return _run(command, cwd, environment, None)
    sys.stdout.flush()
    if _asks_for_annotations(command):
        return _run(command, cwd, environment, _AnnotationsOnly(sys.stdout.buffer))
    token = secrets.token_hex(16)
    click.echo(f"::stop-commands::{token}")
    sys.stdout.flush()
    try:
        return _run(command, cwd, environment, _Raw(sys.stdout.buffer))
    finally:
        click.echo(f"::{token}::")
        sys.stdout.flush()


def _asks_for_annotations(command: Sequence[str]) -> bool:
    args = list(command)
    return "--output-format=github" in args or any(
        pair == ("--output-format", "github") for pair in itertools.pairwise(args)
    )


class _Raw:
    """Bytes straight to the sink (inside a stop-commands window)."""

    def __init__(self, sink: BinaryIO) -> None:
        self.sink = sink

    def write(self, chunk: bytes) -> None:
        self.sink.write(chunk)
        self.sink.flush()

    def close(self) -> None:
        self.sink.flush()


class _AnnotationsOnly(_Raw):
    """Whole lines: ``::error``/``::warning``/``::notice`` ones pass, the rest is made inert.

    A line holding a carriage return is two lines to the runner, so it is never passed as
    an annotation (a file name could smuggle ``\r::stop-commands::`` into one).
    """

    _KEPT = re.compile(r"\s*::(?:error|warning|notice)[ :]", re.IGNORECASE)

    def __init__(self, sink: BinaryIO) -> None:
        super().__init__(sink)
        self.pending = b""

    def write(self, chunk: bytes) -> None:
        *lines, self.pending = (self.pending + chunk).split(b"\n")
        for line in lines:
            self._line(line, b"\n")
        self.sink.flush()

    def close(self) -> None:
        if self.pending:
            self._line(self.pending, b"")
        self.sink.flush()

    def _line(self, raw: bytes, end: bytes) -> None:
        text = raw.decode("utf-8", "replace")
        if "\r" in text or not self._KEPT.match(text):
            text = neutralize_commands(text)
        self.sink.write(text.encode("utf-8") + end)


def _run(command: Sequence[str], cwd: Path, env: dict[str, str], sink: _Raw | None) -> int:
    """Run; with a ``sink``, both output streams go through it (one ordered stream, so
    nothing the tool writes reaches the log around it)."""
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
            sink.close()
            return process.wait()
    except FileNotFoundError:
        raise InputError(f"{command[0]}: command not found") from None
