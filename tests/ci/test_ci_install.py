"""gate/ci/install.py: detecting uv / pip / pyproject projects and planning the install."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gate.ci import install
from gate.ci.install import InstallMode
from gate.cli import main
from gate.errors import InputError, MissingInput


def touch(root: Path, *names: str, text: str = "") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "mode"),
    [
        (["uv.lock", "pyproject.toml", "requirements.txt"], InstallMode.UV),
        (["requirements.txt", "pyproject.toml"], InstallMode.PIP),
        (["requirements/test.txt"], InstallMode.PIP),
        (["pyproject.toml"], InstallMode.PYPROJECT),
        (["setup.py"], InstallMode.PYPROJECT),
    ],
)
def test_detect(tmp_path: Path, files: list[str], mode: InstallMode) -> None:
    touch(tmp_path, *files)
    assert install.detect(tmp_path) is mode


def test_detect_fails_closed_on_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(MissingInput, match=r"no uv\.lock, requirements"):
        install.detect(tmp_path)


def test_requirement_files_keep_test_ones_and_leave_docs_out(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "requirements.txt",
        "requirements-dev.txt",
        "requirements-docs.txt",
        "requirements/test.txt",
        "requirements/docs.txt",
    )
    assert install.requirement_files(tmp_path) == [
        "requirements.txt",
        "requirements-dev.txt",
        "requirements/test.txt",
    ]


def test_resolve_rejects_an_unknown_mode(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown install mode 'conda'"):
        install.resolve(tmp_path, "conda")


def test_plan_pyproject_installs_test_extras_and_groups(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "pyproject.toml",
        text=(
            '[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["pytest"]\n'
            'docs = ["sphinx"]\ndev = ["ruff"]\n[dependency-groups]\ntest = ["pytest"]\n'
        ),
    )
    plan = install.plan(tmp_path, InstallMode.PYPROJECT, "python3", tmp_path / "venv")
    assert plan.python == str(tmp_path / "venv" / "bin" / "python")
    assert plan.commands[0] == ("python3", "-m", "venv", str(tmp_path / "venv"))
    assert plan.commands[1][-4:] == ("-e", ".[test,dev]", "--group", "test")


def test_plan_pip_installs_every_requirement_file_then_the_project(tmp_path: Path) -> None:
    touch(tmp_path, "requirements.txt", "requirements-test.txt", "pyproject.toml")
    plan = install.plan(tmp_path, InstallMode.PIP, "python3", tmp_path / "v")
    assert plan.commands[1][-4:] == ("-r", "requirements.txt", "-r", "requirements-test.txt")
    assert plan.commands[2][-3:] == ("--no-deps", "-e", ".")


def test_plan_uv_syncs_the_lock(tmp_path: Path) -> None:
    plan = install.plan(tmp_path, InstallMode.UV, "/usr/bin/python3.12", tmp_path / "v")
    assert plan.commands == (
        ("uv", "sync", "--locked", "--all-extras", "--python", "/usr/bin/python3.12"),
    )


def test_audit_reads_requirement_files_or_the_installed_environment(tmp_path: Path) -> None:
    touch(tmp_path, "requirements.txt")
    pip = install.audit_command(tmp_path, InstallMode.PIP, "out.json")
    assert pip[-2:] == ("-r", "requirements.txt")
    assert install.audit_command(tmp_path, InstallMode.PYPROJECT, "o.json")[-1] == "--skip-editable"
    # uv environments have no pip: the lock is exported with hashes and audited instead.
    uv = install.audit_command(tmp_path, InstallMode.UV, "d/o.json")
    assert uv[-4:] == ("-r", "d/uv-requirements.txt", "--require-hashes", "--disable-pip")
    export = install.uv_export_command("d/o.json")
    assert export[:3] == ("uv", "export", "--locked")
    assert export[-2:] == ("-o", "d/uv-requirements.txt")


@pytest.mark.slow
def test_the_uv_export_is_what_pip_audit_reads(tmp_path: Path) -> None:
    """Real uv on a real lock (offline: nothing to download for an empty project)."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed (the e2e extra)")
    touch(tmp_path, "pyproject.toml", text='[project]\nname = "p"\nversion = "0"\n')
    subprocess.run([uv, "lock", "-q", "--offline"], cwd=tmp_path, check=True)
    out = tmp_path / "out" / "pip-audit.json"
    out.parent.mkdir()
    subprocess.run(install.uv_export_command(str(out)), cwd=tmp_path, check=True)
    exported = Path(install.uv_export_path(str(out)))
    assert exported.is_file()
    assert "uv export" in exported.read_text(encoding="utf-8")


