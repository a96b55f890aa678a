"""Install policy-gate into its own virtual environment (stdlib only: runs before the gate).

The composite action runs this file straight from its own checkout
(``python "$GITHUB_ACTION_PATH/../gate/ci/bootstrap.py"``), so the gate it installs comes
from the very commit the caller pinned, unless a released version is asked for.
Every dependency of the gate and every tool the action runs (bandit, pip-audit, ruff,
black, coverage, and hatchling to build the gate) come first from the action's hashed lock
(``pip install --require-hashes``); the gate itself then goes in with ``--no-deps`` and, from
source, without build isolation, so nothing unpinned is fetched.
Prints ``gate=...`` and ``python=...`` lines for ``$GITHUB_OUTPUT``; pip talks on stderr.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import venv
from pathlib import Path

VERSION = re.compile(r"^\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
LOCK = Path(__file__).resolve().parents[2] / "action" / "requirements.lock.txt"


def install_spec(version: str, source: Path) -> str:
    """The pip requirement: this checkout (no version), or ``policy-gate==VERSION``."""
    version = version.strip()
    if not version:
        if not (source / "pyproject.toml").is_file():
            raise ValueError(f"{source} is not a policy-gate checkout (no pyproject.toml)")
        return f"policy-gate @ {source.resolve().as_uri()}"
    if not VERSION.match(version):
        raise ValueError(f"gate-version {version!r} is not a version number such as 0.1.0")
    return f"policy-gate=={version}"


def pip_commands(python: Path, spec: str, lock: Path) -> list[list[str]]:
    """The locked tools and dependencies with hashes, then the gate alone."""
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    gate = [*pip, "--no-deps", spec]
    if " @ " in spec:  # from source: hatchling comes from the lock, not an isolated build
        gate.insert(len(pip), "--no-build-isolation")
    return [[*pip, "--require-hashes", "-r", str(lock)], gate]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", required=True, type=Path)
    parser.add_argument("--version", default="")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--lock", type=Path, default=LOCK)
    args = parser.parse_args(argv)
    try:
        spec = install_spec(args.version, args.source)
    except ValueError as error:
        print(f"gate bootstrap: error: {error}", file=sys.stderr)
        return 2
    if not args.lock.is_file():
        print(f"gate bootstrap: error: {args.lock}: no such lock file", file=sys.stderr)
        return 2
    venv.create(args.venv, with_pip=True, clear=True)
    python = args.venv / "bin" / "python"
    for command in pip_commands(python, spec, args.lock):
        done = subprocess.run(command, stdout=sys.stderr, check=False)
        if done.returncode:
            print(f"gate bootstrap: error: pip failed: {' '.join(command[3:])}", file=sys.stderr)
            return 2
    print(f"gate={args.venv / 'bin' / 'gate'}")
    print(f"python={python}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
