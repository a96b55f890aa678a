"""One ``gate publish`` run: event -> pull request -> artifact -> verdict -> check run.

Returns what to print and the exit code; the command (cli.py) owns the sinks. The exit
code is 0 once a check run carries the verdict, whatever it is (the publisher's own run
sits on the default branch, where a red mark would blame the wrong commit); without a
writable token the annotations are the only signal, so a failing verdict exits 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gate.config import Config
from gate.errors import ExitCode, GateError
from gate.findings import PolicyResult, RunResult, Severity
from gate.git import Git
from gate.github_api import GitHub, GitHubError
from gate.publish import artifact, baseline, checkrun, comment, headtree, pulls, rejudge
from gate.redaction import clean_texts, redact_result
from gate.reporters import ReportOptions, render
from gate.reporters.json_schema import Report

COVERAGE_NOTE = (
    "Coverage (COV) is taken from the pull request's run as reported: the publisher does "
    "not run the pull request's code, so it cannot re-measure it."
)
READ_ONLY_NOTE = (
    "No token that can write check runs (`checks: write`): the verdict is shown as "
    "workflow-command annotations only, at most 10 per severity."
)


@dataclass(frozen=True)
class Inputs:
    event_path: Path
    repository: str
    api_url: str
    token: str
    artifact_name: str = artifact.ARTIFACT_NAME
    cap: int = checkrun.MAX_ANNOTATIONS
    root: Path | None = None  # the base checkout: set, the static policies are re-judged
    server_url: str = "https://github.com"


@dataclass
class Outcome:
    exit_code: ExitCode
    log: list[str] = field(default_factory=list)  # plain lines, from us, never the artifact's
    annotations: str = ""  # workflow commands, escaped by the github reporter
    summary: str = ""  # Markdown for $GITHUB_STEP_SUMMARY


REJUDGED_NOTE = (
    "SEC, PIN and GATE were re-judged by the publisher on the head commit, as data, with "
    "the base's configuration; the pull request's own results for them are not used."
)
NOT_REJUDGED_NOTE = "SEC, PIN and GATE are as the pull request's run reported them."


@dataclass(frozen=True)
class Evidence:
    """What the publisher gathered: the run's report (if valid) and its own re-judgement."""

    report: Report | None = None
    rejected: str | None = None  # why the artifact was refused
    static: RunResult | None = None  # the re-judged static policies (None: not re-judged)
    problems: tuple[str, ...] = ()  # why the re-judgement could not run, or its input errors
    comment_mode: str = "on-failure"  # the base's publish.comment (the default without --root)
    extra: tuple[PolicyResult, ...] = ()  # COV003, judged here from the stored baseline


def judge(evidence: Evidence, run: pulls.CompletedRun) -> checkrun.Verdict:
    """The verdict: fails on a refused artifact, any failing finding, any policy not
    passed, a failing re-judgement or the run's own failing verdict (``--no-fail`` in the
    run is ignored)."""
    report = evidence.report
    reported = artifact.to_result(report) if report else None
    if evidence.static is not None:
        result = rejudge.combine(reported, evidence.static, evidence.extra)
    else:
        result = reported or RunResult(results=(), fail_on=Severity.ERROR)
    statuses = [policy.status(result.fail_on) for policy in result.results]
    failed = (
        evidence.rejected is not None
        or bool(evidence.problems)
        or not result.passed
        or (report is not None and report.verdict == "fail")
        or any(s != "passed" for s in statuses)
        or not statuses
    )
    notes = [COVERAGE_NOTE, REJUDGED_NOTE if evidence.static is not None else NOT_REJUDGED_NOTE]
    notes += [f"Could not re-judge: {problem}" for problem in evidence.problems]
    if report is not None and not report.policies:
        notes.append("The report ran no policy, which never passes.")
    if report is not None and report.no_fail:
        notes.append("The run used --no-fail; the publisher ignores it.")
    if run.conclusion and run.conclusion != "success":
        notes.append(f"The pull request's CI run concluded {run.conclusion}.")
    notes.append(f"Pull request run: {run.html_url or run.run_id}")
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    if evidence.rejected is not None:
        title = "policy-gate failed: the pull request's run produced no valid result"
    elif failed:
        title = f"policy-gate failed: {errors} error(s), {len(result.findings)} finding(s)"
    else:
        title = f"policy-gate passed ({len(result.findings)} finding(s) below the threshold)"
    # The check run, the comment and the fallback all print this result: redact it once.
    return checkrun.Verdict(
        result=redact_result(result),
        failed=failed,
        title=title,
        notes=tuple(clean_texts(notes)),
        rejected=evidence.rejected,
    )


