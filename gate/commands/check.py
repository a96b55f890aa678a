"""``gate check``: judge the repository (and its change), write the reports, pick the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from gate.commands.options import find_root, root_option
from gate.findings import Severity
from gate.reporters import NAMES


def split_ids(values: Sequence[str]) -> tuple[str, ...]:
    """``--select A,B --select C`` -> (A, B, C)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.command()
@click.option("--config", "config_path", metavar="PATH", help="Config file (default: discovered).")
@click.option(
    "--base", metavar="REF", help="Ref to diff against (default: PR base / default branch)."
)
@click.option("--head", metavar="REF", help="Ref to judge (default: the working tree).")
@click.option(
    "--select", multiple=True, metavar="ID", help="Run only these policies (ID or prefix)."
)
@click.option("--ignore", multiple=True, metavar="ID", help="Skip these policies (ID or prefix).")
@click.option(
    "--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest failing severity."
)
@click.option("--no-fail", is_flag=True, help="Report, but always exit 0 on a completed run.")
@click.option(
    "--quiet", "-q", is_flag=True, help="Terminal report: failing policies and findings only."
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="NAME[:PATH]",
    help=f"Write a report ({', '.join(NAMES)}); repeatable; no PATH: stdout.",
)
@click.option(
    "--coverage",
    "coverage_paths",
    multiple=True,
    metavar="PATH",
    help="Coverage data: .coverage, coverage.xml or coverage.json (repeatable).",
)
@click.option("--baseline", metavar="PATH", help="JSON result of a base run, for COV003.")
@click.option("--history", metavar="REV_RANGE", help="Commits to scan for secrets (SEC003).")
@click.option("--all", "all_history", is_flag=True, help="Scan the whole history (SEC003).")
@click.option(
    "--policy-from",
    type=click.Choice(["auto", "head", "base"]),
    default="auto",
    show_default=True,
    help="Whose configuration judges: auto = the base in a PR.",
)
@root_option()
@click.argument("paths", nargs=-1, type=click.Path())
def check(
    config_path: str | None,
    base: str | None,
    head: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    no_fail: bool,
    quiet: bool,
    reports: tuple[str, ...],
    coverage_paths: tuple[str, ...],
    baseline: str | None,
    history: str | None,
    all_history: bool,
    policy_from: str,
    root: Path | None,
    paths: tuple[str, ...],
) -> None:
    """Judge the repository (and its change) against the policies.

    PATHS, when given, narrow the file-based policies to those files (as pre-commit
    hooks pass them).
    """
    from gate import engine
    from gate.context import CheckOptions, Context, in_actions, judging_config
    from gate.error_guard import error_line
    from gate.errors import ExitCode, GitError
    from gate.git import Git
    from gate.redaction import redact_result
    from gate.reporters import render
    from gate.reporters.escaping import neutralize_report
    from gate.reporters.sinks import (
        default_reports,
        parse_reports,
        report_options,
        step_outputs,
        write_output,
    )

    env = dict(os.environ)
    root = find_root(root)
    git = Git(root)
    wanted = parse_reports(reports)
    select = split_ids(select)
    ignore = split_ids(ignore)
    for pattern in (*select, *ignore):
        if engine.unknown_selectors([pattern]):
            raise click.BadParameter(
                f"no policy matches {pattern!r}", param_hint="--select/--ignore"
            )

    is_git = git.is_repo()
    if head and is_git:
        git.resolve(head)
    config, trusted = judging_config(
        root, git, config_path=config_path, base=base, policy_from=policy_from, env=env
    )
    options = CheckOptions(
        base=base,
        head=head,
        coverage_paths=coverage_paths,
        baseline=baseline,
        history=history,
        all_history=all_history,
        paths=paths or None,
        env=env,
    )
    ctx = Context(root, config, options, trusted_ref=trusted, git=git)
    result, errors = engine.run(
        ctx,
        select=select,
        ignore=ignore,
        fail_on=Severity(fail_on) if fail_on else None,
        no_fail=no_fail,
    )

    # The policies that ran: their documentation URLs are the gate's own text.
    own_urls = {cls.help_url() for cls in engine.selected_policies(ctx, select, ignore)}
    result = redact_result(result, own_urls)  # once, before any reporter sees a string
    actions = in_actions(env)
    wanted = wanted or default_reports(env, actions)
    links: str | None = None  # where the summary links a judged file's lines (Actions only)
    if actions:
        from gate.reporters.summary_report import blob_url

        judged: str | None = None
        if is_git:
            try:  # the commit the run judged (none: no commit yet)
                judged = git.resolve(head or "HEAD")
            except GitError:
                judged = None
        links = blob_url(env, judged)
    rendering = report_options(config, wanted, env, quiet=quiet, blob_url=links)
    # Write every report before deciding the exit code; one broken sink loses no other.
    broken: list[BaseException] = []
    for name, path in wanted:
        append = name == "summary" and path is not None and path == env.get("GITHUB_STEP_SUMMARY")
        try:
            text = render(name, result, rendering)
            if path is None and actions:
                text = neutralize_report(name, text)  # the runner parses the step log
            write_output(path, text, append=append, keep_color=name == "terminal")
        except Exception as problem:  # noqa: BLE001 - re-raised below, after the others
            broken.append(problem)
    if actions and env.get("GITHUB_OUTPUT"):
        from gate.github.actions_files import output_lines

        write_output(env["GITHUB_OUTPUT"], output_lines(step_outputs(result)), append=True)
    if broken:
        raise broken[0]

    for error in errors:
        click.echo(error_line("gate: error", str(error)), err=True)
    if errors:
        sys.exit(int(ExitCode.USAGE))
    if result.passed or no_fail:
        sys.exit(int(ExitCode.PASSED))
    sys.exit(int(ExitCode.FAILED))
