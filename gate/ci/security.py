"""The security stage's judging: bandit on the change and pip-audit's coverage of the deps."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from gate.ci import audit, bandit_report
from gate.ci.scope import Change
from gate.error_guard import safe_line
from gate.redaction import clean_text
from gate.reporters.escaping import neutralize_commands

# pip-audit's own verdict line: it says this when it audited nothing, so it is dropped
# and the stage's count (gate.ci.audit) speaks instead.
_PIP_AUDIT_ALL_CLEAR = "No known vulnerabilities found"


def _on_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _show(line: str) -> None:
    """A line that quotes the pull request or a tool (paths, messages, index URLs): every
    credential in it masked, and inert on Actions."""
    line = clean_text(line)
    click.echo(neutralize_commands(line) if _on_actions() else line)


def run_pip_audit(command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> int:
    """Run pip-audit with its output shown, minus its all-clear line; return its exit code."""
    click.echo(safe_line("$ " + " ".join(command)), err=True)
    done = subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if not line.startswith(_PIP_AUDIT_ALL_CLEAR):
            _show(line)
    return done.returncode


def judge_bandit(root: Path, sarif: Path, change: Change | None, base: str | None) -> bool:
    """Print and annotate the findings the stage counts; True when there are none.

    ``change`` None counts the whole tree; the baseline comes from ``base`` either way, so
    a pull request judged on its whole tree cannot excuse its own findings either.
    """
    findings = bandit_report.read_sarif(sarif)
    baseline, where = bandit_report.load_baseline(root, base)
    judged = bandit_report.judge(findings, change, baseline)
    click.echo(f"bandit baseline: {where}")
    for line in judged.lines(annotate=_on_actions()):
        # Our annotations escape their data; every other line is made inert.
        if line.startswith("::error "):
            click.echo(line)
        else:
            _show(line)
    return not judged.counted


def judge_audit(report: Path, on_skipped: str) -> bool:
    """Print pip-audit's count (vulnerable, skipped, audited); True when the stage passes."""
    verdict = audit.judge(audit.read_report(report), on_skipped, annotate=_on_actions())
    for line in verdict.lines:
        if line.startswith("::"):
            click.echo(line)
        else:
            _show(line)
    return verdict.ok
