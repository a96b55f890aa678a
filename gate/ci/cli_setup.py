"""``gate ci`` commands that prepare and run a job: matrix, install, lint, tests, coverage."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from gate.ci import inputs, install, lint, provenance, run, scope, shard
from gate.ci.shell import ROOT, emit, execute
from gate.errors import ExitCode, InputError


@click.command("shard")
@click.option("--shards", type=click.IntRange(min=1), required=True)
@click.option("--index", type=click.IntRange(min=1), required=True, help="1-based.")
@ROOT
@click.argument("paths", nargs=-1)
def shard_command(shards: int, index: int, root: Path, paths: tuple[str, ...]) -> None:
    """Print the test files of shard INDEX out of SHARDS, one per line."""
    try:
        files = shard.shard_files(root, shards, index, paths)
    except ValueError as error:
        raise InputError(str(error)) from None
    for path in files:
        click.echo(path)


@click.command("plan")
@click.option(
    "--input",
    "given",
    multiple=True,
    metavar="NAME=VALUE",
    help="An action input to validate (repeatable), e.g. --input shards=3.",
)
@click.option("--shards", default=None, help="Same as --input shards=N.")
@click.option("--python-versions", default=None, help="Same as --input python-versions=JSON.")
def plan_command(given: tuple[str, ...], shards: str | None, python_versions: str | None) -> None:
    """Validate every input given and emit ``shards`` and ``python-versions`` as JSON lists."""
    values: dict[str, str] = {}
    for item in given:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--input {item!r} is not NAME=VALUE")
        values[name.strip()] = value
    for name, option in (("shards", shards), ("python-versions", python_versions)):
        if option is not None:
            values[name] = option
    emit(inputs.validate(values))


@click.command("install-mode")
@click.option("--mode", type=click.Choice(install.MODES), default="auto", show_default=True)
@ROOT
def install_mode_command(mode: str, root: Path) -> None:
    """Print how the project installs: uv, pip (requirement files) or pyproject."""
    emit({"mode": install.resolve(root, mode).value})


@click.command("install")
@click.option("--mode", type=click.Choice(install.MODES), default="auto", show_default=True)
@click.option("--python", "base_python", default=sys.executable, help="Interpreter to build from.")
@click.option("--venv", type=click.Path(path_type=Path), required=True)
@click.option(
    "--coverage-lock",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Hashed lock of coverage, installed when the project does not bring it "
    "(the action passes its own); without it a missing coverage is an error.",
)
@click.option(
    "--test-tools",
    type=click.Choice(["true", "false"]),
    default="true",
    show_default=True,
    help="Make sure coverage and pytest are there (false: a security-only job).",
)
@ROOT
def install_command(
    mode: str,
    base_python: str,
    venv: Path,
    coverage_lock: Path | None,
    test_tools: str,
    root: Path,
) -> None:
    """Install the project and its test dependencies into VENV; emit its ``python``.

    The test stage then runs ``python -m coverage run -m pytest`` there: coverage comes
    from ``--coverage-lock`` when the project lacks it, and a missing pytest fails here,
    naming where to declare it, rather than in the test step.
    """
    plan = install.plan(root, install.resolve(root, mode), base_python, venv.resolve())
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv.resolve())}
    for command in plan.commands:
        if execute(command, root, env):
            raise InputError(f"installing the project failed ({plan.mode.value} mode)")
    absent = install.missing(plan.python) if test_tools == "true" else ()
    if install.COVERAGE in absent:
        if coverage_lock is None:
            hint = install.where_to_declare(root, plan.mode, install.COVERAGE)
            raise InputError(f"the project environment has no coverage: {hint}")
        click.echo(
            "coverage is not in the project environment: installing the action's pin", err=True
        )
        if execute(install.coverage_command(plan.mode, plan.python, coverage_lock), root, env):
            raise InputError("installing coverage failed", path=str(coverage_lock))
    if install.TEST_RUNNER in absent:
        hint = install.where_to_declare(root, plan.mode, install.TEST_RUNNER)
        raise InputError(f"the project environment has no pytest, which the tests run with: {hint}")
    emit({"mode": plan.mode.value, "python": plan.python})


@click.command("lint-tool")
@ROOT
def lint_tool_command(root: Path) -> None:
    """Print the formatter the lint stage checks with (ruff or black), and why."""
    decision = lint.decide(root)
    emit({"formatter": decision.formatter, "requirements": " ".join(decision.requirements())})
    click.echo(f"reason: {decision.reason}", err=True)


def _has(python: str, module: str, version: str | None) -> bool:
    code = (
        "import importlib.metadata as m, sys\n"
        "try:\n v = m.version(sys.argv[1])\nexcept m.PackageNotFoundError:\n sys.exit(1)\n"
        "sys.exit(0 if sys.argv[2] in ('', v) else 1)\n"
    )
    done = subprocess.run([python, "-c", code, module, version or ""], check=False)
    return done.returncode == 0


@click.command("lint")
@click.option(
    "--tools-venv",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to install missing tools (default: $RUNNER_TEMP/gate-lint-tools).",
)
@click.option(
    "--scope",
    "scope_name",
    type=click.Choice(scope.SCOPES),
    default="changed",
    show_default=True,
    help="The change's Python files only, or the whole tree.",
)
@ROOT
def lint_command(tools_venv: Path | None, scope_name: str, root: Path) -> None:
    """Run ruff check and the project's formatter check, at the project's pinned versions."""
    decision = lint.decide(root)
    click.echo(f"formatter: {decision.formatter} ({decision.reason})", err=True)
    change, described = scope.from_event(root, scope_name, os.environ)
    click.echo(f"lint {described}", err=True)
    files = [f for f in change.python_files() if (root / f).is_file()] if change else []
    if change is not None and not files:
        click.echo("lint: the change has no Python file: nothing to lint", err=True)
        return
    python = sys.executable
    if not all(_has(python, tool, decision.versions.get(tool)) for tool in decision.tools):
        temp = os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()
        venv = tools_venv or Path(temp) / "gate-lint-tools"
        python = str(venv / "bin" / "python")
        for command in (
            (sys.executable, "-m", "venv", str(venv)),
            (python, "-m", "pip", "install", "-q", *decision.requirements()),
        ):
            if execute(command, root):
                raise InputError(f"cannot install {' '.join(decision.requirements())}")
    commands = decision.commands(files)
    failed = [" ".join(c[1:3]) for c in commands if execute((python, *c), root)]
    if failed:
        click.echo(f"lint failed: {', '.join(failed)}", err=True)
        sys.exit(int(ExitCode.FAILED))


def _has_pytest_cov(python: str) -> bool:
    code = "import importlib.util, sys; sys.exit(importlib.util.find_spec('pytest_cov') is None)"
    return subprocess.run([python, "-c", code], check=False).returncode == 0


@click.command("run-tests")
@click.option("--python", required=True, help="The project environment's interpreter.")
@click.option("--shards", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--index", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Where the coverage data and the JUnit XML go.",
)
@click.option("--tag", default="local", show_default=True, help="Names the JUnit file.")
@ROOT
@click.argument("paths", nargs=-1)
def run_tests_command(
    python: str,
    shards: int,
    index: int,
    data_dir: Path,
    tag: str,
    root: Path,
    paths: tuple[str, ...],
) -> None:
    """Run this shard's tests under coverage (parallel mode) with a JUnit report."""
    try:
        files = shard.shard_files(root, shards, index, paths)
    except ValueError as error:
        raise InputError(str(error)) from None
    if not files:
        # An empty file list would make pytest collect everything: run nothing instead.
        click.echo(f"shard {index}/{shards} has no test files (more shards than files)")
        return
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    junit = data_dir / f"junit-{tag}.xml"
    # A fresh name per run: the manifest lists only files coverage.py wrote under it. It is
    # passed as --data-file, never exported, so the project's tests inherit no coverage setting.
    data_file = provenance.fresh_data_file(data_dir)
    command = run.test_command(
        python,
        files,
        str(junit),
        has_pytest_cov=_has_pytest_cov(python),
        data_file=str(data_file),
    )
    click.echo(f"shard {index}/{shards}: {len(files)} test files", err=True)
    before = provenance.data_files(data_dir)
    code = execute(command, root)
    provenance.write_manifest(data_dir, tag, before, junit, data_file)  # what combine reads
    sys.exit(code)


@click.command("combine")
@click.option("--data-dir", type=click.Path(path_type=Path), required=True)
@ROOT
def combine_command(data_dir: Path, root: Path) -> None:
    """Combine the coverage data the test jobs recorded into ROOT/.coverage.

    Only the files the test jobs' manifests list are combined; on Actions a missing
    manifest, or JUnit reports with zero tests, fail the step.
    """
    on_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    recorded = provenance.read(data_dir)
    if recorded is None:
        if on_actions:
            raise InputError(
                "no test job's manifest: the test jobs wrote no coverage data "
                "this run can vouch for",
                path=str(data_dir),
            )
        parts = tuple(sorted(data_dir.glob(".coverage.*"))) if data_dir.is_dir() else ()
    else:
        parts = recorded.data_files
        if on_actions and recorded.test_count() == 0:
            raise InputError("the test jobs' JUnit reports count zero tests", path=str(data_dir))
    if not parts:
        click.echo(f"no coverage data in {data_dir}: the coverage policies will say so", err=True)
        return
    target = root.resolve() / ".coverage"
    provenance.combine(parts, target)
    click.echo(f"combined {len(parts)} coverage data files into {target}", err=True)
    emit({"coverage-file": str(target)})
