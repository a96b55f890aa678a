"""WF001/WF002 on real repositories with the real zizmor and actionlint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gate import config, engine
from gate.collectors import workflow_audit
from gate.context import CheckOptions, Context
from gate.findings import PolicyResult, Severity
from tests.conftest import Repo
from tests.test_approval import review, server

INJECTION = """\
on: pull_request
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: echo "${{ github.event.pull_request.title }}"
"""

needs_zizmor = pytest.mark.skipif(
    workflow_audit.find_tool("zizmor") is None, reason="zizmor is not installable here"
)
needs_actionlint = pytest.mark.skipif(
    workflow_audit.find_tool("actionlint") is None, reason="actionlint is not installed"
)


def run(
    root: Path,
    policy_id: str,
    settings: dict[str, Any] | None = None,
    env: Any = None,
    trusted: str | None = "main",
    approvers: list[str] | None = None,
) -> PolicyResult:
    """Run one policy as in a pull request whose base is ``trusted`` (main by default)."""
    data: dict[str, Any] = {"policies": {policy_id: settings}} if settings else {}
    if approvers:
        data["approvers"] = approvers
    options = CheckOptions(env=env or {})
    ctx = Context(root, config.validate(data, "test"), options, trusted_ref=trusted)
    result, _ = engine.run(ctx, select=[policy_id])
    (policy,) = result.results
    return policy


def rules(result: PolicyResult) -> list[tuple[str, int | None, str]]:
    return sorted(
        (
            str(f.properties.get("rule", "")),
            f.location.start_line if f.location else None,
            f.severity,
        )
        for f in result.findings
    )


@pytest.fixture
def feature(make_repo: Callable[..., Repo]) -> Repo:
    """A repo whose main has the workflow, checked out on a feature branch."""
    repo = make_repo()
    repo.write(".github/workflows/ci.yml", INJECTION)
    repo.commit("workflow")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


@needs_zizmor
@pytest.mark.slow
def test_zizmor_findings_on_their_lines_pin_audits_left_to_pin003(feature: Repo) -> None:
    result = run(feature.path, "WF001")
    found = rules(result)
    assert ("template-injection", 10, Severity.ERROR) in found
    # actions/checkout@v4 is unpinned: PIN003 says so, WF001 must not say it again.
    assert all(rule not in ("unpinned-uses", "unpinned-images") for rule, _, _ in found)
    pin = run(feature.path, "PIN003")
    assert [f.location.start_line for f in pin.findings if f.location] == [7]
    injection = next(f for f in result.findings if f.properties.get("rule") == "template-injection")
    assert injection.help_url.startswith("https://docs.zizmor.sh/audits/#template-injection")


@needs_zizmor
@pytest.mark.slow
def test_ignore_comment_added_by_the_change_is_an_error_and_not_honoured(feature: Repo) -> None:
    feature.write(
        ".github/workflows/ci.yml",
        INJECTION.replace('title }}"', 'title }}" # zizmor: ignore[template-injection]'),
    )
    found = rules(run(feature.path, "WF001"))
    assert ("", 10, Severity.ERROR) in found  # the added ignore
    assert ("template-injection", 10, Severity.ERROR) in found  # still reported
    # Outside a pull request the working tree is trusted: the comment is honoured.
    assert rules(run(feature.path, "WF001", trusted=None)) == []


@needs_zizmor
@pytest.mark.slow
def test_an_approved_ignore_comment_is_honoured_and_listed(feature: Repo, tmp_path: Path) -> None:
    feature.write(
        ".github/workflows/ci.yml",
        INJECTION.replace('title }}"', 'title }}" # zizmor: ignore[template-injection]'),
    )
    head = feature.commit("ignore")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "head": {"sha": head}}}))
    with server([[review("alice", "APPROVED", head)]]) as (api, _seen):
        env = {
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": "acme/app",
            "GITHUB_TOKEN": "t0ken",
            "GITHUB_API_URL": api,
        }
        result = run(feature.path, "WF001", env=env, approvers=["alice"])
    assert rules(result) == [("", 10, Severity.NOTICE)]
    assert "approved at" in result.findings[0].message


@needs_zizmor
@pytest.mark.slow
def test_ignore_comment_and_config_from_the_base_are_honoured(
    make_repo: Callable[..., Repo],
) -> None:
    repo = make_repo()
    repo.write(
        ".github/workflows/ci.yml",
        INJECTION.replace('title }}"', 'title }}" # zizmor: ignore[template-injection]'),
    )
    repo.write(".github/workflows/other.yml", INJECTION)
    repo.write("zizmor.yml", "rules:\n  template-injection:\n    ignore:\n      - other.yml\n")
    repo.commit("base with ignores")
    repo.git("checkout", "-q", "-b", "feature")
    assert rules(run(repo.path, "WF001")) == []
    # The change widens zizmor's config: the base's judges it, so nothing new is hidden.
    repo.write("zizmor.yml", "rules:\n  template-injection:\n    disable: true\n")
    repo.write(".github/workflows/third.yml", INJECTION)
    assert rules(run(repo.path, "WF001")) == [("template-injection", 10, Severity.ERROR)]


@needs_zizmor
@pytest.mark.slow
def test_per_rule_severity(feature: Repo) -> None:
    result = run(feature.path, "WF001", {"severities": {"template-injection": "notice"}})
    assert ("template-injection", 10, Severity.NOTICE) in rules(result)


@needs_actionlint
@pytest.mark.slow
def test_actionlint_findings_with_base_config(make_repo: Callable[..., Repo]) -> None:
    repo = make_repo()
    bad = INJECTION.replace("ubuntu-latest", "my-runner")
    repo.write(".github/workflows/ci.yml", bad)
    repo.commit("workflow")
    repo.git("checkout", "-q", "-b", "feature")
    found = rules(run(repo.path, "WF002"))
    assert ("expression", 10, Severity.ERROR) in found
    assert ("runner-label", 5, Severity.ERROR) in found
    # A config the change adds does not apply; the same config on the base does.
    repo.write(".github/actionlint.yaml", "self-hosted-runner:\n  labels: [my-runner]\n")
    assert ("runner-label", 5, Severity.ERROR) in rules(run(repo.path, "WF002"))
    repo.git("checkout", "-q", "main")
    repo.commit("actionlint config")
    repo.git("checkout", "-q", "feature")
    repo.git("merge", "-q", "main")
    found = rules(run(repo.path, "WF002", {"severities": {"expression": "warning"}}))
    assert ("expression", 10, Severity.WARNING) in found
    assert all(rule != "runner-label" for rule, _, _ in found)


@needs_actionlint
@pytest.mark.slow
def test_time_limit_fails_closed(feature: Repo) -> None:
    result = run(feature.path, "WF002", {"timeout_seconds": 0.001})
    assert result.metrics["status"] == "missing-input"
    assert "took longer than" in result.findings[0].message


def test_missing_tool_is_a_notice_locally_and_fails_in_ci_or_when_enabled(
    feature: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workflow_audit, "find_tool", lambda name: None)
    local = run(feature.path, "WF001")
    assert [(f.severity, f.message) for f in local.findings] == [
        (Severity.NOTICE, "not run: install policy-gate[workflows] (zizmor is not installed)")
    ]
    in_ci = run(feature.path, "WF002", env={"GITHUB_ACTIONS": "true"})
    assert in_ci.metrics["status"] == "missing-input"
    assert in_ci.findings[0].severity == Severity.ERROR
    enabled = run(feature.path, "WF001", {"enabled": True})
    assert enabled.metrics["status"] == "missing-input"
    assert "install policy-gate[workflows]" in enabled.findings[0].message
