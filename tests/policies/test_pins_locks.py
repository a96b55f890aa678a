"""PIN002: lock files in sync with pyproject.toml (gate/policies/pins/pin002_locks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pins_support import copy_fixture, run_policy, where, write

from gate.collectors import compiled_locks, pyproject_deps
from gate.findings import Severity
from gate.policies.pins.compiled import Comparison, compare

OWN_LOCK = "requirements-dev.lock.txt"

KINDS = ["uv", "pylock", "poetry", "poetry-classic", "pdm", "uv-compiled", "pip-compile"]
ROOT = Path(__file__).parent.parent.parent


@pytest.mark.parametrize("kind", KINDS)
def test_real_locks_in_sync_pass(tmp_path: Path, kind: str) -> None:
    copy_fixture(f"locks/{kind}", tmp_path)
    result = run_policy(tmp_path, "PIN002")
    assert result.findings == ()
    assert (result.metrics["pinned"], result.metrics["total"]) == (1, 1)


@pytest.mark.parametrize("kind", ["uv", "pylock", "poetry", "pdm", "uv-compiled", "pip-compile"])
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


def test_a_removed_dependency_still_in_a_compiled_lock_is_reported(tmp_path: Path) -> None:
    copy_fixture("locks/uv-compiled", tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"click>=8", ', ""))
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert "requirements.lock.txt is stale: locked but not declared: click" in finding.message
    lock = (tmp_path / "requirements.lock.txt").read_text()
    assert finding.location is not None
    assert finding.location.path == "requirements.lock.txt"
    assert finding.location.start_line == lock.splitlines().index("click==8.5.1 \\") + 1
    command = lock.splitlines()[1].lstrip("# ")
    assert finding.fix == f"re-run `{command}` and commit requirements.lock.txt"


def test_only_the_compiled_extras_must_be_locked(tmp_path: Path) -> None:
    copy_fixture("locks/pip-compile", tmp_path)  # compiled with --extra=cli only
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('"pytest>=8"', '"pytest>=8", "rich"'))
    assert run_policy(tmp_path, "PIN002").findings == ()
    pyproject.write_text(text.replace('"iniconfig>=2"', '"iniconfig>=2", "rich"'))
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert "not locked: rich" in finding.message


@pytest.mark.parametrize(("kind", "stale"), [("uv-compiled", True), ("pip-compile", False)])
def test_marker_guarded_dependencies_need_a_universal_compile(
    tmp_path: Path, kind: str, stale: bool
) -> None:
    copy_fixture(f"locks/{kind}", tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    guarded = "\"rich; python_version < '3.11'\""
    pyproject.write_text(pyproject.read_text().replace('"six>=1.16"', f'"six>=1.16", {guarded}'))
    findings = run_policy(tmp_path, "PIN002").findings
    assert [f.message for f in findings] == (
        ["requirements.lock.txt is stale: declared in pyproject.toml but not locked: rich"]
        if stale
        else []
    )


def test_a_hand_written_requirements_file_is_not_a_lock(tmp_path: Path) -> None:
    copy_fixture("locks/pip-compile", tmp_path)
    lock = tmp_path / "requirements.txt"
    lock.write_text("\n".join(lock.read_text().splitlines()[6:]))  # header removed
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert "no lock file is committed" in finding.message


def test_a_changed_compiled_lock_brings_in_its_project(tmp_path: Path) -> None:
    copy_fixture("locks/pip-compile", tmp_path)
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements.txt").rename(tmp_path / "requirements" / "base.txt")
    lock = tmp_path / "requirements" / "base.txt"
    lock.write_text(lock.read_text().replace("six==1.17.0", "six>=1"))
    result = run_policy(tmp_path, "PIN002", paths=("requirements/base.txt",))
    (finding,) = result.findings
    assert finding.location is not None
    assert (finding.location.path, finding.location.start_line) == ("requirements/base.txt", 11)
    assert "'six>=1' is not pinned with ==" in finding.message


def test_this_repository_lock_is_in_sync_with_its_pyproject() -> None:
    """Fails when pyproject.toml's dependencies change without re-locking (CONTRIBUTING.md)."""
    project = pyproject_deps.parse((ROOT / "pyproject.toml").read_text(), "pyproject.toml")
    assert compiled_locks.locks_beside(ROOT, "") == [OWN_LOCK]
    lock = compiled_locks.parse((ROOT / OWN_LOCK).read_text(), OWN_LOCK, project.project)
    assert compare(project, lock) == Comparison([], [])
    assert lock.roots is not None and set(project.names) <= lock.roots
    # CONTRIBUTING.md documents the re-lock command; it must be the one the lock records.
    assert f"`{lock.command}`" in (ROOT / "CONTRIBUTING.md").read_text()


def test_this_repository_lock_passes_pin001_hashes_and_pin002(tmp_path: Path) -> None:
    for name in ("pyproject.toml", OWN_LOCK):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    settings = {"requirements": {"modes": {OWN_LOCK: "hashes"}}}
    requirements = run_policy(tmp_path, "PIN001", settings)
    assert requirements.findings == () and requirements.metrics["total"] > 50
    locks = run_policy(tmp_path, "PIN002")
    assert locks.findings == () and locks.metrics["pinned"] == 1
    text = (ROOT / OWN_LOCK).read_text().lower()
    assert not any(host in text for host in ("pypi", "pythonhosted", "http", "index-url"))


def test_a_declared_name_locked_only_as_a_transitive_dependency_is_stale(tmp_path: Path) -> None:
    copy_fixture("locks/uv-compiled", tmp_path)  # packaging is locked, via pytest only
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"six>=1.16"', '"six>=1.16", "packaging"'))
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert "declared in pyproject.toml but not locked: packaging" in finding.message


@pytest.mark.parametrize(
    ("kind", "old", "new", "said"),
    [
        ("uv", '"click>=8"', '"click>=8.1"', "dependencies: declared click>=8.1; locked click>=8"),
        ("uv", 'version = "0.1.0"', 'version = "0.2.0"', "the project's version is 0.2.0"),
        ("uv", '"six>=1.16"', "\"six>=1.16; os_name != 'nt'\"", "six>=1.16 (with a marker)"),
        ("pdm", '"click>=8"', '"click>=8.1"', "content_hash does not match"),
    ],
)
def test_same_names_but_moved_requirements_are_stale(
    tmp_path: Path, kind: str, old: str, new: str, said: str
) -> None:
    # What uv lock --check / pdm lock --check refuse although every name is still locked.
    copy_fixture(f"locks/{kind}", tmp_path)
    text = (tmp_path / "pyproject.toml").read_text()
    assert old in text
    (tmp_path / "pyproject.toml").write_text(text.replace(old, new))
    (finding,) = run_policy(tmp_path, "PIN002").findings
    assert said in finding.message
    assert finding.location is not None and finding.location.path == "pyproject.toml"
