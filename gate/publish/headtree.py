"""The pull request's head commit as data: fetched into the base checkout, written out blob
by blob into a scratch clone, never checked out.

No checkout means no smudge/clean filters, no hooks, no ``export-ignore`` (which would let a
pull request hide files from ``git archive``): every tracked blob is written as a plain file
(a symlink as a file holding its target), submodules are skipped, and a path with a ``.git``
or ``..`` component is refused. The token reaches git only through ``GIT_CONFIG_*``
environment variables, never a file or an argument.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from gate.errors import GitError, InputError
from gate.git import Git

HEAD_REF = "refs/policy-gate/pull-head"


class _AuthGit(Git):
    """Git with an HTTP Authorization header for github.com fetches (as actions/checkout)."""

    def __init__(self, root: Path, token: str, server_url: str) -> None:
        super().__init__(root)
        self._extra: dict[str, str] = {}
        if token:
            basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
            self._extra = {
                "GIT_CONFIG_COUNT": "1",
                "GIT_CONFIG_KEY_0": f"http.{server_url.rstrip('/')}/.extraheader",
                "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}",
            }

    def _env(self) -> dict[str, str]:
        return {**super()._env(), **self._extra}


def fetch(root: Path, number: int, head_sha: str, *, token: str = "", server_url: str = "") -> None:
    """Fetch ``refs/pull/N/head`` into the base checkout; the run's head SHA must arrive."""
    git = _AuthGit(root, token, server_url or "https://github.com")
    try:
        git.run(
            "fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "origin",
            f"+refs/pull/{number}/head:{HEAD_REF}",
        )  # fmt: skip
    except GitError as error:
        # git's own message can quote the remote URL; keep only what we know.
        raise InputError(f"cannot fetch pull request #{number}'s head: {error.message}") from None
    if not git.ref_exists(f"{head_sha}^{{commit}}"):
        raise InputError(
            f"pull request #{number} no longer contains {head_sha[:12]} (pushed to since)"
        )


def _safe(path: str) -> bool:
    parts = path.split("/")
    return not path.startswith("/") and all(
        part not in ("", ".", "..") and part.lower() != ".git" for part in parts
    )


def materialise(root: Path, sha: str, dest: Path) -> Git:
    """A scratch clone at ``dest`` whose index and files are ``sha``'s tree; returns its Git."""
    Git(root).run("clone", "--quiet", "--shared", "--no-checkout", str(root), str(dest))
    git = Git(dest)
    git.run("update-ref", "--no-deref", "HEAD", sha)
    git.run("read-tree", sha)
    listing = git.run_bytes("ls-tree", "-r", "-z", "--full-tree", sha).split(b"\0")
    entries: list[tuple[str, str]] = []
    for entry in filter(None, listing):
        meta, _, raw_path = entry.partition(b"\t")
        _mode, kind, blob = meta.decode().split(" ")
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != "blob":
            continue  # submodules: nothing of theirs is in this repository
        if not _safe(path):
            raise InputError(f"the head tree holds an unsafe path {path!r}; refused")
        entries.append((path, blob))
    data = git.run_bytes(
        "cat-file", "--batch", input="".join(f"{b}\n" for _, b in entries).encode()
    )
    offset = 0
    for path, blob in entries:
        header_end = data.index(b"\n", offset)
        name, _, size = data[offset:header_end].decode().split(" ")
        if name != blob:
            raise GitError(f"git cat-file answered {name} for {blob}")
        start = header_end + 1
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or not target.parent.resolve().is_relative_to(dest.resolve()):
            raise InputError(f"the head tree holds an unsafe path {path!r}; refused")
        target.write_bytes(data[start : start + int(size)])
        os.chmod(target, 0o644)
        offset = start + int(size) + 1
    return git
