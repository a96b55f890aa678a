"""Small real projects measured by the real coverage.py, for the coverage tests.

(Importable from every test: pytest puts ``tests/`` on sys.path for its conftest.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from gate import config, engine
from gate.collectors.coverage_types import CoverageInput, FileLines, Totals
from gate.context import CheckOptions, Context
from gate.findings import RunResult

PYTHON = sys.executable

# Branchy code with an excluded function, a loop and an untaken elif.
MODULE = """\
def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    return 0


def never():  # pragma: no cover
    return "excluded"


def loop(n):
    total = 0
    for i in range(n):
        if i % 2:
            total += i
    return total


def unused(a, b):
    if a and b:
        return a
    return b
"""

DRIVER = """\
from pkg.core import sign, loop
sign(3)
sign(0)
loop(0)
"""


def clean_env() -> dict[str, str]:
    """The environment without the outer test run's coverage/pytest settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COV_CORE_", "COVERAGE_", "PYTEST_", "GITHUB_"))
    }


def run(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, check=check
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def make_project(root: Path, config: str = "", *, driver: str = DRIVER) -> Path:
    """A package ``pkg`` plus a driver script; ``config`` is the pyproject's coverage part."""
    write(
        root,
        {
            "pkg/__init__.py": "",
            "pkg/core.py": MODULE,
            "drive.py": driver,
            "pyproject.toml": config or '[tool.coverage.run]\nsource = ["pkg"]\n',
        },
    )
    return root


def changed_project(root: Path, commit: Any) -> Path:
    """``make_project`` committed, then an uncommitted change so COV002 reads its lines too."""
    make_project(root)
    commit("project")
    with (root / "pkg/core.py").open("a") as handle:
        handle.write("\n\ndef added(x):\n    return x\n")
    return root


def gate_cov_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real ``gate check --select COV --base main`` in ``root``, outside this test run."""
    return subprocess.run(
        [PYTHON, "-m", "gate", "check", "--select", "COV", "--base", "main", *args],
        cwd=root,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], name: str) -> str:
    """Exit 2, no traceback, one stderr line naming ``name``; that line."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"gate: error: {name}: "), lines[0]
    return lines[0]


def measure(root: Path, *extra: str) -> None:
    """``coverage run [extra] drive.py`` in the project."""
    run(root, "-m", "coverage", "run", *extra, "drive.py")


def report_total(root: Path) -> str:
    """The TOTAL percentage ``coverage report`` prints (combines, keeps parallel files)."""
    out = run(root, "-m", "coverage", "report", "--keep-combined").stdout
    match = re.search(r"^TOTAL\s.*?(\d+(?:\.\d+)?)%\s*$", out, re.MULTILINE)
    if match is None:  # a single file: coverage prints no TOTAL row
        rows = [line for line in out.splitlines() if re.search(r"\d%$", line)]
        match = re.search(r"(\d+(?:\.\d+)?)%$", rows[-1])
    assert match is not None, out
    return match.group(1)


def run_policies(
    root: Path, coverage: CoverageInput | None, policies: dict[str, Any], **options: Any
) -> tuple[RunResult, engine.InputErrors]:
    """``engine.run`` of ``policies`` (their config), reading ``coverage`` if given."""
    cfg = config.validate({"policies": policies}, "gate.yml")
    ctx = Context(root, cfg, CheckOptions(env={}, **options))
    if coverage is not None:
        ctx.cached("coverage", lambda: coverage)
    return engine.run(ctx, select=[*policies] or ["COV001"])


class FixedCoverage(CoverageInput):
    """Coverage results with given totals (the readers are tested on real data)."""

    def __init__(self, totals: Totals, precision: int = 0) -> None:
        self._totals, self._precision, self.source = totals, precision, "fixed"

    @property
    def branch(self) -> bool:
        return self._totals.branches > 0

    @property
    def precision(self) -> int:
        return self._precision

    def totals(self) -> Totals:
        return self._totals

    def files(self, wanted: Collection[str]) -> dict[str, FileLines]:
        return {}
