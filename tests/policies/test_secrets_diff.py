"""SEC002: secrets on the lines a change adds (gate/policies/secrets/sec002_diff.py)."""

from __future__ import annotations

from typing import Any

import pytest
from secret_samples import AWS_KEY_ID, GITHUB_PAT, GITHUB_PAT_2

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult, Severity


def run(repo: Any, **options: Any) -> PolicyResult:
    ctx = Context(repo.path, config.defaults(), CheckOptions(env={}, **options))
    result, errors = engine.run(ctx, select=["SEC002"])
    assert not errors
    (policy,) = result.results
    return policy


def branch_with_old_secret(repo: Any) -> None:
    repo.write("app.py", f'OLD = "{GITHUB_PAT}"\n\n\ndef main():\n    pass\n')
    repo.commit("old secret on main")
    repo.git("checkout", "-q", "-b", "feature")


@pytest.mark.slow
def test_only_secrets_on_added_lines_are_reported(repo: Any) -> None:
    branch_with_old_secret(repo)
    repo.write(
        "app.py", f'OLD = "{GITHUB_PAT}"\nNEW = "{GITHUB_PAT_2}"\n\n\ndef main():\n    pass\n'
    )
    repo.write("infra/vars.tf", f'variable "key" {{\n  default = "{AWS_KEY_ID}"\n}}\n')
    repo.commit("change")
    policy = run(repo, base="main")
    found = sorted((f.location.path, f.location.start_line) for f in policy.findings)
    assert found == [("app.py", 2), ("infra/vars.tf", 2)]
    assert all(GITHUB_PAT_2 not in f.message for f in policy.findings)
    assert policy.metrics["files_changed"] == 2


@pytest.mark.slow
def test_editing_next_to_an_old_secret_does_not_report_it(repo: Any) -> None:
    branch_with_old_secret(repo)
    repo.write("app.py", f'OLD = "{GITHUB_PAT}"\n\n\ndef main():\n    return 1\n')
    assert run(repo, base="main").findings == ()


@pytest.mark.slow
def test_head_ref_is_read_from_git(repo: Any) -> None:
    branch_with_old_secret(repo)
    repo.write("new.py", f'token = "{GITHUB_PAT_2}"\n')
    head = repo.commit("leak")
    repo.write("new.py", "token = None\n")  # the working tree differs from --head
    (finding,) = run(repo, base="main", head=head).findings
    assert (finding.location.path, finding.location.start_line) == ("new.py", 1)


@pytest.mark.slow
def test_pragma_for_sec001_also_allows_the_change_view(repo: Any) -> None:
    branch_with_old_secret(repo)
    repo.write("fixture.py", f'TOKEN = "{GITHUB_PAT_2}"  # gate: allow SEC001 test fixture\n')
    repo.commit("fixture")
    policy = run(repo, base="main")
    assert policy.findings == ()
    assert policy.metrics["allowed_inline"] == 1


def test_without_a_base_the_policy_fails_closed(tmp_path: Any) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", "-b", "trunk", str(tmp_path)], check=True)
    ctx = Context(tmp_path, config.defaults(), CheckOptions(env={}))
    result, errors = engine.run(ctx, select=["SEC002"])
    (policy,) = result.results
    assert not errors
    assert policy.status(Severity.ERROR) == "missing-input"
    assert "pass --base REF" in policy.findings[0].message


@pytest.mark.slow
def test_submodules_in_the_tree_and_the_change_are_not_files(make_repo) -> None:
    # A gitlink (mode 160000) points at another repository's commit: there is no file to
    # read at --head, and it must neither be skipped as unreadable nor fail the run.
    repo = make_repo()
    repo.git("checkout", "-q", "-b", "feature")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{'a' * 40},vendor/lib")
    repo.git("commit", "-q", "-m", "add a submodule")
    from click.testing import CliRunner

    from gate.cli import main

    result = CliRunner().invoke(
        main,
        [
            "check",
            "--root",
            str(repo.path),
            "--select",
            "SEC001,SEC002,SEC004",
            "--base",
            "main",
            "--head",
            "HEAD",
            "--report",
            "json",
        ],
        env={"GITHUB_ACTIONS": ""},
    )
    assert result.exit_code == 0, result.output
    assert '"verdict": "pass"' in result.stdout
