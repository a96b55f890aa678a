"""The command line: exit codes, report sinks, Actions files, trusted config (gate/cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from gate import registry
from gate.cli import main
from gate.context import Context
from gate.findings import Finding, Metric
from gate.policies.base import Policy, PolicySettings


def run(*args: str, env: dict[str, str] | None = None):
    base_env = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    return CliRunner().invoke(main, list(args), env={**base_env, **(env or {})})


class Crash(Policy[PolicySettings]):
    """Has a bug."""

    id = "TST900"
    slug = "crash"
    title = "Crash"

    def evaluate(self, ctx: Context, settings: PolicySettings) -> Iterator[Finding | Metric]:
        raise RuntimeError("secret-ish internals must not be printed")
        yield  # pragma: no cover


@pytest.fixture
def crashing_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.POLICIES, Crash.id, f"{__name__}:Crash")


def test_pass_exit_0_with_terminal_report(repo) -> None:
    result = run("check", "--root", str(repo.path), "--select", "GATE001")
    assert result.exit_code == 0, result.output
    assert "gate passed" in result.stdout


def test_internal_error_exit_3_one_line_no_traceback(repo, crashing_policy: None) -> None:
    result = run("check", "--root", str(repo.path), "--select", "TST900")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "internal error: RuntimeError" in result.stderr
    assert "secret-ish" not in result.stderr and "Traceback" not in result.output


def test_unknown_selector_is_a_usage_error(repo) -> None:
    result = run("check", "--root", str(repo.path), "--select", "NOPE")
    assert result.exit_code == 2
    assert "no policy matches 'NOPE'" in result.stderr


def test_unknown_report_name_is_a_usage_error(repo) -> None:
    result = run("check", "--root", str(repo.path), "--report", "html:x.html")
    assert result.exit_code == 2
    assert "unknown report 'html'" in result.stderr


def test_unknown_base_ref_names_the_ref(repo) -> None:
    result = run("check", "--root", str(repo.path), "--base", "no-such-branch")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "gate: error: no-such-branch: unknown git ref (is it fetched? use fetch-depth: 0)"
    ]


def test_base_outside_a_git_checkout_is_an_error(tmp_path: Path) -> None:
    result = run("check", "--root", str(tmp_path), "--base", "main")
    assert result.exit_code == 2
    assert "is not a git checkout" in result.stderr


@pytest.mark.slow
def test_reports_are_written_to_files(repo, tmp_path: Path) -> None:
    out = tmp_path / "out" / "result.json"
    result = run(
        "check",
        "--root",
        str(repo.path),
        "--select",
        "GATE001",
        "--report",
        f"json:{out}",
        "--report",
        "terminal",
    )
    assert result.exit_code == 0
    data = json.loads(out.read_text())
    assert data["schema_version"] == 1 and data["verdict"] == "pass"
    assert [p["id"] for p in data["policies"]] == ["GATE001"]
    assert "gate passed" in result.stdout


def test_unwritable_report_is_exit_2(repo, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run(
        "check",
        "--root",
        str(repo.path),
        "--select",
        "GATE001",
        "--report",
        f"json:{blocker}/x.json",
    )
    assert result.exit_code == 2
    assert f"{blocker}/x.json: cannot write report" in result.stderr


def pull_request_env(tmp_path: Path, repo) -> dict[str, str]:
    event = tmp_path / "event.json"
    base_sha = repo.git("rev-parse", "main").strip()
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base_sha}}}))
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
    }


def config_pull_request(repo, *, base: str, head: str) -> None:
    """main holds gate.yml = base; branch feature edits it to head (one commit each)."""
    repo.write("gate.yml", base)
    repo.commit("policy")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("gate.yml", head)
    repo.commit("edit the policy")


@pytest.mark.slow
def test_pull_request_cannot_weaken_its_own_policy(repo, tmp_path: Path) -> None:
    # The base says: fail on warnings. The pull request relaxes that to errors only.
    config_pull_request(repo, base="fail_on: warning\n", head="fail_on: error\n")
    env = pull_request_env(tmp_path, repo)
    summary = Path(env["GITHUB_STEP_SUMMARY"])
    summary.write_text("earlier step\n")

    result = run("check", "--root", str(repo.path), "--select", "GATE001", env=env)

    # The base's configuration judged the change, and GATE001 (a warning) names the edit.
    assert result.exit_code == 1, result.output
    assert "gate.yml" in result.stdout and "takes effect once merged" in result.stdout
    outputs = Path(env["GITHUB_OUTPUT"]).read_text()
    assert "verdict=fail\n" in outputs
    assert summary.read_text().startswith("earlier step\n")  # appended, not replaced
    # Locally (or with --policy-from head) the head's configuration applies.
    local = run(
        "check", "--root", str(repo.path), "--select", "GATE001", "--policy-from", "head", env=env
    )
    assert local.exit_code == 0, local.output


@pytest.mark.slow
def test_no_fail_reports_but_exits_0(repo, tmp_path: Path) -> None:
    config_pull_request(repo, base="fail_on: warning\n", head="fail_on: notice\n")
    env = pull_request_env(tmp_path, repo)
    result = run("check", "--root", str(repo.path), "--select", "GATE001", "--no-fail", env=env)
    assert result.exit_code == 0
    assert "gate failed" in result.stdout and "--no-fail" in result.stdout


def test_explain_prints_the_docstring() -> None:
    result = run("explain", "gate001")
    assert result.exit_code == 0
    assert result.stdout.startswith("GATE001 (config-changed)")
    assert "cannot weaken the policy" in result.stdout


def test_explain_unknown_policy_is_exit_2() -> None:
    result = run("explain", "XYZ123")
    assert result.exit_code == 2 and "unknown policy" in result.stderr


def test_policies_markdown_lists_every_policy() -> None:
    from gate.policies import load_all

    result = run("policies", "--format", "markdown")
    assert result.exit_code == 0
    for pid in load_all():
        assert f"| `{pid}` |" in result.stdout


@pytest.mark.slow
def test_real_console_script_runs(repo) -> None:
    gate = Path(sys.executable).with_name("gate")
    proc = subprocess.run(
        [str(gate), "check", "--select", "GATE001"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "GATE001" in proc.stdout


@pytest.mark.slow
def test_selectors_may_be_comma_separated(repo) -> None:
    result = run("check", "--root", str(repo.path), "--select", "GATE001,GATE", "--report", "json")
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.stdout)["policies"]] == ["GATE001"]


@pytest.mark.slow
def test_closed_stdout_keeps_the_verdict_exit_code(repo, tmp_path: Path) -> None:
    # `gate check | head`: the reader goes away, but a failing gate still exits 1.
    config_pull_request(repo, base="fail_on: warning\n", head="fail_on: notice\n")
    env = {k: v for k, v in pull_request_env(tmp_path, repo).items() if "STEP" not in k}
    gate = Path(sys.executable).with_name("gate")
    json_out = tmp_path / "result.json"
    proc = subprocess.Popen(
        [
            str(gate),
            "check",
            "--select",
            "GATE001",
            "--report",
            "terminal",
            "--report",
            f"json:{json_out}",
        ],
        cwd=repo.path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # closed before the gate writes a byte: EPIPE is certain
    stderr = proc.stderr.read().decode()
    assert proc.wait() == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert json.loads(json_out.read_text())["verdict"] == "fail"  # later reports still written
