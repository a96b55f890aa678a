"""PIN002: lock files in sync with pyproject.toml (gate/policies/pins_locks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pins_support import copy_fixture, run_policy, where, write

from gate.findings import Severity

KINDS = ["uv", "pylock", "poetry", "poetry-classic", "pdm"]


@pytest.mark.parametrize("kind", KINDS)
def test_real_locks_in_sync_pass(tmp_path: Path, kind: str) -> None:
    copy_fixture(f"locks/{kind}", tmp_path)
    result = run_policy(tmp_path, "PIN002")
    assert result.findings == ()
    assert (result.metrics["pinned"], result.metrics["total"]) == (1, 1)


@pytest.mark.parametrize("kind", ["uv", "pylock", "poetry", "pdm"])
def test_a_new_declared_dependency_makes_the_lock_stale(tmp_path: Path, kind: str) -> None:
    copy_fixture(f"locks/{kind}", tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"six>=1.16"', '"six>=1.16", "Rich_Text"'))
    result = run_policy(tmp_path, "PIN002", {"locks": {"check_poetry_content_hash": False}})
    (finding,) = result.findings
    assert "not locked: rich-text" in finding.message  # PEP 503 normalised
    assert finding.location is not None
    assert (finding.location.path, finding.location.start_line) == ("pyproject.toml", 5)
    assert result.metrics["pinned"] == 0


@pytest.mark.parametrize("kind", ["uv", "poetry-classic"])
def test_a_removed_dependency_still_locked_is_reported(tmp_path: Path, kind: str) -> None:
    copy_fixture(f"locks/{kind}", tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text()
    text = text.replace('"click>=8", ', "").replace('requests = "^2.31"\n', "")
    pyproject.write_text(text)
    result = run_policy(tmp_path, "PIN002", {"locks": {"check_poetry_content_hash": False}})
    (finding,) = result.findings
    removed = "click" if kind == "uv" else "requests"
    assert f"locked but not declared: {removed}" in finding.message
    assert finding.location is not None and finding.location.path.endswith(".lock")


def test_poetry_content_hash_detects_a_changed_constraint(tmp_path: Path) -> None:
    copy_fixture("locks/poetry-classic", tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"^2.31"', '"^2.32"'))
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert "content-hash does not match" in finding.message
    assert finding.location is not None and finding.location.start_line is not None
    assert finding.fix == "run `poetry lock` and commit poetry.lock"


def test_missing_lock_is_a_finding_and_no_dependencies_needs_none(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/pyproject.toml": '[project]\nname = "app"\ndependencies = ["click"]\n',
            "tool/pyproject.toml": '[project]\nname = "tool"\nversion = "1"\n',
        },
    )
    result = run_policy(tmp_path, "PIN002")
    assert where(result) == [("app/pyproject.toml", 1)]
    assert (result.metrics["pinned"], result.metrics["total"]) == (0, 1)


def test_workspace_member_uses_the_lock_above_it(tmp_path: Path) -> None:
    copy_fixture("locks/uv", tmp_path)
    write(tmp_path, {"packages/demo/pyproject.toml": (tmp_path / "pyproject.toml").read_text()})
    (tmp_path / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["packages/*"]\n')
    result = run_policy(tmp_path, "PIN002")
    assert result.findings == ()
    assert result.metrics["total"] == 1


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\ndependencies = [\n'})
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert finding.severity is Severity.ERROR
    assert finding.location is not None
    assert (finding.location.path, finding.location.start_line) == ("pyproject.toml", 3)
    assert "invalid TOML" in finding.message


def test_a_lock_that_is_not_what_its_name_says(tmp_path: Path) -> None:
    copy_fixture("locks/poetry", tmp_path)
    (tmp_path / "poetry.lock").rename(tmp_path / "uv.lock")
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert finding.location is not None
    assert (finding.location.path, finding.location.start_line) == ("uv.lock", 1)
    assert "not a uv lock file" in finding.message


def test_a_changed_lock_brings_in_its_project(tmp_path: Path) -> None:
    copy_fixture("locks/uv", tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"six>=1.16"', '"six>=1.16", "rich"'))
    result = run_policy(tmp_path, "PIN002", paths=("uv.lock",))
    assert len(result.findings) == 1 and "rich" in result.findings[0].message
