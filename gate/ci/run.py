"""Command lines the test, security and gate stages run, and the coverage floor check."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.errors import InputError


def test_command(
    python: str, files: Sequence[str], junit: str, *, has_pytest_cov: bool, data_file: str
) -> tuple[str, ...]:
    """pytest under ``coverage run --parallel-mode``: each shard writes its own data file.

    The data file is named with ``--data-file`` rather than ``COVERAGE_FILE``, so the
    project's own tests (and anything they start) never inherit a coverage setting.

    pytest-cov, when installed, is told ``--no-cov`` so a ``--cov`` in the project's
    addopts does not start a second, competing measurement.
    """
    no_cov = ("--no-cov",) if has_pytest_cov else ()
    return (
        python,
        "-m",
        "coverage",
        "run",
        "--parallel-mode",
        f"--data-file={data_file}",
        "-m",
        "pytest",
        f"--junitxml={junit}",
        *no_cov,
        "--",
        *files,
    )


def gate_check_args(
    stage: str,
    *,
    history: str | None,
    coverage: str | None = None,
    summary: str | None = None,
    sarif: str | None = None,
    json_path: str | None = None,
) -> list[str]:
    """``gate check`` arguments for the ``security`` stage or the ``gate`` stage.

    The security stage runs only the secret scan, terminal output only: the gate stage
    writes the annotations, so a finding is not annotated twice.
    """
    history_args = ["--history", history] if history else []
    if stage == "security":
        return ["check", "--select", "SEC", *history_args, "--report", "terminal"]
    if stage != "gate":
        raise InputError(f"unknown stage {stage!r}")
    args = ["check", *history_args, "--report", "terminal", "--report", "github"]
    if coverage:
        args += ["--coverage", coverage]
    for name, path in (("summary", summary), ("sarif", sarif), ("json", json_path)):
        if path:
            args += ["--report", f"{name}:{path}"]
    return args


def trusted_coverage_path(root: Path, given: str | None, *, on_actions: bool) -> str | None:
    """The coverage data the gate stage may read, as an absolute path.

    Locally a missing file leaves the gate to find coverage itself. On Actions only the
    data ``gate ci combine`` wrote from this run's test jobs counts: a missing file is
    passed on anyway (the COV policies then fail, naming it), and a file committed in the
    repository is refused, since the pull request wrote it, not the tests.
    """
    from gate.git import Git

    if not given:
        if not on_actions:
            return None
        given = ".coverage"
    found = (root / given).resolve()
    if not on_actions:
        return str(found) if found.is_file() else None
    try:
        relative = found.relative_to(root)
    except ValueError:
        return str(found)  # outside the checkout: the pull request could not commit it
    git = Git(root)
    if git.is_repo() and relative.as_posix() in git.ls_files(paths=[relative.as_posix()]):
        raise InputError(
            "coverage data committed in the repository is not evidence of this run's tests; "
            "run the test jobs and `gate ci combine`",
            path=str(relative),
        )
    return str(found)


@dataclass(frozen=True)
class Floor:
    ok: bool
    lines: tuple[str, ...]


def _raw(report: dict[str, Any], policy: str, name: str) -> Any:
    for entry in report.get("policies") or []:
        if isinstance(entry, dict) and entry.get("id") == policy:
            return (entry.get("metrics") or {}).get(name)
    return None


def _metric(report: dict[str, Any], policy: str, name: str) -> float | None:
    value = _raw(report, policy, name)
    return float(value) if isinstance(value, (int, float)) else None


def coverage_floor(report_path: Path, total: float, changed: float) -> Floor:
    """Extra floors from workflow inputs, on top of the gate config (0 = no floor).

    A floor whose metric the report lacks fails: a floor nobody measured is not met.
    """
    if total <= 0 and changed <= 0:
        return Floor(True, ("no coverage floor set in the workflow inputs",))
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(
            f"cannot read the gate's JSON report: {error}", path=str(report_path)
        ) from None
    lines, ok = [], True
    for label, policy, metric, floor in (
        ("total coverage", "COV001", "coverage", total),
        ("changed-line coverage", "COV002", "changed_coverage", changed),
    ):
        if floor <= 0:
            continue
        value = _metric(report, policy, metric)
        if value is None and policy == "COV002" and _raw(report, policy, metric) == "n/a":
            lines.append(f"{label}: n/a (the change has no statement to cover)")
        elif value is None:
            ok = False
            lines.append(f"{label}: not measured ({policy} reported no {metric}); floor {floor:g}%")
        elif value < floor:
            ok = False
            lines.append(f"{label}: {value:g}% is below the workflow's floor of {floor:g}%")
        else:
            lines.append(f"{label}: {value:g}% meets the workflow's floor of {floor:g}%")
    return Floor(ok, tuple(lines))
