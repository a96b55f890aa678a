"""The files GitHub Actions hands a step: the event payload in, ``$GITHUB_OUTPUT`` out."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gate.errors import InputError


def load_event(env: Mapping[str, str]) -> dict[str, Any]:
    """The webhook payload at ``$GITHUB_EVENT_PATH`` ({} when none is set)."""
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the event payload: {error}", path=path) from None
    return data if isinstance(data, dict) else {}


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
