"""The ``policy-gate`` check run: verdict, summary and annotations, in batches of 50.

The Checks API takes at most 50 annotations per request (later batches are appended with
PATCH). At most ``MAX_ANNOTATIONS`` are sent, errors first, so one run stays well inside
GitHub's secondary rate limits (1,000 annotations = 20 requests); the rest are counted in
the summary, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from gate.findings import Finding, RunResult, Severity
from gate.github_api import GitHub
from gate.reporters.escaping import cut, markdown_code, markdown_text, shorten

CHECK_NAME = "policy-gate"
# Marks the check runs this publisher created, so a re-run is not taken for a foreign one.
EXTERNAL_ID = "policy-gate-publisher"
BATCH = 50
MAX_ANNOTATIONS = 1000
MAX_OUTPUT = 65535  # summary and text, each (Checks API)
_MESSAGE_BYTES = 60000  # under the API's 64 KB per annotation message
_UNPLACED_SHOWN = 50
_UNPLACED_CHARS = 500
_LEVELS = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


@dataclass(frozen=True)
class Verdict:
    """What the check says: pass/fail, why, and notes the summary must carry."""

    result: RunResult
    failed: bool
    title: str
    notes: tuple[str, ...] = ()
    rejected: str | None = None  # why the artifact was refused (the check then fails)
    extra_rows: tuple[tuple[str, str], ...] = field(default=())


def annotatable(result: RunResult) -> list[Finding]:
    """Findings that point at a line of the head tree, most severe first."""
    found = [
        f
        for f in result.findings
        if f.location is not None and f.location.commit is None and f.location.path
    ]
    return sorted(found, key=lambda f: (-f.severity.rank, f.sort_key))


def annotation(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    assert loc is not None
    start = loc.start_line or 1
    end = loc.end_line if loc.end_line and loc.end_line >= start else start
    body: dict[str, Any] = {
        "path": loc.path,
        "start_line": start,
        "end_line": end,
        "annotation_level": _LEVELS[finding.severity],
        "message": cut(_message(finding), _MESSAGE_BYTES, measure="utf8"),
        "title": shorten(f"{finding.policy_id}: {finding.title or finding.policy_id}", 255),
    }
    if start == end and loc.start_column and loc.end_column and loc.end_column >= loc.start_column:
        body["start_column"], body["end_column"] = loc.start_column, loc.end_column
    return body


def _message(finding: Finding) -> str:
    return finding.message + (f"\nFix: {finding.fix}" if finding.fix else "")


def summary(verdict: Verdict, sent: int, total: int) -> str:
    """The check's Markdown summary, within the API's 65,535 characters."""
    result = verdict.result
    lines = [f"**{markdown_text(verdict.title)}**", ""]
    if verdict.rejected:
        lines += [f"The result artifact was refused: {markdown_code(verdict.rejected)}", ""]
    if result.results or verdict.extra_rows:
        lines += ["| policy | status | findings |", "|---|---|---|"]
    for policy in result.results:
        status = policy.status(result.fail_on)
        lines.append(
            f"| {markdown_code(policy.policy_id, in_table=True)} "
            f"{markdown_text(policy.title, in_table=True)} | {status} | {len(policy.findings)} |"
        )
    for name, value in verdict.extra_rows:
        lines.append(f"| {markdown_text(name, in_table=True)} | {value} | |")
    lines.append("")
    if total > sent:
        lines.append(
            f"{total - sent:,} of {total:,} annotation(s) not attached (cap {sent:,} per check "
            "run); every finding is in the pull request run's json report."
        )
    lines += _unplaced(result)
    lines += [f"- {markdown_text(note)}" for note in verdict.notes]
    return cut("\n".join(lines) + "\n", MAX_OUTPUT)


def _unplaced(result: RunResult) -> list[str]:
    """Findings no annotation can carry (no file, or a file at another commit), listed."""
    placed = {id(f) for f in annotatable(result)}
    rest = [f for f in result.findings if id(f) not in placed]
    if not rest:
        return []
    lines = ["", "Findings without a line in the head tree:", ""]
    lines += [
        f"- {markdown_code(f.policy_id)} {f.severity.value}: "
        f"{markdown_text(shorten(f.message, _UNPLACED_CHARS))}"
        for f in rest[:_UNPLACED_SHOWN]
    ]
    if len(rest) > _UNPLACED_SHOWN:
        lines.append(f"- and {len(rest) - _UNPLACED_SHOWN:,} more (in the run's json report)")
    return lines


def batches(items: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), BATCH):
        yield list(items[start : start + BATCH])


def publish(
    api: GitHub,
    head_sha: str,
    verdict: Verdict,
    *,
    details_url: str = "",
    cap: int = MAX_ANNOTATIONS,
) -> tuple[dict[str, Any], int, int]:
    """Create the check run and append every annotation batch.

    Returns the created run, how many annotations were sent and how many there were."""
    every = [annotation(f) for f in annotatable(verdict.result)]
    chosen = every[:cap]
    output = {
        "title": shorten(verdict.title, 255),
        "summary": summary(verdict, len(chosen), len(every)),
    }
    groups = list(batches(chosen)) or [[]]
    body: dict[str, Any] = {
        "name": CHECK_NAME,
        "head_sha": head_sha,
        "external_id": EXTERNAL_ID,
        "status": "completed",
        "conclusion": "failure" if verdict.failed else "success",
        "output": {**output, "annotations": groups[0]},
    }
    if details_url.startswith("https://"):
        body["details_url"] = details_url
    created = api.create_check_run(body)
    for group in groups[1:]:
        api.update_check_run(int(created["id"]), {"output": {**output, "annotations": group}})
    return created, len(chosen), len(every)


def foreign_runs(api: GitHub, head_sha: str, ours: dict[str, Any]) -> list[dict[str, Any]]:
    """Other ``policy-gate`` check runs on the SHA: not this publisher's (other app, or no
    publisher marker). A pull request's own workflow can post one; the check names them."""
    app = (ours.get("app") or {}).get("id")
    return [
        run
        for run in api.check_runs(head_sha, CHECK_NAME)
        if run.get("id") != ours.get("id")
        and ((run.get("app") or {}).get("id") != app or run.get("external_id") != EXTERNAL_ID)
    ]


def mark_foreign(
    api: GitHub,
    ours: dict[str, Any],
    verdict: Verdict,
    foreign: list[dict[str, Any]],
    counts: tuple[int, int],
) -> Verdict:
    """Turn our check into a failure that names the impostor runs; returns that verdict."""
    names = ", ".join(
        f"{(run.get('app') or {}).get('slug') or 'unknown app'} (check run {run.get('id')})"
        for run in foreign[:20]
    )
    note = (
        f"{len(foreign)} other check run(s) named {CHECK_NAME!r} on this commit: {names}. "
        "Only the publisher's run is the verdict; a second one can shadow it, so this fails."
    )
    failed = Verdict(
        result=verdict.result,
        failed=True,
        title="policy-gate failed: a foreign policy-gate check run exists",
        notes=(*verdict.notes, note),
        rejected=verdict.rejected,
        extra_rows=verdict.extra_rows,
    )
    api.update_check_run(
        int(ours["id"]),
        {
            "conclusion": "failure",
            "output": {"title": failed.title, "summary": summary(failed, *counts)},
        },
    )
    return failed
