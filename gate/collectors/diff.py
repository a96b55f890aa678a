"""Parse ``git diff`` into the lines a change added, per file, at the head side."""

from __future__ import annotations

import re
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
    path = unquote_path(raw.rstrip(b"\n").split(b"\t")[0])
    if path == "/dev/null":
        return None
    return path[2:] if path[:2] in ("a/", "b/") else path


def parse_diff(patch: bytes) -> dict[str, FileChange]:
    """Parse a unified diff (``-U0`` or wider) into added lines per head-side path."""
    changes: dict[str, FileChange] = {}
    current: FileChange | None = None
    old_path: str | None = None
    line_no = 0
    old_left = new_left = 0  # lines of the current hunk still to read, per side
    for raw in patch.splitlines(keepends=True):
        marker = raw[:1]
        if old_left or new_left:
            if marker == b"+" and new_left:
                if current is not None:
                    current.added[line_no] = raw[1:].rstrip(b"\r\n").decode("utf-8", "replace")
                line_no += 1
                new_left -= 1
                continue
            if marker == b"-" and old_left:
                old_left -= 1
                continue
            if marker == b" " and old_left and new_left:
                line_no += 1
                old_left -= 1
                new_left -= 1
                continue
        if marker == b"\\":
            continue  # "\ No newline at end of file"
        if raw.startswith(b"diff --git "):
            current, old_path = None, None
        elif raw.startswith(b"--- "):
            old_path = _strip_prefix(raw[4:])
        elif raw.startswith(b"+++ "):
            new_path = _strip_prefix(raw[4:])
            current = None
            if new_path is not None:
                current = changes.setdefault(new_path, FileChange(new_path))
                if old_path and old_path != new_path:
                    current.old_path = old_path
        elif raw.startswith(b"rename from ") or raw.startswith(b"Binary files "):
            continue
        else:
            match = _HUNK.match(raw)
            if match:
                old_left = int(match.group(1)) if match.group(1) is not None else 1
                line_no = int(match.group(2))
                new_left = int(match.group(3)) if match.group(3) is not None else 1
    return {path: change for path, change in changes.items() if change.added}


def changed_files(git: Git, base: str, head: str | None) -> dict[str, FileChange]:
    """Added lines from the merge-base of ``base`` and ``head`` (None: the working tree).

    Renames are followed (a renamed file's unchanged lines are not "added"), and
    deleted files are ignored.
    """
    tip = head or "HEAD"
    merge_base = git.merge_base(base, tip)
    args = ["diff", "--no-color", "--no-ext-diff", "--unified=0", "-M", "--diff-filter=d", "--text"]
    # diff.mnemonicPrefix (or diff.srcPrefix) in a user's config would change "a/" and
    # "b/" into "c/", "w/", ...; _strip_prefix expects the standard ones.
    args += ["--src-prefix=a/", "--dst-prefix=b/"]
    args.append(merge_base)
    if head is not None:
        args.append(head)
    return parse_diff(git.run_bytes(*args, "--"))
