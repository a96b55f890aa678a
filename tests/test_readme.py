"""The README's and docs' generated parts match the code (GATE_UPDATE_README=1 rewrites them)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from gate import config
from gate.docs import policy_table
from gate.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CONFIGURATION = ROOT / "docs" / "configuration.md"


def section(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"README has no {name} section"
    return match.group(1)


def generated() -> dict[str, tuple[Path, str]]:
    defaults = config.defaults_yaml()
    return {
        "policies": (
            README,
            policy_table() + "\n`gate explain ID` prints a policy's full documentation; "
            "`gate policies` lists them; [docs/policies.md](docs/policies.md) has them all.\n",
        ),
        "configuration-defaults": (CONFIGURATION, f"```yaml\n{defaults}```\n"),
    }


def test_generated_sections_are_fresh() -> None:
    for name, (path, body) in generated().items():
        text = path.read_text(encoding="utf-8")
        if os.environ.get("GATE_UPDATE_README"):
            text = re.sub(
                rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)",
                lambda m, body=body: m.group(1) + body + m.group(2),
                text,
                flags=re.S,
            )
            path.write_text(text, encoding="utf-8")
        assert (
            section(text, name) == body
        ), f"{path.name}: {name} is stale: GATE_UPDATE_README=1 pytest tests/test_readme.py"


def test_exit_code_table_lists_every_code() -> None:
    table = section(README.read_text(encoding="utf-8"), "exit-codes")
    for code in ExitCode:
        assert f"| {int(code)} |" in table


def quickstart_commands() -> list[str]:
    body = section(README.read_text(encoding="utf-8"), "quickstart")
    return re.findall(r"```bash\n(.*?)\n```", body, re.S)


def test_quickstart_has_exactly_two_setup_commands() -> None:
    commands = quickstart_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert commands[0].endswith("gate check")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = quickstart_commands()[1]
    assert test_command in ci
    shlex.split(test_command)  # well-formed shell words
