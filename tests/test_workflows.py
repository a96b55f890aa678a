"""The workflow, the action, the templates and what `gate init` writes pass the linters.

actionlint, zizmor (offline, pedantic persona, no config file), check-jsonschema and
pre-commit's own schema, run for real from this environment's bin directory; plus the
repository's own rules (no ``${{ }}`` in ``run:``, SHA pins, unpersisted credentials,
commented permissions) and the README's input/output tables.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_config, load_manifest

from gate.cli import main
from gate.policies import load_all

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKFLOWS = [
    ".github/workflows/ci.yml",
    ".github/workflows/python-ci.yml",
    ".github/workflows/gate-publish.yml",
    ".github/workflows/release.yml",
    "templates/.github/workflows/ci.yml",
    "templates/.github/workflows/gate-publish.yml",
]
ACTIONS = ["action/action.yml"]
DEPENDABOT = ["templates/.github/dependabot.yml"]
REF = "89abcdef0123456789abcdef0123456789abcdef"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v?\d+(\.\d+)*$")


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: install the test extra (pip install -e '.[test]')")
    return str(found)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository after `gate init`, with a Dockerfile so the docker inputs are written too."""
    root = tmp_path_factory.mktemp("adopter")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "requirements.txt").write_text("requests==2.32.3\n", encoding="utf-8")
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim@sha256:" + "0" * 64 + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["init", "--root", str(root), "--ref", REF])
    assert result.exit_code == 0, result.output
    return root


