"""Options shared by the ``gate`` and ``gate ci`` commands, so each is spelled once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def root_option(
    *,
    help: str = "Repository to judge (default: the current checkout).",
    default: Path | None = None,
    exists: bool = False,
) -> Callable[[F], F]:
    """``--root DIR``: the directory a command works on. ``gate`` commands default to the
    checkout around the current directory (:func:`find_root`); ``gate ci`` commands to
    ``.``, the workflow's working directory."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, exists=exists, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )


def find_root(start: Path | None) -> Path:
    """The top of the git checkout holding ``start`` (default: the current directory),
    or ``start`` itself outside a checkout."""
    from gate.git import Git

    start = start or Path.cwd()
    git = Git(start)
    if git.is_repo():
        return git.toplevel()
    return start.resolve()
