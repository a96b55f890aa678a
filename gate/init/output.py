"""`gate init`'s output: the files written (all or none), or a dry run's diffs, printable."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from gate.errors import InputError
from gate.init.model import Plan
from gate.redaction import clean_text
from gate.reporters.escaping import neutralize_commands


def write(root: Path, result: Plan) -> list[str]:
    """Write every change, or none: without --force an existing file stops the whole run."""
    if result.conflicts:
        raise InputError(
            f"would overwrite {', '.join(result.conflicts)}; nothing was written (use --force, "
            "--only, or --dry-run to see the differences)"
        )
    lines = []
    for change in result.changes:
        path = root / change.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change.text, encoding="utf-8", newline="\n")
        done = {"write": "wrote", "merge into": "merged into", "overwrite": "overwrote"}
        lines.append(f"{done[change.action]} {change.path}")
    return lines


def printable(lines: list[str]) -> list[str]:
    """Lines safe to print, indentation kept: credentials masked over the whole text (a key
    spans lines), and on Actions no workflow command the runner could parse."""
    text = clean_text("\n".join(lines))
    shown = text.split("\n") if lines else []
    if os.environ.get("GITHUB_ACTIONS") == "true":
        shown = [neutralize_commands(line) for line in shown]
    return shown


def preview(result: Plan) -> list[str]:
    """What a run would do, file by file, with a unified diff against each existing file."""
    lines = []
    for change in result.changes:
        lines.append(f"would {change.action} {change.path}")
        before = (change.before or "").splitlines(keepends=True)
        diff = difflib.unified_diff(
            before,
            change.text.splitlines(keepends=True),
            fromfile=f"a/{change.path}" if change.before is not None else "/dev/null",
            tofile=f"b/{change.path}",
        )
        lines += [line.rstrip("\n") for line in diff]
    if result.conflicts:
        lines.append(
            f"a run would stop here: {', '.join(result.conflicts)} exist (use --force or --only)"
        )
    lines.append("dry run: nothing was written")
    return lines
