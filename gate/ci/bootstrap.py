"""Install policy-gate into its own virtual environment (stdlib only: runs before the gate).

The composite action runs this file straight from its own checkout
(``python "$GITHUB_ACTION_PATH/../gate/ci/bootstrap.py"``), so the gate it installs comes
from the very commit the caller pinned, unless a released version is asked for.
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
EXTRAS = re.compile(r"^[a-z0-9-]+(?:,[a-z0-9-]+)*$")


def install_spec(version: str, source: Path, extras: str = "") -> str:
    """The pip requirement: this checkout (no version), or ``policy-gate==VERSION``."""
    extras = extras.strip()
    if extras and not EXTRAS.match(extras):
        raise ValueError(f"invalid extras {extras!r}")
    name = f"policy-gate[{extras}]" if extras else "policy-gate"
    version = version.strip()
    if not version:
        if not (source / "pyproject.toml").is_file():
            raise ValueError(f"{source} is not a policy-gate checkout (no pyproject.toml)")
        return f"{name} @ {source.resolve().as_uri()}"
    if not VERSION.match(version):
        raise ValueError(f"gate-version {version!r} is not a version number such as 0.1.0")
    return f"{name}=={version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", required=True, type=Path)
    parser.add_argument("--version", default="")
    parser.add_argument("--extras", default="")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args(argv)
    try:
        spec = install_spec(args.version, args.source, args.extras)
    except ValueError as error:
        print(f"gate bootstrap: error: {error}", file=sys.stderr)
        return 2
    venv.create(args.venv, with_pip=True, clear=True)
    python = args.venv / "bin" / "python"
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", spec]
    done = subprocess.run(command, stdout=sys.stderr, check=False)
    if done.returncode:
        print(f"gate bootstrap: error: pip could not install {spec}", file=sys.stderr)
        return 2
    print(f"gate={args.venv / 'bin' / 'gate'}")
    print(f"python={python}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
