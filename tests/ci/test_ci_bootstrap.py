"""gate/ci/bootstrap.py: which policy-gate the action installs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gate.ci import bootstrap

ROOT = Path(__file__).resolve().parents[2]


def test_default_is_this_very_checkout() -> None:
    assert bootstrap.install_spec("", ROOT) == f"policy-gate @ {ROOT.as_uri()}"


def test_a_version_installs_the_release() -> None:
    assert bootstrap.install_spec(" 0.2.0 ", ROOT) == "policy-gate==0.2.0"
    assert bootstrap.install_spec("1.0.0rc1", ROOT) == "policy-gate==1.0.0rc1"


@pytest.mark.parametrize("version", [">=0.1", "0.1; rm -rf /", "latest", "0.1 --pre"])
def test_anything_else_is_refused(version: str) -> None:
    with pytest.raises(ValueError):
        bootstrap.install_spec(version, ROOT)


def test_the_lock_goes_in_with_hashes_and_the_gate_without_its_dependencies() -> None:
    lock = ROOT / "action" / "requirements.lock.txt"
    python = Path("/v/bin/python")
    source, gate = bootstrap.pip_commands(python, bootstrap.install_spec("", ROOT), lock)
    assert source[:4] == [str(python), "-m", "pip", "install"]
    assert source[-3:] == ["--require-hashes", "-r", str(lock)]
    # From source: no isolated build, which would fetch hatchling unpinned.
    assert gate[-3:] == ["--no-build-isolation", "--no-deps", f"policy-gate @ {ROOT.as_uri()}"]
    _, release = bootstrap.pip_commands(python, "policy-gate==0.2.0", lock)
    assert release[-2:] == ["--no-deps", "policy-gate==0.2.0"]
    assert "--no-build-isolation" not in release
    assert lock == bootstrap.LOCK


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


def test_a_missing_lock_is_an_error_before_anything_is_installed(tmp_path: Path) -> None:
    script = ROOT / "gate" / "ci" / "bootstrap.py"
    args = ["--venv", str(tmp_path / "v"), "--lock", str(tmp_path / "none.txt")]
    done = subprocess.run(
        [sys.executable, "-I", str(script), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "none.txt: no such lock file" in done.stderr
    assert not (tmp_path / "v").exists()
