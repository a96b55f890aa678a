"""`gate check`'s terminal report on a real repository: colour switches, --quiet, the base,
and one entry for a secret that several scans find."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result
from secret_samples import GITHUB_PAT

from gate.cli import main

_QUIET_ENV = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", "GITHUB_EVENT_PATH": ""}


def gate(root: str, *args: str, **env: str) -> Result:
    return CliRunner().invoke(
        main, ["check", "--root", root, *args], env={**_QUIET_ENV, "NO_COLOR": "", **env}
    )


def _change_with_a_secret(make_repo: Callable[..., object]) -> tuple[str, str]:
    repo = make_repo()
    base = repo.git("rev-parse", "HEAD").strip()  # type: ignore[attr-defined]
    repo.git("checkout", "-q", "-b", "feature")  # type: ignore[attr-defined]
    repo.write("app.py", f'TOKEN = "{GITHUB_PAT}"\n')  # type: ignore[attr-defined]
    repo.commit("add app")  # type: ignore[attr-defined]
    return str(repo.path), base  # type: ignore[attr-defined]


@pytest.mark.slow
def test_secret_found_by_tree_and_change_scans_is_one_entry(
    make_repo: Callable[..., object],
) -> None:
    root, base = _change_with_a_secret(make_repo)
    out = gate(root, "--select", "SEC001,SEC002", "--base", "main").output
    assert out.splitlines()[0] == f"base main @ {base[:12]}"
    entries = [line for line in out.splitlines() if "GitHub" in line and "app.py:1" in line]
    assert len(entries) == 1, out
    assert entries[0].endswith("(found by SEC001, SEC002)")
    assert "1 finding shown with SEC001 above" in out
    assert GITHUB_PAT not in out


@pytest.mark.slow
def test_force_color_and_no_color(make_repo: Callable[..., object]) -> None:
    root, _ = _change_with_a_secret(make_repo)
    # CliRunner's stdout is not a terminal: plain unless FORCE_COLOR asks.
    assert "\x1b[" not in gate(root, "--select", "SEC001").output
    assert "\x1b[31mFAIL\x1b[0m SEC001" in gate(root, "--select", "SEC001", FORCE_COLOR="1").output
    assert "\x1b[" not in gate(root, "--select", "SEC001", FORCE_COLOR="0").output
    forced_off = gate(root, "--select", "SEC001", FORCE_COLOR="1", NO_COLOR="1").output
    assert "\x1b[" not in forced_off


def test_quiet_lists_only_what_fails(make_repo: Callable[..., object]) -> None:
    root, _ = _change_with_a_secret(make_repo)
    full = gate(root, "--select", "SEC001,SEC004", "--base", "main")
    quiet = gate(root, "--select", "SEC001,SEC004", "--base", "main", "--quiet")
    assert full.exit_code == quiet.exit_code == 1
    assert "PASS SEC004" in full.output and "SEC004" not in quiet.output
    assert "FAIL SEC001" in quiet.output and "base main" not in quiet.output


@pytest.mark.slow
def test_one_annotation_and_one_summary_entry_but_one_sarif_result_per_policy(
    make_repo: Callable[..., object], tmp_path: object
) -> None:
    import json
    from pathlib import Path

    root, _ = _change_with_a_secret(make_repo)
    out = Path(str(tmp_path))
    args = ["--select", "SEC001,SEC002", "--base", "main", "--report", "github"]
    args += ["--report", f"summary:{out / 's.md'}", "--report", f"sarif:{out / 's.sarif'}"]
    args += ["--report", f"json:{out / 's.json'}"]
    github = gate(root, *args).output
    annotations = [line for line in github.splitlines() if line.startswith("::error")]
    assert len(annotations) == 1, github
    assert "(found by SEC001, SEC002)" in annotations[0]
    summary = (out / "s.md").read_text(encoding="utf-8")
    assert summary.count("(found by SEC001, SEC002)") == 1
    assert "(1 finding; 1 listed under `SEC001`)" in summary
    sarif = json.loads((out / "s.sarif").read_text(encoding="utf-8"))
    rules = sorted(r["ruleId"] for r in sarif["runs"][0]["results"] if "app.py" in json.dumps(r))
    assert rules == ["SEC001", "SEC002"]
    document = json.loads((out / "s.json").read_text(encoding="utf-8"))
    ids = sorted(p["id"] for p in document["policies"] if p["findings"])
    assert ids == ["SEC001", "SEC002"]
    assert "found by" not in json.dumps(document) + json.dumps(sarif)
