"""``gate ci`` commands of the judging stages: security, gate, docker and ci-ok."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from gate.ci import audit, bandit_report, events, install, needs, run, scope, security
from gate.ci.pyconfig import tool_table
from gate.ci.shell import ROOT, emit, execute
from gate.errors import ExitCode, InputError
from gate.github.event import load_event

BOOL = click.Choice(["true", "false"])


def bandit_command(root: Path, output: Path) -> tuple[str, ...]:
    """bandit over the project, SARIF out, failing on medium severity and confidence.

    Low-severity findings (every ``subprocess`` import, say) would fail nearly every
    project and teach people to ignore the stage. Without a ``[tool.bandit]`` table the
    tests are skipped too: their ``assert`` is how pytest works, not a finding.
    """
    base = (sys.executable, "-m", "bandit", "-r", ".", "-f", "sarif", "-o", str(output), "-q")
    levels = ("--severity-level", "medium", "--confidence-level", "medium")
    if tool_table(root, "bandit") is not None:
        return (*base, *levels, "-c", "pyproject.toml")
    excluded = ("tests", "test", ".venv", "venv", "build", "dist")
    return (*base, *levels, "-x", ",".join(f"./{name}" for name in excluded))


def _may_upload(requested: str, event: Mapping[str, Any]) -> bool:
    env = os.environ
    return events.may_upload_sarif(
        requested == "true",
        env.get("GITHUB_EVENT_NAME", ""),
        event,
        env.get("GITHUB_REPOSITORY", ""),
    )


@click.command("security")
@click.option("--mode", type=click.Choice(install.MODES), default="auto", show_default=True)
@click.option("--python", "project_python", required=True, help="The project environment.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Report directory.")
@click.option("--sarif-upload", type=BOOL, default="true", show_default=True)
@click.option(
    "--scope",
    "scope_name",
    type=click.Choice(scope.SCOPES),
    default="changed",
    show_default=True,
    help="bandit findings on the change's lines only, or in the whole tree.",
)
@click.option(
    "--audit-skipped",
    type=click.Choice(audit.ON_SKIPPED),
    default="fail",
    show_default=True,
    help="What dependencies pip-audit could not audit do to the stage.",
)
@ROOT
def security_command(
    mode: str,
    project_python: str,
    out: Path,
    sarif_upload: str,
    scope_name: str,
    audit_skipped: str,
    root: Path,
) -> None:
    """Run bandit (SARIF) and pip-audit (JSON); fail on what they count (see --scope)."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    resolved = install.resolve(root, mode)
    bandit_sarif, audit_json = out / "bandit.sarif", out / "pip-audit.json"
    for stale in (bandit_sarif, audit_json):
        stale.unlink(missing_ok=True)
    audit_args = install.audit_command(root, resolved, str(audit_json))
    env = {**os.environ, "PIPAPI_PYTHON_LOCATION": project_python}
    if resolved is not install.InstallMode.PYPROJECT:
        env.pop("PIPAPI_PYTHON_LOCATION")
    change, described = scope_of(root, scope_name)
    click.echo(f"bandit {described}")
    failed = []
    if resolved is install.InstallMode.UV and execute(
        install.uv_export_command(str(audit_json)), root
    ):
        failed.append("uv export")
    # bandit exits 1 when it reports anything; the stage judges its SARIF instead.
    if execute(bandit_command(root, bandit_sarif), root) not in (0, 1):
        failed.append("bandit (did not finish)")
    elif not security.judge_bandit(root, bandit_sarif, change, _event_base()):
        failed.append("bandit")
    code = security.run_pip_audit((sys.executable, "-m", "pip_audit", *audit_args[1:]), root, env)
    if not audit_json.is_file():
        failed.append(f"pip-audit (exit {code}, no report)")
    elif not security.judge_audit(audit_json, audit_skipped):
        failed.append("pip-audit")
    upload = bandit_sarif.is_file() and _may_upload(sarif_upload, load_event(os.environ))
    emit(
        {
            "bandit-sarif": str(bandit_sarif),
            "pip-audit-json": str(audit_json),
            "upload-sarif": str(upload).lower(),
        }
    )
    if failed:
        click.echo(f"security stage failed: {', '.join(failed)}", err=True)
        sys.exit(int(ExitCode.FAILED))


def scope_of(root: Path, wanted: str) -> tuple[scope.Change | None, str]:
    return scope.from_event(root, wanted, os.environ)


def _event_base() -> str | None:
    return scope.change_base(load_event(os.environ), os.environ.get("GITHUB_EVENT_NAME", ""))


