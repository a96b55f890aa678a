"""The files a step writes for GitHub Actions: ``$GITHUB_OUTPUT`` lines (the step summary
is appended to by the reports' sink, :mod:`gate.reporters.sinks`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping


def output_lines(values: Mapping[str, str]) -> str:
    """``$GITHUB_OUTPUT`` text: ``key=value`` lines, heredoc syntax for multi-line values
    (a random delimiter, and the closing delimiter line ends with a newline)."""
    lines = []
    for key, value in values.items():
        if "\n" in value:
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            lines.append(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")
        else:
            lines.append(f"{key}={value}\n")
    return "".join(lines)
