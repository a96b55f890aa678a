"""No planted secret value appears in any output of a real `gate` run: every report format,
the Actions files, error paths and the baseline command (the issue's redaction promise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from secret_samples import (
    ALL,
    AWS_KEY_ID,
    DB_PASSWORD,
    GITHUB_OAUTH,
    GITHUB_PAT,
    GITHUB_PAT_2,
    SLACK_WEBHOOK,
    STRIPE_KEY,
    fragments,
)

from gate.reporters import NAMES

# gate: allow SEC made up; added by the change as an api_key assignment
NEW_SECRET = "Hx4Tb9Qm2Wz7Kc5Vr8Np3Ld6"
PLANTED = (*ALL, NEW_SECRET)


def gate(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GATE_"))}
    return subprocess.run(
        [sys.executable, "-m", "gate", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
    )


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for value in PLANTED:
            for fragment in fragments(value):
                assert fragment not in text, f"{fragment!r} (part of a planted secret) leaked"


@pytest.fixture
def leaky_repo(make_repo: Any) -> Any:
    repo = make_repo()
    repo.write("app/settings.py", f'GITHUB_TOKEN = "{GITHUB_PAT}"\nSTRIPE = "{STRIPE_KEY}"\n')
    repo.write(
        "deploy/values.yml", f"aws:\n  access_key_id: {AWS_KEY_ID}\nslack: {SLACK_WEBHOOK}\n"
    )
    repo.write(".env", f"DB_PASSWORD={DB_PASSWORD}\n")
    repo.commit("tracked secrets")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("old.py", f'TOKEN = "{GITHUB_PAT_2}"\n')
    repo.commit("leak in history")
    repo.write("old.py", "TOKEN = None\n")
    repo.commit("remove it again")
    repo.write("client.py", f'api_key = "{NEW_SECRET}"\noauth = "{GITHUB_OAUTH}"\n')
    repo.commit("a change adding a secret")
    return repo


def report_files(out: Path) -> list[str]:
    return [(out / name).read_text(encoding="utf-8") for name in sorted(os.listdir(out))]


@pytest.mark.slow
def test_every_report_format_to_files_and_stdout(leaky_repo: Any, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    args = ["check", "--select", "SEC", "--base", "main", "--all"]
    to_files = [f"--report={name}:{out / name}" for name in NAMES]
    run = gate(leaky_repo.path, *args, *to_files)
    assert run.returncode == 1, run.stderr
    assert sorted(os.listdir(out)) == sorted(NAMES)  # every format was written
    assert_no_secret(run.stdout, run.stderr, *report_files(out))

    result = json.loads((out / "json").read_text())
    rules = {
        p["id"]: {f["properties"].get("rule_id") for f in p["findings"]} for p in result["policies"]
    }
    assert {"github-pat-classic", "aws-access-key-id"} <= rules["SEC001"]  # found, not hidden
    assert rules["SEC002"] and rules["SEC003"] and rules["SEC004"] == {"env-file"}
    sec003 = next(p for p in result["policies"] if p["id"] == "SEC003")
    assert "old.py" in {f["location"]["path"] for f in sec003["findings"]}  # deleted, still leaked

    # and every format on standard output, in one run (no PATH: stdout)
    to_stdout = gate(leaky_repo.path, *args, *[f"--report={name}" for name in NAMES])
    assert to_stdout.returncode == 1, to_stdout.stderr
    assert '"schema_version"' in to_stdout.stdout and "::error" in to_stdout.stdout
    assert_no_secret(to_stdout.stdout, to_stdout.stderr)


@pytest.mark.slow
def test_github_actions_pull_request_run(leaky_repo: Any, tmp_path: Path) -> None:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    run = gate(leaky_repo.path, "check", "--select", "SEC", env=env)
    assert run.returncode == 1, run.stderr
    assert "::error" in run.stdout  # annotations were written
    assert summary.read_text() and output.read_text()
    assert_no_secret(run.stdout, run.stderr, summary.read_text(), output.read_text())


@pytest.mark.slow
def test_error_paths(leaky_repo: Any, tmp_path: Path) -> None:
    leaky_repo.write(".gate/secrets-baseline.json", f'{{"version": 1, "x": "{GITHUB_PAT}"}}')
    out = tmp_path / "reports"
    broken = gate(
        leaky_repo.path,
        "check",
        "--select",
        "SEC",
        "--base",
        "main",
        *[f"--report={name}:{out / name}" for name in NAMES],
    )
    assert broken.returncode == 2 and "secrets-baseline.json" in broken.stderr
    assert_no_secret(broken.stdout, broken.stderr, *report_files(out))
    (leaky_repo.path / ".gate/secrets-baseline.json").unlink()

    bad_range = gate(leaky_repo.path, "check", "--select", "SEC003", "--history", "nope..HEAD")
    assert bad_range.returncode == 2
    assert_no_secret(bad_range.stdout, bad_range.stderr)

    baseline = gate(leaky_repo.path, "secrets", "baseline", "--all")
    assert baseline.returncode == 0, baseline.stderr
    written = (leaky_repo.path / ".gate/secrets-baseline.json").read_text()
    assert_no_secret(baseline.stdout, baseline.stderr, written)
