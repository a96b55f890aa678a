"""ruff as the engine of READY001/READY003: found beside the interpreter, run ``--isolated``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gate.context import Context
from gate.errors import InputError, MissingInput
from gate.policies.ready.change import ChangedPython, added_items, changed_python
from gate.policies.ready.common import python_files, ready

INSTALL_HINT = "install it beside the gate: pip install 'policy-gate[ready]' (or pip install ruff)"
_CHUNK = 2000  # paths per ruff process: far below any platform's argument-length limit


@dataclass(frozen=True)
class Violation:
    """One ruff diagnostic: rule code and repo-relative place."""

    code: str
    path: str
    line: int
    column: int
    message: str


def find_ruff() -> str | None:
    """The ruff next to the running interpreter (same venv), else the one on PATH."""
    name = "ruff.exe" if os.name == "nt" else "ruff"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("ruff")


def _rules(ctx: Context) -> list[str]:
    section = ready(ctx)
    return sorted({*section.silent_failure_rules, *section.debug_rules})


def run_ruff(
    ruff: str,
    cwd: Path,
    paths: Sequence[str],
    rules: Sequence[str],
    base_root: Path | None = None,
) -> list[Violation]:
    """ruff's diagnostics for ``paths`` under ``cwd``, with only ``rules`` and no config.

    ``--isolated`` ignores every pyproject/ruff.toml (the change under judgement controls
    them) and ``--ignore-noqa`` counts suppressed lines too, so a ``# noqa`` cannot hide one.
    Files under ``base_root`` (base versions) come back marked as such.
    """
    found: list[Violation] = []
    for start in range(0, len(paths), _CHUNK):
        argv = [ruff, "check", "--isolated", "--no-cache", "--ignore-noqa", "--exit-zero"]
        argv += ["--output-format", "json", "--select", ",".join(rules), "--"]
        argv += list(paths[start : start + _CHUNK])
        try:
            proc = subprocess.run(  # nosec B603 - argv is ours; the paths are data
                argv, cwd=cwd, capture_output=True, check=False
            )
        except OSError as error:
            raise MissingInput(f"cannot run ruff ({error.strerror}); {INSTALL_HINT}") from None
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"ruff failed: {detail[-1] if detail else proc.returncode}")
        try:
            items = json.loads(proc.stdout or b"[]")
        except ValueError:
            raise InputError("ruff printed something that is not its JSON output") from None
        for item in items:
            code = item.get("code")
            if not code:  # a syntax error: ruff cannot judge the file, neither can we
                continue
            path = _relative(Path(item["filename"]).resolve(), cwd.resolve(), base_root)
            where = item.get("location") or {}
            found.append(
                Violation(code, path, where.get("row", 0), where.get("column", 0), item["message"])
            )
    found.sort(key=lambda v: (v.path, v.line, v.column, v.code))
    return found


_BASE_MARK = "\0base"  # no repository path starts with NUL


def _relative(path: Path, root: Path, base_root: Path | None) -> str:
    """A repo-relative path; a base version's path is marked as such."""
    if base_root is not None and path.is_relative_to(base_root):
        return f"{_BASE_MARK}/{path.relative_to(base_root).as_posix()}"
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        raise InputError(f"ruff reported a file outside the repository: {path}") from None


def require_ruff() -> str:
    ruff = find_ruff()
    if ruff is None:
        raise MissingInput(f"ruff is not installed, which the READY checks need; {INSTALL_HINT}")
    return ruff


def _both(ctx: Context) -> tuple[list[Violation], list[Violation]]:
    """One ruff run over the whole tree and the base versions of the changed files.

    The base versions are written to a temporary directory and passed by absolute path,
    so one ruff process (one start-up, one thread pool) judges both sides.
    """

    def compute() -> tuple[list[Violation], list[Violation]]:
        ruff = require_ruff()
        olds = [c for c in changed_python(ctx) if c.base_source is not None]
        with tempfile.TemporaryDirectory(prefix="gate-ready-") as tmp:
            base_root = Path(tmp).resolve()
            for change in olds:
                target = base_root / change.path
                target.parent.mkdir(parents=True, exist_ok=True)
                assert change.base_source is not None
                target.write_bytes(change.base_source)
            extra = [str(base_root / c.path) for c in olds]
            paths = [*python_files(ctx), *extra]
            found = run_ruff(ruff, ctx.root, paths, _rules(ctx), base_root)
        prefix = f"{_BASE_MARK}/"
        head = [v for v in found if not v.path.startswith(prefix)]
        base = [_rebase(v, prefix) for v in found if v.path.startswith(prefix)]
        return head, base

    return ctx.cached("ready:ruff", compute)


def _rebase(violation: Violation, prefix: str) -> Violation:
    path = violation.path[len(prefix) :]
    return Violation(violation.code, path, violation.line, violation.column, violation.message)


def head_violations(ctx: Context) -> list[Violation]:
    """Every READY ruff rule over the whole tree, run once per gate run."""
    return _both(ctx)[0]


def base_violations(ctx: Context) -> list[Violation]:
    """The same rules over the base versions of the changed Python files only."""
    return _both(ctx)[1]


def added_violations(
    change: ChangedPython, head: Sequence[Violation], base: Sequence[Violation]
) -> list[Violation]:
    """The violations of ``change``'s file that the change added (rule and line text)."""
    return added_items(
        [f"{v.code}:{change.base_line(v.line)}" for v in base if v.path == change.path],
        [v for v in head if v.path == change.path],
        key=lambda v: f"{v.code}:{change.head_line(v.line)}",
        on_added_line=lambda v: v.line in change.added,
    )
