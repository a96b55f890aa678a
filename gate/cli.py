"""The command line: the only place that reads argv, writes files and picks the exit code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import click

from gate import __version__, engine
from gate import config as config_module
from gate.context import CheckOptions, Context, find_base, in_actions, judges_a_change
from gate.error_guard import GuardedGroup, error_line, safe_line, silence_stdout
from gate.errors import ConfigError, ExitCode, GateError, GitError
from gate.findings import RunResult, Severity
from gate.git import Git
from gate.github.actions_files import output_lines
from gate.policies import load_all
from gate.redaction import redact_result
from gate.reporters import NAMES, ReportOptions, render
from gate.reporters.escaping import neutralize_report
from gate.reporters.summary_report import blob_url


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gate")
def main() -> None:
    """policy-gate: judge a repository and its pull request against policies."""


def find_root(start: Path) -> Path:
    git = Git(start)
    if git.is_repo():
        return git.toplevel()
    return start.resolve()


def parse_reports(specs: Sequence[str]) -> list[tuple[str, str | None]]:
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


def split_ids(values: Sequence[str]) -> tuple[str, ...]:
    """``--select A,B --select C`` -> (A, B, C)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def load_config(
    root: Path, explicit: str | None, *, git: Git | None = None, trusted: str | None = None
) -> config_module.Config:
    """The configuration from the working tree, or from commit ``trusted`` when set."""

    def read(name: str) -> str | None:
        if trusted is not None and git is not None:
            data = git.show(trusted, name)
            return None if data is None else data.decode("utf-8", "replace")
        full = root / name if not Path(name).is_absolute() else Path(name)
        try:
            return full.read_text(encoding="utf-8") if full.is_file() else None
        except (OSError, UnicodeDecodeError) as error:
            reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "unreadable"
            raise ConfigError(f"{name}: cannot read the configuration: {reason}") from None

    return config_module.load(read, explicit)


def trusted_config_ref(
    git: Git, root: Path, policy_from: str, base: str | None, env: Mapping[str, str]
) -> str | None:
    """Which commit's configuration judges this run (None: the working tree).

    In a pull request on Actions the base commit's configuration is used, so the pull
    request cannot weaken the policy that judges it (``--policy-from`` overrides).
    """
    if policy_from == "head":
        return None
    if policy_from == "auto" and not judges_a_change(env):
        return None
    if base is None:
        if policy_from == "base":
            raise GitError("--policy-from base needs a base ref; pass --base REF")
        # A proposed change without its base would be judged by its own configuration.
        raise GitError(
            "the change's base commit is not in this clone: check out with "
            "fetch-depth: 0 (the base's configuration must judge the change)"
        )
    return git.resolve(base)


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
            silence_stdout()  # the other reports and the exit code still follow
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a" if append else "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise GateError(f"cannot write report: {error.strerror}", path=path) from None


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


def github_outputs(result: RunResult) -> dict[str, str]:
    def number(policy: str, name: str) -> str:
        value = result.metric(policy, name)
        return "" if value is None else str(value)

    return {
        "verdict": result.verdict,
        "coverage": number("COV001", "coverage"),
        "changed-coverage": number("COV002", "changed_coverage"),
    }


def judged_commit(git: Git, head: str | None) -> str | None:
    """The commit the run judged, for links to its lines (None: no commit yet)."""
    try:
        return git.resolve(head or "HEAD")
    except GitError:
        return None


def use_color(env: Mapping[str, str], tty: bool) -> bool:
    """Colour on a terminal; ``NO_COLOR`` (any non-empty value) turns it off and
    ``FORCE_COLOR`` (non-empty, not "0") on, e.g. in CI logs, which render colour."""
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    return tty


