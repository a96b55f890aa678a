"""Base discovery, file listing and trusted reads (gate/context.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate import config
from gate.context import CheckOptions, Context, find_base
from gate.errors import GitError, InputError, MissingInput
from gate.git import ZERO_SHA, Git


def ctx(repo, *, env: dict[str, str] | None = None, exclude: str = "[]", **options) -> Context:
    cfg = config.validate({"exclude": json.loads(exclude)}, "gate.yml")
    return Context(repo.path, cfg, CheckOptions(env=env or {}, **options))


def test_explicit_base_wins(repo) -> None:
    repo.git("branch", "other")
    assert find_base(Git(repo.path), "other", {}) == ("other", "--base other")


def test_explicit_unknown_base_is_named(repo) -> None:
    with pytest.raises(GitError, match=r"^nope: unknown git ref"):
        find_base(Git(repo.path), "nope", {})


def test_pull_request_payload_sha_is_preferred(repo, tmp_path: Path) -> None:
    base_sha = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("work")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base_sha}}}))
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event), "GITHUB_BASE_REF": "main"}
    assert find_base(Git(repo.path), None, env) == (base_sha, "the pull request's base commit")


def test_pull_request_base_branch_when_payload_sha_missing(repo) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main"}
    base, reason = find_base(Git(repo.path), None, env)
    assert base == "main" and "base branch main" in reason


def test_pull_request_base_absent_from_shallow_clone(repo) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "release"}
    base, reason = find_base(Git(repo.path), None, env)
    assert base is None and "release" in reason and "fetch-depth: 0" in reason


def test_push_uses_the_commit_before(repo, tmp_path: Path) -> None:
    before = repo.git("rev-parse", "HEAD").strip()
    repo.commit("pushed")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"before": before}))
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event)}
    assert find_base(Git(repo.path), None, env)[0] == before
    # A new branch's first push has no "before": fall back to the default branch.
    event.write_text(json.dumps({"before": ZERO_SHA}))
    assert find_base(Git(repo.path), None, env)[0] == "main"


def test_local_default_branch_and_none(repo) -> None:
    assert find_base(Git(repo.path), None, {})[0] == "main"
    repo.git("branch", "-m", "main", "trunk")
    base, reason = find_base(Git(repo.path), None, {})
    assert base is None and "pass --base REF" in reason


def test_changed_files_without_base_is_missing_input(repo) -> None:
    repo.git("branch", "-m", "main", "trunk")
    with pytest.raises(MissingInput, match="cannot tell which lines changed"):
        ctx(repo).changed_files()


@pytest.mark.slow
def test_changed_files_on_a_branch(repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("a.py", "x = 1\ny = 2\n")
    repo.commit("add a")
    repo.write("a.py", "x = 1\ny = 3\nz = 4\n")  # uncommitted edit: judged with no --head
    changes = ctx(repo).changed_files()
    assert changes["a.py"].added == {1: "x = 1", 2: "y = 3", 3: "z = 4"}
    committed = ctx(repo, head="HEAD").changed_files()
    assert committed["a.py"].added == {1: "x = 1", 2: "y = 2"}


def test_not_a_git_checkout(tmp_path: Path) -> None:
    context = Context(tmp_path, config.defaults(), CheckOptions(env={}))
    assert not context.is_git
    with pytest.raises(MissingInput, match="not a git checkout"):
        context.changed_files()


def test_files_lists_tracked_and_local_untracked(repo) -> None:
    repo.write("tracked.py", "")
    repo.commit("t")
    repo.write("new.py", "")
    repo.write(".gitignore", "ignored.py\n")
    repo.write("ignored.py", "")
    assert ctx(repo).files() == [".gitignore", "README.md", "new.py", "tracked.py"]
    # In CI only what git tracks is judged.
    assert ctx(repo, env={"GITHUB_ACTIONS": "true"}).files() == ["README.md", "tracked.py"]


def test_files_honours_exclude_and_paths(repo) -> None:
    repo.write("src/a.py", "")
    repo.write("tests/fixtures/b.py", "")
    repo.commit("files")
    assert ctx(repo, exclude='["tests/fixtures/*"]').files() == ["README.md", "src/a.py"]
    assert ctx(repo, paths=("src/a.py",)).files() == ["src/a.py"]


def test_paths_outside_the_repository_are_rejected(repo, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="outside the repository"):
        ctx(repo).relpath(tmp_path / "elsewhere.txt")
    with pytest.raises(InputError, match="outside the repository"):
        ctx(repo).read_bytes("../escape.txt")


def test_trusted_text_reads_the_base_commit(repo) -> None:
    repo.write("policy.txt", "strict\n")
    base = repo.commit("policy")
    repo.write("policy.txt", "lenient\n")
    cfg = config.defaults()
    assert Context(repo.path, cfg).trusted_text("policy.txt") == "lenient\n"
    trusted = Context(repo.path, cfg, trusted_ref=base)
    assert trusted.trusted_text("policy.txt") == "strict\n"
    assert trusted.trusted_text("absent.txt") is None
