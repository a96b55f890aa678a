"""What a CI run judges as "the change": its base commit, changed files and changed lines.

Clean as you code: lint and bandit judge what the pull request changed, not the code it
found. The base is the event's: a pull request's base SHA, a merge group's base SHA, a
push's ``before`` (the pushed range). The head is the checked-out commit (``HEAD``): for a
pull request that is the merge commit, so ``base..HEAD`` is exactly the pull request's
change as applied on its base, with line numbers of the files on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from gate.ci.events import SHA
from gate.collectors.diff import changed_files
from gate.errors import GitError
from gate.git import ZERO_SHA, Git
from gate.github.event import load_event

SCOPES = ("changed", "all")
PYTHON_SUFFIXES = (".py", ".pyi")


def change_base(event: Mapping[str, Any], event_name: str) -> str | None:
    """The commit the change is measured from; None when the event names none.

    A push that creates a branch (``before`` all zeros) has no pushed range: its base is
    None, and the whole tree is judged.
    """
    if event_name.startswith("pull_request"):
        base = ((event.get("pull_request") or {}).get("base") or {}).get("sha")
    elif event_name == "merge_group":
        base = (event.get("merge_group") or {}).get("base_sha")
    elif event_name == "push":
        base = event.get("before")
    else:
        return None
    if not isinstance(base, str) or not SHA.match(base) or base == ZERO_SHA:
        return None
    return base


@dataclass(frozen=True)
class Change:
    """The lines ``base..HEAD`` added, per path relative to the project root."""

    base: str
    lines: dict[str, frozenset[int]]

    def python_files(self) -> list[str]:
        return sorted(path for path in self.lines if path.endswith(PYTHON_SUFFIXES))

    def touches(self, path: str, start: int, end: int) -> bool:
        added = self.lines.get(path, frozenset())
        return any(line in added for line in range(start, max(start, end) + 1))


def load_change(root: Path, base: str | None) -> tuple[Change | None, str]:
    """The change from ``base`` to ``HEAD`` in ``root``, or None and why it is unknown.

    Deleted files are left out (nothing to lint); paths outside ``root`` (the project's
    working-directory inside a larger repository) too.
    """
    if base is None:
        return None, "the event names no base commit"
    git = Git(root)
    try:
        files = changed_files(git, base, "HEAD")
        top = git.toplevel().resolve()
    except GitError as error:
        return None, f"cannot diff {base[:12]}..HEAD ({error}); is the history fetched?"
    prefix = PurePosixPath(root.resolve().relative_to(top).as_posix())
    lines: dict[str, frozenset[int]] = {}
    for path, change in files.items():
        pure = PurePosixPath(path)
        if str(prefix) != "." and prefix not in pure.parents:
            continue
        relative = pure.relative_to(prefix) if str(prefix) != "." else pure
        lines[relative.as_posix()] = frozenset(change.added)
    return Change(base, lines), ""


def from_event(root: Path, scope: str, env: Mapping[str, str]) -> tuple[Change | None, str]:
    """The change this run judges (None: the whole tree), and a line saying which.

    ``changed`` without a known change (no base in the event, history not fetched) judges
    the whole tree: stricter than the change, never laxer.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    if scope == "all":
        return None, "scope: all (the whole tree)"
    base = change_base(load_event(env), env.get("GITHUB_EVENT_NAME", ""))
    change, why = load_change(root, base)
    if change is None:
        return None, f"scope: changed, but {why}: judging the whole tree"
    count = len(change.lines)
    return change, f"scope: changed ({count} files changed since {change.base[:12]})"