@main.command()
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
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository to judge (default: the current checkout).",
)
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
    env = dict(os.environ)
    root = find_root(root or Path.cwd())
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
    found_base: str | None = None
    if is_git:
        found_base, _ = find_base(git, base, env)
    elif base or policy_from == "base":
        raise GitError(f"{root} is not a git checkout, which --base needs")
    trusted = trusted_config_ref(git, root, policy_from, found_base, env) if is_git else None

    config = load_config(root, config_path, git=git, trusted=trusted)
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
    ctx = Context(root, config, options, trusted_ref=trusted)
    result, errors = engine.run(
        ctx,
        select=select,
        ignore=ignore,
        fail_on=Severity(fail_on) if fail_on else None,
        no_fail=no_fail,
    )

    result = redact_result(result)  # once, before any reporter sees a string
    actions = in_actions(env)
    if not wanted:
        wanted = [("terminal", None)]
        if actions:
            wanted.append(("github", None))
            if env.get("GITHUB_STEP_SUMMARY"):
                wanted.append(("summary", env["GITHUB_STEP_SUMMARY"]))
    report_options = ReportOptions(
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
        blob_url=blob_url(env, judged_commit(git, head) if actions and is_git else None),
    )
    # Write every report before deciding the exit code; one broken sink loses no other.
    broken: list[BaseException] = []
    for name, path in wanted:
        append = name == "summary" and path is not None and path == env.get("GITHUB_STEP_SUMMARY")
        try:
            text = render(name, result, report_options)
            if path is None and actions:
                text = neutralize_report(name, text)  # the runner parses the step log
            write_output(path, text, append=append, keep_color=name == "terminal")
        except Exception as problem:  # noqa: BLE001 - re-raised below, after the others
            broken.append(problem)
    if actions and env.get("GITHUB_OUTPUT"):
        write_output(env["GITHUB_OUTPUT"], output_lines(github_outputs(result)), append=True)
    if broken:
        raise broken[0]

    for error in errors:
        click.echo(error_line("gate: error", str(error)), err=True)
    if errors:
        sys.exit(int(ExitCode.USAGE))
    if result.passed or no_fail:
        sys.exit(int(ExitCode.PASSED))
    sys.exit(int(ExitCode.FAILED))


@main.command()
@click.argument("policy_id")
def explain(policy_id: str) -> None:
    """Print a policy's documentation (or the score's: `gate explain score`)."""
    if policy_id.lower() == "score":
        from gate.score import explanation

        click.echo(explanation())
        return
    policies = load_all()
    cls = policies.get(policy_id.upper())
    if cls is None:
        raise GateError(f"unknown policy {policy_id!r}; `gate policies` lists them")
    settings = cls.Settings().model_dump(mode="json")
    click.echo(f"{cls.id} ({cls.slug}): {cls.title}")
    click.echo(f"default severity: {cls.default_severity.value}")
    click.echo(f"settings (defaults): {json.dumps(settings)}")
    click.echo(f"docs: {cls.help_url()}")
    click.echo("")
    click.echo(cls.documentation())


def policy_table() -> str:
    """The Markdown table of policies (the README embeds this; a test keeps it fresh)."""
    rows = [
        "| ID | name | default severity | on by default | what it checks |",
        "|---|---|---|---|---|",
    ]
    for pid, cls in load_all().items():
        enabled = "yes" if cls.Settings().enabled else "no"
        rows.append(
            f"| `{pid}` | {cls.slug} | {cls.default_severity.value} | {enabled} | {cls.summary()} |"
        )
    return "\n".join(rows) + "\n"


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def policies(fmt: str) -> None:
    """List the policies."""
    if fmt == "markdown":
        click.echo(policy_table(), nl=False)
        return
    for pid, cls in load_all().items():
        click.echo(f"{pid:<8} {cls.slug:<28} {cls.default_severity.value:<8} {cls.summary()}")


