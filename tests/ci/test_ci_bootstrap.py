"""gate/ci/bootstrap.py: which policy-gate the action installs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gate.ci import bootstrap

ROOT = Path(__file__).resolve().parents[2]


def test_default_is_this_very_checkout() -> None:
    spec = bootstrap.install_spec("", ROOT)
    assert spec == f"policy-gate @ {ROOT.as_uri()}"
    assert bootstrap.install_spec("", ROOT, "ci") == f"policy-gate[ci] @ {ROOT.as_uri()}"


def test_a_version_installs_the_release() -> None:
    assert bootstrap.install_spec(" 0.2.0 ", ROOT) == "policy-gate==0.2.0"
    assert bootstrap.install_spec("1.0.0rc1", ROOT, "ci") == "policy-gate[ci]==1.0.0rc1"


@pytest.mark.parametrize(
    ("version", "extras"),
    [(">=0.1", ""), ("0.1; rm -rf /", ""), ("latest", ""), ("", "ci]; x"), ("", "CI")],
)
def test_anything_else_is_refused(version: str, extras: str) -> None:
    with pytest.raises(ValueError):
        bootstrap.install_spec(version, ROOT, extras)


def test_source_must_be_a_checkout(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a policy-gate checkout"):
        bootstrap.install_spec("", tmp_path)


def test_runs_as_a_plain_script_and_fails_cleanly(tmp_path: Path) -> None:
    """The action runs the file directly, before the gate is installed: no gate imports."""
    script = ROOT / "gate" / "ci" / "bootstrap.py"
    done = subprocess.run(
        [sys.executable, "-I", str(script), "--venv", str(tmp_path / "v"), "--version", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""  # stdout goes to $GITHUB_OUTPUT: only key=value lines belong
    assert "not a version number" in done.stderr
    source = script.read_text(encoding="utf-8")
    assert "import gate" not in source
    assert "from gate" not in source
