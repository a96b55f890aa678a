"""What a range introduced (blobs, first commit and path, messages), from a real repository."""

from __future__ import annotations

from typing import Any

import pytest

from gate.errors import GitError
from gate.git import CatFile, Git
from gate.secrets.history import commit_messages, introductions, range_revisions


def blob(repo: Any, rev: str, path: str) -> str:
    return str(repo.git("rev-parse", f"{rev}:{path}").strip())


def intros(repo: Any, revisions: list[str]) -> list[tuple[str, str, str]]:
    return [(i.blob, i.commit, i.path) for i in introductions(Git(repo.path), revisions)]


@pytest.mark.slow
def test_each_new_blob_once_at_its_first_commit_oldest_first(repo: Any) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write("app.py", "a = 1\n")
    first = repo.commit("add app")
    repo.write("app.py", "a = 1\nleak = 'x'\n")
    second = repo.commit("add leak")
    repo.write("app.py", "a = 1\n")  # back to the first version: nothing new
    repo.commit("remove leak")
    found = introductions(Git(repo.path), range_revisions(f"{base}..HEAD"))
    assert [(i.commit, i.path) for i in found] == [(first, "app.py"), (second, "app.py")]
    assert found[1].previous == [found[0].blob]  # what the file held before that commit


@pytest.mark.slow
def test_content_the_base_already_has_is_not_introduced(repo: Any) -> None:
    repo.write("config.txt", "original\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("config.txt", "changed\n")
    changed = repo.commit("change")
    repo.write("config.txt", "original\n")  # restores a blob main can reach
    repo.commit("restore")
    found = intros(repo, range_revisions("main..feature"))
    assert [(c, p) for _, c, p in found] == [(changed, "config.txt")]


@pytest.mark.slow
def test_a_blob_first_seen_in_a_merge_commit_is_introduced_by_the_merge(repo: Any) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.write("side.txt", "side\n")
    side = repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.write("main.txt", "main\n")
    repo.commit("main")
    base = repo.git("rev-parse", "HEAD~1").strip()
    repo.git("merge", "-q", "--no-commit", "side")
    repo.write("evil.txt", "only in the merge\n")
    repo.git("add", "evil.txt")
    merge = repo.commit("merge side")
    found = {p: (b, c) for b, c, p in intros(repo, range_revisions(f"{base}..HEAD"))}
    assert found["evil.txt"] == (blob(repo, "HEAD", "evil.txt"), merge)
    assert found["side.txt"][1] == side  # the side commit, not the merge that brought it
    assert set(found) == {"evil.txt", "side.txt", "main.txt"}


@pytest.mark.slow
def test_all_covers_every_ref_including_root_and_odd_paths(repo: Any) -> None:
    repo.write("tab\there.txt", "x\n")
    repo.commit("odd")
    repo.git("checkout", "-q", "-b", "other")
    repo.write("other.txt", "y\n")
    repo.commit("other")
    repo.git("checkout", "-q", "main")
    paths = {p for _, _, p in intros(repo, range_revisions(None))}
    assert paths == {"README.md", "tab\there.txt", "other.txt"}


@pytest.mark.slow
def test_an_edited_rename_remembers_the_blob_it_came_from(repo: Any) -> None:
    repo.write("old.py", "".join(f"line {n}\n" for n in range(20)))
    repo.commit("add")
    start = repo.git("rev-parse", "HEAD").strip()
    before = blob(repo, "HEAD", "old.py")
    repo.git("mv", "old.py", "new.py")
    repo.write("new.py", "".join(f"line {n}\n" for n in range(21)))
    moved = repo.commit("rename and edit")
    (found,) = introductions(Git(repo.path), range_revisions(f"{start}..HEAD"))
    assert (found.commit, found.path, found.previous) == (moved, "new.py", [before])


def test_deletions_and_renames_introduce_nothing(repo: Any) -> None:
    repo.write("old name.txt", "one\n")
    repo.commit("add")
    start = repo.git("rev-parse", "HEAD").strip()
    repo.git("mv", "old name.txt", "new name.txt")
    repo.git("rm", "-q", "README.md")
    repo.commit("rename and delete")
    assert intros(repo, range_revisions(f"{start}..HEAD")) == []


def test_commit_messages_of_the_range_merges_included(repo: Any) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    first = repo.commit("first line\n\nbody line")
    second = repo.commit("second")
    messages = dict(commit_messages(Git(repo.path), range_revisions(f"{base}..HEAD")))
    assert messages == {first: b"first line\n\nbody line\n\n", second: b"second\n\n"}


def test_cat_file_streams_blobs_in_order_and_rejects_non_blobs(repo: Any) -> None:
    (repo.path / "data.bin").write_bytes(bytes(range(256)) * 9000)
    repo.commit("binary")
    data_id, readme_id = blob(repo, "HEAD", "data.bin"), blob(repo, "HEAD", "README.md")
    with CatFile(repo.path) as cat:
        size, blocks = cat.open(data_id)
        parts = list(blocks)
        assert size == 256 * 9000 and b"".join(parts) == bytes(range(256)) * 9000
        assert len(parts) > 1  # streamed, not read at once
        assert b"".join(cat.open(readme_id)[1]) == b"# test\n"
        with pytest.raises(GitError):
            cat.open(repo.git("rev-parse", "HEAD^{tree}").strip())


def test_a_bad_range_is_a_git_error(repo: Any) -> None:
    with pytest.raises(GitError):
        introductions(Git(repo.path), range_revisions("nope..HEAD"))
    with pytest.raises(GitError):
        introductions(Git(repo.path), range_revisions("--output=/tmp/x"))
