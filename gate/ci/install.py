"""How to install a project for CI: detect uv / pip+requirements / pyproject, plan commands."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from gate.ci.pyconfig import pyproject
from gate.errors import InputError, MissingInput


class InstallMode(str, Enum):
    UV = "uv"
    PIP = "pip"
    PYPROJECT = "pyproject"


MODES = ("auto", *(mode.value for mode in InstallMode))
# Requirement files worth installing for tests; docs-only files are left out on purpose.
REQUIREMENT_NAME = re.compile(r"^requirements(?:[-_.](?:dev|test|tests|testing|ci|lock))?\.txt$")
TEST_EXTRAS = ("test", "tests", "testing", "dev")


def requirement_files(root: Path) -> list[str]:
    """requirements.txt and its dev/test siblings, plus requirements/*.txt of those names."""
    found = [p.name for p in root.glob("requirements*.txt") if REQUIREMENT_NAME.match(p.name)]
    folder = root / "requirements"
    if folder.is_dir():
        names = ("base", "main", "prod", "dev", "test", "tests", "testing", "ci", "requirements")
        found += [f"requirements/{p.name}" for p in folder.glob("*.txt") if p.stem in names]
    return sorted(found, key=lambda name: (name.count("/"), name != "requirements.txt", name))


def is_installable(root: Path) -> bool:
    return any((root / name).is_file() for name in ("pyproject.toml", "setup.py", "setup.cfg"))


def detect(root: Path) -> InstallMode:
    """uv.lock wins (the lock is the truth), then requirement files, then pyproject."""
    if (root / "uv.lock").is_file():
        return InstallMode.UV
    if requirement_files(root):
        return InstallMode.PIP
    if is_installable(root):
        return InstallMode.PYPROJECT
    raise MissingInput(
        f"{root}: no uv.lock, requirements*.txt, pyproject.toml or setup.py to install the "
        "project from; add one or set install-mode"
    )


def resolve(root: Path, requested: str) -> InstallMode:
    if requested not in MODES:
        raise InputError(f"unknown install mode {requested!r}; choose from {', '.join(MODES)}")
    return detect(root) if requested == "auto" else InstallMode(requested)


def test_extras(root: Path) -> list[str]:
    extras = pyproject(root).get("project", {}).get("optional-dependencies", {})
    return [name for name in TEST_EXTRAS if name in extras]


def test_groups(root: Path) -> list[str]:
    groups = pyproject(root).get("dependency-groups", {})
    return [name for name in TEST_EXTRAS if name in groups]


@dataclass(frozen=True)
class Plan:
    """Commands that build the project environment, and that environment's interpreter."""

    mode: InstallMode
    commands: tuple[tuple[str, ...], ...]
    python: str


def plan(root: Path, mode: InstallMode, base_python: str, venv: Path) -> Plan:
    """The commands (run in ``root``) that install the project into ``venv``."""
    python = str(venv / "bin" / "python")
    if mode is InstallMode.UV:
        # UV_PROJECT_ENVIRONMENT (set by the caller) points uv at ``venv``; --locked fails
        # when uv.lock is stale instead of silently re-resolving.
        sync = ("uv", "sync", "--locked", "--all-extras", "--python", base_python)
        return Plan(mode, (sync,), python)
    commands: list[tuple[str, ...]] = [(base_python, "-m", "venv", str(venv))]
    pip = (python, "-m", "pip", "install", "--disable-pip-version-check")
    if mode is InstallMode.PIP:
        files = requirement_files(root)
        if not files:
            raise MissingInput(f"{root}: install-mode pip needs a requirements*.txt file")
        commands.append((*pip, *(arg for name in files for arg in ("-r", name))))
        if is_installable(root):
            commands.append((*pip, "--no-deps", "-e", "."))
    else:
        if not is_installable(root):
            raise MissingInput(f"{root}: install-mode pyproject needs pyproject.toml or setup.py")
        extras = test_extras(root)
        target = f".[{','.join(extras)}]" if extras else "."
        groups = [arg for group in test_groups(root) for arg in ("--group", group)]
        commands.append((*pip, "-e", target, *groups))
    return Plan(mode, tuple(commands), python)


def audit_command(root: Path, mode: InstallMode, output: str) -> tuple[str, ...]:
    """pip-audit over what is pinned: the requirement files, else the installed environment.

    uv and pyproject projects are audited as installed (the lock already decided every
    version there); ``PIPAPI_PYTHON_LOCATION`` is set by the caller for that case.
    """
    base = ("pip-audit", "--format", "json", "--output", output, "--progress-spinner", "off")
    if mode is InstallMode.PIP:
        return (*base, *(arg for name in requirement_files(root) for arg in ("-r", name)))
    if mode is InstallMode.UV:
        # A uv environment has no pip, which pip-audit needs to list an environment: the
        # lock is audited instead, exported with hashes by ``uv_export_command`` first.
        return (*base, "-r", uv_export_path(output), "--require-hashes", "--disable-pip")
    # The project itself is installed editable and is not on the index: skip, not fail.
    return (*base, "--skip-editable")


def uv_export_path(output: str) -> str:
    return str(Path(output).with_name("uv-requirements.txt"))


def uv_export_command(output: str) -> tuple[str, ...]:
    """uv.lock as a hashed requirement file beside ``output``, for pip-audit (uv mode)."""
    return (
        *("uv", "export", "--locked", "--all-extras", "--no-emit-project", "-q"),
        *("--format", "requirements-txt", "-o", uv_export_path(output)),
    )


# What ``gate ci run-tests`` runs in the project environment: ``python -m coverage run -m
# pytest``. coverage is the action's own tool (installed from its hashed lock when missing);
# pytest is the project's test runner, which the project must declare itself.
TEST_RUNNER = "pytest"
COVERAGE = "coverage"
_MISSING = (
    "import importlib.metadata as m, sys\n"
    "for name in sys.argv[1:]:\n"
    "    try:\n        m.version(name)\n"
    "    except m.PackageNotFoundError:\n        print(name)\n"
)


def missing(python: str, names: tuple[str, ...] = (COVERAGE, TEST_RUNNER)) -> tuple[str, ...]:
    """The distributions of ``names`` the environment of ``python`` lacks (isolated mode:
    the checkout's own directory is not searched)."""
    done = subprocess.run(
        [python, "-I", "-c", _MISSING, *names], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise InputError(f"{python}: cannot list its installed packages")
    return tuple(line for line in done.stdout.split() if line)


def coverage_command(mode: InstallMode, python: str, lock: Path) -> tuple[str, ...]:
    """Install the action's pinned coverage (hash-checked, nothing else) into the project."""
    if mode is InstallMode.UV:  # a uv environment has no pip
        pip = ("uv", "pip", "install", "--python", python)
    else:
        pip = (python, "-m", "pip", "install", "--disable-pip-version-check")
    return (*pip, "--require-hashes", "--no-deps", "-r", str(lock))


def where_to_declare(root: Path, mode: InstallMode, name: str) -> str:
    """Where the project declares a test dependency, for the message that it is missing."""
    if mode is InstallMode.UV:
        return f"add {name} to a dev dependency group in pyproject.toml and run uv lock"
    if mode is InstallMode.PIP:
        files = ", ".join(requirement_files(root)) or "requirements-test.txt"
        return f"add {name} to one of the requirement files the install reads ({files})"
    return f"add {name} to a test extra ([project.optional-dependencies] test) or a dev group"