@click.command("bandit-baseline")
@click.option("--output", type=click.Path(path_type=Path), default=None)
@ROOT
def bandit_baseline_command(output: Path | None, root: Path) -> None:
    """Write the bandit baseline of today's findings (commit it: read from the base)."""
    with tempfile.TemporaryDirectory(prefix="gate-bandit-") as temp:
        sarif = Path(temp) / "bandit.sarif"
        if execute(bandit_command(root, sarif), root) not in (0, 1):
            raise InputError("bandit did not finish")
        findings = bandit_report.read_sarif(sarif)
    target = output or root / bandit_report.BASELINE
    target.write_text(bandit_report.baseline_text(findings), encoding="utf-8")
    click.echo(f"wrote {len(findings)} findings to {target}", err=True)


@click.command("run-gate")
@click.option("--stage", type=click.Choice(["security", "gate"]), required=True)
@click.option("--coverage", "coverage_file", default=None, help="Combined coverage data.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Report directory.")
@click.option("--sarif-upload", type=BOOL, default="true", show_default=True)
@ROOT
def run_gate_command(
    stage: str, coverage_file: str | None, out: Path, sarif_upload: str, root: Path
) -> None:
    """Run ``gate check`` for a stage with the event's commit range and the CI reports.

    The gate runs isolated from the checkout it judges (``python -I`` from a directory
    outside it, ``--root`` naming it): a ``gate/`` package or ``sitecustomize`` in the
    pull request is never imported. On Actions the gate stage reads only the coverage
    data this run's tests produced (``gate ci combine`` writes it), never a file
    committed in the repository.
    """
    env = dict(os.environ)
    event = load_event(env)
    history = events.history_range(event, env.get("GITHUB_EVENT_NAME", ""))
    out = out.resolve()
    sarif, report = out / "gate.sarif", out / "gate.json"
    summary = env.get("GITHUB_STEP_SUMMARY") or None
    root = root.resolve()
    if stage == "gate":
        coverage_file = run.trusted_coverage_path(
            root, coverage_file, on_actions=env.get("GITHUB_ACTIONS") == "true"
        )
    args = run.gate_check_args(
        stage,
        history=history,
        coverage=coverage_file,
        summary=summary,
        sarif=str(sarif),
        json_path=str(report),
    )
    upload = _may_upload(sarif_upload, event)
    if stage == "gate":
        emit({"sarif": str(sarif), "json": str(report), "upload-sarif": str(upload).lower()})
    with tempfile.TemporaryDirectory(prefix="gate-run-") as outside:
        command = (sys.executable, "-I", "-m", "gate", *args, "--root", str(root))
        sys.exit(execute(command, Path(outside), env, own_commands=True))


@click.command("coverage-floor")
@click.option(
    "--report", type=click.Path(path_type=Path), required=True, help="gate's JSON report."
)
@click.option("--total", type=float, default=0.0, show_default=True)
@click.option("--changed", type=float, default=0.0, show_default=True)
def coverage_floor_command(report: Path, total: float, changed: float) -> None:
    """Fail when coverage is below the workflow's floors (0 = no floor)."""
    floor = run.coverage_floor(report, total, changed)
    for line in floor.lines:
        click.echo(line)
    if not floor.ok:
        sys.exit(int(ExitCode.FAILED))


@click.command("docker-plan")
@click.option("--image", required=True, help="Image name ('app' or 'owner/app').")
@click.option("--push", type=BOOL, default="true", show_default=True)
@click.option("--registry", default="ghcr.io", show_default=True)
def docker_plan_command(image: str, push: str, registry: str) -> None:
    """Emit the image tags and whether this run may push (default branch or tag only)."""
    env = os.environ
    event = load_event(env)
    ref, name = env.get("GITHUB_REF", ""), env.get("GITHUB_EVENT_NAME", "")
    tags = events.image_tags(
        registry, env.get("GITHUB_REPOSITORY_OWNER", ""), image, ref, env.get("GITHUB_SHA", "")
    )
    allowed = events.may_push_image(push == "true", ref, name, event)
    emit({"push": str(allowed).lower(), "tags": "\n".join(tags), "image": tags[0].split(":")[0]})


@click.command("hadolint")
@click.option("--dockerfile", type=click.Path(path_type=Path), required=True)
def hadolint_command(dockerfile: Path) -> None:
    """Lint the Dockerfile with hadolint when it is installed; say so when it is not."""
    if not dockerfile.is_file():
        raise InputError("no such Dockerfile; set docker-file", path=str(dockerfile))
    binary = shutil.which("hadolint")
    if binary is None:
        click.echo("hadolint is not installed on this runner: Dockerfile lint skipped")
        return
    sys.exit(execute((binary, str(dockerfile)), dockerfile.parent))


@click.command("require-success")
@click.option(
    "--needs",
    "needs_json",
    envvar="NEEDS",
    required=True,
    help="toJSON(needs) (default: the NEEDS environment variable).",
)
def require_success_command(needs_json: str) -> None:
    """Fail unless every needed job succeeded or was switched off (skipped)."""
    verdict = needs.judge(needs.parse_needs(needs_json))
    for line in verdict.lines:
        click.echo(line)
    if not verdict.ok:
        sys.exit(int(ExitCode.FAILED))
