"""Parse ``git diff`` into the lines a change added, per file, at the head side."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from gate.git import Git

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {
    b"n": b"\n",
    b"t": b"\t",
    b'"': b'"',
    b"\\": b"\\",
    b"a": b"\a",
    b"b": b"\b",
    b"f": b"\f",
    b"r": b"\r",
    b"v": b"\v",
}


@dataclass
class FileChange:
    """One file's added lines (line number at head -> text); renames keep ``old_path``."""

    path: str
    old_path: str | None = None
    added: dict[int, str] = field(default_factory=dict)
    binary: bool = False


def unquote_path(raw: bytes) -> str:
    """Undo git's C-style quoting of a path (``"a\\tb"``); plain paths pass through."""
    if not raw.startswith(b'"'):
        return raw.decode("utf-8", "surrogateescape")
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i : i + 1]
        if char == b"\\":
            nxt = body[i + 1 : i + 2]
            if nxt.isdigit():
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += char
        i += 1
    return bytes(out).decode("utf-8", "surrogateescape")


def _strip_prefix(raw: bytes) -> str | None:
    path = unquote_path(raw.rstrip(b"\r\n").split(b"\t")[0])
    if path == "/dev/null":
        return None
    return path[2:] if path[:2] in ("a/", "b/") else path


# A user's diff.mnemonicPrefix (or diff.srcPrefix) would turn "a/" and "b/" into "c/", "w/",
# ...; every diff the gate parses asks for the standard prefixes (and skips submodules).
# Submodules are other repositories: their "Subproject commit" lines are not file content.
PREFIX_ARGS = ("--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules=all")


@dataclass
class FileDiff:
    """One file's part of a patch: added lines and the context lines git showed, by their
    head-side line numbers (raw bytes); ``commit`` is set when parsing ``git log -p``."""

    path: str
    old_path: str | None = None
    commit: str = ""
    added: dict[int, bytes] = field(default_factory=dict)
    context: dict[int, bytes] = field(default_factory=dict)


def iter_file_diffs(
    lines: Iterable[bytes], *, commit_marker: bytes | None = None
) -> Iterator[FileDiff]:
    """Parse a unified diff (any ``-U``) line by line, yielding each file when complete.

    With ``commit_marker``, a line starting with it begins a new commit whose SHA follows
    the marker (``git log -p --format=<marker>%H``). Deleted files yield nothing.
    """
    commit = ""
    current: FileDiff | None = None
    old_path: str | None = None
    line_no = 0
    old_left = new_left = 0  # lines of the current hunk still to read, per side
    for raw in lines:
        marker = raw[:1]
        if old_left or new_left:
            body = raw[1:].rstrip(b"\r\n")
            if marker == b"+" and new_left:
                if current is not None:
                    current.added[line_no] = body
                line_no, new_left = line_no + 1, new_left - 1
                continue
            if marker == b"-" and old_left:
                old_left -= 1
                continue
            if marker == b" " and old_left and new_left:
                if current is not None:
                    current.context[line_no] = body
                line_no, old_left, new_left = line_no + 1, old_left - 1, new_left - 1
                continue
        if marker == b"\\":
            continue  # "\ No newline at end of file"
        is_commit = commit_marker is not None and raw.startswith(commit_marker)
        if is_commit or raw.startswith(b"diff --git "):
            if current is not None:
                yield current
            current, old_path, old_left, new_left = None, None, 0, 0
            if is_commit:
                commit = raw[len(commit_marker or b"") :].strip().decode("ascii", "replace")
        elif raw.startswith(b"--- "):
            old_path = _strip_prefix(raw[4:])
        elif raw.startswith(b"+++ "):
            new_path = _strip_prefix(raw[4:])
            current = None
            if new_path is not None:
                renamed = old_path if old_path and old_path != new_path else None
                current = FileDiff(new_path, renamed, commit)
        else:
            match = _HUNK.match(raw)
            if match:
                old_left = int(match.group(1)) if match.group(1) is not None else 1
                line_no = int(match.group(2))
                new_left = int(match.group(3)) if match.group(3) is not None else 1
    if current is not None:
        yield current


def parse_diff(patch: bytes) -> dict[str, FileChange]:
    """Parse a unified diff (``-U0`` or wider) into added lines per head-side path."""
    changes: dict[str, FileChange] = {}
    for diff in iter_file_diffs(patch.splitlines(keepends=True)):
        change = changes.setdefault(diff.path, FileChange(diff.path, diff.old_path))
        for number, raw in diff.added.items():
            change.added[number] = raw.decode("utf-8", "replace")
    return {path: change for path, change in changes.items() if change.added}


def changed_files(git: Git, base: str, head: str | None) -> dict[str, FileChange]:
    """Added lines from the merge-base of ``base`` and ``head`` (None: the working tree).

    Renames are followed (a renamed file's unchanged lines are not "added"), and
    deleted files are ignored.
    """
    tip = head or "HEAD"
    merge_base = git.merge_base(base, tip)
    args = ["diff", "--no-color", "--no-ext-diff", "--unified=0", "-M", "--diff-filter=d", "--text"]
    args += PREFIX_ARGS
    args.append(merge_base)
    if head is not None:
        args.append(head)
    return parse_diff(git.run_bytes(*args, "--"))
