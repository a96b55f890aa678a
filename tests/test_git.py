"""The git wrapper (gate/git.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.errors import GitError
from gate.git import Git
from tests.conftest import Repo


def test_resolve_and_refs(repo) -> None:
    git = Git(repo.path)
    head = repo.git("rev-parse", "HEAD").strip()
    assert git.resolve("main") == head
    assert git.ref_exists("main") and not git.ref_exists("missing")
    with pytest.raises(GitError, match=r"^--upload-pack=x: not a valid git ref"):
        git.resolve("--upload-pack=x")


def test_merge_base_of_diverged_branches(repo) -> None:
    fork = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("f")
    repo.git("checkout", "-q", "main")
    repo.commit("m")
    assert Git(repo.path).merge_base("main", "feature") == fork


def test_show_and_ls_files_with_odd_names(repo) -> None:
    repo.write("dir/sp ace.txt", "one\n")
    repo.write("ünï.txt", "two\n")
    repo.commit("odd names")
    git = Git(repo.path)
    assert git.ls_files() == ["README.md", "dir/sp ace.txt", "ünï.txt"]
    assert git.show("HEAD", "ünï.txt") == b"two\n"
    assert git.show("HEAD", "missing.txt") is None


def test_stream_yields_lines_and_reports_failure(repo) -> None:
    git = Git(repo.path)
    assert list(git.stream("rev-list", "HEAD")) == [repo.git("rev-parse", "HEAD").encode()]
    with pytest.raises(GitError, match="git rev-list failed"):
        list(git.stream("rev-list", "no-such-ref"))


def test_not_a_repository(tmp_path: Path) -> None:
    git = Git(tmp_path)
    assert not git.is_repo()
    with pytest.raises(GitError):
        git.toplevel()


def test_show_many_answers_as_show_does(repo: Repo) -> None:
    """One ``cat-file --batch`` for several files gives what ``git show`` gives each one:
    bytes (empty, binary, CRLF, with spaces in the name), None when absent, and a tree's
    listing for a directory."""
    repo.write("empty.txt", "")
    (repo.path / "binary.bin").write_bytes(b"\x00\xff\r\n\n\x00")
    repo.write("with space.cfg", "a = 1\r\nb = 2\n")
    repo.write("dir/inside.yml", "x: 1\n")
    repo.commit("files")
    git = Git(repo.path)
    head = git.resolve("HEAD")
    names = ["empty.txt", "binary.bin", "with space.cfg", "README.md", "absent", "dir", "dir/"]
    many = git.show_many(head, names)
    assert list(many) == names
    assert many == {name: git.show(head, name) for name in names}
    assert many["absent"] is None and many["binary.bin"] == b"\x00\xff\r\n\n\x00"
    assert many["dir"] is not None  # git show lists a tree; so does show_many
    assert git.show_many("no-such-ref", ["README.md"]) == {"README.md": None}
