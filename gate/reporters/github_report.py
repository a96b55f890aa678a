"""The ``github`` report: workflow-command annotations, capped the way the runner shows them.

The runner keeps at most 10 annotations of each level per step and silently drops the
rest, so this report picks which ones appear: per level, policies take turns (each
policy's repository-wide finding first, then its located ones in path/line order), so
one noisy policy cannot hide another. When anything is left out, one extra notice says
how many of each level and where the full list is; that notice counts toward the
notice cap, so notices then get one slot fewer.
"""

from __future__ import annotations

from gate.findings import Finding, Location, RunResult, Severity
from gate.reporters import ReportOptions, merging
from gate.reporters.escaping import cut, escape_data, escape_property, shorten, utf16_len

# The runner truncates an annotation message to 4096 characters (ExecutionContext.cs),
# counted as C# does, in UTF-16 code units.
MAX_MESSAGE = 4096
# A fix longer than this is truncated with the message rather than kept whole.
_KEEP_FIX = 1024
_MAX_TITLE = 200
_LEVELS = (Severity.ERROR, Severity.WARNING, Severity.NOTICE)


def render(result: RunResult, options: ReportOptions) -> str:
    cap = max(1, options.annotation_cap)
    ranked = {level: _by_importance(result, level) for level in _LEVELS}
    overflow = any(len(found) > cap for found in ranked.values())
    lines: list[str] = []
    left_out: dict[Severity, int] = {}
    for level in _LEVELS:
        # The summary notice takes one of the notice slots.
        room = cap - 1 if overflow and level is Severity.NOTICE else cap
        shown = ranked[level][:room]
        left_out[level] = len(ranked[level]) - len(shown)
        lines.extend(annotation(finding, options.full_list_hint) for finding in shown)
    if overflow:
        lines.append(_overflow_notice(left_out, len(result.findings), cap, options))
    return "".join(line + "\n" for line in lines)


def _by_importance(result: RunResult, level: Severity) -> list[Finding]:
    """Findings of one level: policies take turns, repository-wide findings first."""
    ranked: list[tuple[int, int, Finding]] = []
    # One secret that several SEC scans found is one annotation, naming them all.
    for policy_index, shown in enumerate(merging.shown(result)):
        own = [f for f in shown.findings if f.severity is level]
        own.sort(key=lambda f: (f.location is not None, f.sort_key))
        ranked.extend((turn, policy_index, finding) for turn, finding in enumerate(own))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [finding for _, _, finding in ranked]


def annotation(finding: Finding, full_list_hint: str = "the job summary") -> str:
    """One ``::level props::message`` line for a finding."""
    properties: list[tuple[str, str]] = []
    prefix = ""
    loc = finding.location
    if loc is not None and loc.commit:
        # The line belongs to an old commit: pointing at today's file would mislead.
        prefix = f"In commit {loc.commit[:12]}, {_where(loc)}: "
    elif loc is not None and loc.path:
        properties.extend(location_properties(loc))
    properties.append(("title", _title(finding)))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    body = prefix + (finding.message or _title(finding))
    message = fit_message(body, finding.fix, full_list_hint)
    return f"::{finding.severity.value} {props}::{escape_data(message)}"


def location_properties(loc: Location) -> list[tuple[str, str]]:
    """``file``/``line``/``endLine``/``col``/``endColumn`` the runner keeps as given.

    The runner (ActionCommandManager.cs ValidateLinesAndColumns) drops columns when the
    lines differ or no line is given, and drops both lines when endLine < line; so only
    combinations it accepts unchanged are emitted.
    """
    out = [("file", loc.path)]
    line = _positive(loc.start_line) or _positive(loc.end_line)
    if line is None:
        return out
    out.append(("line", str(line)))
    end_line = _positive(loc.end_line)
    if end_line is not None and end_line >= line:
        out.append(("endLine", str(end_line)))
    if end_line not in (None, line):
        return out
    column = _positive(loc.start_column)
    if column is not None:
        out.append(("col", str(column)))
        end_column = _positive(loc.end_column)
        if end_column is not None and end_column >= column:
            out.append(("endColumn", str(end_column)))
    return out


def fit_message(body: str, fix: str | None, full_list_hint: str) -> str:
    """The message plus its fix, truncated to what the runner keeps, saying so."""
    fix_part = f"\n\nFix: {fix}" if fix else ""
    if utf16_len(body) + utf16_len(fix_part) <= MAX_MESSAGE:
        return body + fix_part
    marker = f" … [truncated; the full text is in {full_list_hint}]"
    if utf16_len(fix_part) <= _KEEP_FIX:
        room = MAX_MESSAGE - utf16_len(fix_part) - utf16_len(marker)
        return cut(body, room, measure="utf16").rstrip() + marker + fix_part
    room = MAX_MESSAGE - utf16_len(marker)
    return cut(body + fix_part, room, measure="utf16").rstrip() + marker


def _title(finding: Finding) -> str:
    title = f"{finding.policy_id} {finding.title}" if finding.title else finding.policy_id
    # The runner trims the property list, and the title is the last property.
    return shorten(" ".join(title.split()), _MAX_TITLE)


def _where(loc: Location) -> str:
    if not loc.start_line:
        return loc.path
    if loc.end_line and loc.end_line != loc.start_line:
        return f"{loc.path}:{loc.start_line}-{loc.end_line}"
    return f"{loc.path}:{loc.start_line}"


def _positive(value: int | None) -> int | None:
    return value if value is not None and value > 0 else None


def _overflow_notice(
    left_out: dict[Severity, int], total: int, cap: int, options: ReportOptions
) -> str:
    parts = [
        f"{count} {level.value}{'s' if count != 1 else ''}"
        for level, count in left_out.items()
        if count
    ]
    omitted = sum(left_out.values())
    message = (
        f"{omitted} of {total} findings were not annotated ({', '.join(parts)}): GitHub shows "
        f"at most {cap} annotations of each level per step. The full list is in "
        f"{options.full_list_hint}."
    )
    title = f"policy-gate: {omitted} more finding{'s' if omitted != 1 else ''} not annotated"
    return f"::notice title={escape_property(title)}::{escape_data(message)}"
