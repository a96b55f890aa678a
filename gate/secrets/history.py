"""Stream the lines each commit added, straight from ``git log -p`` (nothing is checked out).

One ``git log`` process serves the whole range; its output is parsed line by line and
each (commit, file) is handed on as soon as it is complete, so memory stays flat on long
histories. Merge commits show no diff (git's default): what a merge brings in was added
by the commits it merges, which the range already holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from gate.collectors.diff import PREFIX_ARGS, iter_file_diffs
from gate.git import Git

_COMMIT = b"\x00"
# One line of context, so a pragma on the unchanged line above an added secret is seen.
CONTEXT_LINES = 1


@dataclass
class CommitFile:
    """Lines one commit added to one file (head-side numbers), with the context git showed."""

    commit: str
    path: str
    added: dict[int, bytes] = field(default_factory=dict)
    context: dict[int, bytes] = field(default_factory=dict)

    def line(self, number: int) -> str | None:
        raw = self.added.get(number, self.context.get(number))
        return None if raw is None else raw.decode("utf-8", "replace")

    def text(self) -> tuple[bytes, list[int | None]]:
        """The added lines as one document, and each document line's real line number.

        Runs of added lines stay together (a private key block spans many lines); an
        empty line separates runs that are not adjacent, so no match straddles a gap.
        """
        lines: list[bytes] = []
        numbers: list[int | None] = []
        previous = None
        for number in sorted(self.added):
            if previous is not None and number != previous + 1:
                lines.append(b"")
                numbers.append(None)
            lines.append(self.added[number])
            numbers.append(number)
            previous = number
        return b"\n".join(lines) + b"\n", numbers


def log_args(revisions: Sequence[str]) -> list[str]:
    return [
        "log", "-p", "--reverse", f"-U{CONTEXT_LINES}", "-M", "--no-color", "--no-ext-diff",
        "--no-textconv", *PREFIX_ARGS, "--format=%x00%H", *revisions, "--",
    ]  # fmt: skip


def range_revisions(rev_range: str | None) -> list[str]:
    """``git log`` revision arguments: a range (``base..head``) or every ref (None)."""
    if rev_range is None:
        return ["--all"]
    return ["--end-of-options", rev_range]


def commit_files(git: Git, revisions: Sequence[str]) -> Iterator[CommitFile]:
    """Each (commit, file) with added lines in ``revisions``, oldest commit first."""
    for diff in iter_file_diffs(git.stream(*log_args(revisions)), commit_marker=_COMMIT):
        if diff.added:
            yield CommitFile(diff.commit, diff.path, diff.added, diff.context)
