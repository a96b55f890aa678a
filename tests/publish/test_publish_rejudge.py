"""The base-side re-judgement with real git repositories: a pull request's head is fetched
from `refs/pull/N/head` as data and judged by the base's policy; edits that switch the gate
off in the pull request's own workflow fail the published check."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from publish_fake import FakeGitHub, artifact_zip, workflow_run_event
from secret_samples import GITHUB_PAT, fragments

from gate.git import Git
from gate.publish.headtree import materialise
from gate.publish.workflow_edits import workflow_edits

ROOT = Path(__file__).resolve().parents[2]
CALLER = (ROOT / "templates/.github/workflows/ci.yml").read_text(encoding="utf-8")
USES = "policy-gate/policy-gate/.github/workflows/python-ci.yml@" + "0" * 40
PASSING = json.dumps(
    {
        "schema_version": 1,
        "tool": {"name": "policy-gate", "version": "1"},
        "verdict": "pass",
        "fail_on": "error",
        "no_fail": False,
        "base": None,
        "head": None,
        "counts": {"error": 0, "warning": 0, "notice": 0},
        "policies": [
            {
                "id": "COV001",
                "title": "total coverage",
                "severity": "error",
                "status": "passed",
                "metrics": {"coverage": 91.5},
                "findings": [],
            },
            {
                "id": "SEC002",
                "title": "secrets in change",
                "severity": "error",
                "status": "passed",
                "metrics": {},
                "findings": [],
            },
        ],
    }
).encode()


class Scene:
    """GitHub's side (`origin`, with refs/pull/7/head) and the publisher's base checkout."""

    def __init__(self, make_repo: Callable[..., Any], github: FakeGitHub) -> None:
        self.github = github
        self.origin = make_repo("origin")
        self.origin.write(".github/workflows/ci.yml", CALLER)
        self.origin.write("requirements.txt", "requests==2.32.3\n")
        self.origin.write("app.py", "print('hello')\n")
        self.base_sha = self.origin.commit("base")
        self.origin.git("checkout", "-q", "-b", "feature")

    def push_pull(self, *, fork: bool = False, report: bytes = PASSING) -> dict[str, Any]:
        head = self.origin.commit("the pull request")
        self.origin.git("update-ref", "refs/pull/7/head", head)
        self.origin.git("checkout", "-q", "main")
        if not fork:
            self.origin.git("branch", "-f", "feature", head)
        else:  # a fork's commits exist in the base repository only under refs/pull/
            self.origin.git("branch", "-D", "feature")
        self.checkout = self.origin.path.parent / "base-checkout"
        subprocess.run(
            ["git", "clone", "-q", str(self.origin.path), str(self.checkout)], check=True
        )
        head_repo = "contributor/app" if fork else self.github.repository
        pull = self.github.add_pull(7, head, head_repo=head_repo)
        pull["base"]["sha"] = self.base_sha
        self.github.add_artifact(41, head, artifact_zip({"gate.json": report}))
        self.head = head
        return workflow_run_event(
            run_id=41, head_sha=head, head_repo=head_repo, pulls=[] if fork else [7]
        )


@pytest.fixture
def scene(make_repo: Callable[..., Any], github: FakeGitHub) -> Scene:
    return Scene(make_repo, github)


def published(scene: Scene, publish: Callable[..., Result], event: dict[str, Any]) -> Any:
    result = publish(event, "--root", str(scene.checkout))
    assert result.exit_code == 0, result.output
    assert "re-judged SEC, PIN, GATE" in result.output, result.output
    (run,) = scene.github.check_runs
    return run


def edit_caller(scene: Scene, old: str, new: str) -> None:
    text = (scene.origin.path / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert old in text
    scene.origin.write(".github/workflows/ci.yml", text.replace(old, new))


def gate001(github: FakeGitHub, run: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in github.annotations(run) if a["title"].startswith("GATE001")]


@pytest.mark.slow
def test_a_clean_pull_request_passes_and_says_what_was_rejudged(
    scene: Scene, publish: Callable[..., Result]
) -> None:
    scene.origin.write("app.py", "print('hello, world')\n")
    run = published(scene, publish, scene.push_pull())
    assert run["conclusion"] == "success", run["output"]
    summary = run["output"]["summary"]
    assert "re-judged by the publisher" in summary and "COV001" in summary
    assert "taken from the pull request's run as reported" in summary


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("shards: 1", "shards: 1\n      gate: false", "the gate stage is switched off"),
        ("shards: 1", "shards: 1\n      test: false", "the test stage is switched off"),
        (
            "    uses: " + USES,
            "    uses: " + USES.replace("policy-gate/policy-gate/", "someone/policy-gate/"),
            "`uses:` moved from policy-gate/policy-gate/",
        ),
        (
            "    name: python-ci\n",
            "    name: python-ci\n    continue-on-error: true\n",
            "`continue-on-error:`",
        ),
        ("    name: python-ci\n", "    name: python-ci\n    if: false\n", "`if:` added"),
        ("  python-ci:\n", "  renamed:\n", "the job is removed or renamed"),
    ],
)
@pytest.mark.slow
def test_switching_the_gate_off_in_the_pull_request_fails_the_check(
    scene: Scene, publish: Callable[..., Result], old: str, new: str, expected: str
) -> None:
    edit_caller(scene, old, new)
    run = published(scene, publish, scene.push_pull())
    assert run["conclusion"] == "failure"
    found = gate001(scene.github, run)
    assert any(expected in a["message"] for a in found), found
    assert all(a["path"] == ".github/workflows/ci.yml" for a in found)


@pytest.mark.slow
def test_removing_the_workflow_fails_the_check(
    scene: Scene, publish: Callable[..., Result]
) -> None:
    scene.origin.git("rm", "-q", ".github/workflows/ci.yml")
    run = published(scene, publish, scene.push_pull())
    assert run["conclusion"] == "failure"
    assert any("workflow file is removed" in a["message"] for a in gate001(scene.github, run))


@pytest.mark.slow
def test_a_same_repository_sha_bump_is_a_notice(
    scene: Scene, publish: Callable[..., Result]
) -> None:
    edit_caller(scene, USES, USES.replace("0" * 40, "1" * 40))
    run = published(scene, publish, scene.push_pull())
    assert run["conclusion"] == "success", run["output"]["summary"]
    (notice,) = gate001(scene.github, run)
    assert notice["annotation_level"] == "notice" and "same repository" in notice["message"]


@pytest.mark.slow
def test_a_secret_the_forged_report_hides_is_found_by_the_base(
    scene: Scene, publish: Callable[..., Result]
) -> None:
    """The artifact claims SEC002 passed; the publisher's own scan of the head says no."""
    scene.origin.write("settings.py", f'TOKEN = "{GITHUB_PAT}"\n')
    run = published(scene, publish, scene.push_pull())
    assert run["conclusion"] == "failure"
    secrets = [a for a in scene.github.annotations(run) if a["title"].startswith("SEC")]
    assert secrets and secrets[0]["path"] == "settings.py"
    sent = json.dumps([r.body for r in scene.github.requests])
    assert not any(piece in sent for piece in fragments(GITHUB_PAT))


