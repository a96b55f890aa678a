"""``gate schema``: the JSON Schema of the configuration, or of the json report."""

from __future__ import annotations

import json

import click


@click.command()
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["json"]),
    default=None,
    help="Print the schema of this report instead (the versioned json report).",
)
def schema(report_format: str | None) -> None:
    """Print the JSON Schema of the configuration (or of a report)."""
    if report_format == "json":
        from gate.reporters.json_schema import json_schema

        click.echo(json.dumps(json_schema(), indent=2))
        return
    from gate.config import json_schema as config_schema

    click.echo(json.dumps(config_schema(), indent=2))
