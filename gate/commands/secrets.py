"""``gate secrets ...``: the secret rules list and the reviewed baseline of accepted findings."""

from __future__ import annotations

import os
from pathlib import Path

import click

from gate.commands.options import find_root, root_option


@click.group()
def secrets() -> None:
    """Secret scanning helpers (the SEC policies themselves run in `gate check`)."""


def _read_baseline_file(path: Path) -> str | None:
    from gate.errors import GateError

    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        raise GateError("cannot read the existing baseline as UTF-8 text", path=str(path)) from None


@secrets.command("rules")
def secrets_rules() -> None:
    """List the secret detection rules (the ids findings and baseline entries name)."""
    from gate.secrets.catalog import rule_descriptions

    for rule_id, description in rule_descriptions().items():
        click.echo(f"{rule_id:<40} {description}")


@secrets.command("baseline")
@click.option(
    "--output",
    metavar="PATH",
    help="File to write (default: the config's secrets.baseline, .gate/secrets-baseline.json).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Merge into the existing file: keep reviewed reasons, add new findings, "
    "drop entries that match nothing.",
)
@click.option(
    "--all",
    "all_history",
    is_flag=True,
    help="Also accept secrets found anywhere in the git history (for SEC003 --all).",
)
@click.option("--config", "config_path", metavar="PATH", help="Config file (default: discovered).")
@root_option(help="Repository (default: the current checkout).")
def secrets_baseline(
    output: str | None,
    update: bool,
    all_history: bool,
    config_path: str | None,
    root: Path | None,
) -> None:
    """Write the reviewed list of accepted secret findings (no values, no line numbers)."""
    from gate.context import CheckOptions, Context, load_config
    from gate.error_guard import safe_line
    from gate.errors import GateError
    from gate.policies.secrets.baseline import accepted_entries
    from gate.policies.secrets.settings import secrets_settings
    from gate.reporters.sinks import write_output
    from gate.secrets import baseline as baseline_file

    root = find_root(root)

    config = load_config(root, config_path)
    ctx = Context(root, config, CheckOptions(env=dict(os.environ)))
    target = Path(output) if output else root / secrets_settings(ctx).baseline
    existing = _read_baseline_file(target)
    if existing is not None and not update:
        raise GateError(
            f"{target} exists; pass --update to merge into it (reviewed reasons are kept)"
        )
    previous = baseline_file.load(existing, str(target)) if update else baseline_file.EMPTY
    found = accepted_entries(ctx, history=all_history)
    entries, new, dropped = baseline_file.merge(found, previous)
    text = baseline_file.dump(entries)
    if text != existing:  # same findings: the file is left byte-for-byte alone
        write_output(str(target), text)
    click.echo(
        safe_line(
            f"{target}: {len(entries)} accepted finding(s), {new} new, {dropped} dropped; "
            "review it and commit it"
        )
    )
