"""``gate policies``: the list of policies, as text or as the README's Markdown table."""

from __future__ import annotations

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def policies(fmt: str) -> None:
    """List the policies."""
    if fmt == "markdown":
        from gate.docs import policy_table

        click.echo(policy_table(), nl=False)
        return
    from gate.policies import load_all

    for pid, cls in load_all().items():
        click.echo(f"{pid:<8} {cls.slug:<28} {cls.default_severity.value:<8} {cls.summary()}")
