"""A wheel knows the commit it was built from: built for real, installed into a fresh
virtual environment, and `gate init` there pins that commit with its version, no --ref."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

from gate import __version__, init

ROOT = Path(__file__).resolve().parent.parent


def sh(*args: str | Path, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def source_commit(tmp_path: Path) -> tuple[Path, str]:
    """This working tree (committed or not) as a fresh clone-like repository, and its HEAD."""
    listed = sh("git", "ls-files", "-co", "--exclude-standard", "-z", cwd=ROOT)
    source = tmp_path / "policy-gate"
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    sh("git", "init", "-q", "-b", "main", cwd=source)
    sh("git", "add", "-A", cwd=source)
    sh("git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "build me", cwd=source)
    return source, sh("git", "rev-parse", "HEAD", cwd=source).strip()


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A virtualenv with only the wheel installed; its dependencies come from this one's."""
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    sh(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    purelib = sh(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    # A plain path line: this venv's packages after the wheel's (no .pth runs from there).
    Path(purelib.strip(), "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    return venv


def test_a_wheel_install_runs_gate_init_without_ref(tmp_path: Path) -> None:
    source, commit = source_commit(tmp_path)
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
       "-w", dist, source)  # fmt: skip
    wheel = next(dist.glob("policy_gate-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in init.FILES:
        assert f"gate/_templates/{name}" in names
    assert "gate/_build_info.py" in names
    venv = fresh_venv(tmp_path, wheel)
    adopter = tmp_path / "adopter"
    adopter.mkdir()
    sh("git", "init", "-q", "-b", "main", cwd=adopter)
    (adopter / "requirements.txt").write_text("requests==2.32.3\n", encoding="utf-8")
    out = sh(venv / "bin" / "gate", "init", cwd=adopter)
    assert "wrote .github/workflows/ci.yml" in out
    workflow = (adopter / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert f"/.github/workflows/python-ci.yml@{commit} # v{__version__}\n" in workflow
    hooks = (adopter / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'rev: "{commit}" # frozen: v{__version__}\n' in hooks
    # The gate that ran is the wheel's, with its templates inside the installation.
    code = "import gate.init; print(gate.init.templates_dir())"
    where = sh(venv / "bin" / "python", "-I", "-c", code, cwd=adopter)
    assert Path(where.strip()).is_relative_to(venv)


def test_a_wheel_built_from_the_sdist_keeps_the_commit(tmp_path: Path) -> None:
    """An sdist carries the record; a wheel built from it unpacked (no git) ships it."""
    from hatchling.builders.sdist import SdistBuilder

    source, commit = source_commit(tmp_path)
    sdist = Path(next(SdistBuilder(str(source)).build(directory=str(tmp_path / "sdist"))))
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.10.12: the safe filter
            archive.extractall(tmp_path / "unpacked", filter="data")
        else:
            archive.extractall(tmp_path / "unpacked")  # our own archive, built just above
    unpacked = next((tmp_path / "unpacked").iterdir())
    assert (unpacked / "gate/_build_info.py").is_file()
    sh(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
       "-w", tmp_path / "dist", unpacked)  # fmt: skip
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("policy_gate-*.whl")))
    assert f'COMMIT = "{commit}"' in wheel.read("gate/_build_info.py").decode()
