"""The command line's entry point: the ``gate`` group, which only dispatches.

Each command lives in its own module (``gate/commands/``, ``gate/ci/``, ``gate/publish/``)
and is imported only when it runs or its help is shown, so ``gate --version`` and a
pre-commit hook's ``gate check`` pay only for what they use. Errors leave through the one
guard (:mod:`gate.error_guard`), as one redacted line and an exit code.
"""

from __future__ import annotations

import os

import click

from gate import __version__
from gate.commands.lazy import LazyGroup

# Every ``gate`` command, by name: the module and attribute that define it.
COMMANDS = {
    "check": "gate.commands.check:check",
    "ci": "gate.ci.cli:ci",
    "explain": "gate.commands.explain:explain",
    "init": "gate.commands.init:init",
    "policies": "gate.commands.policies:policies",
    "publish": "gate.publish.cli:publish",
    "schema": "gate.commands.schema:schema",
    "score": "gate.commands.score:score_command",
    "secrets": "gate.commands.secrets:secrets",
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gate")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Log the run's decisions (base, configuration) to stderr; also GATE_LOG=debug|info.",
)
def main(verbose: bool) -> None:
    """policy-gate: judge a repository and its pull request against policies."""
    from gate.log import configure

    configure(verbose, os.environ)