def test_actionlint_passes_our_workflows() -> None:
    done = run([tool("actionlint"), "-no-color", "-oneline", *WORKFLOWS], ROOT)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_passes_what_init_writes(initialised: Path) -> None:
    done = run([tool("actionlint"), "-no-color", "-oneline"], initialised)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def zizmor(paths: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    if sys.version_info < (3, 11):  # zizmor >= 1.32 (the `$/` audits) needs Python 3.11
        pytest.skip("zizmor >= 1.32 is not installable on Python 3.10")
    return run([tool("zizmor"), "--offline", "--no-config", "--persona", "pedantic", *paths], cwd)


def test_zizmor_finds_nothing_in_ours() -> None:
    done = zizmor([*WORKFLOWS, *ACTIONS, *DEPENDABOT], ROOT)
    assert done.returncode == 0, done.stdout
    assert "No findings to report" in done.stdout


def test_zizmor_finds_nothing_in_what_init_writes(initialised: Path) -> None:
    written = [".github/workflows/ci.yml", ".github/workflows/gate-publish.yml"]
    done = zizmor([*written, ".github/dependabot.yml"], initialised)
    assert done.returncode == 0, done.stdout
    assert "No findings to report" in done.stdout


def test_zizmor_is_really_auditing(tmp_path: Path) -> None:
    """The same run flags a known-bad workflow, so a clean result above means something."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    done = zizmor([str(bad)], tmp_path)
    assert done.returncode != 0
    for audit in ("unpinned-uses", "template-injection", "artipacked", "excessive-permissions"):
        assert audit in done.stdout


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-actions", ACTIONS),
        ("vendor.dependabot", DEPENDABOT),
    ],
)
@pytest.mark.slow
def test_json_schemas(schema: str, paths: list[str]) -> None:
    done = run([tool("check-jsonschema"), "--builtin-schema", schema, *paths], ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_json_schemas_of_what_init_writes(initialised: Path) -> None:
    for schema, path in (
        ("vendor.github-workflows", ".github/workflows/ci.yml"),
        ("vendor.github-workflows", ".github/workflows/gate-publish.yml"),
        ("vendor.dependabot", ".github/dependabot.yml"),
    ):
        done = run([tool("check-jsonschema"), "--builtin-schema", schema, path], initialised)
        assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_files_load_with_pre_commit_itself() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"gate-secrets", "gate-pins", "gate"}
    assert hooks["gate"]["stages"] == ["manual"]
    assert not hooks["gate"]["pass_filenames"]
    for path in (".pre-commit-config.yaml", "templates/.pre-commit-config.yaml"):
        assert load_config(str(ROOT / path))["repos"]


def hook_entry(hook_id: str) -> list[str]:
    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    entry: list[str] = hooks[hook_id]["entry"].split()
    assert entry[0] == "gate"
    return entry[1:]


@pytest.mark.slow
def test_hook_entries_run_with_the_real_cli(make_repo: Callable[..., Any]) -> None:
    repo = make_repo()
    repo.write("requirements.txt", "requests==2.32.3\n")
    repo.write("app.py", "print('hello')\n")
    repo.commit("clean")
    runner = CliRunner()
    secrets = runner.invoke(main, [*hook_entry("gate-secrets"), "--root", str(repo.path), "app.py"])
    assert secrets.exit_code == 0, secrets.output
    pins = runner.invoke(
        main, [*hook_entry("gate-pins"), "--root", str(repo.path), "requirements.txt"]
    )
    assert pins.exit_code == 0, pins.output
    repo.write("requirements.txt", "requests>=2\n")
    loose = runner.invoke(
        main, [*hook_entry("gate-pins"), "--root", str(repo.path), "requirements.txt"]
    )
    assert loose.exit_code == 1, loose.output


def test_gate_pins_hook_files_pattern_matches_what_pin_checks() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    pattern = re.compile(hooks["gate-pins"]["files"])
    for path in (
        "requirements.txt",
        "requirements/dev.txt",
        "sub/pyproject.toml",
        "uv.lock",
        "poetry.lock",
        "pdm.lock",
        "pylock.toml",
        "pylock.dev.toml",
        ".github/workflows/ci.yml",
        "action/action.yml",
        "Dockerfile",
        "docker/app.Dockerfile",
        ".pre-commit-config.yaml",
    ):
        assert pattern.search(path), path
    # requirements.in files are meant to be loose: pip-compile pins their output.
    for path in ("README.md", "src/app.py", ".github/dependabot.yml", "requirements.in"):
        assert not pattern.search(path), path


def test_init_output_passes_the_gates_own_pin_policies(initialised: Path) -> None:
    if not any(pid.startswith("PIN") for pid in load_all()):
        pytest.skip("no PIN policy is registered yet")
    result = CliRunner().invoke(main, ["check", "--select", "PIN", "--root", str(initialised)])
    assert result.exit_code == 0, result.output


# -- the repository's own rules ------------------------------------------------------------


def load(path: str) -> Any:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def steps(document: Any) -> Iterator[dict[str, Any]]:
    if "runs" in document:
        yield from document["runs"]["steps"]
        return
    for job in document["jobs"].values():
        yield from job.get("steps", [])


def all_steps() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in (*WORKFLOWS, *ACTIONS):
        for step in steps(load(path)):
            yield path, step


def test_no_expression_inside_any_run_script() -> None:
    offenders = [(p, s.get("name")) for p, s in all_steps() if "${{" in str(s.get("run", ""))]
    assert offenders == []


def test_every_third_party_action_is_pinned_to_a_sha_with_its_version() -> None:
    uses: list[str] = []
    for path in (*WORKFLOWS, *ACTIONS):
        uses += [
            line.split("uses:", 1)[1].strip()
            for line in (ROOT / path).read_text(encoding="utf-8").splitlines()
            if line.strip().startswith(("uses:", "- uses:"))
        ]
    remote = [u for u in uses if not u.startswith(("$/", "./"))]
    assert len(remote) >= 10
    assert [u for u in remote if not PINNED.match(u)] == []


def test_every_checkout_drops_its_credentials() -> None:
    checkouts = [
        s for _, s in all_steps() if str(s.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def test_permissions_are_empty_at_the_top_and_commented_per_job() -> None:
    for path in WORKFLOWS:
        assert load(path)["permissions"] == {}, path
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        scopes = [ln for ln in lines if re.match(r"^\s+[a-z-]+: (read|write)\b", ln)]
        assert scopes, path
        assert [ln for ln in scopes if " # " not in ln] == [], path


def test_reusable_workflow_inputs_are_typed_documented_and_defaulted() -> None:
    inputs = load(".github/workflows/python-ci.yml")[True]["workflow_call"]["inputs"]
    for name, spec in inputs.items():
        assert spec["type"] in {"string", "number", "boolean"}, name
        assert spec.get("description"), name
        assert "default" in spec and not spec.get("required"), name


# -- README tables, generated from the YAML ------------------------------------------------


def cell(value: Any) -> str:
    if isinstance(value, bool):
        value = str(value).lower()
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return f"`{text}`" if text else '`""`'


def input_table(inputs: dict[str, Any], typed: bool) -> str:
    head = (
        "| input | type | default | description |" if typed else "| input | default | description |"
    )
    rows = [head, "|---|---|---|---|" if typed else "|---|---|---|"]
    for name, spec in inputs.items():
        kind = f" {spec['type']} |" if typed else ""
        rows.append(f"| `{name}` |{kind} {cell(spec.get('default', ''))} | {spec['description']} |")
    return "\n".join(rows) + "\n"


def output_table(outputs: dict[str, Any]) -> str:
    rows = ["| output | description |", "|---|---|"]
    rows += [f"| `{name}` | {spec['description']} |" for name, spec in outputs.items()]
    return "\n".join(rows) + "\n"


def tables() -> list[str]:
    call = load(".github/workflows/python-ci.yml")[True]["workflow_call"]
    action = load("action/action.yml")
    return [
        input_table(call["inputs"], typed=True),
        output_table(call["outputs"]),
        input_table(action["inputs"], typed=False),
        output_table(action["outputs"]),
    ]


def test_readme_tables_match_the_yaml() -> None:
    text = (ROOT / "docs" / "adopting.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- adopt:start -->\n(.*?)<!-- adopt:end -->", text, re.S)
    assert section, "README has no adopt section"
    for table in tables():
        assert table in section.group(1), f"README adopt table is stale; expected:\n{table}"


def test_only_the_docker_workflow_asks_for_package_and_attestation_writes() -> None:
    """GitHub checks every job a called workflow declares, even a skipped one: a caller of
    python-ci.yml must not have to grant what only the docker stage needs."""
    docker_scopes = {"packages", "id-token", "attestations"}
    ci_jobs = load(".github/workflows/python-ci.yml")["jobs"]
    for name, job in ci_jobs.items():
        asked = set((job.get("permissions") or {}).keys())
        assert not asked & docker_scopes, f"python-ci.yml job {name} asks for {asked}"
    docker = load(".github/workflows/python-docker.yml")
    assert docker["permissions"] == {}
    scopes = docker["jobs"]["docker"]["permissions"]
    assert {k for k, v in scopes.items() if v == "write"} == docker_scopes
    own = load(".github/workflows/ci.yml")["jobs"]["python-ci"]["permissions"]
    assert not set(own) & docker_scopes
