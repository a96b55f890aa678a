"""pdm.lock's content_hash recomputed; the fixture lock was written by `pdm lock` 2.29.4."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gate.collectors.pdm_hash import content_hash, stale
from gate.collectors.structured import load_toml

FIXTURE = Path(__file__).parent.parent / "fixtures" / "pins" / "locks" / "pdm-hash"
PDM = os.environ.get("GATE_TEST_PDM") or shutil.which("pdm")

EDITS = [
    ("tightened specifier", '"idna>=3.0"', '"idna>=3.2"'),
    ("added marker", '"idna>=3.0",', "\"idna>=3.0; os_name != 'nt'\","),
    ("group changed", 'Dev_Tools = ["packaging>=21"]', 'Dev_Tools = ["packaging>=22"]'),
    ("pdm dev group", 'lint = ["idna"]', 'lint = ["idna>=3"]'),
    ("requires-python", 'requires-python = ">=3.10"', 'requires-python = ">=3.11"'),
]


def load(name: str, text: str | None = None) -> dict[str, object]:
    return load_toml(text or (FIXTURE / name).read_text(), name)


def test_the_hash_pdm_wrote_is_recomputed() -> None:
    lock = load("pdm.lock")
    recorded = str(lock["metadata"]["content_hash"])  # type: ignore[index]
    assert recorded == "sha256:" + str(content_hash(load("pyproject.toml")))
    assert stale(load("pyproject.toml"), lock) is None


@pytest.mark.parametrize(("case", "old", "new"), EDITS, ids=[e[0] for e in EDITS])
def test_each_edit_makes_the_lock_stale(case: str, old: str, new: str) -> None:
    text = (FIXTURE / "pyproject.toml").read_text()
    assert old in text
    assert stale(load("pyproject.toml", text.replace(old, new)), load("pdm.lock")) is not None


def test_a_version_bump_is_not_in_pdm_hash() -> None:
    # PDM leaves the project's own version out of the hash, so its lock stays valid.
    text = (FIXTURE / "pyproject.toml").read_text().replace('"0.1.0"', '"0.2.0"')
    assert stale(load("pyproject.toml", text), load("pdm.lock")) is None


@pytest.mark.skipif(PDM is None, reason="pdm is not installed (set GATE_TEST_PDM)")
@pytest.mark.parametrize(("case", "old", "new"), [("unchanged", "", ""), *EDITS])
def test_agrees_with_pdm_lock_check(tmp_path: Path, case: str, old: str, new: str) -> None:
    assert PDM is not None
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    text = (FIXTURE / "pyproject.toml").read_text()
    text = text.replace(old, new) if old else text
    (tmp_path / "pyproject.toml").write_text(text)
    done = subprocess.run([PDM, "lock", "--check"], cwd=tmp_path, capture_output=True, check=False)
    ours = stale(load("pyproject.toml", text), load("pdm.lock"))
    assert (ours is None) == (done.returncode == 0), case