def gather(
    api: GitHub, inputs: Inputs, run: pulls.CompletedRun, pull: pulls.PullRequest
) -> tuple[Evidence, list[str]]:
    log: list[str] = []
    report: Report | None = None
    reason: str | None = None
    try:
        raw = artifact.fetch(api, run.run_id, run.head_sha, inputs.artifact_name)
        report = artifact.load(raw, run.head_sha)
    except (artifact.ArtifactRejected, GitHubError) as error:
        # An artifact that cannot be fetched (say, no `actions: read`) is no valid result.
        reason = str(error)
        log.append(f"gate publish: result refused: {reason}")
    if inputs.root is None:
        return Evidence(report=report, rejected=reason), log
    try:
        headtree.fetch(
            inputs.root, pull.number, run.head_sha, token=inputs.token, server_url=inputs.server_url
        )
        static, errors, config = rejudge.rejudge(inputs.root, pull.base_sha, run.head_sha)
        extra = coverage_drop(api, inputs.root, run, pull, report, config)
    except GateError as error:
        log.append(f"gate publish: could not re-judge: {error}")
        return Evidence(report=report, rejected=reason, problems=(str(error),)), log
    log.append(f"gate publish: re-judged {', '.join(rejudge.STATIC)} at {run.head_sha[:12]}")
    mode = str(config.section("publish").comment)
    return Evidence(report, reason, static, tuple(errors), mode, extra), log


def coverage_drop(
    api: GitHub,
    root: Path,
    run: pulls.CompletedRun,
    pull: pulls.PullRequest,
    report: Report | None,
    config: Config,
) -> tuple[PolicyResult, ...]:
    """COV003 when the base's configuration enables it, against the stored baseline."""
    settings = config.policy(baseline.POLICY)
    if not settings.enabled:
        return ()
    merge_base = Git(root).merge_base(pull.base_sha, run.head_sha)
    severity = settings.severity or baseline.DEFAULT_SEVERITY
    tolerance = float(getattr(settings, "tolerance", 0.0))
    reported = artifact.to_result(report) if report else None
    return (baseline.judge(api, run, merge_base, reported, tolerance, severity),)


def fallback(verdict: checkrun.Verdict, outcome: Outcome, why: str) -> Outcome:
    options = ReportOptions(full_list_hint="the pull request run's json report")
    outcome.log.append(f"gate publish: {why}; falling back to annotations")
    outcome.annotations = render("github", verdict.result, options)
    notes = "\n".join(f"- {line}" for line in (READ_ONLY_NOTE, *verdict.notes))
    outcome.summary = render("summary", verdict.result, options) + "\n" + notes + "\n"
    outcome.exit_code = ExitCode.FAILED if verdict.failed else ExitCode.PASSED
    return outcome


def post_comment(
    api: GitHub,
    pull: pulls.PullRequest,
    verdict: checkrun.Verdict,
    mode: str,
    blob_url: str,
    check_url: str,
    outcome: Outcome,
) -> None:
    """The one pull-request comment; a token that cannot write it is logged, not fatal."""
    text = comment.render(verdict, blob_url=blob_url, check_url=check_url)
    try:
        done = comment.upsert(api, pull.number, text, mode=mode, failed=verdict.failed)
    except GitHubError as error:
        if error.status not in (403, 404):
            raise
        done = f"no comment: {error}"
    outcome.log.append(f"gate publish: {done}")


def publish(inputs: Inputs, *, sleep: Callable[[float], None] | None = None) -> Outcome:
    """Publish the verdict of the pull request run named by the event."""
    outcome = Outcome(ExitCode.PASSED)
    run = pulls.read_event(inputs.event_path)
    if run.event != "pull_request":
        outcome.log.append(f"gate publish: a {run.event or 'unknown'} run, not a pull request's")
        return outcome
    api = GitHub(inputs.token, inputs.repository, inputs.api_url)
    if sleep is not None:
        api.sleep = sleep
    pull = pulls.find(api, run)
    outcome.log.append(f"gate publish: pull request #{pull.number} at {run.head_sha}")
    evidence, log = gather(api, inputs, run, pull)
    outcome.log += log
    verdict = judge(evidence, run)
    blob_url = f"{inputs.server_url.rstrip('/')}/{inputs.repository}/blob/{run.head_sha}"
    if not inputs.token:
        return fallback(verdict, outcome, "no token")
    try:
        ours, sent, total = checkrun.publish(
            api, run.head_sha, verdict, details_url=run.html_url, cap=inputs.cap
        )
    except GitHubError as error:
        if error.status not in (403, 404):
            raise
        post_comment(api, pull, verdict, evidence.comment_mode, blob_url, "", outcome)
        return fallback(verdict, outcome, str(error))
    foreign = checkrun.foreign_runs(api, run.head_sha, ours)
    if foreign:
        verdict = checkrun.mark_foreign(api, ours, verdict, foreign, (sent, total))
        outcome.log.append(f"gate publish: {len(foreign)} foreign policy-gate check run(s)")
    post_comment(
        api,
        pull,
        verdict,
        evidence.comment_mode,
        blob_url,
        str(ours.get("html_url") or ""),
        outcome,
    )
    outcome.log.append(
        f"gate publish: check run {ours.get('id')}: {'failure' if verdict.failed else 'success'} "
        f"({sent} of {total} annotation(s) attached)"
    )
    return outcome
