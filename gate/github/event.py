"""The event payload Actions hands a step (``$GITHUB_EVENT_PATH``), read and shape-checked once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gate.errors import InputError

# The payload fields the gate reads, with the JSON type each must have when present (null
# is allowed: GitHub sends `"repo": null` for a deleted fork). Checked once here, so every
# reader may chain `.get` without meeting a list or a number where an object belongs.
_OBJECTS = (
    "pull_request",
    "pull_request.base",
    "pull_request.head",
    "pull_request.head.repo",
    "merge_group",
    "repository",
)
_STRINGS = (
    "pull_request.base.sha",
    "pull_request.head.sha",
    "pull_request.head.repo.full_name",
    "merge_group.base_sha",
    "merge_group.head_sha",
    "repository.default_branch",
    "before",
    "after",
)


def load_event(env: Mapping[str, str]) -> dict[str, Any]:
    """The webhook payload at ``$GITHUB_EVENT_PATH`` ({} when none is set)."""
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the event payload: {error}", path=path) from None
    except RecursionError:
        raise InputError("cannot read the event payload: nested too deeply", path=path) from None
    check_event_shape(data, path)
    assert isinstance(data, dict)
    return data


def check_event_shape(data: Any, path: str) -> None:
    """InputError naming the first field the gate reads that has the wrong JSON type."""
    if not isinstance(data, dict):
        raise InputError("the event payload must be a JSON object", path=path)
    for dotted in (*_OBJECTS, *_STRINGS):
        value = _field(data, dotted)
        wanted, kind = (dict, "an object") if dotted in _OBJECTS else (str, "a string")
        if value is not None and not isinstance(value, wanted):
            raise InputError(f"event payload: {dotted} must be {kind}", path=path)


def _field(data: dict[str, Any], dotted: str) -> Any:
    value: Any = data
    for key in dotted.split("."):
        if not isinstance(value, dict):
            return None  # the parent's own shape is checked (objects come first)
        value = value.get(key)
    return value