@main.command()
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["json"]),
    default=None,
    help="Print the schema of this report instead (the versioned json report).",
)
def schema(report_format: str | None) -> None:
    """Print the JSON Schema of the configuration (or of a report)."""
    if report_format == "json":
        from gate.reporters.json_schema import json_schema

        click.echo(json.dumps(json_schema(), indent=2))
        return
    click.echo(json.dumps(config_module.json_schema(), indent=2))


# --- secrets commands (issue 3) ---
@main.group()
def secrets() -> None:
    """Secret scanning helpers (the SEC policies themselves run in `gate check`)."""


def _read_baseline_file(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        raise GateError("cannot read the existing baseline as UTF-8 text", path=str(path)) from None


@secrets.command("rules")
def secrets_rules() -> None:
    """List the secret detection rules (the ids findings and baseline entries name)."""
    from gate.secrets.scanner import rule_descriptions

    for rule_id, description in rule_descriptions().items():
        click.echo(f"{rule_id:<40} {description}")


@secrets.command("baseline")
@click.option(
    "--output",
    metavar="PATH",
    help="File to write (default: the config's secrets.baseline, .gate/secrets-baseline.json).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Merge into the existing file: keep reviewed reasons, add new findings, "
    "drop entries that match nothing.",
)
@click.option(
    "--all",
    "all_history",
    is_flag=True,
    help="Also accept secrets found anywhere in the git history (for SEC003 --all).",
)
@click.option("--config", "config_path", metavar="PATH", help="Config file (default: discovered).")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository (default: the current checkout).",
)
def secrets_baseline(
    output: str | None,
    update: bool,
    all_history: bool,
    config_path: str | None,
    root: Path | None,
) -> None:
    """Write the reviewed list of accepted secret findings (no values, no line numbers)."""
    from gate.policies.secrets_baseline import accepted_entries
    from gate.secrets import baseline as baseline_file
    from gate.secrets.settings import secrets_settings

    root = find_root(root or Path.cwd())

    config = load_config(root, config_path)
    ctx = Context(root, config, CheckOptions(env=dict(os.environ)))
    target = Path(output) if output else root / secrets_settings(ctx).baseline
    existing = _read_baseline_file(target)
    if existing is not None and not update:
        raise GateError(
            f"{target} exists; pass --update to merge into it (reviewed reasons are kept)"
        )
    previous = baseline_file.load(existing, str(target)) if update else baseline_file.EMPTY
    found = accepted_entries(ctx, history=all_history)
    entries, new, dropped = baseline_file.merge(found, previous)
    text = baseline_file.dump(entries)
    if text != existing:  # same findings: the file is left byte-for-byte alone
        write_output(str(target), text)
    click.echo(
        safe_line(
            f"{target}: {len(entries)} accepted finding(s), {new} new, {dropped} dropped; "
            "review it and commit it"
        )
    )


# --- init command (issue 5) ---


@main.command()
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--ref", metavar="SHA", help="policy-gate commit to pin (default: this install's).")
@click.option(
    "--repo",
    metavar="OWNER/REPO",
    default="policy-gate/policy-gate",
    show_default=True,
    help="Where the reusable workflow and the hooks live (a fork or a mirror).",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository to write into (default: the current checkout).",
)
def init(force: bool, ref: str | None, repo: str, root: Path | None) -> None:
    """Write the CI workflow, pre-commit config, gate config and Dependabot config."""
    from gate import init as scaffold

    root = find_root(root or Path.cwd())
    files, notes = scaffold.plan(root, repo=repo, ref=ref)
    for line in scaffold.write(root, files, force=force):
        click.echo(line)
    for note in notes:
        click.echo(f"note: {note}")
    click.echo("next: commit these files, then mark the `ci-ok` check as required")


from gate.ci.cli import ci as ci_group  # noqa: E402 - registered beside the other commands

main.add_command(ci_group)

from gate.publish.cli import publish as publish_command  # noqa: E402 - beside the others

main.add_command(publish_command)

from gate.score_command import score_command  # noqa: E402 - registered like `ci`

main.add_command(score_command)
