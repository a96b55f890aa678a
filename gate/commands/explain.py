"""``gate explain ID``: a policy's documentation and defaults (or the score's formula)."""

from __future__ import annotations

import json

import click


@click.command()
@click.argument("policy_id")
def explain(policy_id: str) -> None:
    """Print a policy's documentation (or the score's: `gate explain score`)."""
    if policy_id.lower() == "score":
        from gate.score import explanation

        click.echo(explanation())
        return
    from gate.config import dump
    from gate.errors import GateError
    from gate.policies import load_all

    cls = load_all().get(policy_id.upper())
    if cls is None:
        raise GateError(f"unknown policy {policy_id!r}; `gate policies` lists them")
    settings = dump(cls.Settings())
    click.echo(f"{cls.id} ({cls.slug}): {cls.title}")
    click.echo(f"default severity: {cls.default_severity.value}")
    click.echo(f"settings (defaults): {json.dumps(settings)}")
    click.echo(f"docs: {cls.help_url()}")
    click.echo("")
    click.echo(cls.documentation())
