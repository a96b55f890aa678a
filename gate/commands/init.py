"""``gate init``: the command-line edge of the scaffolding in :mod:`gate.init`."""

from __future__ import annotations

from pathlib import Path

import click

from gate.commands.options import find_root, root_option


@click.command()
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--ref", metavar="SHA", help="policy-gate commit to pin (default: this install's).")
@click.option(
    "--repo",
    metavar="OWNER/REPO",
    default="policy-gate/policy-gate",
    show_default=True,
    help="Where the reusable workflow and the hooks live (a fork or a mirror).",
)
@root_option(help="Repository to write into (default: the current checkout).")
def init(force: bool, ref: str | None, repo: str, root: Path | None) -> None:
    """Write the CI workflow, pre-commit config, gate config and Dependabot config."""
    from gate import init as scaffold

    root = find_root(root)
    files, notes = scaffold.plan(root, repo=repo, ref=ref)
    for line in scaffold.write(root, files, force=force):
        click.echo(line)
    for note in notes:
        click.echo(f"note: {note}")
    click.echo("next: commit these files, then mark the `ci-ok` check as required")
