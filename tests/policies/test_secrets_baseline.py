"""`gate secrets baseline` and what it accepts (gate/policies/secrets/baseline.py, gate/cli.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from secret_samples import AWS_KEY_ID, DB_PASSWORD, GITHUB_PAT, GITHUB_PAT_2

from gate.cli import main

BASELINE = ".gate/secrets-baseline.json"


def gate(repo: Any, *args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--root", str(repo.path)], env={"GITHUB_ACTIONS": ""})


def check(repo: Any) -> Any:
    return gate(repo, "check", "--select", "SEC001", "--select", "SEC004", "--report", "json")


def plant(repo: Any) -> None:
    repo.write("app/settings.py", f'TOKEN = "{GITHUB_PAT}"\nAWS = "{AWS_KEY_ID}"\n')
    repo.write(".env", f"DB_PASSWORD={DB_PASSWORD}\n")
    repo.write("tests/fixture.py", f'T = "{GITHUB_PAT_2}"  # gate: allow SEC001 fixture\n')
    repo.commit("plant")


@pytest.mark.slow
def test_baseline_accepts_current_findings_without_values_or_lines(repo: Any) -> None:
    plant(repo)
    assert check(repo).exit_code == 1
    written = gate(repo, "secrets", "baseline")
    assert written.exit_code == 0, written.output
    assert "4 accepted finding(s), 4 new, 0 dropped" in written.output
    text = (repo.path / BASELINE).read_text()
    for value in (GITHUB_PAT, AWS_KEY_ID, DB_PASSWORD, GITHUB_PAT_2):
        assert value not in text and value[-8:] not in text
    entries = json.loads(text)["entries"]
    assert [(e["path"], e["rule_id"]) for e in entries] == [
        (".env", "env-file"),  # SEC004: the file
        (".env", "generic-secret"),  # SEC001: the password in it
        ("app/settings.py", "aws-access-key-id"),
        ("app/settings.py", "github-pat-classic"),
    ]  # the pragma-allowed fixture needs no entry
    assert all(set(e) == {"fingerprint", "rule_id", "path", "source", "reason"} for e in entries)
    result = check(repo)
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_rewriting_does_not_churn_and_keeps_reviewed_reasons(repo: Any) -> None:
    plant(repo)
    gate(repo, "secrets", "baseline")
    path = repo.path / BASELINE
    data = json.loads(path.read_text())
    data["entries"][0]["reason"] = "local docker password, reviewed by sec team"
    reviewed = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(reviewed)
    # edits elsewhere in the files move the secrets to other lines
    repo.write(
        "app/settings.py", f'"""Settings."""\n\nTOKEN = "{GITHUB_PAT}"\n\nAWS = "{AWS_KEY_ID}"\n'
    )
    repo.write(".env", f"# local only\nDEBUG=1\nDB_PASSWORD={DB_PASSWORD}\n")
    again = gate(repo, "secrets", "baseline", "--update")
    assert again.exit_code == 0 and "0 new, 0 dropped" in again.output
    assert path.read_text() == reviewed


@pytest.mark.slow
def test_existing_baseline_needs_update_and_update_drops_stale_entries(repo: Any) -> None:
    plant(repo)
    gate(repo, "secrets", "baseline")
    refused = gate(repo, "secrets", "baseline")
    assert refused.exit_code == 2 and "--update" in refused.output
    repo.write("app/settings.py", f'TOKEN = "{GITHUB_PAT}"\n')  # the AWS key is gone
    stale = check(repo)
    assert stale.exit_code == 0  # a stale entry is a notice, not a failure
    findings = [f for p in json.loads(stale.output)["policies"] for f in p["findings"]]
    notices = [f for f in findings if f["severity"] == "notice"]
    assert len(notices) == 1 and "aws-access-key-id" in notices[0]["message"]
    updated = gate(repo, "secrets", "baseline", "--update")
    assert "0 new, 1 dropped" in updated.output
    assert "aws-access-key-id" not in (repo.path / BASELINE).read_text()


@pytest.mark.slow
def test_output_option_and_history_entries(repo: Any) -> None:
    repo.write("old.py", f'T = "{GITHUB_PAT}"\n')
    repo.commit("leak")
    repo.write("old.py", "T = None\n")
    repo.commit("remove")
    target = repo.path / "accepted.json"
    result = gate(repo, "secrets", "baseline", "--all", "--output", str(target))
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(target.read_text())["entries"]
    assert (entry["path"], entry["source"]) == ("old.py", "history")


def test_malformed_existing_baseline_is_a_one_line_error(repo: Any) -> None:
    repo.write(BASELINE, '{"version": 1, "entries": [{"fingerprint": 3}]}')
    result = gate(repo, "secrets", "baseline", "--update")
    assert result.exit_code == 2
    assert result.output.startswith(f"gate: error: {repo.path / BASELINE}: invalid baseline")
    assert "Traceback" not in result.output


def test_secrets_rules_lists_every_rule_id(repo: Any) -> None:
    from gate.secrets.catalog import rule_ids

    result = CliRunner().invoke(main, ["secrets", "rules"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines()]
    assert listed == rule_ids() and len(listed) >= 40
