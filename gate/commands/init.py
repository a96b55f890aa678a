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
@click.option("--dry-run", is_flag=True, help="Print each file and its diff; write nothing.")
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice(["workflow", "precommit", "config", "dependabot", "codeowners"]),
    help="Write only this part (repeatable; default: all).",
)
@click.option(
    "--workflow-file",
    default="ci.yml",
    show_default=True,
    metavar="NAME",
    help="File name of the caller workflow under .github/workflows/.",
)
@click.option(
    "--owners",
    multiple=True,
    metavar="@ORG/TEAM",
    help="CODEOWNERS owners (repeatable; default: the existing file's `*` owners).",
)
def init(
    force: bool,
    ref: str | None,
    repo: str,
    root: Path | None,
    dry_run: bool,
    only: tuple[str, ...],
    workflow_file: str,
    owners: tuple[str, ...],
) -> None:
    """Write the CI workflow, pre-commit, gate, Dependabot and CODEOWNERS files."""
    from gate import init as scaffold

    root = find_root(root)
    options = scaffold.Options(repo, ref, only, workflow_file, owners, force)
    result = scaffold.plan(root, options)
    lines = scaffold.preview(result) if dry_run else scaffold.write(root, result)
    for line in scaffold.printable(lines + [f"note: {note}" for note in result.notes]):
        click.echo(line)
    if not dry_run:
        click.echo("next: commit these files, then mark the `ci-ok` check as required")
