"""Run one fuzz case through the real CLI entry point and check the gate's contract.

The contract (issue 11): exit code 0, 1 or 2; no traceback; no 8-character piece of a
planted secret in any output; no workflow command in stdout/stderr, and only annotations
in the `github` report; a time budget; never a pass on an input the case marks broken.
"""

from __future__ import annotations

import _thread
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from fuzz_cases import Case

from gate.cli import main

CASE_SECONDS = 30.0  # generous: the gate's own parse budget is 5 s per file
REPORTS = ("github", "summary", "sarif", "json")
# How the runner finds a command (GITHUB_FACTS.md section 1): `::name props::data` after
# leading whitespace, and the legacy `##[name ...]` form anywhere in a line.
_COMMAND = re.compile(r"^\s*::([^\s:]+)(?:\s[^\n]*?)?::")
_LEGACY = re.compile(r"##\[[A-Za-z-]+")
ANNOTATIONS = frozenset({"error", "warning", "notice", "group", "endgroup"})


@dataclass
class Outcome:
    exit_code: int
    seconds: float
    stdout: str
    stderr: str
    reports: dict[str, str] = field(default_factory=dict)

    def outputs(self) -> dict[str, str]:
        return {"stdout": self.stdout, "stderr": self.stderr, **self.reports}


def git(root: str, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Fuzz",
        "GIT_AUTHOR_EMAIL": "fuzz@example.invalid",
        "GIT_COMMITTER_NAME": "Fuzz",
        "GIT_COMMITTER_EMAIL": "fuzz@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=False)


def materialise(case: Case, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name, data in case.files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(data)
        except OSError:
            continue  # a name the file system refuses (too long): the case goes on without it
    for name, points_to in case.symlinks.items():
        (root / name).symlink_to(points_to)
    if case.build is not None:
        case.build(str(root))


def run(case: Case, root: Path, out: Path) -> Outcome:
    materialise(case, root)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    args = ["check", "--root", str(root), "--report", "terminal"]
    for name in REPORTS:
        args += ["--report", f"{name}:{out / name}"]
    # As on Actions, where the runner parses what the gate prints: that is where an
    # injected command would matter, and where the neutraliser must hold.
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}
    env |= {"GITHUB_STEP_SUMMARY": "", "GITHUB_OUTPUT": "", "NO_COLOR": "1"}
    env.update(case.env)
    if env.get("GITHUB_EVENT_PATH"):
        env["GITHUB_EVENT_PATH"] = str(root / env["GITHUB_EVENT_PATH"])
    # A watchdog thread interrupts a case that runs far past its budget, so a hang fails
    # the case instead of stalling the suite (the gate's own SIGALRM budget stays usable).
    watchdog = threading.Timer(CASE_SECONDS * 2, _thread.interrupt_main)
    started = time.monotonic()
    watchdog.start()
    try:
        result = CliRunner().invoke(main, [*args, *case.args], env=env)
    finally:
        watchdog.cancel()
    seconds = time.monotonic() - started
    reports = {
        name: (out / name).read_text(encoding="utf-8", errors="replace")
        for name in REPORTS
        if (out / name).is_file()
    }
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # An exception that escaped main() is what a user would see as a traceback.
        stderr += f"\nTraceback (escaped {type(result.exception).__name__})"
    return Outcome(result.exit_code, seconds, result.stdout, stderr, reports)


def robustness_problems(case: Case, outcome: Outcome) -> list[str]:
    """Exit code, traceback, time budget and fail-closed checks."""
    problems = []
    if outcome.exit_code not in (0, 1, 2):
        problems.append(f"exit code {outcome.exit_code}: {outcome.stderr.strip()[-300:]}")
    for where, text in outcome.outputs().items():
        if "Traceback" in text:
            problems.append(f"a traceback in {where}")
    if outcome.seconds > CASE_SECONDS:
        problems.append(f"took {outcome.seconds:.1f} s (budget {CASE_SECONDS:g} s)")
    if outcome.exit_code == 0 and case.broken:
        problems.append(f"passed a broken input: {case.broken[:3]}")
    return problems


def leak_problems(case: Case, outcome: Outcome) -> list[str]:
    """No piece of the planted secret anywhere, no command the gate did not mean."""
    problems = []
    if case.secret:
        pieces = {case.secret[i : i + 8] for i in range(len(case.secret) - 7)}
        for where, text in outcome.outputs().items():
            if any(piece in text for piece in pieces):
                problems.append(f"the planted secret leaks into {where}")
    for where in ("stdout", "stderr"):
        for line in outcome.outputs()[where].splitlines():
            if _COMMAND.match(line) or _LEGACY.search(line):
                problems.append(f"a workflow command in {where}: {line[:120]!r}")
                break
    for line in outcome.reports.get("github", "").splitlines():
        found = _COMMAND.match(line)
        if (found and found.group(1).lower() not in ANNOTATIONS) or _LEGACY.search(line):
            problems.append(f"a foreign workflow command in the github report: {line[:120]!r}")
            break
    return problems
