"""SEC003: secrets in history, streamed from git (gate/policies/secrets/sec003_history.py)."""

from __future__ import annotations

from typing import Any

import pytest
from secret_samples import AWS_KEY_ID, GITHUB_PAT, GITHUB_PAT_2

from gate import config, engine
from gate.context import CheckOptions, Context
from gate.engine import InputErrors
from gate.findings import PolicyResult, Severity
from gate.secrets.baseline import Entry, dump


def run(
    repo: Any, env: dict[str, str] | None = None, **options: Any
) -> tuple[PolicyResult, InputErrors]:
    ctx = Context(repo.path, config.defaults(), CheckOptions(env=env or {}, **options))
    result, errors = engine.run(ctx, select=["SEC003"])
    (policy,) = result.results
    return policy, errors


def history(repo: Any, **options: Any) -> PolicyResult:
    policy, errors = run(repo, **options)
    assert not errors
    return policy


def pull_request(repo: Any) -> dict[str, str]:
    """main has an old secret; the feature branch adds one and deletes it again."""
    repo.write("legacy.py", f'KEY = "{AWS_KEY_ID}"\n')
    repo.commit("old secret on main")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("app.py", "import os\n\nTOKEN = None\n")
    repo.commit("app")
    repo.write("app.py", f'import os\n\nTOKEN = "{GITHUB_PAT}"\n')
    added = repo.commit("add token")
    repo.write("app.py", 'import os\n\nTOKEN = os.environ["TOKEN"]\n')
    repo.commit("oops, remove token")
    return {"added": added}


@pytest.mark.slow
def test_secret_added_then_deleted_in_the_range_is_still_reported(repo: Any) -> None:
    commits = pull_request(repo)
    policy = history(repo, history="main..feature")
    (finding,) = policy.findings
    assert finding.location.commit == commits["added"]
    assert (finding.location.path, finding.location.start_line) == ("app.py", 3)
    assert GITHUB_PAT not in finding.message
    assert policy.metrics["commits_with_additions"] == 3
    assert policy.status(Severity.ERROR) == "failed"


@pytest.mark.slow
def test_all_scans_every_commit_and_reports_each_secret_once(repo: Any) -> None:
    pull_request(repo)
    repo.write("app.py", f'TOKEN = "{GITHUB_PAT}"\n')  # the same secret added again
    repo.commit("again")
    policy = history(repo, all_history=True)
    assert sorted(f.location.path for f in policy.findings) == ["app.py", "legacy.py"]


@pytest.mark.slow
def test_not_requested_locally_passes_with_a_status(repo: Any) -> None:
    pull_request(repo)
    policy = history(repo)
    assert policy.findings == () and policy.metrics["status"] == "not-requested"


@pytest.mark.slow
def test_on_actions_defaults_to_the_commits_of_the_change(repo: Any) -> None:
    commits = pull_request(repo)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main"}
    policy, errors = run(repo, env=env)
    assert not errors
    assert [f.location.commit for f in policy.findings] == [commits["added"]]  # not legacy.py


@pytest.mark.slow
def test_on_actions_without_a_base_fails_closed(repo: Any) -> None:
    pull_request(repo)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "gone"}
    policy, errors = run(repo, env=env)
    assert not errors and policy.status(Severity.ERROR) == "missing-input"
    assert "fetch-depth: 0" in policy.findings[0].message


def test_a_bad_range_is_an_input_error(repo: Any) -> None:
    policy, errors = run(repo, history="no-such-branch..HEAD")
    assert len(errors) == 1 and policy.status(Severity.ERROR) == "error"


@pytest.mark.slow
def test_pragma_on_the_unchanged_line_above_is_honoured(repo: Any) -> None:
    repo.write("fixtures.py", "# gate: allow SEC003 revoked test key\nKEY = None\n")
    start = repo.commit("fixture file")
    repo.write("fixtures.py", f'# gate: allow SEC003 revoked test key\nKEY = "{GITHUB_PAT_2}"\n')
    repo.commit("fill in")
    policy = history(repo, history=f"{start}..HEAD")
    assert policy.findings == () and policy.metrics["allowed_inline"] == 1


@pytest.mark.slow
def test_baseline_accepts_history_secrets_and_reports_stale_ones_under_all(repo: Any) -> None:
    pull_request(repo)
    found = history(repo, all_history=True).findings
    entries = [
        Entry(fingerprint=f.fingerprint, rule_id="x", path=f.location.path, source="history")
        for f in found
    ]
    stale = Entry(fingerprint="f" * 32, rule_id="x", path="nowhere.py", source="history")
    repo.write(".gate/secrets-baseline.json", dump([*entries, stale]))
    policy = history(repo, all_history=True)
    (notice,) = policy.findings
    assert notice.severity is Severity.NOTICE and "f" * 32 in notice.message
    assert policy.metrics["baselined"] == 2
    assert history(repo, history="main..feature").findings == ()  # no stale check on a range