@pytest.mark.slow
def test_a_fork_pull_request_is_rejudged_from_refs_pull(
    scene: Scene, publish: Callable[..., Result]
) -> None:
    edit_caller(scene, "shards: 1", "shards: 1\n      security: false")
    run = published(scene, publish, scene.push_pull(fork=True))
    assert run["conclusion"] == "failure"
    assert any("security stage" in a["message"] for a in gate001(scene.github, run))


@pytest.mark.slow
def test_a_head_that_moved_on_fails_closed(scene: Scene, publish: Callable[..., Result]) -> None:
    event = scene.push_pull()
    event["workflow_run"]["head_sha"] = "9" * 40
    scene.github.pulls[7]["head"]["sha"] = "9" * 40
    result = publish(event, "--root", str(scene.checkout))
    assert result.exit_code == 0, result.output
    (run,) = scene.github.check_runs
    assert run["conclusion"] == "failure"
    assert "Could not re-judge" in run["output"]["summary"]


@pytest.mark.slow
def test_the_head_tree_is_written_as_data(make_repo: Callable[..., Any], tmp_path: Path) -> None:
    """Symlinks become plain files, filters and hooks never run, submodules are skipped."""
    repo = make_repo()
    repo.write(".gitattributes", "*.txt filter=evil\n")
    repo.git("config", "filter.evil.smudge", f"touch {tmp_path / 'smudged'}")
    repo.write("notes.txt", "plain\n")
    (repo.path / "link").symlink_to("/etc/passwd")
    sha = repo.commit("data")
    git = materialise(repo.path, sha, tmp_path / "head")
    head = tmp_path / "head"
    assert (head / "notes.txt").read_text() == "plain\n"
    assert not (head / "link").is_symlink() and (head / "link").read_text() == "/etc/passwd"
    assert not (tmp_path / "smudged").exists()
    assert git.resolve("HEAD") == sha
    assert "notes.txt" in git.ls_files()


def test_workflow_edits_ignore_workflows_that_do_not_call_the_gate(
    make_repo: Callable[..., Any],
) -> None:
    repo = make_repo()
    repo.write(".github/workflows/other.yml", "on: push\njobs:\n  a:\n    runs-on: x\n")
    base = repo.commit("base")
    repo.write(".github/workflows/other.yml", "on: push\njobs:\n  b:\n    runs-on: y\n")
    head = repo.commit("head")
    assert workflow_edits(Git(repo.path), base, head) == []
