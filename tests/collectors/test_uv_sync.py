"""uv_sync against uv's own verdict (`uv lock --check`) on real projects locked by uv."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gate.collectors.structured import load_toml
from gate.collectors.uv_sync import differences

UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
pytestmark = pytest.mark.skipif(UV is None, reason="uv is not installed (pip install uv)")

BASE = """\
[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["idna>=3.0", "packaging>=20; python_version >= '3.11'"]

[project.optional-dependencies]
extra = ["idna>=3.0"]

[dependency-groups]
dev = ["idna>=3.1", {include-group = "lint"}]
lint = ["packaging"]
"""

# (case, edit of pyproject.toml) — uv decides whether the lock still fits.
CASES = [
    ("unchanged", lambda t: t),
    ("reordered", lambda t: t.replace(
        '["idna>=3.0", "packaging>=20; python_version >= \'3.11\'"]',
        '["packaging>=20; python_version >= \'3.11\'", "idna>=3.0"]')),
    ("same marker spelled apart", lambda t: t.replace(
        "python_version >= '3.11'", "python_version>='3.11'")),
    ("tightened specifier", lambda t: t.replace('"idna>=3.0"', '"idna>=3.2"')),
    ("added marker", lambda t: t.replace('"idna>=3.0",', '"idna>=3.0; os_name != \'nt\'",')),
    ("bumped version", lambda t: t.replace('version = "0.1.0"', 'version = "0.1.1"')),
    ("extra's specifier", lambda t: t.replace('extra = ["idna>=3.0"]', 'extra = ["idna>=3.1"]')),
    ("group changed", lambda t: t.replace('lint = ["packaging"]', 'lint = ["packaging>=21"]')),
    ("dependency removed", lambda t: t.replace('"idna>=3.0", ', "")),
]  # fmt: skip


def uv(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert UV is not None
    return subprocess.run(
        [UV, *args, "--offline", "--no-progress"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("uvproject")
    (project / "pyproject.toml").write_text(BASE)
    done = uv(project, "lock")
    if done.returncode != 0:
        pytest.skip(f"uv cannot lock offline here: {done.stderr.strip()[-200:]}")
    return project


@pytest.mark.parametrize(("case", "edit"), CASES, ids=[c for c, _ in CASES])
@pytest.mark.slow
def test_agrees_with_uv_lock_check(locked: Path, tmp_path: Path, case: str, edit: object) -> None:
    project = tmp_path / "p"
    shutil.copytree(locked, project)
    text = edit(BASE)  # type: ignore[operator]
    (project / "pyproject.toml").write_text(text)
    uv_in_sync = uv(project, "lock", "--check").returncode == 0
    found = differences(
        load_toml(text, "pyproject.toml"),
        load_toml((project / "uv.lock").read_text(), "uv.lock"),
    )
    assert (not found) == uv_in_sync, (case, found)
    assert uv_in_sync == (case in ("unchanged", "reordered", "same marker spelled apart"))
