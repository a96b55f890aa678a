"""What the PIN policies share: the ``pins`` section of a run, file matching, metrics and
the finding for a file that cannot be parsed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from gate.collectors.limits import TooLarge
from gate.collectors.structured import MalformedFile
from gate.errors import InputError
from gate.findings import Finding, Location, Metric, Severity, fingerprint
from gate.policies.pins.settings import PinsSection, matches
from gate.settings import PolicySettings

if TYPE_CHECKING:
    from gate.context import Context
    from gate.policies.base import Policy

FULL_SHA = re.compile(r"^[0-9a-fA-F]{40}$")  # a full commit SHA, the only unmovable git ref
IMAGE_DIGEST = re.compile(r"@sha256:[0-9a-fA-F]{64}$")  # an image pinned by content


def pins(ctx: Context) -> PinsSection:
    section: Any = ctx.section("pins")
    assert isinstance(section, PinsSection)
    return section


def matching_files(ctx: Context, patterns: Sequence[str]) -> list[str]:
    return [name for name in ctx.files() if matches(name, patterns)]


def counts(pinned: int, total: int, files: int) -> Iterator[Metric]:
    """The metrics every PIN policy reports, so summaries read "N of M pinned"."""
    yield Metric("pinned", pinned)
    yield Metric("total", total)
    yield Metric("unpinned", total - pinned)
    yield Metric("files", files)


def unreadable(
    policy: Policy[Any], settings: PolicySettings, path: str, error: InputError, title: str
) -> Finding:
    """The error finding for a file a PIN policy cannot parse (never a silent pass)."""
    line = error.line if isinstance(error, MalformedFile) else None
    return policy.finding(
        settings,
        f"cannot check {path}: {error.message}",
        severity=Severity.ERROR,
        location=Location(path, start_line=line, end_line=line),
        fingerprint=fingerprint(policy.id, path, "malformed"),
        title=title,
        fix=(
            "shrink or split the file (docs/trust.md lists the bounds)"
            if isinstance(error, TooLarge)
            else "fix the file so it parses"
        ),
    )
