"""``gate score``: run the policies once and print the readiness score (and a badge)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from gate import engine, score
from gate.commands.options import find_root, root_option
from gate.context import CheckOptions, Context, in_actions, judging_config
from gate.error_guard import error_line
from gate.errors import ExitCode
from gate.git import Git
from gate.policies import load_all
from gate.redaction import redact_result
from gate.reporters.escaping import neutralize_commands
from gate.reporters.sinks import write_output


@click.command(name="score")
@click.option("--config", "config_path", metavar="PATH", help="Config file (default: discovered).")
@click.option(
    "--base", metavar="REF", help="Ref to diff against (default: PR base / default branch)."
)
@click.option(
    "--coverage",
    "coverage_paths",
    multiple=True,
    metavar="PATH",
    help="Coverage data: .coverage, coverage.xml or coverage.json (repeatable).",
)
@click.option(
    "--policy-from",
    type=click.Choice(["auto", "head", "base"]),
    default="auto",
    show_default=True,
    help="Whose configuration judges: auto = the base in a PR.",
)
@click.option("--badge", metavar="PATH", help="Also write the score as an SVG badge.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@root_option()
def score_command(**options: Any) -> None:
    """Score the repository 0-100 by category (`gate explain score` has the formula).

    Runs every policy the configuration enables plus the READY checks, as one run.
    """
    # Errors become one line through the group's guard (gate.error_guard).
    _score(**options)


def _score(
    config_path: str | None,
    base: str | None,
    coverage_paths: tuple[str, ...],
    policy_from: str,
    badge: str | None,
    fmt: str,
    root: Path | None,
) -> None:
    env = dict(os.environ)
    root = find_root(root)
    git = Git(root)
    config, trusted = judging_config(
        root, git, config_path=config_path, base=base, policy_from=policy_from, env=env
    )
    options = CheckOptions(base=base, coverage_paths=coverage_paths, env=env)
    ctx = Context(root, config, options, trusted_ref=trusted)
    # The READY checks are opt-in for `gate check`; the score always runs them.
    chosen = [
        pid
        for pid in load_all()
        if (pid.startswith("READY") or config.policy(pid).enabled)
        and not any(pid.upper().startswith(p.upper()) for p in config.gate.ignore)
    ]
    result, errors = engine.run(ctx, select=chosen)
    # The text shows finding messages: they pass through the one redactor, like every report.
    value = score.compute(redact_result(result))
    if fmt == "json":
        text = json.dumps(score.to_dict(value), indent=2) + "\n"
    else:
        text = score.render_text(value)
    if in_actions(env):
        text = neutralize_commands(text)
    write_output(None, text)
    if badge:
        write_output(badge, score.badge_svg(value.value))
    for error in errors:
        click.echo(error_line("gate: error", str(error)), err=True)
    sys.exit(int(ExitCode.USAGE if errors else ExitCode.PASSED))
