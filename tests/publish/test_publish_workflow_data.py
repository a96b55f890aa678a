"""The publisher's workflows handle the triggering run's artifact as data.

zizmor flags every ``workflow_run`` trigger (dangerous-triggers): the caller template
carries one line-level ignore for it, and this file is the proof that ignore rests on:
nothing from the triggering run is checked out, executed, downloaded by an action or
interpolated into a shell; `gate publish` reads the artifact in memory as bounded JSON.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import Result
from publish_fake import FakeGitHub, artifact_zip, workflow_run_event

ROOT = Path(__file__).resolve().parents[2]
REUSABLE = ROOT / ".github/workflows/gate-publish.yml"
CALLER = ROOT / "templates/.github/workflows/gate-publish.yml"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_caller_only_calls_the_pinned_reusable_workflow() -> None:
    caller = load(CALLER)
    assert caller[True] == {"workflow_run": {"workflows": ["ci"], "types": ["completed"]}}
    assert caller["permissions"] == {}
    (job,) = caller["jobs"].values()
    assert set(job) == {"name", "uses", "permissions"}
    assert re.fullmatch(
        r"[\w-]+/[\w.-]+/\.github/workflows/gate-publish\.yml@[0-9a-f]{40}", job["uses"]
    )
    writes = {k for k, v in job["permissions"].items() if v == "write"}
    assert writes == {"checks", "pull-requests"}  # the check run and the one comment


def test_exactly_one_reasoned_zizmor_ignore_and_only_for_dangerous_triggers() -> None:
    text = CALLER.read_text(encoding="utf-8") + REUSABLE.read_text(encoding="utf-8")
    ignores = re.findall(r"zizmor: ignore\[([^\]]+)\](.*)", text)
    assert [audit for audit, _ in ignores] == ["dangerous-triggers"]
    assert len(ignores[0][1].strip(" -")) > 40  # it says why


def test_the_reusable_workflow_checks_out_only_the_base_and_interpolates_no_run_data() -> None:
    text = REUSABLE.read_text(encoding="utf-8")
    workflow = load(REUSABLE)
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"] for s in steps if "uses" in s]
    # The base side only: checkout of the default branch (no ref, no repository), and the
    # gate from this workflow's own commit; nothing else.
    assert [u.split("@")[0] for u in uses] == ["actions/checkout", "$/action"]
    checkout = steps[0]["with"]
    assert checkout["persist-credentials"] is False
    assert not {"ref", "repository", "path"} & set(checkout)
    install = steps[1]["with"]
    assert all(install[stage] == "false" for stage in ("lint", "test", "security", "gate"))
    assert "github.event" not in text and "workflow_run" not in text.split("\nname:", 1)[1]
    runs = [" ".join(s["run"].split()) for s in steps if "run" in s]
    assert runs == [
        '"$RUNNER_TEMP/policy-gate/bin/gate" publish --root "$GITHUB_WORKSPACE" \\ '
        '--max-annotations "$MAX_ANNOTATIONS"'
    ]
    action = (ROOT / "action/action.yml").read_text(encoding="utf-8")
    assert '--venv "$RUNNER_TEMP/policy-gate"' in action  # where the run step finds the gate


def test_the_publisher_code_never_executes_or_extracts_anything() -> None:
    forbidden = {
        "subprocess",
        "os.system",
        "exec",
        "eval",
        "import_module",
        "extractall",
        "pickle",
        "marshal",
        "Popen",
        "extract",
    }
    for path in sorted((ROOT / "gate/publish").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert names & forbidden == set(), path.name


def test_shell_syntax_in_an_artifact_stays_text(
    github: FakeGitHub, publish: Callable[..., Result], tmp_path: Path
) -> None:
    sentinel = tmp_path / "pwned"
    message = f"$(touch {sentinel}) `touch {sentinel}` ${{{{ github.token }}}}"
    report = (
        '{"schema_version": 1, "tool": {"name": "policy-gate", "version": "1"}, '
        '"verdict": "fail", "fail_on": "error", "no_fail": false, "base": null, "head": null, '
        '"counts": {"error": 1, "warning": 0, "notice": 0}, "policies": [{"id": "SEC001", '
        '"title": "t", "severity": "error", "status": "failed", "metrics": {}, "findings": '
        '[{"policy_id": "SEC001", "severity": "error", "message": MSG, "location": '
        '{"path": "a.py", "start_line": 2}}]}]}'
    ).replace("MSG", __import__("json").dumps(message))
    github.add_pull(7, "c" * 40)
    github.add_artifact(5, "c" * 40, artifact_zip({"gate.json": report.encode()}))
    result = publish(
        workflow_run_event(run_id=5, head_sha="c" * 40, head_repo="acme/app", pulls=[7])
    )
    assert result.exit_code == 0, result.output
    (run,) = github.check_runs
    assert run["conclusion"] == "failure"
    assert github.annotations(run)[0]["message"] == message  # shown as sent, never run
    assert not sentinel.exists()


def test_the_gate_job_uploads_the_artifact_the_publisher_reads() -> None:
    from gate.publish.artifact import ARTIFACT_NAME, REPORT_FILE

    workflow = load(ROOT / ".github/workflows/python-ci.yml")
    uploads = [
        s for s in workflow["jobs"]["gate"]["steps"] if "upload-artifact" in s.get("uses", "")
    ]
    assert [s["with"]["name"] for s in uploads] == [ARTIFACT_NAME]
    assert uploads[0]["with"]["path"].endswith(f"/gate-report/{REPORT_FILE}")
    stages = (ROOT / "gate/ci/cli_stages.py").read_text(encoding="utf-8")
    assert f'out / "{REPORT_FILE}"' in stages  # the path the gate stage writes its json to


def test_init_writes_the_publish_caller_pinned_to_the_same_commit(
    make_repo: Callable[..., Any],
) -> None:
    from click.testing import CliRunner

    from gate.cli import main

    ref = "1234567890abcdef1234567890abcdef12345678"
    repo = make_repo()
    result = CliRunner().invoke(
        main, ["init", "--root", str(repo.path), "--ref", ref, "--repo", "acme/policy-gate"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote .github/workflows/gate-publish.yml" in result.output
    assert "`policy-gate` as a required check" in result.output
    written = (repo.path / ".github/workflows/gate-publish.yml").read_text(encoding="utf-8")
    # No version comment: nothing here can say which release this made-up commit is.
    assert f"uses: acme/policy-gate/.github/workflows/gate-publish.yml@{ref}\n" in written
    assert "0" * 40 not in written
