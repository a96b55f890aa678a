"""The one git wrapper: every git call the gate makes goes through ``Git``."""

from __future__ import annotations

import os
import subprocess  # nosec B404 - git is run with argument lists, never a shell
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from gate.errors import GitError

_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_CONFIG_NOSYSTEM": "1",
    "LC_ALL": "C",
}
_BASE_ARGS = ("-c", "core.quotePath=false", "-c", "diff.noprefix=false", "-c", "color.ui=never")
ZERO_SHA = "0" * 40


class Git:
    """Runs git in one working tree; raises ``GitError`` with a one-line message."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._is_repo: bool | None = None

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(_ENV)
        return env

    def run_bytes(self, *args: str, input: bytes | None = None) -> bytes:
        try:
            proc = subprocess.run(  # nosec B603 B607 - fixed git argv
                ["git", *_BASE_ARGS, *args],
                cwd=self.root,
                input=input,
                capture_output=True,
                env=self._env(),
                check=False,
            )
        except FileNotFoundError:
            raise GitError("git is not installed or not on PATH") from None
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {proc.returncode}"
            raise GitError(f"git {args[0]} failed: {reason}")
        return proc.stdout

    def run(self, *args: str) -> str:
        return self.run_bytes(*args).decode("utf-8", "surrogateescape")

    def stream(self, *args: str) -> Iterator[bytes]:
        """Yield stdout lines (with their newline) of a long-running git command."""
        proc = subprocess.Popen(  # nosec B603 B607 - fixed git argv
            ["git", *_BASE_ARGS, *args],
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._env(),
        )
        assert proc.stdout is not None and proc.stderr is not None
        try:
            yield from proc.stdout
        finally:
            proc.stdout.close()
            err = proc.stderr.read()
            proc.stderr.close()
            code = proc.wait()
        if code != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {lines[-1] if lines else code}")

    def is_repo(self) -> bool:
        """Whether ``root`` is inside a git working tree (asked once per instance: each
        git call costs a process, and a run asks this from several places)."""
        if self._is_repo is None:
            try:
                self._is_repo = self.run("rev-parse", "--is-inside-work-tree").strip() == "true"
            except GitError:
                self._is_repo = False
        return self._is_repo

    def toplevel(self) -> Path:
        return Path(self.run("rev-parse", "--show-toplevel").strip())

    def resolve(self, ref: str) -> str:
        """The commit SHA a ref names; an unknown ref is a ``GitError`` naming it."""
        if ref.startswith("-"):
            raise GitError(f"{ref}: not a valid git ref")
        try:
            return self.run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
            ).strip()
        except GitError:
            raise GitError(f"{ref}: unknown git ref (is it fetched? use fetch-depth: 0)") from None

    def ref_exists(self, ref: str) -> bool:
        try:
            self.resolve(ref)
            return True
        except GitError:
            return False

    def merge_base(self, first: str, second: str) -> str:
        try:
            return self.run("merge-base", first, second).strip()
        except GitError:
            raise GitError(
                f"{first}: no merge-base with {second} (shallow clone? use fetch-depth: 0)"
            ) from None

    def default_branch(self) -> str | None:
        """The default branch's ref, when it can be found locally."""
        try:
            head = self.run("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").strip()
            return head.removeprefix("refs/remotes/")
        except GitError:
            pass
        for candidate in ("origin/main", "origin/master", "main", "master"):
            if self.ref_exists(candidate):
                return candidate
        return None

    def show(self, ref: str, path: str) -> bytes | None:
        """A file's bytes at ``ref``, or None when it does not exist there."""
        try:
            return self.run_bytes("show", f"{ref}:{path}")
        except GitError:
            return None

    def show_many(self, ref: str, paths: Sequence[str]) -> dict[str, bytes | None]:
        """``show`` for several files with one git process (each ``git show`` costs one).

        Answers exactly as ``show`` would: a file git does not report as a plain blob
        (a tree, or a name the batch format cannot carry) is asked for with ``show``.
        """
        batchable = [path for path in paths if "\n" not in path and not ref.startswith("-")]
        request = b"".join(
            f"{ref}:{path}\n".encode("utf-8", "surrogateescape") for path in batchable
        )
        out = self.run_bytes("cat-file", "--batch", input=request) if batchable else b""
        found: dict[str, bytes | None] = {}
        at = 0
        for path in batchable:
            end = out.find(b"\n", at)
            header = out[at:end].split() if end >= 0 else []
            at = end + 1
            if len(header) == 3 and header[2].isdigit():
                size = int(header[2])
                body, at = out[at : at + size], at + size + 1  # and the newline after it
                if header[1] == b"blob":
                    found[path] = body
            elif header[-1:] == [b"missing"]:
                found[path] = None
        return {path: found[path] if path in found else self.show(ref, path) for path in paths}

    def ls_files(self, *, untracked: bool = False, paths: Sequence[str] = ()) -> list[str]:
        args = ["ls-files", "-z", "--cached"]
        if untracked:
            args += ["--others", "--exclude-standard"]
        out = self.run_bytes(*args, "--", *paths)
        names = out.decode("utf-8", "surrogateescape").split("\0")
        return sorted({name for name in names if name})


class CatFile:
    """One ``git cat-file --batch`` process that hands out blobs by id, streamed in blocks.

    Objects are asked for one at a time (git flushes each answer), so nothing is buffered
    beyond the block being read; use it as a context manager so the process always ends.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> CatFile:
        env = dict(os.environ)
        env.update(_ENV)
        try:
            self._proc = subprocess.Popen(  # nosec B603 B607 - fixed git argv
                ["git", *_BASE_ARGS, "cat-file", "--batch"],
                cwd=self.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except FileNotFoundError:
            raise GitError("git is not installed or not on PATH") from None
        return self

    def __exit__(self, *exc: object) -> None:
        proc = self._proc
        if proc is not None:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.close()
            proc.stdout.close()
            proc.wait()

    def open(self, object_id: str) -> tuple[int, Iterator[bytes]]:
        """The size of a blob and an iterator over its bytes in blocks.

        The iterator must be exhausted before the next ``open``; a missing object or one
        that is not a blob is a ``GitError``.
        """
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(object_id.encode("ascii") + b"\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise GitError("git cat-file failed: the process ended") from None
        header = proc.stdout.readline().split()
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            if header[1] == b"blob":
                return size, self._blocks(proc.stdout, size)
            for _ in self._blocks(proc.stdout, size):  # keep the stream in step
                pass
        elif not header:
            raise GitError("git cat-file failed: the process ended")
        raise GitError(f"git cat-file failed: {object_id} is not a readable blob")

    @staticmethod
    def _blocks(stdout: IO[bytes], size: int, block: int = 1 << 20) -> Iterator[bytes]:
        left = size
        while left:
            data = stdout.read(min(block, left))
            if not data:
                raise GitError("git cat-file failed: the object ended early")
            left -= len(data)
            yield data
        stdout.read(1)  # the newline after each object
