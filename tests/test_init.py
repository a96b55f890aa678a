"""gate init: writes the template files, never overwrites without --force, detects layout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_config

from gate import config, init
from gate.cli import main

REF = "1234567890abcdef1234567890abcdef12345678"
ROOT = Path(__file__).resolve().parent.parent
WRITTEN = [
    ".github/workflows/ci.yml",
    ".pre-commit-config.yaml",
    ".github/dependabot.yml",
    "gate.yml",
]


def run_init(root: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, ["init", "--root", str(root), "--ref", REF, *extra])


def test_writes_every_file_and_says_so(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    repo.write("requirements.txt", "requests==2.32.3\n")
    result = run_init(repo.path, "--repo", "acme/policy-gate")
    assert result.exit_code == 0, result.output
    for name in WRITTEN:
        assert f"wrote {name}" in result.output
        assert (repo.path / name).is_file()
    assert "install mode: pip" in result.output
    workflow = (repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert f"uses: acme/policy-gate/.github/workflows/python-ci.yml@{REF} # v" in workflow
    assert "install-mode: pip" in workflow
    hooks = (repo.path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'rev: "{REF}" # frozen: v' in hooks
    assert "https://github.com/acme/policy-gate\n" in hooks
    for name in WRITTEN:  # no placeholder survives
        assert init.PLACEHOLDER_SHA not in (repo.path / name).read_text(encoding="utf-8")


def test_generated_configs_load_with_their_own_schemas(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    assert run_init(repo.path).exit_code == 0
    loaded = load_config(str(repo.path / ".pre-commit-config.yaml"))
    hook_ids = {hook["id"] for r in loaded["repos"] for hook in r["hooks"]}
    assert {"ruff-check", "black", "bandit", "gate-secrets", "gate-pins"} <= hook_ids
    text = (repo.path / "gate.yml").read_text(encoding="utf-8")
    parsed = config.validate(yaml.safe_load(text), "gate.yml")
    assert parsed.model == config.defaults().model  # the defaults, spelled out
    assert text.endswith(config.defaults_yaml())


def test_refuses_to_overwrite_and_writes_nothing(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    repo.write(".pre-commit-config.yaml", "repos: []\n")
    result = run_init(repo.path)
    assert result.exit_code == 2
    assert (
        "would overwrite .pre-commit-config.yaml; nothing was written (use --force)"
        in result.output
    )
    assert (repo.path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    assert not (repo.path / ".github").exists()
    forced = run_init(repo.path, "--force")
    assert forced.exit_code == 0
    assert "overwrote .pre-commit-config.yaml" in forced.output
    assert "gate-secrets" in (repo.path / ".pre-commit-config.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "mode", "ecosystem"),
    [
        ({"uv.lock": "", "pyproject.toml": "[project]\nname='x'\n"}, "uv", "uv"),
        ({"requirements-dev.txt": ""}, "pip", "pip"),
        ({"pyproject.toml": "[project]\nname='x'\n"}, "pyproject", "pip"),
        ({}, "auto", "pip"),
    ],
)
def test_layout_fills_the_install_mode(
    make_repo: Callable[..., Any], files: dict[str, str], mode: str, ecosystem: str
) -> None:
    repo = make_repo()
    for name, text in files.items():
        repo.write(name, text)
    assert run_init(repo.path).exit_code == 0
    workflow = yaml.safe_load((repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["python-ci"]["with"]["install-mode"] == mode
    dependabot = yaml.safe_load((repo.path / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert dependabot["updates"][0]["package-ecosystem"] == ecosystem


def test_a_dockerfile_switches_the_docker_stage_on(
    make_repo: Callable[..., Any], tmp_path: Path
) -> None:
    repo = make_repo("My_Service")
    repo.write("Dockerfile", "FROM scratch\n")
    assert run_init(repo.path).exit_code == 0
    workflow = yaml.safe_load((repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["python-ci"]["with"]["docker"] is True
    assert workflow["jobs"]["python-ci"]["with"]["docker-image"] == "my_service"


def test_an_existing_gate_config_is_kept(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    repo.write("pyproject.toml", "[tool.gate]\nfail_on = 'warning'\n")
    result = run_init(repo.path)
    assert result.exit_code == 0
    assert not (repo.path / "gate.yml").exists()  # two configurations would be an error
    assert "kept your gate configuration pyproject.toml" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ref", "v1.0.0"], "full 40-character commit SHA"),
        (["--ref", REF, "--repo", "not a repo"], "OWNER/REPO"),
    ],
)
def test_bad_ref_or_repo_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["init", "--root", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / ".github").exists()


def test_default_ref_is_the_commit_this_gate_came_from() -> None:
    commit = init.installed_commit()
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not head:
        pytest.skip("the gate's source is not a git checkout here")
    assert commit == head


@pytest.mark.slow
def test_the_wheel_ships_the_templates(tmp_path: Path) -> None:
    """Build the real wheel, install it into a directory and find the templates there."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("policy_gate-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in init.FILES:
        assert f"gate/_templates/{name}" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    done = subprocess.run(
        [sys.executable, "-c", "from gate.init import templates_dir; print(templates_dir())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(done.stdout.strip()) == target / "gate" / "_templates"
