"""Where reports go: the default reports for the environment, the hints and options they
render with, the step outputs, and writing a report to a file or standard output."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gate.errors import GateError
from gate.reporters import NAMES, ReportOptions

if TYPE_CHECKING:
    from gate.config import Config
    from gate.findings import RunResult

Wanted = list[tuple[str, str | None]]


def parse_reports(specs: Sequence[str]) -> Wanted:
    """``NAME[:PATH]`` pairs; no PATH (or ``-``) means standard output."""
    out = []
    for spec in specs:
        name, _, path = spec.partition(":")
        if name not in NAMES:
            raise click.BadParameter(
                f"unknown report {name!r}; choose from {', '.join(NAMES)}", param_hint="--report"
            )
        out.append((name, path if path and path != "-" else None))
    return out


def default_reports(env: Mapping[str, str], actions: bool) -> Wanted:
    """No ``--report``: the terminal report, plus annotations and the job summary on Actions."""
    wanted: Wanted = [("terminal", None)]
    if actions:
        wanted.append(("github", None))
        if env.get("GITHUB_STEP_SUMMARY"):
            wanted.append(("summary", env["GITHUB_STEP_SUMMARY"]))
    return wanted


def full_list_hint(wanted: Sequence[tuple[str, str | None]], env: Mapping[str, str]) -> str:
    """Where the github report tells readers the findings it could not annotate are."""
    places = []
    names = {name for name, _ in wanted}
    if "summary" in names and any(
        path == env.get("GITHUB_STEP_SUMMARY") for name, path in wanted if name == "summary"
    ):
        places.append("the job summary")
    if "terminal" in names:
        places.append("the step log")
    for name in ("sarif", "json"):
        places += [f"the {name} report ({path})" for n, path in wanted if n == name and path]
    return ", ".join(places) if places else "the terminal report (run gate check locally)"


def use_color(env: Mapping[str, str], tty: bool) -> bool:
    """Colour on a terminal; ``NO_COLOR`` (any non-empty value) turns it off and
    ``FORCE_COLOR`` (non-empty, not "0") on, e.g. in CI logs, which render colour."""
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    return tty


def report_options(
    config: Config,
    wanted: Sequence[tuple[str, str | None]],
    env: Mapping[str, str],
    *,
    quiet: bool,
    blob_url: str | None,
) -> ReportOptions:
    """How ``gate check`` renders: the findings without a location are anchored to the
    configuration file that judged (code scanning needs a location)."""
    from gate import config as config_module

    return ReportOptions(
        color=use_color(env, sys.stdout.isatty()),
        quiet=quiet,
        full_list_hint=full_list_hint(wanted, env),
        sarif_anchor_path=(
            config.source
            if config.source in config_module.CONFIG_FILES
            or config.source == config_module.PYPROJECT
            else "pyproject.toml"
        ),
        sarif_repository_wide=bool(config.section("sarif").repository_wide),
        blob_url=blob_url,
    )


def step_outputs(result: RunResult) -> dict[str, str]:
    """The ``$GITHUB_OUTPUT`` values of a ``gate check`` step: the verdict and the two
    coverage figures (empty when the policy did not run)."""

    def number(policy: str, name: str) -> str:
        value = result.metric(policy, name)
        return "" if value is None else str(value)

    return {
        "verdict": result.verdict,
        "coverage": number("COV001", "coverage"),
        "changed-coverage": number("COV002", "changed_coverage"),
    }


def write_output(
    path: str | None, text: str, *, append: bool = False, keep_color: bool = False
) -> None:
    if path is None:
        try:
            # click strips colour codes when stdout is no terminal; the terminal report
            # paints only when asked (a terminal, or FORCE_COLOR), so keep what it painted.
            click.echo(text, nl=False, color=True if keep_color else None)
            sys.stdout.flush()
        except BrokenPipeError:
            from gate.error_guard import silence_stdout

            silence_stdout()  # the other reports and the exit code still follow
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a" if append else "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise GateError(f"cannot write report: {error.strerror}", path=path) from None