@pytest.mark.slow
def test_install_command_builds_a_real_environment(tmp_path: Path) -> None:
    """A real venv and a real (offline) pip run over an empty requirement file."""
    project = tmp_path / "project"
    touch(project, "requirements.txt", text="# nothing to install\n")
    result = CliRunner().invoke(
        main,
        [
            "ci",
            "install",
            "--root",
            str(project),
            "--venv",
            str(tmp_path / "env"),
            "--test-tools",
            "false",
        ],
    )
    assert result.exit_code == 0, result.output
    values = dict(line.split("=", 1) for line in result.output.splitlines() if "=" in line)
    assert values["mode"] == "pip"
    done = subprocess.run(
        [values["python"], "-c", "import sys, json; print(json.dumps(sys.prefix))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(json.loads(done.stdout)) == tmp_path / "env"


def test_install_mode_cli_writes_github_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "uv.lock")
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    result = CliRunner().invoke(main, ["ci", "install-mode", "--root", str(tmp_path)])
    assert result.exit_code == 0
    assert output.read_text(encoding="utf-8") == "mode=uv\n"
    empty = CliRunner().invoke(main, ["ci", "install-mode", "--root", str(tmp_path / "none")])
    assert empty.exit_code == 2


LOCK = Path(__file__).resolve().parents[2] / "action" / "coverage.lock.txt"


def install_with(project: Path, env: Path, *extra: str) -> Any:
    args = ["ci", "install", "--root", str(project), "--venv", str(env), *extra]
    return CliRunner().invoke(main, args)


def test_a_project_without_coverage_gets_the_actions_pin_and_pytest_is_asked_for(
    tmp_path: Path,
) -> None:
    """The issue's first red job: the project brings neither; coverage is installed from
    the action's hashed lock, pytest (the project's test runner) fails the install step."""
    project = tmp_path / "project"
    touch(project, "requirements-test.txt", text="# no test tools declared\n")
    result = install_with(project, tmp_path / "env", "--coverage-lock", str(LOCK))
    assert result.exit_code == 2, result.output
    last = result.output.strip().splitlines()[-1]
    assert last == (
        "gate ci: error: the project environment has no pytest, which the tests run with: "
        "add pytest to one of the requirement files the install reads (requirements-test.txt)"
    )
    python = str(tmp_path / "env" / "bin" / "python")
    assert install.missing(python) == ("pytest",)
    locked = re.findall(r"^coverage==(\S+) ; (.*) \\$", LOCK.read_text(encoding="utf-8"), re.M)
    done = subprocess.run(
        [python, "-c", "import coverage; print(coverage.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() in {version for version, _ in locked}


def test_without_a_lock_a_missing_coverage_is_one_line_naming_where_to_add_it(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    touch(project, "pyproject.toml", text='[project]\nname = "p"\nversion = "0"\n')
    touch(project, "p.py", text="")
    result = install_with(project, tmp_path / "env", "--mode", "pyproject")
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        "gate ci: error: the project environment has no coverage: add coverage to a test "
        "extra ([project.optional-dependencies] test) or a dev group"
    )


def test_coverage_is_installed_hash_checked_and_alone_in_both_modes(tmp_path: Path) -> None:
    pip = install.coverage_command(install.InstallMode.PIP, "/env/bin/python", LOCK)
    assert pip[:4] == ("/env/bin/python", "-m", "pip", "install")
    uv = install.coverage_command(install.InstallMode.UV, "/env/bin/python", LOCK)
    assert uv[:5] == ("uv", "pip", "install", "--python", "/env/bin/python")
    for command in (pip, uv):
        assert command[-4:] == ("--require-hashes", "--no-deps", "-r", str(LOCK))
    text = LOCK.read_text(encoding="utf-8")
    assert "--hash=sha256:" in text and "://" not in text


def test_the_coverage_lock_holds_the_versions_of_the_actions_own_lock() -> None:
    """The project's tests and the gate's combine measure with the same coverage.py."""
    pattern = re.compile(r"^coverage==(\S+) ; (.*) \\$", re.M)
    own = pattern.findall((LOCK.parent / "requirements.lock.txt").read_text(encoding="utf-8"))
    assert sorted(pattern.findall(LOCK.read_text(encoding="utf-8"))) == sorted(own) != []
