"""Streaming the lines each commit added from ``git log -p`` in a real repository."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gate.errors import GitError
from gate.git import Git
from gate.secrets.history import CommitFile, commit_files, range_revisions


def files(repo_path: Path, revisions: list[str]) -> list[CommitFile]:
    return list(commit_files(Git(repo_path), revisions))


def test_added_lines_per_commit_oldest_first_including_deleted_later(
    make_repo: Callable[..., object],
) -> None:
    repo = make_repo()
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write("app.py", "a = 1\nb = 2\nc = 3\n")
    first = repo.commit("add app")
    repo.write("app.py", "a = 1\nleak = 'x'\nb = 2\nc = 3\n")
    second = repo.commit("add leak")
    repo.write("app.py", "a = 1\nb = 2\nc = 3\n")
    repo.commit("remove leak")
    found = files(repo.path, range_revisions(f"{base}..HEAD"))
    assert [(f.commit, f.path, f.added) for f in found] == [
        (first, "app.py", {1: b"a = 1", 2: b"b = 2", 3: b"c = 3"}),
        (second, "app.py", {2: b"leak = 'x'"}),
    ]
    # one line of context: the line above the added one is known (for pragmas)
    assert found[1].line(1) == "a = 1"
    assert found[1].line(3) == "b = 2"


def test_renames_add_nothing_and_odd_paths_are_unquoted(make_repo: Callable[..., object]) -> None:
    repo = make_repo()
    repo.write("old name.txt", "one\ntwo\n")
    repo.write("tab\there.txt", "x\n")
    repo.commit("add")
    start = repo.git("rev-parse", "HEAD").strip()
    repo.git("mv", "old name.txt", "new name.txt")
    repo.commit("rename")
    repo.write("new name.txt", "one\ntwo\nthree\n")
    repo.commit("append")
    found = files(repo.path, range_revisions(f"{start}..HEAD"))
    assert [(f.path, f.added) for f in found] == [("new name.txt", {3: b"three"})]
    every = {f.path for f in files(repo.path, range_revisions(None))}
    assert {"tab\there.txt", "old name.txt", "README.md"} <= every


def test_binary_files_and_deletions_are_skipped(make_repo: Callable[..., object]) -> None:
    repo = make_repo()
    (repo.path / "blob.bin").write_bytes(b"\0\1\2secret\n")
    repo.commit("binary")
    repo.git("rm", "-q", "README.md")
    repo.commit("delete")
    assert {f.path for f in files(repo.path, ["--end-of-options", "HEAD~2..HEAD"])} == set()


def test_text_joins_adjacent_runs_and_separates_gaps() -> None:
    commit_file = CommitFile("c" * 40, "k.pem", added={3: b"B", 4: b"C", 9: b"Z"})
    data, numbers = commit_file.text()
    assert data == b"B\nC\n\nZ\n"
    assert numbers == [3, 4, None, 9]


def test_a_bad_range_is_a_git_error(make_repo: Callable[..., object]) -> None:
    repo = make_repo()
    with pytest.raises(GitError):
        files(repo.path, range_revisions("nope..HEAD"))
    with pytest.raises(GitError):
        files(repo.path, range_revisions("--output=/tmp/x"))
