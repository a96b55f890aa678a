"""gate init: writes the template files, never overwrites without --force, detects layout,
pins the commit the installed gate came from (a wheel too) and refuses refs that can move."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_config

from gate import __version__, config, init
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
    # Nothing here can say which release REF is: no version comment rather than a wrong one.
    assert f"uses: acme/policy-gate/.github/workflows/python-ci.yml@{REF}\n" in workflow
    assert "install-mode: pip" in workflow
    hooks = (repo.path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'rev: "{REF}"\n' in hooks
    assert f"no version comment beside {REF}" in result.output
    assert "https://github.com/acme/policy-gate\n" in hooks
    for name in WRITTEN:  # no placeholder survives
        assert init.PLACEHOLDER_SHA not in (repo.path / name).read_text(encoding="utf-8")


def test_generated_configs_load_with_their_own_schemas(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    assert run_init(repo.path).exit_code == 0
    loaded = load_config(str(repo.path / ".pre-commit-config.yaml"))
    hooks = [hook for r in loaded["repos"] for hook in r["hooks"]]
    hook_ids = {hook["id"] for hook in hooks}
    # ruff formats (nothing here configures black), and gate-secrets covers private keys.
    assert {"ruff-check", "ruff-format", "bandit", "gate-secrets", "gate-pins"} <= hook_ids
    assert not hook_ids & {"black", "detect-private-key"}
    dependencies = [d for hook in hooks for d in hook.get("additional_dependencies", [])]
    assert dependencies
    assert all("==" in d for d in dependencies), dependencies
    text = (repo.path / "gate.yml").read_text(encoding="utf-8")
    parsed = config.validate(yaml.safe_load(text), "gate.yml")
    assert parsed.model == config.defaults().model  # nothing differs from the defaults...
    assert yaml.safe_load(text) is None  # ...so nothing is set: no frozen copy of them
    modeline = text.splitlines()[0]
    assert modeline == (
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/policy-gate/"
        f"policy-gate/{REF}/schemas/gate-config.schema.json"
    )


def test_the_schema_the_modeline_names_is_the_configs(make_repo: Callable[..., Any]) -> None:
    """schemas/gate-config.schema.json is `gate schema` (GATE_UPDATE_README=1 rewrites it)."""
    import json
    import os

    committed = ROOT / init.SCHEMA
    current = json.dumps(config.json_schema(), indent=2) + "\n"
    if os.environ.get("GATE_UPDATE_README") == "1":
        committed.write_text(current, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == current
    result = CliRunner().invoke(main, ["schema"])
    assert json.loads(result.output) == json.loads(current)


def test_refuses_to_overwrite_and_writes_nothing(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    repo.write(".github/workflows/ci.yml", "name: mine\n")
    result = run_init(repo.path)
    assert result.exit_code == 2
    assert "would overwrite .github/workflows/ci.yml; nothing was written" in result.output
    assert (repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8") == "name: mine\n"
    assert not (repo.path / ".pre-commit-config.yaml").exists()
    assert not (repo.path / "gate.yml").exists()
    forced = run_init(repo.path, "--force")
    assert forced.exit_code == 0
    assert "overwrote .github/workflows/ci.yml" in forced.output
    assert "python-ci.yml@" in (repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8")


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


DOCKER_SCOPES = {"packages", "id-token", "attestations"}


def test_a_dockerfile_adds_the_docker_job_with_its_scopes(make_repo: Callable[..., Any]) -> None:
    repo = make_repo("My_Service")
    repo.write("Dockerfile", "FROM scratch\n")
    assert run_init(repo.path).exit_code == 0
    workflow = yaml.safe_load((repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    docker = workflow["jobs"]["docker"]
    assert docker["uses"] == f"policy-gate/policy-gate/.github/workflows/python-docker.yml@{REF}"
    assert docker["with"] == {"docker-image": "my_service"}
    assert {docker["permissions"][scope] for scope in DOCKER_SCOPES} == {"write"}
    assert not DOCKER_SCOPES & set(workflow["jobs"]["python-ci"]["permissions"])


def test_without_docker_the_caller_grants_no_docker_scopes(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    assert run_init(repo.path).exit_code == 0
    workflow = yaml.safe_load((repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert list(workflow["jobs"]) == ["python-ci"]
    job = workflow["jobs"]["python-ci"]
    assert "docker" not in job["with"]
    assert set(job["permissions"]) == {"contents", "security-events", "actions", "pull-requests"}


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
        (["--ref", "v1.0.0"], "a tag or branch can be moved"),
        (["--ref", "main"], "a tag or branch can be moved"),
        (["--ref", "1234567"], "--ref '1234567' is a short SHA; give all 40 characters"),
        (["--ref", REF[:39]], "is a short SHA; give all 40 characters"),
        (["--ref", REF, "--repo", "not a repo"], "OWNER/REPO"),
        (["--ref", REF, "--workflow-file", "../ci.yml"], "--workflow-file must be a file name"),
        (["--ref", REF, "--workflow-file", "python-ci.yml"], "--workflow-file must be"),
        (["--ref", REF, "--owners", "team"], "--owners takes @user, @org/team or an email"),
    ],
)
def test_bad_ref_or_repo_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["init", "--root", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1  # one line, no traceback
    assert not (tmp_path / ".github").exists()


def test_default_ref_is_the_commit_this_gate_came_from() -> None:
    commit = init.installed_commit()
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not head:
        pytest.skip("the gate's source is not a git checkout here")
    assert commit == head


def test_without_ref_the_installed_commit_is_pinned_with_its_version(
    make_repo: Callable[..., Any],
) -> None:
    head = init.installed_commit()
    if head is None:
        pytest.skip("the gate's source is not a git checkout here")
    repo = make_repo()
    result = CliRunner().invoke(main, ["init", "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    comment = init.pinning.checkout_tag(head) or f"v{__version__}"
    workflow = (repo.path / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert f"python-ci.yml@{head} # {comment}\n" in workflow
    hooks = (repo.path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'rev: "{head}" # frozen: {comment}\n' in hooks
    # The same commit given as --ref is recognised as this installation's: same comment.
    again = CliRunner().invoke(main, ["init", "--root", str(repo.path), "--ref", head.upper()])
    assert again.exit_code == 0, again.output
    assert "is already up to date" in again.output


def test_a_given_ref_gets_the_release_tag_a_local_clone_knows(
    make_repo: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clone of policy-gate that tags the commit says which release it is; else no comment."""
    from gate.git import Git

    clone = make_repo("policy-gate-clone")
    tagged = clone.git("rev-parse", "HEAD").strip()
    clone.git("tag", "v9.8.7")
    clone.git("tag", "not-a-release")
    clone.write("later.txt", "x\n")
    clone.commit("later")
    untagged = clone.git("rev-parse", "HEAD").strip()
    monkeypatch.setattr(init.pinning, "source_checkout", lambda: Git(clone.path))
    monkeypatch.setattr(init.pinning, "installed_commit", lambda: None)
    adopter = make_repo()
    result = CliRunner().invoke(
        main, ["init", "--root", str(adopter.path), "--ref", tagged, "--only", "workflow"]
    )
    assert result.exit_code == 0, result.output
    workflow = (adopter.path / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert f"python-ci.yml@{tagged} # v9.8.7\n" in workflow
    result = CliRunner().invoke(
        main,
        ["init", "--root", str(adopter.path), "--ref", untagged, "--only", "workflow", "--force"],
    )
    assert result.exit_code == 0, result.output
    workflow = (adopter.path / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert f"python-ci.yml@{untagged}\n" in workflow
