"""PIN001: requirement files pinned (gate/policies/pins/pin001_requirements.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pins_support import copy_fixture, run_policy, where, write

from gate.findings import Severity

SHA = "0123456789abcdef0123456789abcdef01234567"
HASH = "--hash=sha256:" + "a" * 64
GATE = str(Path(sys.executable).with_name("gate"))


def test_no_requirement_files_passes_with_total_zero(tmp_path: Path) -> None:
    write(tmp_path, {"setup.cfg": "[metadata]\n"})
    result = run_policy(tmp_path, "PIN001")
    assert result.findings == ()
    assert (result.metrics["pinned"], result.metrics["total"]) == (0, 0)


def test_exact_mode_accepts_double_and_triple_equals_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": (
                "requests==2.32.3\n"
                "numpy===1.26.4\n"
                "six==1.*\n"
                "attrs~=23.1.0\n"
                "flask[async]>=2 ; python_version >= '3.8'  # web\n"
                "click\n"
            )
        },
    )
    result = run_policy(tmp_path, "PIN001")
    assert where(result) == [("requirements.txt", n) for n in (3, 4, 5, 6)]
    assert (result.metrics["pinned"], result.metrics["total"]) == (2, 6)
    flask = result.findings[2]
    assert flask.fix is not None
    assert 'pin it: flask[async]==<version>; python_version >= "3.8"' in flask.fix
    assert "pip-compile" in flask.fix


def test_compatible_mode_accepts_three_part_tilde_equals(tmp_path: Path) -> None:
    write(tmp_path, {"requirements/prod.txt": "attrs~=23.1.0\nsix~=1.16\nx==1.0\n"})
    result = run_policy(tmp_path, "PIN001", {"requirements": {"default_mode": "compatible"}})
    assert where(result) == [("requirements/prod.txt", 2)]
    assert result.metrics["pinned"] == 2


def test_hashes_mode_per_glob(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "six==1.16.0\n",
            "requirements/deploy.txt": f"six==1.16.0 \\\n    {HASH}\nattrs==23.1.0\n",
        },
    )
    settings = {"requirements": {"modes": {"requirements/deploy*.txt": "hashes"}}}
    result = run_policy(tmp_path, "PIN001", settings)
    assert where(result) == [("requirements/deploy.txt", 3)]
    assert "no --hash (mode is hashes)" in result.findings[0].message


def test_one_hashed_line_makes_pip_check_every_line_in_exact_mode(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": f"six==1.16.0 {HASH}\n-r requirements/base.txt\n",
            "requirements/base.txt": "attrs==23.1.0\n",
        },
    )
    result = run_policy(tmp_path, "PIN001")
    assert where(result) == [("requirements/base.txt", 1)]
    assert "another requirement installed with it has --hash" in result.findings[0].message


def test_includes_are_followed_relative_to_the_including_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "-r deps/common.in\n",
            "deps/common.in": "-r more.in\nrequests\n",
            "deps/more.in": "idna>=3\n",
        },
    )
    result = run_policy(tmp_path, "PIN001")
    assert where(result) == [("deps/common.in", 2), ("deps/more.in", 1)]
    assert result.metrics["files"] == 3


def test_missing_include_and_cycle_name_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "x==1\n-r requirements/a.txt\n-r nowhere.txt\n",
            "requirements/a.txt": "-r b.txt\n",
            "requirements/b.txt": "-r a.txt\n",
        },
    )
    result = run_policy(tmp_path, "PIN001")
    messages = {(f.location.path, f.location.start_line): f.message for f in result.findings}
    assert "no such file (nowhere.txt)" in messages[("requirements.txt", 3)]
    cycles = [m for m in messages.values() if m.startswith("include cycle")]
    assert len(cycles) == 1  # reported once, though both files are roots
    assert "requirements/a.txt -> requirements/b.txt -> requirements/a.txt" in cycles[0]


def test_constraint_file_pins_an_open_requirement(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "-c constraints.txt\nrequests\nflask\n",
            "constraints.txt": "requests==2.32.3\n",
        },
    )
    result = run_policy(tmp_path, "PIN001")
    assert where(result) == [("requirements.txt", 3)]


def test_urls_vcs_and_local_paths(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": (
                f"good @ git+https://github.com/o/good@{SHA}\n"
                "bad @ git+https://github.com/o/bad@v1.0\n"
                "-e git+https://github.com/o/edit#egg=edit\n"
                "https://example.invalid/other-1.0.tar.gz\n"
                "-e ./libs/local\n"
            ),
            "requirements-url.txt": "pkg @ https://example.invalid/pkg-1.0.tar.gz#sha256="
            + "b" * 64
            + "\n",
        },
    )
    result = run_policy(tmp_path, "PIN001")
    assert where(result) == [("requirements.txt", n) for n in (2, 3, 4, 5)]
    assert "ref 'v1.0'" in result.findings[0].message
    assert "no ref" in result.findings[1].message
    assert "has no hash" in result.findings[2].message
    allowed = run_policy(tmp_path, "PIN001", {"requirements": {"allow_local_editable": True}})
    assert ("requirements.txt", 5) not in where(allowed)


def test_the_project_itself_is_no_dependency(tmp_path: Path) -> None:
    """`.` and `-e .` install the project being developed (its dependencies are judged in
    pyproject.toml and its lock); any other local path still needs the allow option, and a
    named direct URL without a hash is reported as one, never as a local path."""
    write(
        tmp_path,
        {
            "requirements-dev.txt": (
                "-e .\n"
                ".\n"
                "./\n"
                "-e ./libs/local\n"
                "../sibling\n"
                "evil @ https://example.invalid/evil-1.0.tar.gz\n"
            )
        },
    )
    result = run_policy(tmp_path, "PIN001", {"requirements": {"allow_local_paths": True}})
    assert where(result) == [("requirements-dev.txt", n) for n in (4, 6)]
    editable, url = result.findings
    assert "editable local path ./libs/local" in editable.message
    assert url.message.startswith("direct URL https://example.invalid/evil-1.0.tar.gz has no hash")


def test_hash_checking_rejects_vcs_requirements_as_pip_does(tmp_path: Path) -> None:
    write(
        tmp_path, {"requirements.txt": f"six==1.16.0 {HASH}\ng @ git+https://h.invalid/g@{SHA}\n"}
    )
    (finding,) = run_policy(tmp_path, "PIN001").findings
    assert "cannot be hash-checked" in finding.message


def test_unparseable_line_is_an_error_finding_not_a_pass(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "ok==1.0\nthis is bad ===\n"})
    result = run_policy(tmp_path, "PIN001", {"requirements": {}})
    (finding,) = result.findings
    assert finding.severity is Severity.ERROR
    assert finding.location is not None and finding.location.start_line == 2
    assert "cannot parse requirement line" in finding.message


def test_fix_uses_the_version_a_lock_file_records(tmp_path: Path) -> None:
    copy_fixture("locks/uv", tmp_path)
    write(tmp_path, {"requirements.txt": "click>=8\n"})
    (finding,) = run_policy(tmp_path, "PIN001").findings
    assert finding.fix is not None and finding.fix.startswith("pin it: click==8.5.1 ")


def test_fingerprint_survives_moving_the_line(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "click\n"})
    before = run_policy(tmp_path, "PIN001").findings[0].fingerprint
    write(tmp_path, {"requirements.txt": "# new comment\n\nclick\n"})
    assert run_policy(tmp_path, "PIN001").findings[0].fingerprint == before


@pytest.mark.slow
def test_precommit_hook_command_follows_includes_of_changed_files(repo) -> None:
    """The `gate-pins` hook: `gate check --select PIN --policy-from head PATHS...`."""
    repo.write("requirements.txt", "-r requirements/base.txt\nsix==1.16.0\n")
    repo.write("requirements/base.txt", "requests\n")
    repo.write("Dockerfile", "FROM python:3.12\n")
    repo.commit("deps")
    proc = subprocess.run(
        [GATE, "check", "--select", "PIN", "--policy-from", "head", "requirements.txt"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "requirements/base.txt:1: requests" in proc.stdout
    assert "Dockerfile" not in proc.stdout  # not among the files pre-commit passed
    clean = subprocess.run(
        [GATE, "check", "--select", "PIN", "--policy-from", "head", "README.md"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr


@pytest.mark.slow
def test_json_report_carries_pinned_counts_per_policy(repo, tmp_path: Path) -> None:
    repo.write("requirements.txt", "six==1.16.0\nclick\n")
    repo.write(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/w.yml@v1\n",
    )
    repo.commit("deps")
    report = tmp_path / "pins.json"
    proc = subprocess.run(
        [GATE, "check", "--select", "PIN", "--report", f"json:{report}"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    metrics = {p["id"]: p["metrics"] for p in json.loads(report.read_text())["policies"]}
    assert (metrics["PIN001"]["pinned"], metrics["PIN001"]["total"]) == (1, 2)
    assert (metrics["PIN003"]["pinned"], metrics["PIN003"]["total"]) == (0, 1)
    assert metrics["PIN004"]["total"] == 0
