"""`gate init`'s CODEOWNERS entries: code-owner review for what can weaken the gate.

The gate reads its policy inputs from the base commit, but once merged they judge every
later pull request: the workflows, the gate config, and the coverage and test configuration
need review by their owners (docs/trust.md). Entries are appended to an existing file; the
user's lines stay untouched, and a path it already lists keeps its owners.
"""

from __future__ import annotations

import re
from pathlib import Path

NAME = ".github/CODEOWNERS"
# Where GitHub looks, in its order: the first file found is the one it uses.
LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]
OWNER = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Test and coverage configuration a pull request could use to skip tests or loosen coverage.
CONFIGS = ["pyproject.toml", ".coveragerc", "setup.cfg", "tox.ini", "pytest.ini", "conftest.py"]
GATE_CONFIGS = ["gate.yml", "gate.yaml", ".gate.yml", ".gate.yaml"]


def existing(root: Path) -> tuple[str, str] | None:
    """(path, text) of the CODEOWNERS file GitHub would read, if any."""
    for name in LOCATIONS:
        if (root / name).is_file():
            return name, (root / name).read_text(encoding="utf-8")
    return None


def default_owners(text: str) -> list[str]:
    """The owners of the last ``*`` rule (the last matching rule wins on GitHub)."""
    owners: list[str] = []
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if parts and parts[0] == "*":
            owners = parts[1:]
    return owners


def listed_paths(text: str) -> set[str]:
    return {parts[0] for line in text.splitlines() if (parts := line.split("#", 1)[0].split())}


def paths(root: Path, gate_config: str | None, written: list[str]) -> list[str]:
    """The patterns to own: .github/, the gate config and the test/coverage configuration."""
    present = [name for name in (*GATE_CONFIGS, *CONFIGS) if (root / name).is_file()]
    if gate_config and gate_config not in present:
        present.insert(0, gate_config)
    present += [name for name in written if name in GATE_CONFIGS and name not in present]
    return ["/.github/", *(f"/{name}" for name in present)]


def invalid_owners(owners: list[str]) -> list[str]:
    return [owner for owner in owners if not OWNER.match(owner)]


def render(current: str | None, patterns: list[str], owners: list[str]) -> str | None:
    """The file with our entries appended; None when it already lists every pattern."""
    text = current or ""
    listed = listed_paths(text)
    missing = [p for p in patterns if p not in listed and p.lstrip("/") not in listed]
    if not missing:
        return None
    width = max(len(p) for p in missing)
    block = [
        "# Added by `gate init`: a pull request that edits the CI, the gate's configuration or",
        "# the test and coverage configuration needs its code owners' review (policy-gate's",
        "# docs/trust.md: the gate reads these from the base commit once they are merged).",
        *(f"{p.ljust(width)} {' '.join(owners)}" for p in missing),
    ]
    if text and not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text.strip() else "") + "\n".join(block) + "\n"
