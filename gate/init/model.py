"""What `gate init` decides and plans: its options, the project's layout, the changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEFAULT_REPO = "policy-gate/policy-gate"


@dataclass(frozen=True)
class Options:
    repo: str = DEFAULT_REPO
    ref: str | None = None
    only: tuple[str, ...] = ()  # empty: every part
    workflow_file: str = "ci.yml"
    owners: tuple[str, ...] = ()
    force: bool = False
    today: date | None = None  # the end-of-life cut of the Python matrix (tests inject it)


@dataclass(frozen=True)
class Layout:
    install_mode: str
    dockerfile: bool
    has_config: str | None  # an existing gate configuration, which init leaves alone
    formatter: str  # "ruff" or "black", as the CI lint stage decides it
    pythons: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    path: str
    text: str
    before: str | None  # the file's current text (None: a new file)
    merged: bool = False

    @property
    def action(self) -> str:
        if self.before is None:
            return "write"
        return "merge into" if self.merged else "overwrite"


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    force: bool = False

    @property
    def conflicts(self) -> list[str]:
        """Existing files a run would overwrite: without --force nothing is written."""
        if self.force:
            return []
        return sorted(c.path for c in self.changes if c.before is not None and not c.merged)
