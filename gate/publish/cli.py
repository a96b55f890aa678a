"""The ``gate publish`` command: inputs from the environment GitHub sets, sinks and exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gate.commands.options import root_option
from gate.errors import InputError
from gate.publish import artifact, checkrun


@click.command("publish")
@click.option(
    "--event",
    "event_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The workflow_run event payload (default: $GITHUB_EVENT_PATH).",
)
@click.option(
    "--repository", metavar="OWNER/REPO", default=None, help="Default: $GITHUB_REPOSITORY."
)
@click.option(
    "--artifact-name",
    default=artifact.ARTIFACT_NAME,
    show_default=True,
    help="The result artifact the pull request run uploaded.",
)
@click.option(
    "--max-annotations",
    type=click.IntRange(0, 10_000),
    default=checkrun.MAX_ANNOTATIONS,
    show_default=True,
    help="Annotations attached to the check run; the rest are counted in its summary.",
)
@root_option(
    exists=True,
    help="The base repository's checkout (full history): re-judge SEC, PIN and GATE there "
    "on the pull request's head commit, fetched as data.",
)
def publish(
    event_path: Path | None,
    repository: str | None,
    artifact_name: str,
    max_annotations: int,
    root: Path | None,
) -> None:
    """Post the pull request's verdict as the `policy-gate` check run (workflow_run).

    The token is read from $GITHUB_TOKEN only (a flag would show in process listings).
    """
    from gate.error_guard import safe_line
    from gate.publish.run import Inputs
    from gate.publish.run import publish as run_publish
    from gate.reporters.sinks import write_output

    # Errors are turned into one line by the group's guard (gate.error_guard).
    def body() -> None:
        env = os.environ
        event = event_path or (
            Path(env["GITHUB_EVENT_PATH"]) if env.get("GITHUB_EVENT_PATH") else None
        )
        repo = repository or env.get("GITHUB_REPOSITORY", "")
        if event is None or not repo:
            raise InputError("gate publish needs --event and --repository (or GitHub's env)")
        inputs = Inputs(
            event_path=event,
            repository=repo,
            api_url=env.get("GITHUB_API_URL") or "https://api.github.com",
            token=env.get("GITHUB_TOKEN", ""),
            artifact_name=artifact_name,
            cap=max_annotations,
            root=root,
            server_url=env.get("GITHUB_SERVER_URL") or "https://github.com",
        )
        outcome = run_publish(inputs)
        for line in outcome.log:
            click.echo(safe_line(line))
        if outcome.annotations:
            write_output(None, outcome.annotations)
        if outcome.summary and env.get("GITHUB_STEP_SUMMARY"):
            write_output(env["GITHUB_STEP_SUMMARY"], outcome.summary, append=True)
        sys.exit(int(outcome.exit_code))

    body()
