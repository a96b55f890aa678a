"""What a range of commits introduced: each new blob (first commit and path) and each message.

Nothing is checked out. One ``git log --raw -m -M`` pass lists, oldest commit first, every
blob a commit's tree has that a parent's lacked at that path (a renamed file keeps the blob
it came from), merge commits against each parent included, so a blob first seen in a merge
is found there. For a range, ``git rev-list
--objects`` then drops blobs the base can already reach (content the change merely moved
or restored). Contents are read by the caller with one ``git cat-file --batch``, bytes as
stored: no textconv, no attributes, so ``-diff`` and binary files are read like any other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from gate.collectors.diff import unquote_path
from gate.git import ZERO_SHA, Git

_COMMIT = b"\x00"
# Regular files and symlinks; gitlinks (submodules, mode 160000) are other repositories.
_BLOB_MODES = (b"100", b"120")


@dataclass
class Introduction:
    """A blob new in ``commit`` at ``path``; ``previous`` holds the blobs the commit's
    parents had at that path (what was already there, so not introduced here)."""

    blob: str
    commit: str
    path: str
    previous: list[str] = field(default_factory=list)


def log_args(revisions: Sequence[str]) -> list[str]:
    return [
        "log", "--raw", "--no-abbrev", "-m", "--root", "--topo-order", "--reverse", "-M",
        "--format=%x00%H", *revisions, "--",
    ]  # fmt: skip


def range_revisions(rev_range: str | None) -> list[str]:
    """Revision arguments: a range (``base..head``) or every ref (None)."""
    if rev_range is None:
        return ["--all"]
    return ["--end-of-options", rev_range]


def introductions(git: Git, revisions: Sequence[str]) -> list[Introduction]:
    """Every blob the revisions introduce, each once, in the order commits added them."""
    found: dict[str, Introduction] = {}
    commit = ""
    for raw in git.stream(*log_args(revisions)):
        if raw.startswith(_COMMIT):
            commit = raw[1:].strip().decode("ascii", "replace")
            continue
        if not raw.startswith(b":"):
            continue
        meta, _, names = raw.rstrip(b"\n").partition(b"\t")
        name = names.rsplit(b"\t", 1)[-1]  # a rename lists the old path, then the new one
        fields = meta[1:].split()
        if len(fields) < 5 or not fields[1].startswith(_BLOB_MODES):
            continue
        old, new = fields[2].decode("ascii"), fields[3].decode("ascii")
        if new == ZERO_SHA:
            continue  # deleted here
        path = unquote_path(name)
        seen = found.get(new)
        if seen is None:
            seen = found[new] = Introduction(new, commit, path)
        elif (seen.commit, seen.path) != (commit, path):
            continue  # introduced earlier; this is a later commit carrying it
        if old != ZERO_SHA and fields[0].startswith(_BLOB_MODES):
            seen.previous.append(old)  # one entry per parent of a merge
    if list(revisions) != ["--all"] and found:
        reachable = _range_objects(git, revisions, found)
        return [intro for blob, intro in found.items() if blob in reachable]
    return list(found.values())


def _range_objects(git: Git, revisions: Sequence[str], wanted: dict[str, Introduction]) -> set[str]:
    """Those of ``wanted`` that ``rev-list --objects`` lists (not reachable from the base)."""
    kept: set[str] = set()
    for raw in git.stream("rev-list", "--objects", *revisions, "--"):
        object_id = raw[:40].decode("ascii", "replace")
        if object_id in wanted:
            kept.add(object_id)
    return kept


def commit_messages(git: Git, revisions: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """(commit, full message) for each commit of the revisions, merges included."""
    commit = ""
    lines: list[bytes] = []
    for raw in git.stream("log", "--format=%x00%H%n%B", *revisions, "--"):
        if raw.startswith(_COMMIT):
            if commit:
                yield commit, b"".join(lines)
            commit, lines = raw[1:].strip().decode("ascii", "replace"), []
        else:
            lines.append(raw)
    if commit:
        yield commit, b"".join(lines)
