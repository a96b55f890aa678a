"""action/requirements.lock.txt: every tool the action runs, hashed, judged by the gate's pins."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "action" / "requirements.lock.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)", re.M)
TOOLS = ("bandit", "pip-audit", "ruff", "black", "coverage", "hatchling", "sarif-om")


def locked() -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in PIN.findall(LOCK.read_text(encoding="utf-8"))}


def test_every_tool_and_every_gate_dependency_is_locked_within_its_range() -> None:
    """PIN002 compares only the lock beside pyproject.toml, so this lock's sync is checked
    here: every dependency and every `ci` and `workflows` extra satisfied (the action runs
    WF001/WF002's tools too), every tool the action runs present."""
    names = locked()
    for tool in TOOLS:
        assert canonicalize_name(tool) in names, f"{tool} is not in {LOCK.name}"
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    extras = project["optional-dependencies"]
    specs = [*project["dependencies"], *extras["ci"], *extras["workflows"]]
    for spec in specs:
        requirement = Requirement(spec)
        if requirement.marker and not requirement.marker.evaluate({"python_version": "3.12"}):
            continue
        version = names.get(canonicalize_name(requirement.name))
        assert version, f"{spec} is not locked"
        assert requirement.specifier.contains(version, prereleases=True), f"{spec}: {version}"


def test_every_pin_has_a_hash_and_no_registry_is_named() -> None:
    text = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2])
    assert len(entries) == len(PIN.findall(text)) > 20  # a name may repeat under markers
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
    assert "://" not in text and "index-url" not in text


def _gate_pins(root: Path) -> subprocess.CompletedProcess[str]:
    gate = Path(sys.executable).parent / "gate"
    return subprocess.run(
        [str(gate), "check", "--select", "PIN001,PIN002", "--report", "terminal"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_the_gate_pin_policies_pass_the_lock_and_catch_a_tampered_one(
    make_repo: Callable[..., Any],
) -> None:
    repo = make_repo("locked")
    root: Path = repo.path
    for name in ("pyproject.toml", "requirements-dev.lock.txt"):
        shutil.copy2(ROOT / name, root / name)
    (root / "action").mkdir()
    shutil.copy2(LOCK, root / "action" / LOCK.name)
    repo.commit("lock")
    done = _gate_pins(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS PIN001" in done.stdout and "files 2" in done.stdout  # both locks judged

    # An unpinned line in the action's lock fails PIN001, as in any user's lock.
    text = (root / "action" / LOCK.name).read_text(encoding="utf-8")
    tampered = re.sub(r"^ruff==\S+ \\\n(?:    --hash=\S+(?: \\)?\n)+", "ruff\n", text, flags=re.M)
    assert tampered != text
    (root / "action" / LOCK.name).write_text(tampered, encoding="utf-8")
    repo.commit("unpin ruff")
    failed = _gate_pins(root)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "PIN001" in failed.stdout
    assert "ruff" in failed.stdout
