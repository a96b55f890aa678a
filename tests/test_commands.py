"""The command registry (gate/cli.py, gate/ci/cli.py): explicit, complete and lazy."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click
import pytest

from gate.ci import cli as ci_cli
from gate.cli import COMMANDS, main


@pytest.mark.parametrize("registry", [COMMANDS, ci_cli.COMMANDS], ids=["gate", "gate ci"])
def test_every_registered_command_resolves_under_its_name(registry: dict[str, str]) -> None:
    for name, target in registry.items():
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command), target
        assert command.name == name, target


def test_every_ci_command_defined_is_registered() -> None:
    defined = {
        command.name
        for module_name in ("gate.ci.cli_setup", "gate.ci.cli_stages")
        for command in vars(importlib.import_module(module_name)).values()
        if isinstance(command, click.Command)
    }
    assert defined == set(ci_cli.COMMANDS)


def test_help_lists_every_command() -> None:
    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMANDS)
    assert ci_cli.ci.list_commands(click.Context(ci_cli.ci)) == sorted(ci_cli.COMMANDS)


def loaded_after(*argv: str) -> list[str]:
    """The ``gate`` modules (and pydantic) a fresh interpreter holds after ``gate ARGV``."""
    probe = (
        "import sys, json\n"
        "from gate.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = [m for m in sys.modules if m.startswith(('gate', 'pydantic', 'yaml'))]\n"
        "print(json.dumps(sorted(names)), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    loaded: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return loaded


@pytest.mark.slow
def test_version_imports_no_command_models_policies_or_reporters() -> None:
    # The group, its lazy loader and the error guard: nothing a command needs.
    allowed = {"gate", "gate.cli", "gate.commands", "gate.commands.lazy"}
    allowed |= {"gate.error_guard", "gate.errors"}
    loaded = loaded_after("--version")
    assert "gate.cli" in loaded
    assert sorted(set(loaded) - allowed) == []
