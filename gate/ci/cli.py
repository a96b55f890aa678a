"""``gate ci ...``: the command group the reusable workflow and the composite action call."""

from __future__ import annotations

import click

from gate.commands.lazy import LazyGroup

# Every ``gate ci`` command, by name: one module per workflow job's edge.
COMMANDS = {
    "plan": "gate.ci.cli_setup:plan_command",
    "shard": "gate.ci.cli_setup:shard_command",
    "install-mode": "gate.ci.cli_setup:install_mode_command",
    "install": "gate.ci.cli_setup:install_command",
    "lint-tool": "gate.ci.cli_setup:lint_tool_command",
    "lint": "gate.ci.cli_setup:lint_command",
    "run-tests": "gate.ci.cli_setup:run_tests_command",
    "combine": "gate.ci.cli_setup:combine_command",
    "security": "gate.ci.cli_stages:security_command",
    "bandit-baseline": "gate.ci.cli_stages:bandit_baseline_command",
    "run-gate": "gate.ci.cli_stages:run_gate_command",
    "coverage-floor": "gate.ci.cli_stages:coverage_floor_command",
    "docker-plan": "gate.ci.cli_stages:docker_plan_command",
    "hadolint": "gate.ci.cli_stages:hadolint_command",
    "require-success": "gate.ci.cli_stages:require_success_command",
}


class CiGroup(LazyGroup):
    """Errors become one line (``gate ci: error: ...``) through the shared guard."""

    guard_prefix = "gate ci"


@click.group(cls=CiGroup, lazy=COMMANDS)
def ci() -> None:
    """Helpers the reusable workflow and the composite action call."""
