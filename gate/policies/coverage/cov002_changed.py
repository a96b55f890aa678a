"""COV002: coverage of the statements a change adds or edits, counted as diff-cover does."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gate.approval import Approval, approval
from gate.collectors.coverage_config import CoverageSettings
from gate.collectors.coverage_types import FileLines
from gate.collectors.diff import FileChange
from gate.context import Context
from gate.errors import InputError
from gate.findings import (
    COV_CHANGED,
    COV_CHANGED_COVERED,
    COV_CHANGED_STATEMENTS,
    Finding,
    Location,
    Metric,
    Severity,
    fingerprint,
)
from gate.policies.base import Policy
from gate.policies.coverage.common import (
    coverage_errors,
    coverage_input,
    coverage_settings,
    shown_against,
)
from gate.policies.coverage.scope import (
    adds_pragma,
    in_scope,
    measurable,
    newly_excluded,
    unmeasured_file,
)
from gate.policies.coverage.settings import ChangedSettings


@dataclass(frozen=True)
class UncoveredRun:
    """Changed statements that never ran, with no other statement between them."""

    path: str
    lines: tuple[int, ...]


def uncovered_runs(lines: FileLines, added: Mapping[int, str]) -> list[UncoveredRun]:
    """Group the uncovered changed statements of one file into runs.

    Two uncovered changed statements belong to one run when no other statement
    (covered, or not part of the change) lies between them; blank lines, comments and
    the continuation lines of a statement do not split a run.
    """
    runs: list[UncoveredRun] = []
    current: list[int] = []
    for line in lines.statements:
        if line in added and line in lines.missing:
            current.append(line)
            continue
        if current:
            runs.append(UncoveredRun(lines.path, tuple(current)))
            current = []
    if current:
        runs.append(UncoveredRun(lines.path, tuple(current)))
    return runs


class ChangedLineCoverage(Policy[ChangedSettings]):
    """The statements a change adds or edits are covered by tests (default 80%).

    The changed lines are those added between the merge-base with the base ref and the
    head (`--base`; the pull request's base on Actions), following renames and
    ignoring deleted files. Of those, only executable statements count, and a
    statement is covered when it ran. The counts equal diff-cover's for the same
    coverage data and diff (lines only: a partly taken branch counts as covered, as in
    diff-cover without `--branch-coverage`); paths matching the gate's `exclude` globs
    are not counted. A changed `.py` file inside the measured scope (`source`/`include`
    minus `omit`, or the project's import packages) that the coverage data does not
    list counts with every statement uncovered, and so do the statements a pragma
    added by the change excludes, unless an approver approved the head commit. With
    no changed statement the percentage is `n/a`. The threshold is compared with the
    exact percentage (diff-cover floors it to an integer unless `--total-percent-float`).

    Each run of uncovered changed statements (consecutive statements; blank lines and
    comments between them do not split a run) is one annotation on its lines. When
    the percentage is below the threshold, the policy fails and every run is reported
    at the policy's severity. Otherwise the runs are still reported: as warnings when
    the change has fewer than `min_statements` statements (too few for a percentage
    to mean much, so it does not fail the gate), as notices when it passed.

    Fix: add tests that execute the annotated lines.

    Settings: `threshold` (percent, default 80), `min_statements` (default 5).
    """

    id = "COV002"
    slug = "changed-line-coverage"
    title = "Changed-line coverage"
    default_severity = Severity.ERROR

    Settings = ChangedSettings

    def evaluate(self, ctx: Context, settings: ChangedSettings) -> Iterator[Finding | Metric]:
        with coverage_errors(ctx):
            report = coverage_input(ctx)  # first: its reading may start in the background
        changes: dict[str, FileChange] = ctx.changed_files()
        wanted = {path for path in changes if not ctx.excluded(path)}
        with coverage_errors(ctx):
            measured = dict(report.files(wanted))  # even with none wanted: checks the input
            # Its .config imports coverage.py: asked for only when a file needs it.
            coverage = coverage_settings(ctx)
        yield from self._ambiguous_findings(settings, report, measured)
        with coverage_errors(ctx):  # the configuration, when one of these needs it
            unmeasured = self._unmeasured(ctx, coverage, wanted - set(measured))
            measured.update(unmeasured)
            excluded = self._newly_excluded(ctx, coverage, measured, changes)
        allowed = approval(ctx) if excluded else None
        statements = covered = 0
        runs: list[UncoveredRun] = []
        per_file: dict[str, tuple[int, int]] = {}  # path -> (changed statements, covered)
        for path in sorted(measured):
            lines, added = measured[path], changes[path].added
            if path in excluded and not (allowed and allowed.approved):
                lines = FileLines(
                    path,
                    tuple(sorted({*lines.statements, *excluded[path]})),
                    lines.missing | frozenset(excluded[path]),
                )
            changed = [line for line in lines.statements if line in added]
            file_covered = sum(1 for line in changed if line not in lines.missing)
            per_file[path] = (len(changed), file_covered)
            statements += len(changed)
            covered += file_covered
            runs.extend(uncovered_runs(lines, added))
        percent = 100.0 * covered / statements if statements else None
        shown = None if percent is None else shown_against(percent, settings.threshold)
        # 0 of 0 is not 100%: nothing was measured, which the reports say as "n/a".
        yield Metric(COV_CHANGED, "n/a" if shown is None else float(shown))
        yield Metric(COV_CHANGED_STATEMENTS, statements)
        yield Metric(COV_CHANGED_COVERED, covered)
        yield Metric("threshold", settings.threshold)
        yield Metric("min_statements", settings.min_statements)
        yield from self._allowance_findings(settings, excluded, allowed)

        failing = percent is not None
        failing = failing and statements >= settings.min_statements
        failing = failing and (percent or 0.0) < settings.threshold
        if failing:
            yield self.finding(
                settings,
                f"changed-line coverage is {shown}% ({covered} of {statements} changed "
                f"statements), below the threshold of {settings.threshold:g}%",
                fingerprint=fingerprint(self.id, "total"),
                fix="add tests that execute the uncovered changed lines annotated below",
            )
            severity = None  # the policy's configured severity
        elif statements < settings.min_statements:
            severity = Severity.WARNING
        else:
            severity = Severity.NOTICE
        for path in sorted(unmeasured):
            yield self.finding(
                settings,
                f"{path} is inside the measured scope but the coverage data does not list "
                "it (no test imported it): its statements count as not covered",
                severity=severity,
                title="Changed file not measured",
                location=Location(path),
                fingerprint=fingerprint(self.id, "unmeasured", path),
                fix="add tests that import and execute this module",
            )
        for run in runs:
            finding = self._run_finding(settings, run, changes[run.path].added, severity)
            # The file's own changed-line numbers, for the summary's per-file table.
            file_statements, file_covered = per_file.get(run.path, (0, 0))
            properties = {
                **finding.properties,
                "file_statements": file_statements,
                "file_covered": file_covered,
            }
            yield dataclasses.replace(finding, properties=properties)

    def _ambiguous_findings(
        self, settings: ChangedSettings, report: Any, measured: Mapping[str, FileLines]
    ) -> Iterator[Finding]:
        """Changed files a coverage.xml cannot tell apart (one ``<class filename>`` for
        files under sibling source roots): their lines may be another file's."""
        ambiguous: dict[str, tuple[str, ...]] = getattr(report, "ambiguous", {})
        for path in sorted(p for p in measured if p in ambiguous):
            others = ", ".join(p for p in ambiguous[path] if p != path)
            yield self.finding(
                settings,
                f"{report.source} names {path} and {others} with one <class filename> "
                "(sibling source roots), so it cannot say which file a line belongs to; "
                "the changed-line numbers for it may be wrong",
                severity=Severity.WARNING,
                title="Coverage XML cannot tell files apart",
                location=Location(path),
                fingerprint=fingerprint(self.id, "ambiguous-xml", path),
                fix="give the gate the coverage data (.coverage) or a coverage.json report, "
                "which name each file exactly",
            )

    def _unmeasured(
        self, ctx: Context, coverage: CoverageSettings, paths: set[str]
    ) -> dict[str, FileLines]:
        """Changed files in the base's measured scope that the data never lists."""
        paths = {path for path in paths if measurable(path)}
        if not paths:
            return {}
        config = coverage.config
        tracked = set(ctx.files(untracked=False)) | paths
        out = {}
        for path in sorted(paths):
            if not in_scope(path, config, str(ctx.root), tracked):
                continue
            try:
                text = ctx.read_text(path)
            except InputError:
                continue  # not text: not a module coverage could have measured
            out[path] = unmeasured_file(path, text, config)
        return out

    def _newly_excluded(
        self,
        ctx: Context,
        coverage: CoverageSettings,
        measured: Mapping[str, FileLines],
        changes: Mapping[str, FileChange],
    ) -> dict[str, list[int]]:
        out = {}
        for path in sorted(measured):
            added = changes[path].added
            if not adds_pragma(added):
                continue  # excludes nothing new
            try:
                text = ctx.read_text(path)
            except InputError:
                continue
            lines = newly_excluded(text, coverage.config, added)
            if lines:
                out[path] = lines
        return out

    def _allowance_findings(
        self, settings: ChangedSettings, excluded: Mapping[str, list[int]], allowed: Approval | None
    ) -> Iterator[Finding]:
        for path, lines in sorted(excluded.items()):
            approved = allowed is not None and allowed.approved
            reason = allowed.reason if allowed is not None else ""
            verdict = f"allowed: {reason}" if approved else f"counted as not covered: {reason}"
            yield self.finding(
                settings,
                f"a pragma this change adds excludes {len(lines)} changed "
                f"statements from coverage ({verdict})",
                severity=Severity.NOTICE if approved else None,
                title="Coverage exclusion added",
                location=Location(path, lines[0], lines[-1]),
                fingerprint=fingerprint(self.id, "excluded", path, str(len(lines))),
                fix="test the lines instead, or have an approver approve the pull request",
                properties={"approved": approved},
            )

    def _run_finding(
        self,
        settings: ChangedSettings,
        run: UncoveredRun,
        added: Mapping[int, str],
        severity: Severity | None,
    ) -> Finding:
        first, last = run.lines[0], run.lines[-1]
        count = len(run.lines)
        noun = "statement" if count == 1 else "statements"
        text = "\n".join(added[line].strip() for line in run.lines)
        return self.finding(
            settings,
            # The location says where (file:line in every report); the message says what.
            f"{count} changed {noun} not covered by tests",
            severity=severity,
            title="Changed lines not covered",
            location=Location(run.path, first, last),
            fingerprint=fingerprint(self.id, run.path, text),
            fix="add a test that executes these lines",
            properties={"statements": count},
        )
